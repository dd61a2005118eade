from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedTextField
from aqiqat.apps.tracked import ImmutableModel


class Evidence(ImmutableModel):
    """A file kept under the data folder (never in the database), known by its SHA-256."""

    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=120)
    # A file's name and description can say whose injuries it shows: both sealed.
    original_name = EncryptedTextField(max_length=300)
    storage_name = models.CharField(
        max_length=300, help_text=_("path under the data folder's evidence directory")
    )
    encrypted = models.BooleanField(default=False)
    description = EncryptedTextField(blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    record = models.ForeignKey(
        "sources.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class CustodyEntry(ImmutableModel):
    """One link in an evidence file's chain of custody."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("received")
        STORED = "stored", _("stored")
        VIEWED = "viewed", _("viewed")
        EXPORTED = "exported", _("exported")
        TRANSFERRED = "transferred", _("transferred")
        VERIFIED = "verified", _("hash verified")

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=16, choices=Action.choices)
    note = EncryptedTextField(blank=True)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody entries")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedTextField
from aqiqat.apps.tracked import ImmutableModel, RetractableModel
from aqiqat.apps.vocabulary import Sex


class TracingStatus(models.TextChoices):
    OPEN = "open", _("open")
    POSSIBLE_MATCH = "possible_match", _("possible match")
    CONFIRMED = "confirmed", _("confirmed: status told to family")
    CLOSED = "closed", _("closed")


class TracingRequest(RetractableModel):
    """A relative's enquiry about a sought person."""

    enquirer_name = EncryptedTextField(_("enquirer's name"), max_length=300)
    enquirer_contact = EncryptedTextField(_("enquirer's contact"), max_length=300, blank=True)
    relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    sought_name = models.CharField(_("sought person's name"), max_length=500)
    sought_sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    sought_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sought_place_text = models.CharField(max_length=300, blank=True)
    last_seen_on = models.DateField(null=True, blank=True)
    last_seen_place_text = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=16, choices=TracingStatus.choices, default=TracingStatus.OPEN
    )
    matched_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracing_requests",
    )

    class Meta:
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.sought_name


class TracingStatusChange(ImmutableModel):
    """One step of a tracing request (open → possible match → confirmed → closed)."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="history")
    status = models.CharField(max_length=16, choices=TracingStatus.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    # The record a possible match was found in (it may not be linked to a person yet), and
    # how well it matched the enquiry.
    record = models.ForeignKey(
        "sources.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    note = EncryptedTextField(blank=True)

    class Meta:
        verbose_name = _("tracing status change")
        verbose_name_plural = _("tracing status changes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.status

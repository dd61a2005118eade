"""What sync knows beside the data: peers, each row's clocks, versions and bundles seen.

Sync metadata lives here, keyed by the synced row's UUID, so the other apps' tables stay
as they are.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedJSONField
from aqiqat.apps.tracked import TrackedModel


class Peer(TrackedModel):
    """Another instance this one trusts, known by its public keys; never deleted."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    instance_id = models.CharField(max_length=32, unique=True)
    signing_key = models.CharField(max_length=64, help_text="Ed25519 public key, base64")
    age_recipient = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    # The highest of this instance's sequence numbers the peer said it holds.
    acked_seq = models.BigIntegerField(default=0)
    # The highest of the peer's sequence numbers applied here, told back in each bundle.
    received_seq = models.BigIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peer")
        verbose_name_plural = _("peers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SyncRow(models.Model):
    """The sync state of one synced row: where it was created and each mutable field's clock."""

    row_id = models.UUIDField(primary_key=True)
    model = models.CharField(max_length=64)
    origin = models.CharField(max_length=32)
    origin_user = models.CharField(max_length=150, blank=True)
    # This instance's sequence number of the row's latest version; bundles send rows above
    # what a peer acknowledged.
    seq = models.BigIntegerField(db_index=True)
    # The peer the latest version came from ("" when made here), so it is not sent back.
    via = models.CharField(max_length=32, blank=True)
    # {field: [value, hlc]} for every mutable field. Sealed as a whole: the values include
    # sensitive ones (an enquirer's name and contact), and sync only compares them in Python.
    state = EncryptedJSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.model} {self.row_id} @{self.seq}"


class Change(models.Model):
    """A synced row written since sync last looked.

    Database triggers add one for every insert or update of a synced row, whatever wrote it
    (a form, an import of a list, a bulk re-link, the admin), so finding local changes costs
    what the changes cost, not what the database holds. Each scan takes the ones it read.
    """

    model = models.CharField(max_length=64)
    row_id = models.UUIDField()

    def __str__(self) -> str:
        return f"{self.model} {self.row_id}"


class Applying(models.Model):
    """A row that exists only inside an import's own transaction.

    While it is there the triggers leave out what the merge writes: the merge sets those
    rows' clocks itself. Other transactions never see it, so their writes are still marked.
    """

    def __str__(self) -> str:
        return "applying a bundle"


class FieldVersion(models.Model):
    """One version of a mutable field, kept whether it won or lost."""

    row_id = models.UUIDField(db_index=True)
    model = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    value = EncryptedJSONField(null=True)  # sealed, as SyncRow.state
    hlc = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["row_id", "field", "hlc"], name="one_version_per_clock")
        ]

    def __str__(self) -> str:
        return f"{self.model}.{self.field} {self.row_id} @{self.hlc}"


class Clock(models.Model):
    """The single row holding this instance's hybrid logical clock and sequence counter."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    hlc = models.CharField(max_length=64, blank=True)
    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"clock {self.hlc} #{self.seq}"


class BundleLog(models.Model):
    """A bundle written for, or received from, a peer."""

    class Direction(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")

    bundle_id = models.UUIDField()
    direction = models.CharField(max_length=8, choices=Direction.choices)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="bundles")
    from_seq = models.BigIntegerField()
    upto_seq = models.BigIntegerField()
    rows = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bundle_id", "direction"], name="one_log_per_bundle_and_direction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.bundle_id}"

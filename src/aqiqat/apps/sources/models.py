from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedJSONField, EncryptedTextField
from aqiqat.apps.tracked import ImmutableModel, RetractableModel, TrackedModel
from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, Sex


class Source(RetractableModel):
    """A list, informant or institution that reported something, and how it arrived."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("relative")
        WITNESS = "witness", _("witness")
        LAWYER = "lawyer", _("lawyer")
        NGO = "ngo", _("NGO")
        MEDIA = "media", _("media")
        OFFICIAL = "official", _("official statement")
        HOSPITAL = "hospital", _("hospital")
        MORGUE = "morgue", _("morgue")
        DETENTION_FACILITY = "detention_facility", _("detention facility")
        OTHER = "other", _("other")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        MESSENGER = "messenger", _("messenger")
        EMAIL = "email", _("e-mail")
        FILE = "file", _("file")
        PUBLICATION = "publication", _("publication")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    channel = models.CharField(_("received by"), max_length=16, choices=Channel.choices)
    file_name = models.CharField(max_length=300, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    mapping = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(TrackedModel):
    """One file imported into a source: its hash, what was read, and what changed."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveBigIntegerField()
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(max_length=32, blank=True)
    columns = models.JSONField(default=dict)
    evidence = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "file_sha256"], name="one_import_per_file_and_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} ← {self.file_name}"


class Record(ImmutableModel):
    """One source's report about one person: raw fields exactly as received, plus parsed ones.

    Only the derived link to a person and the retraction may change; a correction is a new
    record that supersedes this one.
    """

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = ImmutableModel.RETRACTION_FIELDS | {
        "person_id",
        "link_probability",
    }

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records")
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    list_record_id = models.CharField(
        _("id in the list"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("<list>:<id or row number>, for records imported from a list"),
    )
    raw = EncryptedJSONField(_("as received"), default=dict)
    full_name = models.CharField(_("name as written"), max_length=500)
    name_script = models.CharField(max_length=16, blank=True)
    surname = models.CharField(max_length=200, blank=True)
    given_name = models.CharField(max_length=200, blank=True)
    patronymic = models.CharField(max_length=200, blank=True)
    name_key = models.CharField(max_length=500, blank=True, db_index=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True)
    birth_date_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    birth_year_min = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_max = models.PositiveSmallIntegerField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    place_text = models.CharField(_("place as written"), max_length=300, blank=True)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT)
    event_date = models.DateField(null=True, blank=True)
    event_date_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    claimed_status = models.CharField(
        max_length=16, choices=PersonStatus.choices, default=PersonStatus.UNKNOWN
    )
    facility_text = models.CharField(max_length=300, blank=True)
    facility = models.ForeignKey("places.Facility", null=True, blank=True, on_delete=models.PROTECT)
    testimony = EncryptedTextField(_("testimony"), blank=True)
    medical_details = EncryptedTextField(_("medical details"), blank=True)
    informant_contact = EncryptedTextField(_("informant's contact"), max_length=300, blank=True)
    consent_publish = models.BooleanField(null=True)
    consent_share_authorities = models.BooleanField(null=True)
    consent_share_international = models.BooleanField(null=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    link_probability = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.list_record_id or self.pk})"

    @property
    def public_id(self) -> str:
        """The id scripts see: the list's own id, or the UUID for records entered by hand."""
        return self.list_record_id or str(self.pk)

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedTextField
from aqiqat.apps.tracked import ImmutableModel, TrackedModel
from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, Sex


class Person(TrackedModel):
    """An identity: the records that refer to one human being.

    Every field here is derived from the person's records and link decisions and says where
    it came from in `provenance`; it is recomputed, never typed in.
    """

    display_name = models.CharField(max_length=500, blank=True)
    display_name_latin = models.CharField(max_length=500, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=PersonStatus.choices, default=PersonStatus.UNKNOWN
    )
    status_on = models.DateField(null=True, blank=True)
    # How precisely the report the status comes from dates it ("released, February 2022").
    # Also a database default: rows written by code that predates the column (earlier
    # migrations' data steps, older schemas in migration tests) get it too.
    status_on_precision = models.CharField(
        max_length=16,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
        db_default=DatePrecision.UNKNOWN,
    )
    provenance = models.JSONField(default=dict, blank=True)
    # Set when a reviewer merged this person into another (cleared when the merge is
    # undone): such a person has no records left and is neither listed nor counted.
    # No index of its own: nearly every row is NULL, and an index there would draw the
    # planner away from the listed-persons indexes below.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["display_name_latin", "display_name"]
        indexes = [
            # Lists of persons read a page in name order and stop; merged-away persons
            # are never listed, so the indexes leave them out.
            models.Index(
                fields=["display_name_latin", "display_name", "id"],
                condition=models.Q(merged_into__isnull=True),
                name="person_listed_by_name",
            ),
            models.Index(
                fields=["status", "display_name_latin", "display_name", "id"],
                condition=models.Q(merged_into__isnull=True),
                name="person_listed_by_status",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or str(self.pk)


class LinkDecision(ImmutableModel):
    """A reviewer's judgement that two records are, or are not, the same person.

    Always outranks the model; a change of mind is a new decision that supersedes this one.
    """

    class Verdict(models.TextChoices):
        SAME = "same", _("same person")
        DIFFERENT = "different", _("different people")
        UNSURE = "unsure", _("unsure")

    record_a = models.ForeignKey("sources.Record", on_delete=models.PROTECT, related_name="+")
    record_b = models.ForeignKey("sources.Record", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    note = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(record_a=models.F("record_b")), name="link_two_records"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_a_id} {self.verdict} {self.record_b_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One order per pair, so a decision on (a, b) and one on (b, a) meet.
        if self._state.adding and str(self.record_a_id) > str(self.record_b_id):
            self.record_a_id, self.record_b_id = self.record_b_id, self.record_a_id
        super().save(*args, **kwargs)


class PersonChange(ImmutableModel):
    """A reviewer's merge of two persons or split of a record off a person, with a reason.

    Applied at once, and kept as a constraint that every later re-link follows: a merge
    keeps the records of both persons together, a split keeps the record apart from the
    person's other records. Undoing is an entry of its own that supersedes the change.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")
        UNDO = "undo", _("undo")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Merge: the person kept; split: the person the record left; undo: as in the change.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="changes")
    # Merge: the person merged in (left without records); split: the record's new person.
    other = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Record ids that moved (merge: the other person's; split: the one record), and the
    # ids that stayed with `person`, both as they were at the time.
    moved = models.JSONField(default=list)
    stayed = models.JSONField(default=list)
    # Merge: ids of the other person's events that moved with its records.
    moved_events = models.JSONField(default=list, blank=True)
    # Merge: the person kept's status before and after, as {"from": [status, ISO date or
    # None, date precision], "to": [...]} (merges made before status dates had a precision
    # hold two values), when the other person's status prevailed (a death, or a later
    # report); undoing the merge puts "from" back. Empty when the status stayed as it was.
    status_change = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("merge or split")
        verbose_name_plural = _("merges and splits")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id} {self.other_id or ''}".strip()


class AllegationType(models.TextChoices):
    BEATING = "beating", _("beating")
    TORTURE = "torture", _("torture")
    SEXUAL_VIOLENCE = "sexual_violence", _("sexual violence")
    THREATS = "threats", _("threats or intimidation")
    STRESS_POSITIONS = "stress_positions", _("stress positions or deprivation")
    DENIED_MEDICAL_CARE = "denied_medical", _("medical care denied")
    DENIED_LAWYER = "denied_lawyer", _("lawyer denied")
    DEGRADING = "degrading", _("degrading treatment")
    OTHER = "other", _("other")


class Event(ImmutableModel):
    """Something that happened to a person, supported by records.

    The description of an ill-treatment allegation is testimony: shown only to roles that
    may see testimony.
    """

    class Kind(models.TextChoices):
        DETENTION = "detention", _("detention")
        TRANSFER = "transfer", _("transfer")
        RELEASE = "release", _("release")
        CHARGE = "charge", _("charge")
        SENTENCE = "sentence", _("sentence")
        ILL_TREATMENT = "ill_treatment", _("ill-treatment allegation")
        INJURY = "injury", _("injury")
        DEATH = "death", _("death")
        DISAPPEARANCE = "disappearance", _("disappearance")
        FOUND = "found", _("found")

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = ImmutableModel.RETRACTION_FIELDS | {"person_id"}

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    on = models.DateField(null=True, blank=True)
    on_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT)
    facility = models.ForeignKey("places.Facility", null=True, blank=True, on_delete=models.PROTECT)
    perpetrator_unit = models.CharField(_("alleged perpetrator unit"), max_length=300, blank=True)
    allegation_type = models.CharField(
        _("kind of ill-treatment"), max_length=16, choices=AllegationType.choices, blank=True
    )
    description = EncryptedTextField(blank=True)
    records = models.ManyToManyField("sources.Record", related_name="events", blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["kind", "person"], name="event_kind_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on or ''}"


class CountCell(models.Model):
    """One aggregate count over persons and their current events, kept up to date.

    Derived data, like a cache: services that change persons or events add their
    difference in the same transaction (`aqiqat.services.counts`), and it can always be
    recomputed from the persons and events. Not audited itself; `CountStamp` says up to
    which audit entry it is exact.
    """

    name = models.CharField(max_length=32)
    key = models.CharField(max_length=200)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="count_cell_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.key}: {self.n}"


class CountStamp(models.Model):
    """The audit entry (sequence number) up to which the count cells are exact."""

    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.seq)

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.encrypted import EncryptedTextField
from aqiqat.apps.tracked import ImmutableModel, RetractableModel, TrackedModel

# Days an authority has to answer a complaint when neither it nor the complaint says otherwise.
DEFAULT_ANSWER_DAYS = 30


class Authority(models.TextChoices):
    PROSECUTOR = "prosecutor", _("prosecutor's office")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    OMBUDSMAN = "ombudsman", _("ombudsman")
    UN_BODY = "un_body", _("UN body")
    INTERNATIONAL_NGO = "international_ngo", _("international NGO")
    OTHER = "other", _("other")


class Complaint(RetractableModel):
    """A complaint filed by or for a person to an authority."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="complaints")
    filed_by = models.CharField(_("filed by"), max_length=300)
    authority = models.CharField(max_length=24, choices=Authority.choices)
    authority_name = models.CharField(max_length=300, blank=True)
    filed_on = models.DateField()
    # A lawyer's account of what happened can hold ill-treatment details: sealed.
    summary = EncryptedTextField(_("summary"), blank=True)
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    region = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facility = models.ForeignKey(
        "places.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_complaints",
    )
    document = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when filed from the authority's (or this complaint's own) number of days.
    answer_due_on = models.DateField(_("answer due by"), null=True, blank=True, db_index=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_note = EncryptedTextField(_("what the authority answered"), blank=True)
    # Optimistic locking: every change bumps it, and a change made from an older one fails.
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(blank=True, editable=False)
    # Keyed tokens of the summary's and answer's words (selectors/case_text.py); made with
    # this data folder's key, so sync rebuilds them instead of carrying them.
    sealed_words = models.TextField(blank=True, editable=False)
    SYNC_REBUILT_FIELDS = frozenset({"sealed_words"})

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_on"]
        indexes = [
            models.Index(fields=["filed_on"], name="complaint_filed_on"),
            # Lists are newest first: read in this order, a page stops after its rows.
            models.Index(fields=["filed_on", "created_at", "id"], name="complaint_recent"),
            # Waiting and overdue complaints, counted and sorted from the index alone.
            models.Index(
                fields=[
                    "case",
                    "answered_on",
                    "retracted_at",
                    "answer_due_on",
                    "filed_on",
                    "created_at",
                    "id",
                ],
                name="complaint_waiting",
            ),
            # Text search reads this narrow index, not the table (see selectors/case_text.py).
            models.Index(
                fields=["search_text", "sealed_words", "id"], name="complaint_search_words"
            ),
            # The dashboard's complaints by authority, read from the index alone.
            models.Index(fields=["authority", "retracted_at", "id"], name="complaint_authority"),
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_display()} {self.filed_on}"


class Case(RetractableModel):
    """An official criminal case; its status is the latest of its status changes."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UNDER_INVESTIGATION = "under_investigation", _("under investigation")
        SUSPENDED = "suspended", _("suspended")
        CLOSED = "closed", _("closed")
        CHARGES_BROUGHT = "charges_brought", _("charges brought")
        IN_COURT = "in_court", _("in court")
        VERDICT = "verdict", _("verdict")

    number = models.CharField(_("case number"), max_length=100, blank=True, db_index=True)
    authority = models.CharField(max_length=24, choices=Authority.choices)
    opened_on = models.DateField(null=True, blank=True)
    article = models.CharField(_("criminal code article"), max_length=100, blank=True)
    # The latest status change, kept beside the history so lists can filter on it.
    status = models.CharField(max_length=24, choices=Status.choices, blank=True, db_index=True)
    status_on = models.DateField(null=True, blank=True)
    lawyers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases"
    )
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on"]
        indexes = [
            models.Index(fields=["opened_on"], name="case_opened_on"),
            models.Index(fields=["opened_on", "created_at", "id"], name="case_recent"),
            models.Index(fields=["search_text", "id"], name="case_search_text"),
            # The dashboard's cases by status, read from the index alone.
            models.Index(fields=["status", "retracted_at", "id"], name="case_status_counted"),
        ]

    def __str__(self) -> str:
        return self.number or str(self.pk)

    def current_status(self) -> CaseStatusChange | None:
        return (
            self.status_changes.filter(retracted_at__isnull=True)
            .order_by("-on", "-created_at")
            .first()
        )


class CaseStatusChange(ImmutableModel):
    """One step in a case's history, with its date and the document that shows it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=24, choices=Case.Status.choices)
    on = models.DateField()
    document = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(blank=True)

    class Meta:
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"{self.status} {self.on}"


class AnswerDeadline(TrackedModel):
    """How many days an authority has to answer a complaint before it counts as overdue."""

    authority = models.CharField(max_length=24, choices=Authority.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days to answer"))

    class Meta:
        verbose_name = _("answer deadline")
        verbose_name_plural = _("answer deadlines")
        ordering = ["authority"]

    def __str__(self) -> str:
        return f"{self.get_authority_display()}: {self.days}"

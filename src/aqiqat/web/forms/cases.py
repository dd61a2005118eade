"""Forms for the person page's additions and for complaints and cases."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.accounts.models import User
from aqiqat.apps.accounts.roles import Role
from aqiqat.apps.cases.models import Authority, Case
from aqiqat.apps.people.models import AllegationType, Event
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.vocabulary import DatePrecision
from aqiqat.names import parse_date
from aqiqat.selectors.cases import CaseFilters, ComplaintState
from aqiqat.services.intake.uploads import max_upload_bytes

DATE_HELP = _("As known: 05.01.2022, “January 2022” or 2022.")
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _lawyers() -> Any:
    return User.objects.filter(is_active=True, groups__name=Role.LAWYER.value).order_by("username")


def _regions() -> Any:
    return Place.objects.filter(kind=Place.Kind.REGION).order_by("name_en")


def _facilities() -> Any:
    return Facility.objects.order_by("name_en")


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Shown as written in Kazakh and Russian, with the English name beside them.
        names = [n for n in (obj.name_kk, obj.name_ru) if n and n != obj.name_en]
        return f"{obj.name_en} ({' / '.join(names)})" if names else obj.name_en


class DocumentField(forms.FileField):
    """An optional document; too large a file is refused with its name and the limit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> UploadedFile | None:
        upload: UploadedFile | None = super().clean(data, initial)
        limit = max_upload_bytes()
        if upload is not None and (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("%(name)s is too large, not saved. A file may be at most %(size)s.")
                % {"name": upload.name, "size": filesizeformat(limit)}
            )
        return upload


class PageForm(forms.Form):
    """A form sharing its page with others: its field ids start with its own name."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(PageForm):
    """Carries the version the user saw, so a change made meanwhile is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EventForm(PageForm):
    id_prefix = "event"

    kind = forms.ChoiceField(label=_("What happened"), choices=Event.Kind.choices)
    allegation_type = forms.ChoiceField(
        label=_("Kind of ill-treatment (for an allegation)"),
        choices=[("", "—"), *AllegationType.choices],
        required=False,
    )
    on = forms.CharField(label=_("When"), help_text=DATE_HELP, max_length=60, required=False)
    facility = PlaceChoice(label=_("Facility"), queryset=Facility.objects.none(), required=False)
    place = PlaceChoice(label=_("Place"), queryset=Place.objects.none(), required=False)
    perpetrator_unit = forms.CharField(
        label=_("Alleged perpetrator unit"), max_length=300, required=False
    )
    description = forms.CharField(
        label=_("What was told"),
        help_text=_("For an allegation this is testimony: only roles that may read it see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        required=False,
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = _facilities()  # type: ignore[attr-defined]
        self.fields["place"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            kind__in=[Place.Kind.REGION, Place.Kind.CITY, Place.Kind.TOWN]
        ).order_by("name_en")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("on", "").strip()
        cleaned["on_date"], cleaned["on_precision"] = None, DatePrecision.UNKNOWN
        if text:
            parsed = parse_date(text, day_first=True)
            if not parsed.ok or parsed.earliest is None or parsed.precision is None:
                self.add_error(
                    "on",
                    _("Cannot read this date. Write it as 05.01.2022, “January 2022” or 2022."),
                )
            else:
                cleaned["on_date"] = parsed.earliest
                cleaned["on_precision"] = DatePrecision(str(parsed.precision))
        if cleaned.get("kind") == Event.Kind.ILL_TREATMENT and not cleaned.get("allegation_type"):
            self.add_error("allegation_type", _("Say what kind of ill-treatment is alleged."))
        return cleaned


class EventCorrectionForm(EventForm):
    """A new version of an event: what happened, when and where; what was told stays."""

    id_prefix = "correct"
    description = None  # type: ignore[assignment]
    reason = forms.CharField(
        label=_("Why it is corrected"),
        help_text=_(
            "For example: the family gave the exact date; the lawyer's papers name the place."
        ),
        max_length=2000,
    )

    @staticmethod
    def initial_of(event: Event) -> dict[str, Any]:
        """The event's values, the date written as precisely as it is known."""
        on = ""
        if event.on is not None:
            if event.on_precision == DatePrecision.YEAR:
                on = str(event.on.year)
            elif event.on_precision == DatePrecision.MONTH:
                on = event.on.strftime("%B %Y")
            else:
                on = event.on.strftime("%d.%m.%Y")
        return {
            "kind": event.kind,
            "allegation_type": event.allegation_type,
            "on": on,
            "facility": event.facility_id,
            "place": event.place_id,
            "perpetrator_unit": event.perpetrator_unit,
        }


class EvidenceForm(PageForm):
    id_prefix = "evidence"

    file = DocumentField(label=_("File"), required=True)
    description = forms.CharField(
        label=_("What it is"), max_length=2000, required=False, widget=forms.TextInput
    )


class ComplaintForm(forms.Form):
    filed_by = forms.CharField(
        label=_("Filed by"),
        help_text=_("Who signed it: a relative, a lawyer, an NGO."),
        max_length=300,
    )
    authority = forms.ChoiceField(label=_("Sent to"), choices=Authority.choices)
    authority_name = forms.CharField(
        label=_("Which office exactly"), max_length=300, required=False
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("What the complaint says"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    facility = PlaceChoice(
        label=_("Facility concerned"), queryset=Facility.objects.none(), required=False
    )
    region = PlaceChoice(
        label=_("Region"),
        help_text=_("Left empty, the facility's region is used."),
        queryset=Place.objects.none(),
        required=False,
    )
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer following it"), queryset=User.objects.none(), required=False
    )
    answer_due_days = forms.IntegerField(
        label=_("Days the authority has to answer"),
        help_text=_("Left empty, the authority's usual deadline (30 days unless set)."),
        min_value=1,
        max_value=3650,
        required=False,
    )
    document = DocumentField(label=_("Copy of the complaint"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = _facilities()  # type: ignore[attr-defined]
        self.fields["region"].queryset = _regions()  # type: ignore[attr-defined]
        self.fields["lawyer"].queryset = _lawyers()  # type: ignore[attr-defined]


class FollowUpForm(VersionedForm):
    id_prefix = "follow_up"

    answered_on = forms.DateField(label=_("Answered on"), widget=DATE_INPUT, required=False)
    answer_note = forms.CharField(
        label=_("What the authority answered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    answer_due_days = forms.IntegerField(
        label=_("New number of days to answer"), min_value=1, max_value=3650, required=False
    )
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer following it"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = _lawyers()  # type: ignore[attr-defined]


class CaseDetailsForm(VersionedForm):
    id_prefix = "details"

    number = forms.CharField(label=_("Case number"), max_length=100)
    authority = forms.ChoiceField(
        label=_("Opened by"), choices=Authority.choices, initial=Authority.PROSECUTOR
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE_INPUT, required=False)
    article = forms.CharField(label=_("Criminal code article"), max_length=100, required=False)


class OpenCaseForm(CaseDetailsForm):
    id_prefix = "case"

    document = DocumentField(label=_("Notice of the opening"))


class StatusChangeForm(VersionedForm):
    id_prefix = "status"

    status = forms.ChoiceField(label=_("New status"), choices=Case.Status.choices)
    on = forms.DateField(label=_("On"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    document = DocumentField(label=_("Document (decision, letter)"))


class LawyersForm(VersionedForm):
    id_prefix = "lawyers"

    lawyers = forms.ModelMultipleChoiceField(
        label=_("Lawyers on this case"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyers"].queryset = _lawyers()  # type: ignore[attr-defined]


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


COMPLAINT_STATES = [
    ("", _("any")),
    (ComplaintState.WAITING, _("waiting for an answer")),
    (ComplaintState.OVERDUE, _("overdue: no answer in time")),
    (ComplaintState.ANSWERED, _("answered, no case")),
    (ComplaintState.CASE_OPENED, _("case opened")),
]


class FilterForm(forms.Form):
    """The filters over a list of complaints or cases; bad values are simply not applied."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    authority = forms.ChoiceField(
        label=_("Authority"), choices=[("", _("any")), *Authority.choices], required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    facility = forms.ChoiceField(label=_("Facility"), required=False)
    date_from = forms.DateField(label=_("From"), widget=DATE_INPUT, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, statuses: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            *((str(pk), name) for pk, name in _regions().values_list("pk", "name_en")),
        ]
        self.fields["facility"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            *((str(pk), name) for pk, name in _facilities().values_list("pk", "name_en")),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> CaseFilters:
        if not self.is_bound:
            return CaseFilters()
        # A field that does not validate is left out; the others still narrow the list.
        self.is_valid()
        data = self.cleaned_data
        return CaseFilters(
            status=data.get("status", ""),
            region=_uuid(data.get("region", "")),
            facility=_uuid(data.get("facility", "")),
            authority=data.get("authority", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            query=data.get("q", "").strip(),
        )

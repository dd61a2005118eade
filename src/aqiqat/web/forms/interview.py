"""The interview form: what a documenter types while an informant tells what happened."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Source
from aqiqat.apps.vocabulary import PersonStatus, Sex
from aqiqat.names import parse_age, parse_date
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.people import access_person
from aqiqat.services.intake.interview import ANSWER_KEYS, EVENT_SECTIONS, INTERVIEW_CHANNELS

DATE_HELP = _("As told: 05.01.2022, “January 2022”, “2022”, “около 2000”.")
INTERVIEW_SOURCE_KINDS = (
    Source.Kind.RELATIVE,
    Source.Kind.WITNESS,
    Source.Kind.LAWYER,
    Source.Kind.MEDIA,
    Source.Kind.NGO,
    Source.Kind.OTHER,
)
CONSENT_CHOICES = [("yes", _("yes")), ("no", _("no")), ("not_asked", _("not asked"))]
MAX_AGE = 120
DATE_FIELDS = ("birth_date", *(section.on for section in EVENT_SECTIONS))


def _text(
    label: StrOrPromise, *, help_text: StrOrPromise = "", max_length: int = 300, **attrs: str
) -> forms.CharField:
    # strip=False: what she typed is kept exactly; parsing trims a copy.
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
    )


def _long_text(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _date(label: StrOrPromise) -> forms.CharField:
    return _text(label, help_text=DATE_HELP, max_length=60, inputmode="text", autocomplete="off")


def _consent(label: StrOrPromise) -> forms.ChoiceField:
    # No answer is preselected: each question has to be asked, or marked as not asked.
    return forms.ChoiceField(
        label=label,
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, no or not asked.")},
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Any number of files, in the order chosen."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=MultipleFileInput(), required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceField, self).clean(one, initial) for one in files]


class InterviewForm(forms.Form):
    """Field names are the answer keys the interview service records."""

    person_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    full_name = forms.CharField(
        label=_("Name"),
        help_text=_("As the informant says or writes it, in any script: Тоқаев Нұрлан, Tokayev."),
        strip=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Write the person's name, as the informant gives it.")},
    )
    birth_date = _date(_("Birth date or year"))
    age = _text(
        _("Age"), help_text=_("If the birth date is not known."), max_length=20, inputmode="numeric"
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("not known")), (Sex.MALE, _("male")), (Sex.FEMALE, _("female"))],
    )
    place = _text(
        _("Town or district"), help_text=_("Where the person lives or where it happened.")
    )
    status = forms.ChoiceField(
        label=_("Situation now, as the informant says"),
        choices=PersonStatus.choices,
        initial=PersonStatus.UNKNOWN,
    )

    detained_on = _date(_("Detained on"))
    detained_at = _text(_("Detained where"))
    detained_by = _text(
        _("Detained by whom"), help_text=_("Unit, service or uniform, as described.")
    )
    held_at = _text(_("Where held"), list="facilities", autocomplete="off")
    released_on = _date(_("Released on"))
    charged_on = _date(_("Charged on"))
    charge = _text(_("Charge"), help_text=_("Article of the criminal code, if known."))
    injured_on = _date(_("Injured on"))
    injured_at = _text(_("Injured where"))
    killed_on = _date(_("Killed on"))
    killed_at = _text(_("Killed where"))
    missing_since = _date(_("Missing since"))
    last_seen_at = _text(_("Last seen where"))

    ill_treated_on = _date(_("When"))
    ill_treated_at = _text(_("Where"), list="facilities", autocomplete="off")
    ill_treated_by = _text(_("By whom"))
    ill_treatment = _long_text(_("What was done"), _("Beating, threats, denial of food or water…"))
    medical_details = _long_text(
        _("Injuries and medical help"),
        _("Sensitive: shown only to documenters, lawyers and administrators."),
    )
    testimony = _long_text(
        _("Account in the informant's words"),
        _("Sensitive: shown only to documenters, lawyers and administrators."),
    )

    source_kind = forms.ChoiceField(
        label=_("The informant is"),
        choices=[(kind.value, kind.label) for kind in INTERVIEW_SOURCE_KINDS],
        initial=Source.Kind.RELATIVE,
    )
    channel = forms.ChoiceField(
        label=_("Interview"),
        choices=[(channel.value, channel.label) for channel in INTERVIEW_CHANNELS],
        initial=Source.Channel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date of the interview"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    informant_contact = _text(
        _("Informant's name and contact"),
        help_text=_("Sensitive: shown only to documenters, the tracing desk and administrators."),
        autocomplete="off",
    )
    consent_publish = _consent(_("May this be published?"))
    consent_share_authorities = _consent(_("May it be shared with the authorities?"))
    consent_share_international = _consent(_("May it be shared with international bodies?"))

    evidence = EvidenceField(label=_("Files (photos, medical reports, documents)"))

    SECTIONS = {
        "person": ("full_name", "birth_date", "age", "sex", "place", "status"),
        "detention": ("detained_on", "detained_at", "detained_by", "held_at"),
        "release": ("released_on", "charged_on", "charge"),
        "harm": (
            "injured_on",
            "injured_at",
            "killed_on",
            "killed_at",
            "missing_since",
            "last_seen_at",
        ),
        "ill_treatment": (
            "ill_treated_on",
            "ill_treated_at",
            "ill_treated_by",
            "ill_treatment",
            "medical_details",
        ),
        "account": ("testimony",),
        "source": ("source_kind", "channel", "received_on", "informant_contact"),
        "consent": ("consent_publish", "consent_share_authorities", "consent_share_international"),
    }

    def __init__(
        self,
        user: Any,
        *args: Any,
        max_file_bytes: int,
        refused_files: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.max_file_bytes = max_file_bytes
        self.refused_files = list(refused_files)
        self.fields["received_on"].initial = timezone.localdate
        self.fields["evidence"].widget.attrs["data-max-bytes"] = str(max_file_bytes)
        self.fields["evidence"].widget.attrs["data-warning"] = "file-too-large"
        self.fields["evidence"].help_text = _(
            "Up to %(size)s each. Each file's SHA-256 is recorded."
        ) % {"size": filesizeformat(max_file_bytes)}
        self.picked: Person | None = None

    @property
    def sections(self) -> dict[str, list[forms.BoundField]]:
        return {name: [self[field] for field in fields] for name, fields in self.SECTIONS.items()}

    def clean_full_name(self) -> str:
        value: str = self.cleaned_data["full_name"]
        if not value.strip():
            raise forms.ValidationError(self.fields["full_name"].error_messages["required"])
        return value

    def clean_age(self) -> str:
        value: str = self.cleaned_data["age"]
        if value.strip():
            age = parse_age(value.strip())
            if age is None or age > MAX_AGE:
                raise forms.ValidationError(_("Write the age as a number of years, e.g. 34."))
        return value

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The interview cannot be in the future."))
        return value

    def clean_person_id(self) -> Any:
        value = self.cleaned_data["person_id"]
        if value:
            try:
                self.picked = access_person(self.user, value)
            except NotFound:
                raise forms.ValidationError(
                    _("The person picked is no longer available; pick again or leave it.")
                ) from None
        return value

    def clean_evidence(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["evidence"]
        too_large = self.refused_files + [
            f.name or "" for f in files if (f.size or 0) > self.max_file_bytes
        ]
        if too_large:
            raise forms.ValidationError(
                _(
                    "Too large, not saved: %(names)s. One file may be at most %(size)s; "
                    "choose the files again, or bring larger ones to the office."
                )
                % {"names": ", ".join(too_large), "size": filesizeformat(self.max_file_bytes)}
            )
        return files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name in DATE_FIELDS:
            if not cleaned.get(name, "").strip():
                continue
            parsed = parse_date(cleaned[name].strip())
            if not parsed.ok:
                self.add_error(
                    name,
                    _("Cannot read this date. Write it as 05.01.2022, “January 2022” or 2022."),
                )
            elif parsed.ambiguous:
                self.add_error(
                    name,
                    _(
                        "This can be read day-first or month-first. "
                        "Write it with dots, day first: 05.01.2022."
                    ),
                )
            elif parsed.earliest and parsed.earliest > today:
                self.add_error(name, _("This date is in the future."))
        return cleaned

    def answers(self) -> dict[str, str]:
        """The typed answers, keyed as the interview service expects, in the form's order."""
        data = self.cleaned_data
        return {
            name: data[name].isoformat() if name == "received_on" else str(data[name] or "")
            for name in self.fields
            if name in ANSWER_KEYS
        }

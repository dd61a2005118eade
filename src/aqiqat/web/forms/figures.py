"""Forms for official figures and memorial consents."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.figures.models import Measure
from aqiqat.apps.places.models import Place
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.services.figures import MEASURE_OF_STATUS


class OfficialFigureForm(forms.Form):
    measure = forms.ChoiceField(label=_("What it counts"), choices=Measure.choices)
    value = forms.IntegerField(label=_("Number"), min_value=0, max_value=10_000_000)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Place.objects.filter(kind=Place.Kind.REGION).order_by("name_en"),
        required=False,
        empty_label=_("Whole country"),
    )
    said_by = forms.CharField(label=_("Who said it"), max_length=300)
    document = forms.CharField(
        label=_("Document or web address (as text)"),
        max_length=1000,
        help_text=_("The statement's title, or its address; it is shown as text, never fetched."),
    )
    stated_on = forms.DateField(
        label=_("Date of the statement"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_stated_on(self) -> date:
        value: date = self.cleaned_data["stated_on"]
        if value > date.today():
            raise forms.ValidationError(_("The date of the statement is in the future."))
        return value


class RetractForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class MemorialConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Who gave consent"),
        max_length=300,
        help_text=_("For example 'his mother'. Not their contact details."),
    )
    given_on = forms.DateField(
        label=_("Date consent was given"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_given_on(self) -> date:
        value: date = self.cleaned_data["given_on"]
        if value > date.today():
            raise forms.ValidationError(_("The date consent was given is in the future."))
        return value


class EstimateForm(forms.Form):
    """Which persons to estimate from the database, and with which method."""

    status = forms.ChoiceField(
        label=_("Persons whose status is"),
        choices=[(s, label) for s, label in PersonStatus.choices if s in MEASURE_OF_STATUS],
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Place.objects.filter(kind=Place.Kind.REGION).order_by("name_en"),
        to_field_name="gazetteer_id",
        required=False,
        empty_label=_("Whole country"),
    )
    since = forms.DateField(
        label=_("Dated from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Dated to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=_("Method"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Imported here: the estimation core loads its numerical libraries when imported.
        from aqiqat.estimate import METHODS

        self.fields["method"].choices = [  # type: ignore[attr-defined]
            ("all", _("every method that applies; the most trusted one heads")),
            *((m, m) for m in METHODS),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return cleaned

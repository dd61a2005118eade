"""Forms for official figures and memorial consents."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.figures.models import Measure
from aqiqat.apps.places.models import Place


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

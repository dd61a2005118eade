from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.sources.models import Source
from aqiqat.lists import CANONICAL_COLUMNS

ENCODINGS = [
    ("", _("detect")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1251", "Windows-1251 (CP1251)"),
    ("koi8-r", "KOI8-R"),
    ("kz1048", "KZ-1048"),
]
COLUMN_LABELS = {
    "record_id": _("id in the list"),
    "full_name": _("full name"),
    "surname": _("surname"),
    "given_name": _("given name"),
    "patronymic": _("patronymic"),
    "birth_date": _("birth date"),
    "age": _("age"),
    "sex": _("sex"),
    "place": _("place"),
    "event_date": _("date of the event"),
    "status": _("status"),
    "facility": _("facility"),
    "contact": _("contact (sensitive)"),
    "notes": _("notes (sensitive)"),
    "id_number": _("identity document number (sensitive)"),
    "address": _("home address (sensitive)"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List file (CSV, XLSX, JSON or PFIF XML)"))
    source = forms.RegexField(
        label=_("Source name"),
        regex=r"^[\w.-]{1,64}$",
        error_messages={"invalid": _("Use 1–64 letters, digits, '.', '-' or '_'.")},
        help_text=_("An existing source's name adds a new version of its list."),
    )
    kind = forms.ChoiceField(label=_("Kind of source"), choices=Source.Kind.choices)
    encoding = forms.ChoiceField(label=_("Text encoding"), choices=ENCODINGS, required=False)

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"data-max-bytes": str(max_bytes), "data-warning": "file-too-large"}
        )


class MappingForm(forms.Form):
    """One choice per canonical column: which header of this file holds it."""

    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the invalid ones"), required=False
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —")), *((h, h) for h in headers)]
        for column in CANONICAL_COLUMNS:
            self.fields[f"col_{column}"] = forms.ChoiceField(
                label=COLUMN_LABELS[column], choices=choices, required=False
            )

    def columns(self) -> dict[str, str]:
        return {
            column: self.cleaned_data[f"col_{column}"]
            for column in CANONICAL_COLUMNS
            if self.cleaned_data.get(f"col_{column}")
        }

    @staticmethod
    def initial_for(columns: dict[str, str]) -> dict[str, str]:
        return {f"col_{k}": v for k, v in columns.items()}

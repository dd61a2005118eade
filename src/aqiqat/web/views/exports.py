from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.sources.models import Source
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.records import sensitive_fields_for
from aqiqat.services.exports import RecordFilters, prepare_export

FORMAT_LABELS = {
    "csv": _("CSV (Excel, LibreOffice)"),
    "xlsx": _("Excel workbook (XLSX)"),
    "json": _("JSON"),
    "pfif": _("PFIF 1.4 XML (family tracing)"),
    "hxl": _("HXL-tagged CSV (humanitarian data exchange)"),
}


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_LABELS.items())
    source = forms.ChoiceField(label=_("Source"), required=False)
    status = forms.ChoiceField(
        label=_("Claimed status"),
        required=False,
        choices=[("", _("any")), *PersonStatus.choices],
    )
    include_sensitive = forms.BooleanField(label=_("Include sensitive fields"), required=False)
    include_retracted = forms.BooleanField(label=_("Include retracted records"), required=False)
    include_superseded = forms.BooleanField(
        label=_("Include records replaced by a correction"), required=False
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = Source.objects.order_by("name")
        if not has_role(user, Role.ADMIN):
            sources = sources.filter(retracted_at__isnull=True)
            del self.fields["include_retracted"]
            del self.fields["include_superseded"]
        if not sensitive_fields_for(user):
            del self.fields["include_sensitive"]
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ChoiceField)
        source_field.choices = [("", _("all sources"))] + [
            (name, name) for name in sources.values_list("name", flat=True)
        ]


@require_GET
def export_records(request: HttpRequest) -> HttpResponseBase:
    """The export form; with a `format` in the query, the file itself, streamed."""
    user = request.user
    if not user.has_perm("sources.view_record"):
        raise NotFound
    if "format" not in request.GET:
        return render(request, "aqiqat/export.html", {"form": ExportForm(user)})
    form = ExportForm(user, request.GET)
    if not form.is_valid():
        return render(request, "aqiqat/export.html", {"form": form}, status=400)
    data = form.cleaned_data
    export = prepare_export(
        user,
        data["format"],
        RecordFilters(
            source=data["source"],
            status=data["status"],
            include_retracted=data.get("include_retracted", False),
            include_superseded=data.get("include_superseded", False),
        ),
        include_sensitive=data.get("include_sensitive", False),
    )
    response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response

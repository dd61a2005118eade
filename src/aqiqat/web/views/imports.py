"""Uploading a list, checking it (dry run), choosing its columns, importing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aqiqat.apps.sources.models import ImportBatch
from aqiqat.lists import ListError, ListSpec
from aqiqat.selectors.access import NotFound
from aqiqat.services.background import job_for
from aqiqat.services.intake.import_jobs import start_import_job
from aqiqat.services.intake.list_import import preview_import, spec_for
from aqiqat.services.intake.list_messages import plain_list_error
from aqiqat.services.intake.uploads import (
    UploadTooLarge,
    discard_upload,
    keep_upload,
    max_upload_bytes,
    upload_opener,
    upload_path,
)
from aqiqat.web.forms.imports import MappingForm, UploadForm

SESSION_KEY = "aqiqat_uploads"


def _require_importer(request: HttpRequest) -> None:
    if not request.user.has_perm("sources.add_record"):
        raise NotFound


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    limit_mb = max_upload_bytes() // 2**20
    if request.method == "POST":
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > max_upload_bytes():
            # Refuse before reading the body: a 2 GB upload must not fill the disk first.
            context = _upload_context(UploadForm(max_bytes=max_upload_bytes()))
            context["refused"] = _("The file is larger than %(limit)s MB.") % {"limit": limit_mb}
            return render(request, "aqiqat/import_upload.html", context, status=413)
        form = UploadForm(request.POST, request.FILES, max_bytes=max_upload_bytes())
        if form.is_valid():
            try:
                token, _path = keep_upload(
                    form.cleaned_data["file"].chunks(), form.cleaned_data["file"].name
                )
            except UploadTooLarge:
                form.add_error(
                    "file", _("The file is larger than %(limit)s MB.") % {"limit": limit_mb}
                )
            else:
                uploads = request.session.get(SESSION_KEY, {})
                uploads[token] = {
                    "source": form.cleaned_data["source"],
                    "kind": form.cleaned_data["kind"],
                    "encoding": form.cleaned_data["encoding"] or None,
                }
                request.session[SESSION_KEY] = uploads
                return redirect("import-check", token=token)
    else:
        form = UploadForm(max_bytes=max_upload_bytes())
    return render(request, "aqiqat/import_upload.html", _upload_context(form))


def _upload_context(form: UploadForm) -> dict[str, Any]:
    recent = ImportBatch.objects.select_related("source", "created_by")[:20]
    return {"form": form, "recent": recent, "limit_mb": max_upload_bytes() // 2**20}


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, token: str) -> HttpResponse:
    _require_importer(request)
    details = request.session.get(SESSION_KEY, {}).get(token)
    path = upload_path(token)
    if details is None or path is None:
        raise NotFound
    try:
        spec = spec_for(path, details["source"], None, details["encoding"], upload_opener(path))
        headers = _headers(spec)
    except ListError as exc:
        return _failed(request, token, exc)
    form = MappingForm(
        request.POST or None, headers=headers, initial=MappingForm.initial_for(spec.columns)
    )
    if request.method == "POST" and form.is_valid():
        spec = ListSpec(spec.name, spec.file, spec.encoding, form.columns(), spec.opener)
        if request.POST.get("action") == "import":
            return _start(request, token, spec, details, form.cleaned_data["skip_invalid"])
    try:
        preview = preview_import(spec)
    except ListError as exc:
        return _failed(request, token, exc)
    return render(
        request,
        "aqiqat/import_check.html",
        {
            "form": form,
            "preview": preview,
            "token": token,
            "details": details,
            "file_name": path.name,
        },
    )


def _headers(spec: ListSpec) -> list[str]:
    from aqiqat.lists import open_table

    return open_table(spec.file, encoding=spec.encoding, opener=spec.opener).headers


def _start(
    request: HttpRequest, token: str, spec: ListSpec, details: dict[str, Any], skip: bool
) -> HttpResponse:
    preview = preview_import(spec)
    if preview.rows_invalid and not skip:
        messages.error(
            request,
            _("%(count)s rows cannot be imported. Fix the file, or tick the box to skip them.")
            % {"count": preview.rows_invalid},
        )
        return redirect("import-check", token=token)
    job = start_import_job(
        spec,
        actor=request.user,
        source_kind=details["kind"],
        skip_invalid=skip,
        total_rows=preview.rows_read,
        after=lambda: discard_upload(token),
    )
    request.session[SESSION_KEY] = {
        k: v for k, v in request.session.get(SESSION_KEY, {}).items() if k != token
    }
    return redirect("import-job", job_id=job.job_id)


def _failed(request: HttpRequest, token: str, error: ListError) -> HttpResponse:
    """Back to the upload page, saying in plain words why the file cannot be read; the
    reader's own words under Technical detail."""
    discard_upload(token)
    told = plain_list_error(error)
    messages.error(
        request,
        format_html(
            "{} {}{}",
            _("This file cannot be read."),
            told.text,
            render_to_string("aqiqat/_technical_detail.html", {"detail": told.detail}),
        ),
    )
    return redirect("import-upload")


@require_http_methods(["GET"])
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    _require_importer(request)
    found = job_for(job_id, request.user)
    if found is None:
        raise NotFound
    return render(request, "aqiqat/import_job.html", {"job": found})

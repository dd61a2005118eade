"""The interview form for documenters: validated here, written by the interview service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from aqiqat.apps.places.models import Facility
from aqiqat.selectors.access import NotFound
from aqiqat.services.intake.interview import EvidenceFile, InterviewError, record_interview
from aqiqat.services.intake.uploads import max_upload_bytes
from aqiqat.web.forms.interview import InterviewForm

RECORDING_PERMISSIONS = ("sources.add_source", "sources.add_record", "people.add_event")


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Stops keeping a file once it passes the limit, so the rest of the form still arrives.

    Refusing the whole request instead would lose everything she typed.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused: list[str] = []
        self.over = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.over or start + len(raw_data) > self.limit:
            self.over = True
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over:
            return super().file_complete(file_size)
        self.file.close()  # a temporary file: closing deletes it
        self.refused.append(self.file_name or "")
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def new_interview(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(RECORDING_PERMISSIONS):
        raise NotFound
    # Upload handlers must be in place before anything reads the body, CSRF included.
    handler = CappedUploadHandler(request, max_upload_bytes())
    request.upload_handlers = [handler]
    return _interview_form(request, handler)


@csrf_protect
def _interview_form(request: HttpRequest, handler: CappedUploadHandler) -> HttpResponse:
    if request.method != "POST":
        form = InterviewForm(request.user, max_file_bytes=handler.limit)
        return _render(request, form)
    form = InterviewForm(
        request.user,
        request.POST,
        request.FILES,
        max_file_bytes=handler.limit,
        refused_files=handler.refused,
    )
    if not form.is_valid():
        return _render(request, form, status=400)
    files = [
        EvidenceFile(upload, upload.name or "file", upload.content_type or "")
        for upload in form.cleaned_data["evidence"]
    ]
    try:
        record = record_interview(
            request.user, form.answers(), files, person_id=form.cleaned_data["person_id"]
        )
    except InterviewError as exc:
        form.add_error(None, str(exc))
        return _render(request, form, status=400)
    messages.success(
        request,
        _("The interview with %(name)s was saved, with %(files)d file(s).")
        % {"name": record.full_name, "files": len(files)},
    )
    return redirect("person-detail", person_id=record.person_id)


def _render(request: HttpRequest, form: InterviewForm, status: int = 200) -> HttpResponse:
    facilities = sorted(
        {
            name
            for names in Facility.objects.values_list("name_ru", "name_kk", "name_en")
            for name in names
            if name
        }
    )
    return render(
        request,
        "aqiqat/interview.html",
        {"form": form, "facilities": facilities},
        status=status,
    )

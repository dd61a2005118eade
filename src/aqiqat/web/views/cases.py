"""Complaints and cases: lists with filters, search and export; filing; follow-up;
opening a case; status changes; details and lawyers. Every object goes through
`access_complaint` / `access_case`; every write through services.cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.cases import (
    access_case,
    access_complaint,
    case_list,
    case_page,
    cases_visible_to,
    complaint_list,
    days_overdue,
)
from aqiqat.selectors.people import access_person
from aqiqat.services.cases.cases import (
    CaseDetails,
    add_status_change,
    assign_lawyers,
    open_case,
    update_case,
)
from aqiqat.services.cases.common import Upload
from aqiqat.services.cases.complaints import (
    ComplaintDetails,
    FollowUp,
    follow_up,
    register_complaint,
)
from aqiqat.services.cases.errors import CaseWorkError, EditConflict
from aqiqat.services.cases.exports import CaseExport, export_cases, export_complaints
from aqiqat.web.forms.cases import (
    COMPLAINT_STATES,
    CaseDetailsForm,
    ComplaintForm,
    FilterForm,
    FollowUpForm,
    LawyersForm,
    OpenCaseForm,
    StatusChangeForm,
)

PAGE_SIZE = 50
CASE_STATES = [("", gettext_lazy("any")), *Case.Status.choices]


def _upload(file: Any) -> Upload | None:
    """The form's optional uploaded file (a Django UploadedFile reads like a binary file)."""
    if file is None:
        return None
    return Upload(file, file.name or "document", file.content_type or "application/octet-stream")


def _stream(export: CaseExport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def _list_context(request: HttpRequest, form: FilterForm, items: Any) -> dict[str, Any]:
    return {
        "form": form,
        "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": _query_without(request, "page", "export"),
    }


@require_GET
def complaints(request: HttpRequest) -> HttpResponseBase:
    if not request.user.has_perm("cases.view_complaint"):
        raise NotFound
    form = FilterForm(request.GET or None, statuses=COMPLAINT_STATES)
    filters = form.filters()
    selected = complaint_list(request.user, filters)
    if request.GET.get("export") in ("csv", "xlsx"):
        return _stream(export_complaints(request.user, selected, filters, request.GET["export"]))
    context = _list_context(request, form, selected)
    # Links built from the lists' own paths: reversing two URLs a row costs more than the row.
    complaints_at, people_at = reverse("complaint-list"), reverse("person-list")
    context["rows"] = [
        (c, days_overdue(c), f"{complaints_at}{c.pk}/", f"{people_at}{c.person_id}/")
        for c in context["page"].object_list
    ]
    return render(request, "aqiqat/cases_complaint_list.html", context)


@require_GET
def overdue_complaints(request: HttpRequest) -> HttpResponseBase:
    """The "no answer in time" list: the complaint list with the overdue filter set."""
    if not request.user.has_perm("cases.view_complaint"):
        raise NotFound
    return redirect(f"{reverse('complaint-list')}?status=overdue")


@require_GET
def cases(request: HttpRequest) -> HttpResponseBase:
    if not request.user.has_perm("cases.view_case"):
        raise NotFound
    form = FilterForm(request.GET or None, statuses=CASE_STATES)
    filters = form.filters()
    selected = case_list(request.user, filters)
    if request.GET.get("export") in ("csv", "xlsx"):
        return _stream(export_cases(request.user, selected, filters, request.GET["export"]))
    context = _list_context(request, form, selected)
    cases_at = reverse("case-list")
    context["rows"] = [(case, f"{cases_at}{case.pk}/") for case in context["page"].object_list]
    return render(request, "aqiqat/cases_case_list.html", context)


@require_http_methods(["GET", "POST"])
def new_complaint(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person(request.user, person_id)
    if not request.user.has_perm("cases.add_complaint"):
        raise NotFound
    form = ComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = register_complaint(
                    request.user,
                    ComplaintDetails(
                        person=person,
                        filed_by=data["filed_by"],
                        authority=data["authority"],
                        authority_name=data["authority_name"],
                        filed_on=data["filed_on"],
                        summary=data["summary"],
                        region=data["region"],
                        facility=data["facility"],
                        lawyer=data["lawyer"],
                        answer_due_days=data["answer_due_days"],
                    ),
                    _upload(data["document"]),
                )
            except CaseWorkError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The complaint was registered; an answer is due by %(date)s.")
                    % {"date": complaint.answer_due_on},
                )
                return redirect("complaint-detail", complaint_id=complaint.pk)
    return render(
        request,
        "aqiqat/cases_complaint_new.html",
        {"form": form, "person": person},
        status=status,
    )


def _complaint_page(
    request: HttpRequest, complaint: Complaint, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    version = {"version": complaint.version}
    context: dict[str, Any] = {
        "complaint": complaint,
        "days_overdue": days_overdue(complaint),
        "case_visible": complaint.case_id is not None
        and cases_visible_to(user).filter(pk=complaint.case_id).exists(),
    }
    if user.has_perm("cases.change_complaint"):
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm(
            initial={
                **version,
                "answered_on": complaint.answered_on,
                "answer_note": complaint.answer_note,
                "lawyer": complaint.lawyer_id,
            }
        )
    if complaint.case_id is None and user.has_perm("cases.add_case"):
        context["open_case_form"] = forms.get("open_case_form") or OpenCaseForm(
            initial={**version, "authority": complaint.authority}
        )
    return render(request, "aqiqat/cases_complaint_detail.html", context, status=status)


@require_GET
def complaint_detail(request: HttpRequest, complaint_id: str) -> HttpResponse:
    return _complaint_page(request, access_complaint(request.user, complaint_id))


def _refused(request: HttpRequest, exc: CaseWorkError) -> int:
    messages.error(request, str(exc))
    return 409 if isinstance(exc, EditConflict) else 400


def _rebased(form: Any, request: HttpRequest, exc: CaseWorkError, version: int) -> Any:
    """After a conflict, the user's entries again, now based on the current version."""
    if not isinstance(exc, EditConflict):
        return form
    data = request.POST.copy()
    data["version"] = str(version)
    return type(form)(data)


def _complaint_refused(
    request: HttpRequest, complaint_id: str, exc: CaseWorkError, form: Any, slot: str
) -> HttpResponse:
    """The complaint page as it is now, with the refused form and the reason."""
    status = _refused(request, exc)
    fresh = access_complaint(request.user, complaint_id)
    return _complaint_page(
        request, fresh, status, **{slot: _rebased(form, request, exc, fresh.version)}
    )


def _case_refused(
    request: HttpRequest, case_id: str, exc: CaseWorkError, form: Any, slot: str
) -> HttpResponse:
    """The case page as it is now, with the refused form and the reason."""
    status = _refused(request, exc)
    fresh = access_case(request.user, case_id)
    return _case_page(request, fresh, status, **{slot: _rebased(form, request, exc, fresh.version)})


@require_POST
def complaint_follow_up(request: HttpRequest, complaint_id: str) -> HttpResponse:
    complaint = access_complaint(request.user, complaint_id)
    if not request.user.has_perm("cases.change_complaint"):
        raise NotFound
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, 400, follow_up_form=form)
    data = form.cleaned_data
    try:
        follow_up(
            request.user,
            complaint,
            data["version"],
            FollowUp(
                answered_on=data["answered_on"],
                answer_note=data["answer_note"],
                answer_due_days=data["answer_due_days"],
                lawyer=data["lawyer"],
            ),
        )
    except CaseWorkError as exc:
        return _complaint_refused(request, complaint_id, exc, form, "follow_up_form")
    messages.success(request, _("The complaint was updated."))
    return redirect("complaint-detail", complaint_id=complaint.pk)


@require_POST
def complaint_open_case(request: HttpRequest, complaint_id: str) -> HttpResponse:
    complaint = access_complaint(request.user, complaint_id)
    if not request.user.has_perm("cases.add_case"):
        raise NotFound
    form = OpenCaseForm(request.POST, request.FILES)
    if not form.is_valid():
        return _complaint_page(request, complaint, 400, open_case_form=form)
    data = form.cleaned_data
    try:
        case = open_case(
            request.user,
            complaint,
            data["version"],
            CaseDetails(data["number"], data["authority"], data["opened_on"], data["article"]),
            _upload(data["document"]),
        )
    except CaseWorkError as exc:
        return _complaint_refused(request, complaint_id, exc, form, "open_case_form")
    messages.success(request, _("Case %(number)s is recorded.") % {"number": case.number})
    if cases_visible_to(request.user).filter(pk=case.pk).exists():
        return redirect("case-detail", case_id=case.pk)
    return redirect("complaint-detail", complaint_id=complaint.pk)


def _case_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    version = {"version": case.version}
    context: dict[str, Any] = {"page": case_page(user, case)}
    if user.has_perm("cases.add_casestatuschange"):
        context["status_form"] = forms.get("status_form") or StatusChangeForm(initial=version)
    if user.has_perm("cases.change_case"):
        context["details_form"] = forms.get("details_form") or CaseDetailsForm(
            initial={
                **version,
                "number": case.number,
                "authority": case.authority,
                "opened_on": case.opened_on,
                "article": case.article,
            }
        )
    if has_role(user, Role.ADMIN):
        context["lawyers_form"] = forms.get("lawyers_form") or LawyersForm(
            initial={**version, "lawyers": [lawyer.pk for lawyer in case.lawyers.all()]}
        )
    return render(request, "aqiqat/cases_case_detail.html", context, status=status)


@require_GET
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_page(request, access_case(request.user, case_id))


@require_POST
def case_status(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not request.user.has_perm("cases.add_casestatuschange"):
        raise NotFound
    form = StatusChangeForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page(request, case, 400, status_form=form)
    data = form.cleaned_data
    try:
        change = add_status_change(
            request.user,
            case,
            data["version"],
            data["status"],
            data["on"],
            data["note"],
            _upload(data["document"]),
        )
    except CaseWorkError as exc:
        return _case_refused(request, case_id, exc, form, "status_form")
    messages.success(
        request, _("Status recorded: %(status)s.") % {"status": change.get_status_display()}
    )
    return redirect("case-detail", case_id=case.pk)


@require_POST
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not request.user.has_perm("cases.change_case"):
        raise NotFound
    form = CaseDetailsForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, 400, details_form=form)
    data = form.cleaned_data
    try:
        update_case(
            request.user,
            case,
            data["version"],
            CaseDetails(data["number"], data["authority"], data["opened_on"], data["article"]),
        )
    except CaseWorkError as exc:
        return _case_refused(request, case_id, exc, form, "details_form")
    messages.success(request, _("The case details were saved."))
    return redirect("case-detail", case_id=case.pk)


@require_POST
def case_lawyers(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not has_role(request.user, Role.ADMIN):
        raise NotFound
    form = LawyersForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, 400, lawyers_form=form)
    try:
        assign_lawyers(
            request.user, case, form.cleaned_data["version"], form.cleaned_data["lawyers"]
        )
    except CaseWorkError as exc:
        return _case_refused(request, case_id, exc, form, "lawyers_form")
    messages.success(request, _("The lawyers on this case were saved."))
    return redirect("case-detail", case_id=case.pk)

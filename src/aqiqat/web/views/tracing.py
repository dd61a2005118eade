"""The tracing desk: person search (page and JSON), enquiries, the queue of possible
matches, the desk's decisions and the answer printed for a family."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aqiqat.apps.tracing.models import TracingStatus, TracingStatusChange
from aqiqat.apps.vocabulary import Sex
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.search import (
    Found,
    SearchRefused,
    check_rate,
    read_query,
    search_persons,
)
from aqiqat.selectors.search_enquiries import (
    access_request,
    desk_queue,
    enquiry_page,
    open_requests,
    public_answer,
)
from aqiqat.services.tracing.enquiries import (
    EnquiryDetails,
    EnquiryError,
    close_request,
    confirm_match,
    register_request,
    reject_match,
)

FIELD_LIMIT = 200
REASON_LABELS = {
    "name": gettext_lazy("name"),
    "born": gettext_lazy("born"),
    "sex": gettext_lazy("sex"),
    "place": gettext_lazy("place"),
    "agrees": gettext_lazy("agrees"),
    "close": gettext_lazy("close"),
    "differs": gettext_lazy("differs"),
    "unknown": gettext_lazy("not known"),
}


def _search_fields(request: HttpRequest) -> dict[str, str]:
    # Cut far above any real value, so a 10,000-character query is refused with a message
    # by the query reader (which knows the real limit), not silently shortened here.
    return {
        key: request.GET.get(key, "").strip()[: FIELD_LIMIT * 5]
        for key in ("q", "born", "age", "sex", "place")
    }


def _run_search(request: HttpRequest, fields: dict[str, str]) -> tuple[Any, Found]:
    check_rate(request.user)
    query = read_query(
        fields["q"],
        born=fields["born"],
        age=fields["age"],
        sex=fields["sex"],
        place=fields["place"],
    )
    return query, search_persons(request.user, query)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise NotFound
    fields = _search_fields(request)
    context: dict[str, Any] = {"fields": fields, "results": None, "error": "", "notes": []}
    if any(fields.values()):
        try:
            query, results = _run_search(request, fields)
            context["results"] = [
                (
                    result,
                    [
                        (REASON_LABELS.get(r.field, r.field), REASON_LABELS.get(r.verdict, ""), r)
                        for r in result.why
                    ],
                )
                for result in results
            ]
            context["as_good_not_shown"] = results.as_good_not_shown
            if "place_unknown" in query.notes:
                context["notes"].append(
                    _("The place “%(place)s” is not in the gazetteer; it was not used.")
                    % {"place": query.place_text}
                )
        except SearchRefused as refused:
            context["error"] = refused.message
            status = 429 if refused.rate_limited else 400
            return render(request, "aqiqat/search.html", context, status=status)
    return render(request, "aqiqat/search.html", context)


def search_answer(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    """The JSON search's status and body, for this page and the API's /api/v1/search."""
    if not request.user.has_perm("people.view_person"):
        raise NotFound
    try:
        _query, results = _run_search(request, _search_fields(request))
    except SearchRefused as refused:
        return (429 if refused.rate_limited else 400), {"error": refused.message}
    return 200, {
        "results": [result.as_json() for result in results],
        "more_as_good": results.as_good_not_shown,
    }


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """`GET /api/search?q=…&born=…&place=…`: the same as `/api/v1/search`."""
    status, body = search_answer(request)
    return JsonResponse(body, status=status, headers={"Cache-Control": "no-store"})


@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("tracing.view_tracingrequest"):
        raise NotFound
    return render(
        request,
        "aqiqat/tracing_desk.html",
        {"queue": desk_queue(request.user), "enquiries": open_requests(request.user)[:100]},
    )


class EnquiryForm(forms.Form):
    enquirer_name = forms.CharField(label=gettext_lazy("Who is asking"), max_length=300)
    enquirer_contact = forms.CharField(
        label=gettext_lazy("How to reach them"), max_length=300, required=False
    )
    relationship = forms.CharField(
        label=gettext_lazy("Relationship to the person sought"), max_length=100, required=False
    )
    sought_name = forms.CharField(
        label=gettext_lazy("Name of the person sought, in any script"), max_length=100
    )
    sought_sex = forms.ChoiceField(
        label=gettext_lazy("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN
    )
    sought_birth_year = forms.IntegerField(
        label=gettext_lazy("Year of birth"), required=False, min_value=1900
    )
    sought_place_text = forms.CharField(
        label=gettext_lazy("Where the person lives or comes from"), max_length=300, required=False
    )
    last_seen_on = forms.DateField(label=gettext_lazy("Last seen on"), required=False)
    last_seen_place_text = forms.CharField(
        label=gettext_lazy("Last seen where"), max_length=300, required=False
    )

    def clean_sought_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("sought_birth_year")
        if year is not None and year > date.today().year:
            raise forms.ValidationError(_("A year of birth in the future cannot be right."))
        return year

    def clean_sought_name(self) -> str:
        name: str = self.cleaned_data["sought_name"]
        try:
            read_query(name)
        except SearchRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return name


@require_http_methods(["GET", "POST"])
def new_enquiry(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("tracing.add_tracingrequest"):
        raise NotFound
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enquiry = register_request(request.user, EnquiryDetails(**form.cleaned_data))
        if enquiry.status == TracingStatus.POSSIBLE_MATCH:
            messages.info(request, _("Registered. Possible matches were found at once; see below."))
        else:
            messages.info(
                request, _("Registered. Nothing matches yet; every new record will be checked.")
            )
        return redirect("tracing-enquiry", enquiry.pk)
    return render(request, "aqiqat/tracing_enquiry_new.html", {"form": form})


@require_GET
def enquiry_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    enquiry = access_request(request.user, request_id)
    return render(request, "aqiqat/tracing_enquiry.html", enquiry_page(request.user, enquiry))


@require_POST
def decide(request: HttpRequest, request_id: str) -> HttpResponse:
    enquiry = access_request(request.user, request_id)
    if not request.user.has_perm("tracing.add_tracingstatuschange"):
        raise NotFound
    action = request.POST.get("action", "")
    note = request.POST.get("note", "").strip()[:1000]
    try:
        if action == "close":
            close_request(request.user, enquiry, note)
        else:
            change_id = _uuid_or_none(request.POST.get("change", ""))
            change = (
                enquiry.history.filter(pk=change_id, status=TracingStatus.POSSIBLE_MATCH).first()
                if change_id
                else None
            )
            if change is None or action not in ("confirm", "reject"):
                raise EnquiryError(_("Choose a possible match and confirm or reject it."))
            _decide(request.user, change, action, note)
    except EnquiryError as exc:
        messages.error(request, str(exc))
    return redirect("tracing-enquiry", enquiry.pk)


def _decide(user: Any, change: TracingStatusChange, action: str, note: str) -> None:
    if action == "confirm":
        confirm_match(user, change, note)
    else:
        reject_match(user, change, note)


def _uuid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


@require_GET
def answer(request: HttpRequest, request_id: str) -> HttpResponse:
    enquiry = access_request(request.user, request_id)
    return render(request, "aqiqat/tracing_answer.html", {"answer": public_answer(enquiry)})

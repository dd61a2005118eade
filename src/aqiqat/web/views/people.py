from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aqiqat.apps.people.models import Event, Person
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.people import (
    access_person,
    event_versions,
    person_event,
    person_page,
    search_people,
)
from aqiqat.services.person_events import (
    EventConflict,
    EventDetails,
    EventError,
    add_event,
    correct_event,
)
from aqiqat.web.forms.cases import EventCorrectionForm, EventForm, EvidenceForm

PAGE_SIZE = 50


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("person-list")


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    people = search_people(request.user, query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "aqiqat/person_list.html", {"page": page, "query": query})


def render_person(
    request: HttpRequest, person: Person, status: int = 200, **forms: Any
) -> HttpResponse:
    """The person page, with the add forms the user's role allows (bound ones kept)."""
    user = request.user
    context: dict[str, Any] = {"page": person_page(user, person)}
    if user.has_perm("people.add_event"):
        context["event_form"] = forms.get("event_form") or EventForm()
    if user.has_perm("evidence.add_evidence"):
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm()
    context["may_file_complaint"] = user.has_perm("cases.add_complaint")
    return render(request, "aqiqat/person_detail.html", context, status=status)


@require_GET
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    return render_person(request, access_person(request.user, person_id))


def event_details(data: dict[str, Any]) -> EventDetails:
    """An event form's cleaned data as the service takes it."""
    return EventDetails(
        kind=data["kind"],
        on=data["on_date"],
        on_precision=data["on_precision"],
        place=data["place"],
        facility=data["facility"],
        perpetrator_unit=data["perpetrator_unit"],
        allegation_type=data["allegation_type"],
        description=data.get("description") or "",
    )


@require_POST
def add_person_event(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person(request.user, person_id)
    if not request.user.has_perm("people.add_event"):
        raise NotFound
    form = EventForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            event = add_event(request.user, person, event_details(data))
        except EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Added to the timeline: %(event)s.") % {"event": event.get_kind_display()},
            )
            return redirect("person-detail", person_id=person.pk)
    return render_person(request, person, status=400, event_form=form)


@require_http_methods(["GET", "POST"])
def correct_person_event(request: HttpRequest, person_id: str, event_id: str) -> HttpResponse:
    """Correct an event's date, place or kind: a new version; the old one stays, marked."""
    person = access_person(request.user, person_id)
    if not request.user.has_perm("people.add_event"):
        raise NotFound
    event = person_event(person, event_id)
    status = 200
    if request.method == "POST":
        form = EventCorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                corrected = correct_event(request.user, event, event_details(data), data["reason"])
            except EventConflict as exc:
                messages.error(request, str(exc))
                return _correction_page(request, person, exc.latest, status=409)
            except EventError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Corrected: %(event)s. The earlier version stays on the timeline.")
                    % {"event": corrected.get_kind_display()},
                )
                return redirect("person-detail", person_id=person.pk)
        status = 400
        return _correction_page(request, person, event, form, status)
    return _correction_page(request, person, event)


def _correction_page(
    request: HttpRequest,
    person: Person,
    event: Event,
    form: EventCorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = event_versions(event)
    standing = versions[-1]
    return render(
        request,
        "aqiqat/person_event_correct.html",
        {
            "person": person,
            "event": event,
            "standing": standing,
            "versions": versions,
            "form": form or EventCorrectionForm(initial=EventCorrectionForm.initial_of(standing)),
        },
        status=status,
    )

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from aqiqat.selectors.people import access_person, person_page, search_people

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


@require_GET
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person(request.user, person_id)
    return render(request, "aqiqat/person_detail.html", person_page(request.user, person))

"""Persons who may be the one being typed into the interview form, as JSON for suggest.js."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from aqiqat.names import transliterate
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.suggestions import suggest_people

MAX_QUERY = 200


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    if not request.user.has_perm("people.view_person"):
        raise NotFound
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    born_text = request.GET.get("born", "").strip()
    born = int(born_text) if born_text.isdigit() and len(born_text) == 4 else None
    found = suggest_people(request.user, query, born)
    return JsonResponse(
        {
            "query_latin": transliterate(query, "kz2021"),
            "results": [
                {
                    "id": str(s.person.pk),
                    "name": s.person.display_name,
                    "latin": s.person.display_name_latin
                    or transliterate(s.person.display_name, "kz2021"),
                    "written": s.written,
                    "born": s.person.birth_year,
                    "born_agrees": s.born_agrees,
                    "status": str(s.person.get_status_display()),
                    "score": s.score,
                    "url": reverse("person-detail", args=[s.person.pk]),
                }
                for s in found
            ],
        },
        headers={"Cache-Control": "no-store"},
    )

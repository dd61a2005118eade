"""`GET /api/v1/search`: find a person by name, birth year, sex and place (the CLI's
--json shape, with display fields). `/api/search` answers the same."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from aqiqat.web.api import api
from aqiqat.web.views.tracing import search_answer

router = Router(tags=["search"])


class SearchResult(Schema):
    person_id: str | None
    score: float
    record_ids: list[str]
    status: str
    status_text: str
    status_on: str | None
    # day, month, year or unknown: a month's date is its first day ("2022-02-01", month).
    status_on_precision: str
    status_source: str
    facility: str
    name: str
    born: str
    why: list[str]


class SearchAnswer(Schema):
    results: list[SearchResult]
    # Records beyond the results that match as well as the last one: namesakes.
    more_as_good: int = 0


class Refusal(Schema):
    error: str


@router.get(
    "search",
    url_name="search",
    response={200: SearchAnswer, 400: Refusal, 429: Refusal},
    summary="Find a person",
)
def search(
    request: HttpRequest,
    q: str = "",
    born: str = "",
    age: str = "",
    sex: str = "",
    place: str = "",
) -> tuple[int, dict[str, Any]]:
    """Best match first; 400 says why a query was refused, 429 asks to slow down."""
    return search_answer(request)


api.add_router("", router)

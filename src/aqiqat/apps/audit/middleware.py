from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from aqiqat.apps.audit.log import acting_as


class ActingUserMiddleware:
    """Makes the logged-in user the actor of every audited write during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)

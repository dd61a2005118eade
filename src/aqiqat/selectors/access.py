from django.http import Http404


class NotFound(Http404):
    """Raised alike for a missing object and for one the user may not see."""

"""HTML to PDF with WeasyPrint, reading only the app's own static files (never the network)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders


class ExternalResource(Exception):
    """A report asked for something outside the app's static files."""


def static_only_fetcher(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
    prefix = f"file://{settings.STATIC_URL}"
    if url.startswith(prefix):
        found = finders.find(url.removeprefix(prefix))
        if found:
            path = Path(str(found))
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return {"string": path.read_bytes(), "mime_type": media_type}
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url)
        return result
    raise ExternalResource(f"reports may not load {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # base_url "/" makes /static/... links resolve to file:///static/..., answered above.
    pdf: bytes = HTML(string=html, base_url="/", url_fetcher=static_only_fetcher).write_pdf()
    return pdf

"""Sync over HTTP: bundles in, bundles out. The bundle's signature authenticates the sender,
so these routes need no session; anything not signed by a trusted peer is refused."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from aqiqat.web.api import api

router = Router(tags=["sync"], auth=None)
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


def _read(request: HttpRequest) -> bytes:
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BUNDLE_BYTES:
        raise ValueError(f"bundles over {MAX_BUNDLE_BYTES // 2**20} MiB are refused")
    # The stream, not request.body: Django's form-size limit is for forms, not bundles.
    return request.read(MAX_BUNDLE_BYTES + 1)[:MAX_BUNDLE_BYTES]


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@router.get("identity", url_name="sync-identity")
def identity(request: HttpRequest) -> JsonResponse:
    from aqiqat.services.sync.peers import my_identity

    keys = my_identity().public
    return JsonResponse(
        {"instance_id": keys.instance_id, "public_keys": keys.line, "fingerprint": keys.fingerprint}
    )


@router.post("bundles", url_name="sync-bundles")
def receive(request: HttpRequest) -> HttpResponse:
    """Merge a pushed bundle; answer with a signed acknowledgement for the sender."""
    from aqiqat.services.sync.apply import import_bundle, read_bundle
    from aqiqat.services.sync.bundle import BundleError
    from aqiqat.services.sync.export import export_bundle

    try:
        data = _read(request)
        peer, _ = read_bundle(data)
        result = import_bundle(data)
        answer = export_bundle(peer, rows=False)
    except (BundleError, ValueError) as exc:
        return _refuse(str(exc))
    summary = result.ignored or f"{result.inserted} new rows, {result.updated} updated"
    response = HttpResponse(answer.data, content_type="application/octet-stream")
    response["X-Aqiqat-Result"] = summary
    return response


@router.post("pull", url_name="sync-pull")
def send(request: HttpRequest) -> HttpResponse:
    """Answer a peer's signed request with a bundle of what it has not acknowledged."""
    from aqiqat.services.sync.apply import import_bundle, read_bundle
    from aqiqat.services.sync.bundle import BundleError
    from aqiqat.services.sync.export import export_bundle

    try:
        data = _read(request)
        peer, body = read_bundle(data)
        if body["rows"]:
            raise BundleError("a pull request carries no rows; push them instead")
        if import_bundle(data).ignored:
            raise BundleError("this pull request was already used; send a new one")
        peer.refresh_from_db()
        answer = export_bundle(peer)
    except (BundleError, ValueError) as exc:
        return _refuse(str(exc))
    return HttpResponse(answer.data, content_type="application/octet-stream")


api.add_router("sync/", router)

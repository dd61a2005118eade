"""`sync push` and `sync pull`: the same bundles, over HTTP(S) to a server's API.

Nothing the server answers is trusted unless signed: its identity is checked against the
trusted peers, and its acknowledgements and changes come back as bundles encrypted to this
instance and signed by the server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from aqiqat.apps.sync.models import Peer
from aqiqat.services.sync.apply import ImportResult, import_bundle
from aqiqat.services.sync.export import export_bundle
from aqiqat.services.sync.identity import PublicKeyError, parse_public_keys

API_PATH = "api/v1/sync/"
TIMEOUT = 600
MAX_RESPONSE_BYTES = 1024 * 1024 * 1024


class NetworkError(Exception):
    """The server could not be reached or refused the exchange; the message says why."""


@dataclass(frozen=True)
class PushOutcome:
    peer: str
    rows: int
    message: str


def _endpoint(url: str, name: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise NetworkError(f"{url} is not an http:// or https:// address")
    return url.rstrip("/") + "/" + API_PATH + name


def _request(url: str, data: bytes | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked in _endpoint
        url,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Content-Type": "application/octet-stream"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.read(MAX_RESPONSE_BYTES), dict(response.headers)
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("detail", "")
        except ValueError:
            detail = ""
        raise NetworkError(f"the server refused the exchange: {detail or exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NetworkError(f"cannot reach {url}: {reason}") from exc


def server_peer(url: str) -> Peer:
    """The trusted peer that the server at `url` says it is (its bundles prove it later)."""
    body, _ = _request(_endpoint(url, "identity"))
    try:
        keys = parse_public_keys(json.loads(body)["public_keys"])
    except (ValueError, KeyError, TypeError, PublicKeyError) as exc:
        raise NetworkError(f"{url} does not answer as an Aqiqat server") from exc
    peer = Peer.objects.filter(instance_id=keys.instance_id, active=True).first()
    if peer is None:
        raise NetworkError(
            f"the server at {url} (fingerprint {keys.fingerprint}) is not a trusted peer: "
            "compare its fingerprint by phone and add it with `aqiqat peers add`"
        )
    return peer


def push(url: str, *, evidence: bool = False) -> PushOutcome:
    peer = server_peer(url)
    bundle = export_bundle(peer, evidence=evidence)
    answer, headers = _request(_endpoint(url, "bundles"), bundle.data)
    # The server answers with a signed acknowledgement, merged like any bundle.
    import_bundle(answer)
    return PushOutcome(peer.name, bundle.rows, headers.get("X-Aqiqat-Result", "accepted"))


def pull(url: str) -> ImportResult:
    peer = server_peer(url)
    request = export_bundle(peer, rows=False)
    answer, _ = _request(_endpoint(url, "pull"), request.data)
    return import_bundle(answer)

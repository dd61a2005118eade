"""One Aqiqat instance in its own process, driven by JSON lines on stdin (for sync tests).

Each worker has its own data folder and SQLite database and runs the real services; the
test sends it edits, asks for bundles and hands it bundles to import.
Run as `python -m tests.sync.worker` with AQIQAT_DATA_DIR set.
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXED_TEST_KEY = bytes(range(32))  # the data key of every worker: a test stand-in only


def setup() -> Path:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aqiqat.config.settings"
    import django

    django.setup()
    from aqiqat.services.crypto import keyring

    keyring.unlock(FIXED_TEST_KEY)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    database = Path(settings.DATABASES["default"]["NAME"])
    template = database.with_suffix(".template")
    shared = os.environ.get("AQIQAT_TEST_SHARED_TEMPLATE")
    if shared and Path(shared).exists():
        # Another worker migrated an empty database already (same test data key): copy it.
        shutil.copyfile(shared, template)
        reset(database)
        return database
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(database, template)
    if shared:
        shutil.copyfile(database, shared)
    return database


def reset(database: Path) -> dict[str, Any]:
    from django.db import connection

    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(database.with_suffix(".template"), database)
    return {}


def keys() -> dict[str, Any]:
    from aqiqat.services.sync.peers import my_identity

    public = my_identity().public
    return {"keys": public.line, "id": public.instance_id, "fingerprint": public.fingerprint}


def add_peer(name: str, public_keys: str) -> dict[str, Any]:
    from aqiqat.services.sync.peers import add_peer as add

    add(None, name, public_keys)
    return {}


def remove_peer(name: str) -> dict[str, Any]:
    from aqiqat.services.sync.peers import deactivate_peer

    deactivate_peer(None, name)
    return {}


def export(to: str, rows: bool = True, evidence: bool = False) -> dict[str, Any]:
    from aqiqat.services.sync.export import export_bundle
    from aqiqat.services.sync.peers import find_peer

    result = export_bundle(find_peer(to), rows=rows, evidence=evidence)
    return {"bundle": base64.b64encode(result.data).decode(), "rows": result.rows}


def import_(bundle: str) -> dict[str, Any]:
    from aqiqat.services.sync.apply import import_bundle
    from aqiqat.services.sync.bundle import BundleError

    try:
        result = import_bundle(base64.b64decode(bundle))
    except BundleError as exc:
        return {"error": str(exc)}
    return {
        "ignored": result.ignored,
        "inserted": result.inserted,
        "updated": result.updated,
        "notes": result.notes,
    }


def digest() -> dict[str, Any]:
    from aqiqat.services.sync.digest import content_digest

    value, rows = content_digest()
    return {"digest": value, "rows": rows}


def ids() -> dict[str, Any]:
    from aqiqat.services.sync.tables import tables

    found = [str(pk) for t in tables() for pk in t.model._base_manager.values_list("pk", flat=True)]
    return {"ids": found}


def edit(kind: str, seed: int, name: str, case_id: str = "") -> dict[str, Any]:
    """One random change of the given kind, by a fictional documenter of this instance;
    returns the ids of rows it created. `case_id` names the case to edit, or is the text of
    a complaint's summary or answer."""
    from aqiqat.apps.accounts.models import User
    from aqiqat.apps.audit.log import acting_as

    user, _ = User.objects.get_or_create(username=f"documenter-{name}")
    with acting_as(user):
        return _edit(kind, random.Random(seed), name, user, case_id)


def _edit(kind: str, rng: random.Random, name: str, user: Any, case_id: str) -> dict[str, Any]:
    from aqiqat.apps.cases.models import Case, CaseStatusChange
    from aqiqat.apps.people.models import Person
    from aqiqat.apps.sources.models import Record, Source
    from aqiqat.apps.tracing.models import TracingRequest
    from aqiqat.services.linkage import decide_link

    records = list(Record.objects.order_by("pk"))
    if kind == "record" or (kind in {"retract", "decide", "link"} and len(records) < 2):
        source, _ = Source.objects.get_or_create(
            name=f"fictional list of {name}", defaults={"kind": "ngo", "channel": "file"}
        )
        surname = rng.choice(["Testov", "Fictiva", "Example", "Sampleuly"])
        record = Record.objects.create(
            source=source,
            full_name=f"{surname} Demo {rng.randint(1, 10**6)}",
            raw={"name": surname},
            age=rng.randint(18, 80),
        )
        return {"created": [str(record.pk)]}
    if kind == "retract":
        live = [r for r in records if r.retracted_at is None]
        if live:
            rng.choice(live).retract(user, f"fictional retraction by {name}")
        return {"created": []}
    if kind == "decide":
        first, second = rng.sample(records, 2)
        verdict = rng.choice(["same", "different", "unsure"])
        decision = decide_link(user, first, second, verdict)
        pair = [str(decision.record_a_id), str(decision.record_b_id)]
        return {"created": [str(decision.pk)], "pair": pair, "verdict": verdict}
    if kind == "link":
        person = Person.objects.create(display_name=f"Fictional person of {name}")
        Record.objects.filter(pk=rng.choice(records).pk).update(person=person)
        return {"created": [str(person.pk)]}
    cases = list(Case.objects.order_by("pk"))
    if kind == "case" or (kind in {"case_status", "case_edit"} and not cases):
        case = Case.objects.create(number=f"FICT-{rng.randint(1, 9999)}", authority="prosecutor")
        return {"created": [str(case.pk)]}
    if kind == "case_status":
        change = CaseStatusChange.objects.create(
            case=rng.choice(cases),
            status=rng.choice(["registered", "suspended", "closed"]),
            on=f"2022-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        )
        return {"created": [str(change.pk)]}
    if kind == "case_edit":
        case = Case.objects.get(pk=case_id) if case_id else rng.choice(cases)
        case.article = f"art. {rng.randint(100, 400)} by {name}"
        case.save()
        return {"created": []}
    if kind == "complaint":
        from datetime import date

        from aqiqat.services.cases.complaints import ComplaintDetails, register_complaint

        person = Person.objects.create(display_name=f"Fictional person of {name}")
        details = ComplaintDetails(
            person, "Вымышленный адвокат", "prosecutor", date(2022, 1, 20), summary=case_id
        )
        return {"created": [str(register_complaint(user, details).pk), str(person.pk)]}
    if kind == "complaint_answer":
        from aqiqat.apps.cases.models import Complaint
        from aqiqat.services.cases.complaints import FollowUp, follow_up

        complaint = Complaint.objects.get()
        follow_up(user, complaint, complaint.version, FollowUp(answer_note=case_id))
        return {"created": []}
    if kind == "evidence":
        import io

        from aqiqat.services.evidence import store_evidence

        content = f"fictional scanned statement {rng.randint(1, 10**6)}".encode()
        evidence = store_evidence(
            io.BytesIO(content), original_name="scan.txt", media_type="text/plain", actor=user
        )
        return {"created": [str(evidence.pk)], "content": content.decode()}
    if kind == "persons":
        return {"created": _fictional_persons(name, user)}
    if kind == "person_changes":
        _change_fictional_persons(user)
        return {"created": []}
    if kind == "tracing":
        request = TracingRequest.objects.create(
            enquirer_name=f"Fictional enquirer of {name}",
            sought_name=f"Nobody Imaginary {rng.randint(1, 10**6)}",
        )
        return {"created": [str(request.pk)]}
    raise ValueError(f"unknown edit {kind}")


def _fictional_persons(name: str, user: Any) -> list[str]:
    """Three fictional persons, each with a record and a dated event in a region: one of
    whom nothing is known (detained on the 5th), one killed, one detained."""
    from datetime import date

    from aqiqat.apps.people.models import Event, Person
    from aqiqat.apps.places.models import Place
    from aqiqat.apps.sources.models import Record, Source

    source, _ = Source.objects.get_or_create(
        name=f"fictional list of {name}", defaults={"kind": "ngo", "channel": "file"}
    )
    region = Place.objects.filter(kind=Place.Kind.REGION).order_by("gazetteer_id").first()
    made = []
    for day, (status, kind) in enumerate(
        [("unknown", "detention"), ("killed", "death"), ("detained", "detention")], start=5
    ):
        person = Person.objects.create(display_name=f"Fictional {status} of {name}", status=status)
        Record.objects.create(
            source=source, person=person, full_name=person.display_name, raw={"name": status}
        )
        Event.objects.create(person=person, kind=kind, on=date(2022, 1, day), place=region)
        made.append(str(person.pk))
    return made


def _change_fictional_persons(user: Any) -> None:
    """A reviewer merges the killed person into the one of whom nothing was known, and a
    documenter corrects the detained person's date of detention."""
    from datetime import date

    from aqiqat.apps.people.models import Event, Person
    from aqiqat.services.person_changes import merge_persons
    from aqiqat.services.person_events import EventDetails, correct_event

    keep = Person.objects.get(display_name__startswith="Fictional unknown")
    killed = Person.objects.get(display_name__startswith="Fictional killed")
    merge_persons(user, keep, killed, "one man in two lists")
    event = Event.objects.get(person__display_name__startswith="Fictional detained")
    details = EventDetails(kind=event.kind, on=date(2022, 1, 4), place=event.place)
    correct_event(user, event, details, "the family's papers")


OPS: dict[str, Callable[..., dict[str, Any]]] = {
    "keys": keys,
    "add_peer": add_peer,
    "remove_peer": remove_peer,
    "export": export,
    "import": import_,
    "digest": digest,
    "ids": ids,
    "edit": edit,
}


def main() -> None:
    database = setup()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        try:
            answer = reset(database) if op == "reset" else OPS[op](**request)
        except Exception:  # the test sees the traceback instead of a hung worker
            answer = {"crash": traceback.format_exc()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()

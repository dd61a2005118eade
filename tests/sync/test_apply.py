"""Merging a peer's bundle into this database (run on SQLite and on PostgreSQL): rows are
added and audited as received, the later edit wins with every version kept, disagreeing
decisions reach the review queue, and a bundle that fails half-way changes nothing."""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from django.conf import settings
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import LinkDecision, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.sync.models import FieldVersion, Peer
from aqiqat.apps.vocabulary import DatePrecision
from aqiqat.selectors import count_cells, counts
from aqiqat.selectors.case_text import sealed_words
from aqiqat.selectors.cases import CaseFilters, complaint_list
from aqiqat.selectors.linkage import decision_conflicts
from aqiqat.services.counts import recount
from aqiqat.services.evidence import evidence_chunks, evidence_path
from aqiqat.services.linkage import decide_link
from aqiqat.services.sync import apply
from aqiqat.services.sync.apply import import_bundle
from aqiqat.services.sync.bundle import KEY_BYTES, MAGIC, SIGNATURE_BYTES, BundleError, pack
from aqiqat.services.sync.digest import content_digest
from aqiqat.services.sync.export import export_bundle
from aqiqat.services.sync.identity import load_identity
from aqiqat.services.sync.peers import add_peer, my_identity
from tests.sync.instances import Instance, start

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(scope="module")
def field_laptop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    (instance,) = start(["field"], Path(tmp_path_factory.mktemp("sync-apply")))
    yield instance
    instance.stop()


@pytest.fixture
def field(field_laptop: Instance, personas: Any) -> Instance:
    """The field laptop, fresh, trusting this instance and trusted by it; no linkage index
    here (another test in this worker may have left one in the shared data folder)."""
    (Path(settings.AQIQAT_DATA_DIR) / "linkage" / "index.sqlite3").unlink(missing_ok=True)
    field_laptop.call("reset")
    field_laptop.call("add_peer", name="office", public_keys=my_identity().public.line)
    add_peer(personas.admin, "field", field_laptop.keys)
    return field_laptop


def test_a_peers_rows_are_added_and_audited_as_received_from_it(field: Instance) -> None:
    created = field.call("edit", kind="record", seed=1, name="field")["created"]
    result = import_bundle(field.export("office"))
    assert result.inserted == 2  # the record and its source
    record = Record.objects.get(pk=created[0])
    assert record.full_name.startswith(("Testov", "Fictiva", "Example", "Sampleuly"))
    entry = AuditEntry.objects.get(action="receive", object_id=created[0])
    assert entry.detail["from"] == "field"
    assert entry.detail["origin_user"].startswith("documenter-field@")
    assert result.notes  # no linkage index yet: the operator is told what to run


def test_the_later_edit_of_a_field_wins_and_every_version_is_kept(
    field: Instance, personas: Any
) -> None:
    case_id = field.call("edit", kind="case", seed=2, name="field")["created"][0]
    import_bundle(field.export("office"))
    field.call("edit", kind="case_edit", seed=3, name="field", case_id=case_id)
    case = Case.objects.get(pk=case_id)
    case.article = "art. 146, entered at the office later"  # later clock than the laptop's
    case.save()
    bundle = field.export("office")
    import_bundle(bundle)
    case.refresh_from_db()
    assert case.article == "art. 146, entered at the office later"
    kept = set(
        FieldVersion.objects.filter(row_id=case.pk, field="article").values_list("value", flat=True)
    )
    assert "art. 146, entered at the office later" in kept
    assert any(str(value).endswith("by field") for value in kept)
    # The laptop's later edit, sent after the office's reached it, wins everywhere.
    field.import_(export_bundle(Peer.objects.get(name="field")).data)
    field.call("edit", kind="case_edit", seed=4, name="field", case_id=case_id)
    import_bundle(field.export("office"))
    case.refresh_from_db()
    assert case.article.endswith("by field")
    assert field.digest() == content_digest()[0]


def test_decisions_that_disagree_go_to_the_review_queue_until_settled(
    field: Instance, personas: Any
) -> None:
    for seed in (5, 6):
        field.call("edit", kind="record", seed=seed, name="field")
    import_bundle(field.export("office"))
    theirs = field.call("edit", kind="decide", seed=7, name="field")
    first, second = Record.objects.filter(pk__in=theirs["pair"])
    ours = "different" if theirs["verdict"] != "different" else "same"
    decide_link(personas.analyst, first, second, ours)
    import_bundle(field.export("office"))
    (conflict,) = decision_conflicts(personas.analyst)
    assert {d.verdict for d in conflict.decisions} == {ours, theirs["verdict"]}
    client = Client()
    client.force_login(personas.analyst)
    page = client.get("/review/").content.decode()
    assert "Decisions that disagree" in page and first.full_name in page
    answer = client.post(
        "/review/conflicts/settle/",
        {"record_a": str(first.pk), "record_b": str(second.pk), "verdict": "same"},
    )
    assert answer.status_code == 302
    assert decision_conflicts(personas.analyst) == []
    assert "Decisions that disagree" not in client.get("/review/").content.decode()
    current = LinkDecision.objects.filter(superseded_by__isnull=True, retracted_at__isnull=True)
    assert [d.verdict for d in current] == ["same"]


def test_a_bundle_that_fails_half_way_changes_nothing(field: Instance) -> None:
    for seed in (8, 9):
        field.call("edit", kind="record", seed=seed, name="field")
    bundle = field.export("office")
    inner = pyrage.decrypt(bundle, [my_identity().age])
    body = json.loads(zlib.decompress(inner[len(MAGIC) + SIGNATURE_BYTES + KEY_BYTES :]))
    stray = {"m": "nowhere.nothing", "id": str(uuid.uuid4()), "o": "", "u": "", "f": {}, "s": {}}
    body["rows"].append(stray)
    # Signed by the laptop's own key: only the content is wrong.
    broken = pack(load_identity(field.data_dir), my_identity().public, body)
    before = content_digest()
    with pytest.raises(BundleError, match="unknown kind"):
        import_bundle(broken)
    assert content_digest() == before
    assert not Record.objects.exists()


def test_rows_from_an_office_on_an_earlier_version_take_the_defaults_of_newer_columns(
    field: Instance,
) -> None:
    made = field.call("edit", kind="persons", seed=19, name="field")["created"]
    inner = pyrage.decrypt(field.export("office"), [my_identity().age])
    body = json.loads(zlib.decompress(inner[len(MAGIC) + SIGNATURE_BYTES + KEY_BYTES :]))
    # As the laptop would send them before it had the status date's precision.
    for item in body["rows"]:
        if item["m"] == "people.person":
            item["f"].pop("status_on_precision", None)
            item["s"].pop("status_on_precision", None)
    older = pack(load_identity(field.data_dir), my_identity().public, body)
    result = import_bundle(older)
    assert result.inserted >= len(made)
    persons = Person.objects.filter(pk__in=made)
    assert persons.count() == len(made)
    assert {p.status_on_precision for p in persons} == {DatePrecision.UNKNOWN}
    assert {(p.display_name, p.status) for p in persons} == {
        ("Fictional unknown of field", "unknown"),
        ("Fictional killed of field", "killed"),
        ("Fictional detained of field", "detained"),
    }


def test_a_second_export_holds_only_what_changed_since_the_peer_acknowledged(
    field: Instance, personas: Any
) -> None:
    for seed in range(10, 16):
        field.call("edit", kind="record", seed=seed, name="field")
    import_bundle(field.export("office"))
    peer = Peer.objects.get(name="field")
    assert field.import_(export_bundle(peer).data).get("ignored") is None
    field.call("edit", kind="record", seed=16, name="field")
    # The laptop's next bundle acknowledges what it received; the office then owes nothing.
    import_bundle(field.export("office"))
    assert export_bundle(Peer.objects.get(name="field")).rows == 0
    Record.objects.filter(pk=Record.objects.first().pk).update(link_probability=0.5)  # type: ignore[union-attr]
    assert export_bundle(Peer.objects.get(name="field")).rows == 1


def test_the_sync_page_shows_peers_to_admins(field: Instance, personas: Any) -> None:
    client = Client()
    client.force_login(personas.admin)
    page = client.get("/sync/")
    assert page.status_code == 200
    assert field.fingerprint in page.content.decode()
    assert my_identity().public.fingerprint in page.content.decode()


def test_the_outsider_gets_404_from_the_sync_page(personas: Any) -> None:
    for who in (personas.outsider, personas.documenter):
        client = Client()
        client.force_login(who)
        assert client.get("/sync/").status_code == 404


def test_keys_are_kept_readable_by_the_owner_only() -> None:
    my_identity()
    for path in (Path(settings.AQIQAT_DATA_DIR) / "sync").iterdir():
        assert path.stat().st_mode & 0o077 == 0, path


def test_administrators_find_the_sync_page_in_the_menu(personas: Any) -> None:
    for who, shown in ((personas.admin, True), (personas.analyst, False)):
        client = Client()
        client.force_login(who)
        assert ('href="/sync/"' in client.get("/people/").content.decode()) is shown


def test_evidence_files_travel_with_evidence_and_are_encrypted_again_here(
    field: Instance,
) -> None:
    made = field.call("edit", kind="evidence", seed=17, name="field")
    without = import_bundle(field.export("office"))
    assert without.files == 0
    evidence = Evidence.objects.get(pk=made["created"][0])
    with pytest.raises(FileNotFoundError):
        b"".join(evidence_chunks(evidence))
    field.call("edit", kind="evidence", seed=18, name="field")
    field.call("reset")
    field.call("add_peer", name="office", public_keys=my_identity().public.line)
    made = field.call("edit", kind="evidence", seed=19, name="field")
    with_files = import_bundle(field.export("office", evidence=True))
    assert with_files.files == 1
    evidence = Evidence.objects.get(pk=made["created"][0])
    assert b"".join(evidence_chunks(evidence)).decode() == made["content"]
    assert made["content"].encode() not in evidence_path(evidence.storage_name).read_bytes()


def assert_counts_exact() -> None:
    """The kept counts are in force (no recount pending) and equal a fresh full recount."""
    kept = count_cells.kept_counts()
    assert kept is not None, "the import left the kept counts to be recounted"
    assert kept == +count_cells.contributions()


@pytest.mark.parametrize("limit", [apply.KEPT_COUNTS_LIMIT, 1])
def test_an_import_keeps_the_dashboard_counts_for_the_persons_it_touches(
    field: Instance, personas: Any, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # limit 1: a bundle touching more persons than the limit recounts everything instead.
    monkeypatch.setattr(apply, "KEPT_COUNTS_LIMIT", limit)
    recount()
    field.call("edit", kind="record", seed=4, name="field")
    import_bundle(field.export("office"))  # a record without a person: no count changes
    assert_counts_exact()
    field.call("edit", kind="persons", seed=5, name="field")
    import_bundle(field.export("office"))
    assert_counts_exact()
    documented = counts.documented_counts()
    assert (documented["killed"], documented["still_held"]) == (1, 1)
    field.call("edit", kind="person_changes", seed=6, name="field")
    result = import_bundle(field.export("office"))
    assert result.updated and result.inserted  # merged persons, moved events, a correction
    assert_counts_exact()
    # Merged into the person of whom nothing was known, the killed man is still counted.
    assert counts.documented_counts()["killed"] == 1
    daily = count_cells.kept_counts() or {}
    assert daily[(count_cells.DAILY, "detention|2022-01-04")] == 1
    assert daily[(count_cells.DAILY, "detention|2022-01-07")] == 0


def test_a_complaint_from_a_peer_is_found_here_by_the_words_of_its_sealed_summary(
    field: Instance, personas: Any
) -> None:
    """The field laptop's word tokens are made with its own key; this instance makes its own."""
    made = field.call("edit", kind="complaint", seed=1, name="field", case_id="Избит в ИВС")
    import_bundle(field.export("office"))
    complaint = Complaint.objects.get(pk=made["created"][0])
    assert complaint.summary == "Избит в ИВС"
    assert complaint.sealed_words == sealed_words(["Избит в ИВС"], Complaint, complaint.search_text)

    def found(query: str) -> list[Any]:
        return [c.pk for c in complaint_list(personas.admin, CaseFilters(query=query))]

    assert found("избит") == [complaint.pk]
    field.call("edit", kind="complaint_answer", seed=2, name="field", case_id="Отказано")
    assert import_bundle(field.export("office")).updated >= 1
    assert found("отказано") == [complaint.pk]
    assert found("избит ивс") == [complaint.pk]

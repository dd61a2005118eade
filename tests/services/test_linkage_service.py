"""Re-linking the database: every record gets a person, reviewers' decisions first."""

from __future__ import annotations

from collections import Counter

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import LinkDecision
from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.linkage.store import IndexMissing
from aqiqat.services.demo_data import load_demo
from aqiqat.services.linkage import link_new_records, relink_all
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(personas):  # type: ignore[no-untyped-def]
    world = generate(people=400, seed=11)
    load_demo(world, actor=personas.admin)
    return world


def _clusters() -> dict[str, str]:
    return {str(r.pk): str(r.person_id) for r in Record.objects.all()}


def test_relinking_gives_every_record_a_person_close_to_the_truth(personas, demo) -> None:
    summary = relink_all(actor=personas.admin)
    records = Record.objects.all()
    assert summary.records == records.count()
    assert not records.filter(person__isnull=True).exists()
    people = len({t for lst in demo.lists for t in lst.truth_ids})
    assert abs(summary.persons - people) <= 0.06 * people


def test_persons_are_kept_where_the_clusters_agree_with_them(personas, demo) -> None:
    before = _clusters()
    summary = relink_all(actor=personas.admin)
    after = _clusters()
    kept = sum(1 for k, v in after.items() if before[k] == v)
    assert kept >= 0.9 * len(after)
    assert summary.records_moved == len(after) - kept
    assert AuditEntry.objects.filter(action="link").count() == summary.records_moved


def test_a_reviewers_different_splits_two_records_the_model_joined(personas, demo) -> None:
    relink_all(actor=personas.admin)
    sizes = Counter(_clusters().values())
    person = min(p for p, n in sizes.items() if n >= 2)
    a, b = list(Record.objects.filter(person_id=person).order_by("list_record_id")[:2])
    LinkDecision.objects.create(record_a=a, record_b=b, verdict="different",
                                created_by=personas.admin)  # fmt: skip
    summary = relink_all(actor=personas.admin)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    assert summary.decisions_applied == 1


def test_a_reviewers_same_joins_two_records_the_model_kept_apart(personas, demo) -> None:
    relink_all(actor=personas.admin)
    a = Record.objects.order_by("list_record_id")[0]
    b = Record.objects.exclude(person_id=a.person_id).order_by("list_record_id")[0]
    LinkDecision.objects.create(record_a=a, record_b=b, verdict="same", created_by=personas.admin)
    relink_all(actor=personas.admin)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id == b.person_id


def test_contradicting_decisions_are_reported_and_merge_nobody(personas, demo) -> None:
    a, b, c = Record.objects.order_by("list_record_id")[:3]
    for x, y, verdict in ((a, b, "same"), (b, c, "same"), (a, c, "different")):
        LinkDecision.objects.create(record_a=x, record_b=y, verdict=verdict,
                                    created_by=personas.admin)  # fmt: skip
    summary = relink_all(actor=personas.admin)
    a.refresh_from_db()
    c.refresh_from_db()
    assert a.person_id != c.person_id
    assert any("different people" in note.text for note in summary.notes)


def _again(record: Record, actor) -> Record:  # type: ignore[no-untyped-def]
    """Another report of the same person, word for word, from the same source."""
    return Record.objects.create(
        source=record.source,
        raw=record.raw,
        full_name=record.full_name,
        list_record_id=f"{record.list_record_id}-again",
        created_by=actor,
    )


def test_a_new_report_of_a_known_person_joins_that_person(personas, demo) -> None:
    relink_all(actor=personas.admin)
    # A prosecutor's entry: a full name and a full birth date, never a placeholder.
    known = Record.objects.filter(source__name="prosecutor").order_by("list_record_id")[3]
    new = _again(known, personas.admin)
    (linked,) = link_new_records([new], actor=personas.admin)
    new.refresh_from_db()
    assert new.person_id == known.person_id == linked.person_id
    assert linked.match_probability is not None and linked.match_probability >= 0.8
    assert AuditEntry.objects.filter(action="link", object_id=str(new.pk)).exists()


def test_a_new_record_nobody_matches_gets_a_person_of_its_own(personas, demo) -> None:
    relink_all(actor=personas.admin)
    template = Record.objects.order_by("list_record_id")[0]
    new = Record.objects.create(source=template.source, raw={}, full_name="Qwzxv Plokhtar",
                                list_record_id="hand:1", created_by=personas.admin)  # fmt: skip
    (linked,) = link_new_records([new], actor=personas.admin)
    assert linked.match_probability is None
    assert Record.objects.filter(person_id=linked.person_id).count() == 1


def test_linking_a_new_record_needs_a_full_relink_first(personas, demo, tmp_path,
                                                        settings) -> None:  # fmt: skip
    settings.AQIQAT_DATA_DIR = tmp_path
    with pytest.raises(IndexMissing):
        link_new_records([Record.objects.first()], actor=personas.admin)


def test_the_link_command_relinks_the_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "120", data_dir=data).returncode == 0
    done = run_aqiqat("link", "--database", data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "persons" in done.stdout and "records" in done.stdout


def test_a_record_brings_its_lists_id_number_and_address_to_linkage(personas) -> None:
    from aqiqat.services.linkage import _link_record
    from tests.factories import make_record, make_source

    columns = {"full_name": "ФИО", "id_number": "ИИН", "address": "Адрес"}
    source = make_source("prosecutor", mapping={"columns": columns})
    record = make_record(
        source=source,
        raw={"ФИО": "Серікбаев Ерлан", "ИИН": "900512 300 417", "Адрес": "ул. Абая, 12"},
    )
    linked = _link_record(record)
    assert (linked.id_number, linked.address) == ("900512 300 417", "ул. Абая, 12")

"""After an import, its records are grouped into persons, or the user is told how."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.lists import ListSpec
from aqiqat.services.demo_data import load_demo
from aqiqat.services.intake import linking
from aqiqat.services.intake.linking import link_imported
from aqiqat.services.intake.list_import import import_list
from aqiqat.services.linkage import relink_all

pytestmark = pytest.mark.django_db

COLUMNS = {"record_id": "№", "full_name": "ФИО", "birth_date": "Дата рождения"}


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.AQIQAT_DATA_DIR = tmp_path
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path


def small_list(tmp_path: Path, rows: list[tuple[str, str]]) -> ListSpec:
    path = tmp_path / "late.csv"
    lines = ["№,ФИО,Дата рождения", *(f"{i},{n},{b}" for i, (n, b) in enumerate(rows, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ListSpec("late-list", path, None, COLUMNS)


def test_before_any_full_relink_the_user_is_told_to_run_one(acting, data_dir) -> None:
    spec = small_list(data_dir, [("Ким Ольга", "12.03.1988")])
    result = import_list(spec, actor=acting)
    outcome = link_imported(result.batch, acting)
    # A web user is shown the page that does it; an operator the command.
    assert outcome.advice is not None and "aqiqat link --database" in outcome.advice
    assert "Re-link all records" in outcome.advice
    with translation.override("ru"):
        in_russian = link_imported(result.batch, acting).advice
    assert in_russian is not None and "«Заново связать все записи»" in in_russian
    assert Record.objects.get().person is None


def test_a_small_import_joins_known_persons_or_starts_new_ones(acting, data_dir) -> None:
    world = generate(people=300, seed=21)
    load_demo(world, actor=acting)
    relink_all(acting)
    known = next(p for p in world.people if p.truth_id in set(world.lists[0].truth_ids))
    written = f"{known.surname.upper()} {known.given.upper()} {known.patronymic.upper()}"
    spec = small_list(
        data_dir,
        [(written, known.birth_date.strftime("%d.%m.%Y")), ("Вымышленный Тест Тестович", "")],
    )
    result = import_list(spec, actor=acting)
    outcome = link_imported(result.batch, acting)
    assert outcome.advice is None
    assert (outcome.linked, outcome.new_persons) == (1, 1)
    joined = Record.objects.get(list_record_id="late-list:1")
    assert joined.person is not None
    assert joined.person.records.count() > 1


def test_a_large_import_is_left_for_a_full_relink(acting, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(linking, "INCREMENTAL_LIMIT", 1)
    spec = small_list(data_dir, [("Ким Ольга", ""), ("Ли Анна", "")])
    outcome = link_imported(import_list(spec, actor=acting).batch, acting)
    assert outcome.advice is not None and "2 new records" in outcome.advice

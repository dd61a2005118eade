"""`aqiqat export`: acting as a user, refusing what the user may not do, writing whole files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.cli.commands.export import FORMAT_NAMES
from aqiqat.cli.main import main
from aqiqat.services.exports import FORMATS
from tests.cli_process import run_aqiqat
from tests.exports.conftest import World, read_any, read_csv, read_json, read_pfif

pytestmark = pytest.mark.django_db


def test_the_command_offers_every_export_format() -> None:
    assert set(FORMAT_NAMES) == set(FORMATS)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json", "hxl"])
def test_it_writes_each_format_as_the_named_user(
    personas, world: World, tmp_path: Path, file_format
) -> None:
    out = tmp_path / f"records.{file_format}"
    code = main(["export", "--format", file_format, "--out", str(out), "--as", "analyst-persona"])
    assert code == 0
    rows = read_any(file_format, out.read_bytes())
    assert {row["record_id"] for row in rows} == world.current_ids
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_pfif_from_the_command_is_pfif(personas, world: World, tmp_path: Path) -> None:
    out = tmp_path / "records.xml"
    assert main(["export", "--format", "pfif", "--out", str(out)]) == 0
    assert len(read_pfif(out.read_bytes())) == len(world.current_ids)


def test_sensitive_fields_need_both_the_flag_and_the_role(
    personas, world: World, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "records.json"
    main(["export", "--format", "json", "--out", str(out), "--as", "documenter-persona"])
    assert "testimony" not in read_json(out.read_bytes())[0]
    main(["export", "--format", "json", "--out", str(out), "--as", "analyst-persona",
          "--include-sensitive"])  # fmt: skip
    assert "testimony" not in read_json(out.read_bytes())[0]
    assert "may not see sensitive fields" in capsys.readouterr().out
    main(["export", "--format", "json", "--out", str(out), "--as", "documenter-persona",
          "--include-sensitive"])  # fmt: skip
    row = next(r for r in read_json(out.read_bytes()) if r["record_id"] == "ngo-list:1")
    assert row["informant_contact"] == "+7 701 111 2233"
    entry = AuditEntry.objects.filter(action="export").order_by("seq").last()
    assert entry.actor == personas.documenter
    assert entry.detail["fields"] == ["testimony", "medical_details", "informant_contact"]


def test_it_acts_as_the_first_admin_by_default(personas, world: World, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--status", "killed"]) == 0
    assert len(read_csv(out.read_bytes())[1]) == 1
    assert AuditEntry.objects.get(action="export").actor == personas.admin


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "outsider"], "may not read records"),
        (["--as", "viewer-persona"], "may not read records"),
        (["--as", "nobody"], "no active user named 'nobody'"),
        (["--source", "no such list"], "no source named"),
        (["--status", "dead"], "unknown status 'dead'"),
        (["--as", "documenter-persona", "--include-retracted"], "only admins"),
        (["--out", "/nonexistent-folder/records.csv"], "name a file in an existing folder"),
        (["--out", "/"], "name a file in an existing folder"),
    ],
)
def test_it_refuses_what_cannot_be_done_in_one_line(
    personas, world: World, tmp_path: Path, capsys, args, message
) -> None:
    out = tmp_path / "records.csv"
    assert main(["export", "--format", "csv", "--out", str(out), *args]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error
    assert len(error.splitlines()) == 1
    assert not out.exists()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_admin_may_export_retracted_records_too(personas, world: World, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    main(["export", "--format", "json", "--out", str(out), "--include-retracted",
          "--include-superseded"])  # fmt: skip
    rows = {row["full_name"]: row for row in read_json(out.read_bytes())}
    assert rows["ОШИБОЧНАЯ ЗАПИСЬ"]["retraction_reason"] == "entered twice"
    assert "Ким Олег (old spelling)" in rows


@pytest.mark.slow
def test_a_real_instance_exports_its_demo_data(tmp_path: Path) -> None:
    data = tmp_path / "aqiqat-data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "60", data_dir=data).returncode == 0
    out = tmp_path / "demo.xlsx"
    result = run_aqiqat("export", "--format", "xlsx", "--out", str(out), data_dir=data)
    assert result.returncode == 0, result.stderr
    rows = read_any("xlsx", out.read_bytes())
    assert rows
    assert f"Exported {len(rows):,} records" in result.stdout

"""`aqiqat import` as users run it, and a process killed in the middle of an import."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat
from tests.crypto.folders import open_database


def initialised(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    return data


def count(data: Path, sql: str) -> int:
    with open_database(data) as db:
        return int(db.execute(sql).fetchone()[0])


def test_every_list_of_a_mapping_is_imported_as_its_own_source(tmp_path: Path) -> None:
    data = initialised(tmp_path)
    assert (
        run_aqiqat(
            "demo", "--people", "120", "--files", str(tmp_path / "l"), data_dir=data
        ).returncode
        == 0
    )
    mapping = str(tmp_path / "l" / "mapping.json")
    dry = run_aqiqat("import", "--mapping", mapping, "--dry-run", data_dir=data)
    assert dry.returncode == 0, dry.stderr
    assert "Rows read" in dry.stdout
    assert count(data, "SELECT COUNT(*) FROM sources_record") == 0
    result = run_aqiqat("import", "--mapping", mapping, data_dir=data)
    assert result.returncode == 0, result.stderr
    truth_rows = (tmp_path / "l" / "truth.csv").read_text(encoding="utf-8").count("\n") - 1
    assert count(data, "SELECT COUNT(*) FROM sources_record") == truth_rows
    assert count(data, "SELECT COUNT(*) FROM sources_source") == 7
    again = run_aqiqat("import", "--mapping", mapping, "--source", "morgue", data_dir=data)
    assert "imported into this source before" in again.stdout


def test_a_file_in_an_unknown_layout_is_a_clear_one_line_error(tmp_path: Path) -> None:
    data = initialised(tmp_path)
    weird = tmp_path / "photo.csv"
    weird.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    result = run_aqiqat("import", str(weird), "--source", "x", data_dir=data)
    assert result.returncode == 2
    assert "not text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_process_killed_mid_import_leaves_no_trace_of_it(tmp_path: Path) -> None:
    data = initialised(tmp_path)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("№,ФИО,Дата рождения,Место\n")
        for i in range(1, 60_001):
            out.write(f"{i},Ким Олег {chr(0x410 + i % 32)},{1 + i % 28:02d}.03.1980,Алматы\n")
    records_before = count(data, "SELECT COUNT(*) FROM sources_record")
    audit_before = count(data, "SELECT COUNT(*) FROM audit_auditentry")
    process = subprocess.Popen(
        aqiqat_command("import", str(big), "--source", "big"),
        env=aqiqat_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = data / "aqiqat.sqlite3-wal"
    deadline = time.monotonic() + 120
    # Kill only once rows are being written (the WAL grows inside the import's transaction).
    while (not wal.exists() or wal.stat().st_size < 2_000_000) and time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert count(data, "SELECT COUNT(*) FROM sources_record") == records_before
    assert count(data, "SELECT COUNT(*) FROM sources_importbatch") == 0
    assert count(data, "SELECT COUNT(*) FROM audit_auditentry") == audit_before
    verify = run_aqiqat("audit", "verify", data_dir=data)
    assert verify.returncode == 0, verify.stdout
    retry = run_aqiqat("import", str(big), "--source", "big", data_dir=data)
    assert retry.returncode == 0, retry.stderr
    assert count(data, "SELECT COUNT(*) FROM sources_record") == 60_000

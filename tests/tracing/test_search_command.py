"""`aqiqat search` as scripts run it: the JSON shape of DESIGN.md, roles, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_process import run_aqiqat
from tests.crypto.folders import open_database


def test_the_command_finds_a_demo_person_in_another_script_as_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "150", data_dir=data).returncode == 0
    added = run_aqiqat("user", "add", "desk", "--role", "tracing_desk", data_dir=data)
    assert added.returncode == 0
    with open_database(data) as db:
        person_id, name, born = db.execute(
            "SELECT p.id, p.display_name, p.birth_year FROM people_person p"
            " JOIN sources_record r ON r.person_id = p.id ORDER BY p.display_name LIMIT 1"
        ).fetchone()
    surname, given = name.split()[:2]
    from aqiqat.names import transliterate

    query = transliterate(f"{given} {surname}", "icao")
    found = run_aqiqat("search", query, "--born", str(born), "--json", data_dir=data)
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert set(results[0]) == {"person_id", "score", "record_ids", "status", "why"}
    assert person_id.replace("-", "") in {r["person_id"].replace("-", "") for r in results[:3]}
    assert all(":" in record_id for record_id in results[0]["record_ids"])
    as_desk = run_aqiqat("search", query, "--as", "desk", "--json", data_dir=data)
    assert json.loads(as_desk.stdout)["results"][0]["record_ids"] == []
    for bad in (["K"], ["x" * 10_000], [query, "--born", "3000"]):
        refused = run_aqiqat("search", *bad, data_dir=data)
        assert refused.returncode == 2
        assert "Traceback" not in refused.stderr and refused.stderr.strip()

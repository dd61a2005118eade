"""docs/file-formats.md describes every export column and its HXL hashtag."""

from __future__ import annotations

from pathlib import Path

from aqiqat.services.exports.columns import BASE_COLUMNS, RETRACTION_COLUMNS, SENSITIVE_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "file-formats.md"


def test_every_export_column_is_documented_with_its_hashtag() -> None:
    section = DOC.read_text(encoding="utf-8").split("## Exports", 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("| `")]
    for column in (*BASE_COLUMNS, *RETRACTION_COLUMNS, *SENSITIVE_COLUMNS.values()):
        line = next((line for line in lines if f"`{column.name}`" in line), None)
        assert line is not None, column.name
        last_attribute = "+" + column.hxl.rsplit("+", 1)[-1] if "+" in column.hxl else column.hxl
        assert f"`{column.hxl}`" in line or f"`{last_attribute}`" in line, column.name

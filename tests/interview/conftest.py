"""Shared answers for the interview tests: a mother reporting her son's detention."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def interview_answers(**changes: str) -> dict[str, str]:
    """What a documenter types for one interview; `changes` replace or add answers."""
    answers = {
        "full_name": "Тоқаев Нұрлан Ерланұлы",
        "birth_date": "12.03.1990",
        "age": "",
        "sex": "M",
        "place": "Алматы",
        "status": "detained",
        "detained_on": "06.01.2022",
        "detained_at": "Алматы",
        "detained_by": "СОБР, в масках",
        "held_at": "ИВС ДП г. Алматы",
        "source_kind": "relative",
        "channel": "in_person",
        "received_on": "2022-01-20",
        "informant_contact": "мать, +7 701 000 00 00",
        "testimony": "Забрали с площади, три дня не давали воды.",
        "consent_publish": "yes",
        "consent_share_authorities": "no",
        "consent_share_international": "not_asked",
    }
    answers.update(changes)
    return answers


@pytest.fixture
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path / "evidence"

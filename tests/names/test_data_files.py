"""The data files are what a country-specific deployment replaces: keep them sound."""

import csv
from importlib import resources

from aqiqat.names import word_key

DATA = resources.files("aqiqat.names").joinpath("data")


def _rows(name):
    return list(csv.DictReader(DATA.joinpath(name).read_text("utf-8").splitlines()))


def test_every_given_name_has_a_sex_of_m_f_or_u():
    rows = _rows("given_names.csv")
    assert len(rows) > 300
    assert {r["sex"] for r in rows} == {"M", "F", "U"}


def test_every_listed_name_variant_differs_in_key_from_its_name():
    # A pair that already shares a key needs no listing.
    for row in _rows("given_name_variants.csv"):
        assert word_key(row["name"]) != word_key(row["variant"]), row


def test_the_invariant_surnames_include_the_korean_ones():
    words = set(DATA.joinpath("invariant_surnames.txt").read_text("utf-8").split())
    assert {"Ким", "Цой", "Пак", "Ли"} <= words


def test_the_key_rules_file_has_the_documented_columns():
    rows = _rows("key_rules.csv")
    assert set(rows[0]) == {"stage", "from", "to", "why"}

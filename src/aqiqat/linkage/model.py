"""The linkage model: comparisons, their levels, blocking rules. Backend-neutral.

Each level is written twice: as a Splink level (SQL, translated by Splink for DuckDB or
Spark) and as a Python predicate over two prepared rows, so that one new record can be
scored against a few candidates without a database round trip (scoring.py). A test
checks that both give the same levels on real data.

Columns compared are those of prepare.PREPARED_COLUMNS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

if TYPE_CHECKING:
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.comparison_creator import ComparisonCreator
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

Row = Mapping[str, Any]
_SIDE = re.compile(r"\b([lr])\.(\w+)")
Test = Callable[[Row, Row], bool]

# Above this probability two records are taken to be one person (file mode's default).
DEFAULT_THRESHOLD = 0.8
# Pairs between these probabilities are the uncertain band that goes to human review.
REVIEW_BAND = (0.3, 0.99)
# Given names are close only when nearly identical: Ерлан/Ержан are two names.
GIVEN_CLOSE = 0.92
SURNAME_CLOSE = 0.92
SURNAME_FAR = 0.8
FATHER_CLOSE = 0.88
NEAR_YEARS = 2
# How often one person's records disagree where EM is not trusted (see Level.fixed_m): a
# day or month mistyped, a birth year more than NEAR_YEARS off, the sex written wrong.
M_DAY_OR_MONTH_WRONG = 0.01
M_YEARS_WRONG = 0.005
M_SEX_WRONG = 0.005
# How often one of two records of a person gives only an initial where the other has the
# name. EM sees few such pairs in its samples (they come mostly from morgue registers): it
# found about 0.23 on the demo lists when it worked, and nearly zero on some runs, which
# lost every morgue link. Set a little below what it found when it worked.
M_INITIAL_ONLY = 0.2
EVENT_DAYS_CLOSE = 2
EVENT_DAYS_NEAR = 10
# One edit apart: a digit mistyped, dropped, added, or two neighbours swapped.
ID_EDITS = 1
ADDRESS_CLOSE = 0.9
ADDRESS_FAR = 0.75


@dataclass(frozen=True)
class Level:
    """One level of a comparison: its chart label, how Splink tests it, how Python does."""

    label: str
    splink: Callable[[], ComparisonLevelCreator]
    test: Test
    tf_column: str | None = None
    null: bool = False
    # Set from what is known about how lists are kept, not estimated: EM cannot tell a
    # namesake from a match in the blocks it trains on, and would make these too likely.
    fixed_m: float | None = None


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: tuple[Level, ...]

    def level_of(self, left: Row, right: Row) -> int:
        """Index of the first level that holds, counted from the most specific (as Splink)."""
        for index, level in enumerate(self.levels):
            if level.test(left, right):
                return index
        raise AssertionError(f"{self.name}: no level holds, not even the else level")


def _missing(*columns: str) -> Test:
    return lambda a, b: any(a[c] is None or b[c] is None for c in columns)


def _same(column: str) -> Test:
    return lambda a, b: a[column] is not None and a[column] == b[column]


def _jw(column: str, at_least: float) -> Test:
    def test(a: Row, b: Row) -> bool:
        x, y = a[column], b[column]
        return x is not None and y is not None and JaroWinkler.similarity(x, y) >= at_least

    return test


def _reversed(a: Row, b: Row) -> bool:
    return (
        a["sur_ph"] is not None
        and a["giv_ph"] is not None
        and a["sur_ph"] == b["giv_ph"]
        and a["giv_ph"] == b["sur_ph"]
    )


# Surname and given name in each other's place, compared on their consonant skeletons.
_SWAPPED = "l.sur_ph = r.giv_ph AND l.giv_ph = r.sur_ph"


def _initial_only(full: str, initial: str) -> Test:
    """One side wrote only an initial, and it is the other side's first letter."""
    return lambda a, b: (a[full] is None or b[full] is None) and _same(initial)(a, b)


def _edits_within(column: str, edits: int) -> Test:
    def test(a: Row, b: Row) -> bool:
        x, y = a[column], b[column]
        return (
            x is not None
            and y is not None
            and DamerauLevenshtein.distance(x, y, score_cutoff=edits) <= edits
        )

    return test


def _both_dates_same_year(a: Row, b: Row) -> bool:
    return a["bdate"] is not None and b["bdate"] is not None and a["by_min"] == b["by_min"]


def _same_single_year(a: Row, b: Row) -> bool:
    return a["by_min"] == a["by_max"] == b["by_min"] == b["by_max"]


def _years_within(slack: int) -> Test:
    return lambda a, b: a["by_min"] <= b["by_max"] + slack and b["by_min"] <= a["by_max"] + slack


def _days_within(days: int) -> Test:
    return lambda a, b: abs(a["eday"] - b["eday"]) <= days


def _level_sql(sql: str) -> str:
    """Levels are written like blocking rules (l.sur, r.sur); Splink names them sur_l, sur_r."""
    return _SIDE.sub(r"\2_\1", sql)


def _else(a: Row, b: Row) -> bool:
    return True


@cache
def comparisons() -> tuple[Comparison, ...]:
    """The model's comparisons, most specific level first (built once: scoring a pair
    asks for them, and clustering scores millions of pairs)."""
    import splink.comparison_level_library as cll

    def custom(sql: str, label: str) -> Callable[[], ComparisonLevelCreator]:
        return lambda: cll.CustomLevel(_level_sql(sql), label)

    def null(sql: str) -> Callable[[], ComparisonLevelCreator]:
        return lambda: cll.CustomLevel(_level_sql(sql), "missing on either side").configure(
            is_null_level=True
        )

    def level(label: str, make: Callable[[], ComparisonLevelCreator]) -> Callable[[], Any]:
        return lambda: make().configure(label_for_charts=label)

    surname = Comparison(
        "surname",
        "Surname key with female endings made male (Тоқаева, Tokayeva → tokaev)",
        (
            Level("missing", null("l.sur IS NULL OR r.sur IS NULL"), _missing("sur"), null=True),
            Level(
                "same key",
                level("same key", lambda: cll.ExactMatchLevel("sur")),
                _same("sur"),
                tf_column="sur",
            ),
            Level(
                "surname and given name swapped",
                custom(_SWAPPED, "swapped"),
                _reversed,
            ),
            Level(
                f"Jaro-Winkler ≥ {SURNAME_CLOSE}",
                lambda: cll.JaroWinklerLevel("sur", SURNAME_CLOSE),
                _jw("sur", SURNAME_CLOSE),
            ),
            Level(
                "same consonant skeleton",
                custom("l.sur_ph = r.sur_ph", "same consonant skeleton"),
                _same("sur_ph"),
            ),
            Level(
                f"Jaro-Winkler ≥ {SURNAME_FAR}",
                lambda: cll.JaroWinklerLevel("sur", SURNAME_FAR),
                _jw("sur", SURNAME_FAR),
            ),
            Level("different", lambda: cll.ElseLevel(), _else),
        ),
    )
    given = Comparison(
        "given",
        "Given name key, or its initial when a list gives only that",
        (
            Level(
                "missing",
                null("l.giv_i IS NULL OR r.giv_i IS NULL"),
                _missing("giv_i"),
                null=True,
            ),
            Level(
                "same key",
                level("same key", lambda: cll.ExactMatchLevel("giv")),
                _same("giv"),
                tf_column="giv",
            ),
            # Neutral here: the surname comparison's swapped level carries the evidence of
            # both names, which would otherwise be counted twice.
            Level(
                "surname and given name swapped",
                lambda: cll.CustomLevel(_level_sql(_SWAPPED), "swapped").configure(
                    m_probability=0.5,
                    u_probability=0.5,
                    fix_m_probability=True,
                    fix_u_probability=True,
                ),
                _reversed,
            ),
            Level(
                f"Jaro-Winkler ≥ {GIVEN_CLOSE}",
                lambda: cll.JaroWinklerLevel("giv", GIVEN_CLOSE),
                _jw("giv", GIVEN_CLOSE),
            ),
            Level(
                "initial agrees",
                custom("(l.giv IS NULL OR r.giv IS NULL) AND l.giv_i = r.giv_i", "initial agrees"),
                _initial_only("giv", "giv_i"),
                fixed_m=M_INITIAL_ONLY,
            ),
            Level("different", lambda: cll.ElseLevel(), _else),
        ),
    )
    father = Comparison(
        "father",
        "Father's name inside the patronymic (Ерланұлы, Ерланович, Erlanovich → erlan)",
        (
            Level(
                "missing",
                null("l.fat_i IS NULL OR r.fat_i IS NULL"),
                _missing("fat_i"),
                null=True,
            ),
            Level(
                "same key",
                level("same key", lambda: cll.ExactMatchLevel("fat")),
                _same("fat"),
                tf_column="fat",
            ),
            Level(
                f"Jaro-Winkler ≥ {FATHER_CLOSE}",
                lambda: cll.JaroWinklerLevel("fat", FATHER_CLOSE),
                _jw("fat", FATHER_CLOSE),
            ),
            Level(
                "initial agrees",
                custom("(l.fat IS NULL OR r.fat IS NULL) AND l.fat_i = r.fat_i", "initial agrees"),
                _initial_only("fat", "fat_i"),
                fixed_m=M_INITIAL_ONLY,
            ),
            Level("different", lambda: cll.ElseLevel(), _else),
        ),
    )
    birth = Comparison(
        "birth",
        "Birth date, or the birth-year range a year or an age gives",
        (
            Level(
                "missing",
                null("l.by_min IS NULL OR r.by_min IS NULL"),
                _missing("by_min"),
                null=True,
            ),
            Level("same date", custom("l.bdate = r.bdate", "same date"), _same("bdate")),
            # 1981-08-28 written 1918-08-28 or 1981-08-29: one key struck wrong.
            Level(
                "one digit mistyped or two swapped",
                lambda: cll.DamerauLevenshteinLevel("bdate", ID_EDITS),
                _edits_within("bdate", ID_EDITS),
            ),
            Level(
                "two dates in one year",
                custom(
                    "l.bdate IS NOT NULL AND r.bdate IS NOT NULL AND l.by_min = r.by_min",
                    "two dates in one year",
                ),
                _both_dates_same_year,
                fixed_m=M_DAY_OR_MONTH_WRONG,
            ),
            Level(
                "same year",
                custom(
                    "l.by_min = l.by_max AND r.by_min = r.by_max AND l.by_min = r.by_min",
                    "same year",
                ),
                _same_single_year,
            ),
            Level(
                "year ranges overlap",
                custom("l.by_min <= r.by_max AND r.by_min <= l.by_max", "year ranges overlap"),
                _years_within(0),
            ),
            Level(
                f"within {NEAR_YEARS} years",
                custom(
                    f"l.by_min <= r.by_max + {NEAR_YEARS} AND r.by_min <= l.by_max + {NEAR_YEARS}",
                    f"within {NEAR_YEARS} years",
                ),
                _years_within(NEAR_YEARS),
            ),
            Level("further apart", lambda: cll.ElseLevel(), _else, fixed_m=M_YEARS_WRONG),
        ),
    )
    sex = Comparison(
        "sex",
        "Sex as a list states it, or as the name's form signals it",
        (
            Level("missing", lambda: cll.NullLevel("sex"), _missing("sex"), null=True),
            Level("same", level("same", lambda: cll.ExactMatchLevel("sex")), _same("sex")),
            Level("different", lambda: cll.ElseLevel(), _else, fixed_m=M_SEX_WRONG),
        ),
    )
    place = Comparison(
        "place",
        "Place of the event as a gazetteer id (Алма-Ата, Almaty → kz-almaty)",
        (
            Level("missing", lambda: cll.NullLevel("place"), _missing("place"), null=True),
            Level(
                "same place",
                level("same place", lambda: cll.ExactMatchLevel("place")),
                _same("place"),
            ),
            Level(
                "same region",
                custom("l.area = r.area", "same region"),
                _same("area"),
            ),
            Level("elsewhere", lambda: cll.ElseLevel(), _else),
        ),
    )
    event = Comparison(
        "event",
        "Date of the reported event (detention, admission, death): lists differ in which",
        (
            Level("missing", lambda: cll.NullLevel("eday"), _missing("eday"), null=True),
            Level(
                f"within {EVENT_DAYS_CLOSE} days",
                custom(f"abs(l.eday - r.eday) <= {EVENT_DAYS_CLOSE}", "close"),
                _days_within(EVENT_DAYS_CLOSE),
            ),
            Level(
                f"within {EVENT_DAYS_NEAR} days",
                custom(f"abs(l.eday - r.eday) <= {EVENT_DAYS_NEAR}", "near"),
                _days_within(EVENT_DAYS_NEAR),
            ),
            Level("further apart", lambda: cll.ElseLevel(), _else),
        ),
    )
    id_number = Comparison(
        "id_number",
        "Identity-document number (IIN, passport) with spaces, dashes and case removed",
        (
            Level("missing", lambda: cll.NullLevel("idn"), _missing("idn"), null=True),
            Level("same", level("same", lambda: cll.ExactMatchLevel("idn")), _same("idn")),
            Level(
                "one digit mistyped or two swapped",
                lambda: cll.DamerauLevenshteinLevel("idn", ID_EDITS),
                _edits_within("idn", ID_EDITS),
            ),
            Level("different", lambda: cll.ElseLevel(), _else),
        ),
    )
    address = Comparison(
        "address",
        "Address as romanised words and numbers, street-type words left out, in alphabetical order",
        (
            Level("missing", lambda: cll.NullLevel("addr"), _missing("addr"), null=True),
            Level("same", level("same", lambda: cll.ExactMatchLevel("addr")), _same("addr")),
            Level(
                f"Jaro-Winkler ≥ {ADDRESS_CLOSE}",
                lambda: cll.JaroWinklerLevel("addr", ADDRESS_CLOSE),
                _jw("addr", ADDRESS_CLOSE),
            ),
            Level(
                "same numbers (house, flat, postcode)",
                custom("l.addr_num = r.addr_num", "same numbers"),
                _same("addr_num"),
            ),
            Level(
                "same postcode or house number (the longest number)",
                custom("l.addr_main = r.addr_main", "same longest number"),
                _same("addr_main"),
            ),
            Level(
                f"Jaro-Winkler ≥ {ADDRESS_FAR}",
                lambda: cll.JaroWinklerLevel("addr", ADDRESS_FAR),
                _jw("addr", ADDRESS_FAR),
            ),
            Level("different", lambda: cll.ElseLevel(), _else),
        ),
    )
    return (surname, given, father, birth, sex, place, event, id_number, address)


def splink_comparisons(
    trained: Mapping[str, Any] | None = None, estimate_fixed: bool = False
) -> list[ComparisonCreator | dict[str, Any]]:
    """The comparisons as Splink objects, labels and term-frequency columns set.

    With `trained` (a saved model), each level carries its trained m and u: the model is
    rebuilt in whatever SQL dialect the backend speaks, not replayed in the one it was
    trained in. With `estimate_fixed`, EM estimates the levels whose m is otherwise set
    (Level.fixed_m), as it may when most records carry an identity-document number.
    """
    import splink.comparison_library as cl

    known = {c["output_column_name"]: c["comparison_levels"] for c in
             (trained or {}).get("comparisons", [])}  # fmt: skip
    out: list[ComparisonCreator | dict[str, Any]] = []
    for comparison in comparisons():
        levels: list[ComparisonLevelCreator | dict[str, Any]] = []
        saved = known.get(comparison.name)
        for index, level in enumerate(comparison.levels):
            creator = level.splink()
            if level.tf_column:
                creator = creator.configure(tf_adjustment_column=level.tf_column)
            if level.fixed_m is not None and not estimate_fixed:
                creator = creator.configure(m_probability=level.fixed_m, fix_m_probability=True)
            if saved is not None and not level.null:
                creator = creator.configure(
                    m_probability=saved[index]["m_probability"],
                    u_probability=saved[index]["u_probability"],
                )
            levels.append(creator.configure(label_for_charts=level.label))
        out.append(
            cl.CustomComparison(
                levels,
                output_column_name=comparison.name,
                comparison_description=comparison.description,
            )
        )
    return out


@dataclass(frozen=True)
class BlockingRule:
    """Pairs meeting `sql` are scored. The equalities pair `left` columns of one record
    with `right` columns of the other, so that an index of `right` values finds the
    candidates of a new record (incremental.py); `extra` is the rest of the condition."""

    description: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    extra: str = ""
    extra_test: Test | None = None

    @property
    def sql(self) -> str:
        parts = [f"l.{a} = r.{b}" for a, b in zip(self.left, self.right, strict=True)]
        return " AND ".join(parts + ([f"({self.extra})"] if self.extra else []))


def _compatible(a: Row, b: Row) -> bool:
    if _edits_within("idn", ID_EDITS)(a, b):
        return True
    if a["area"] is not None and b["area"] is not None and a["area"] != b["area"]:
        return False
    if a["by_min"] is None or b["by_min"] is None:
        return True
    return bool(_years_within(NEAR_YEARS)(a, b))


def _initial_on_a_side(a: Row, b: Row) -> bool:
    return a["giv"] is None or b["giv"] is None


# Pairs in two regions, or with birth years that cannot belong to one person, are left
# out of every rule whose keys are common: at a million demo records, «same surname and
# given name» alone is 160 million pairs. Such pairs would score far below any threshold
# (see the weights in docs/linkage.md), so little is lost — unless their identity numbers
# agree (to one edit), which outweighs a birth date or a region written wrong.
_COMPATIBLE = (
    f"damerau_levenshtein(l.idn, r.idn) <= {ID_EDITS} OR ("
    "(l.area IS NULL OR r.area IS NULL OR l.area = r.area) AND (l.by_min IS NULL OR "
    f"r.by_min IS NULL OR (l.by_min <= r.by_max + {NEAR_YEARS} AND "
    f"r.by_min <= l.by_max + {NEAR_YEARS})))"
)

# Blocking: only pairs that meet one of these rules are scored. Every rule stands on
# romanised or phonetic keys, never raw text, so that scripts meet. Each rule catches what
# the ones before it miss; all join on equality so that no rule is a cross join.
BLOCKING_RULES: tuple[BlockingRule, ...] = (
    BlockingRule(
        "same surname and given-name skeletons, birth years compatible",
        ("sur_ph", "giv_ph"),
        ("sur_ph", "giv_ph"),
        _COMPATIBLE,
        _compatible,
    ),
    BlockingRule("surname and given name swapped", ("sur_ph", "giv_ph"), ("giv_ph", "sur_ph")),
    BlockingRule(
        "initials: surname skeleton and both initials, birth years compatible",
        ("sur_ph", "giv_i", "fat_i"),
        ("sur_ph", "giv_i", "fat_i"),
        _COMPATIBLE,
        _compatible,
    ),
    BlockingRule(
        "initials without patronymic: surname skeleton, initial, last possible birth year",
        ("sur_ph", "giv_i", "by_max"),
        ("sur_ph", "giv_i", "by_max"),
        "l.giv IS NULL OR r.giv IS NULL",
        _initial_on_a_side,
    ),
    BlockingRule(
        "misspelt surname: same given name and birth date", ("giv_ph", "bdate"), ("giv_ph", "bdate")
    ),
    BlockingRule(
        "misspelt given name: same surname and birth date", ("sur_ph", "bdate"), ("sur_ph", "bdate")
    ),
    BlockingRule(
        "misspelt surname, no birth date: given name, father and place",
        ("giv_ph", "fat", "place"),
        ("giv_ph", "fat", "place"),
        _COMPATIBLE,
        _compatible,
    ),
    BlockingRule("same identity-document number", ("idn",), ("idn",)),
    BlockingRule(
        "same birth date and address numbers", ("bdate", "addr_num"), ("bdate", "addr_num")
    ),
    BlockingRule("same address, numbers included", ("addr", "addr_num"), ("addr", "addr_num")),
)

# EM is run once per rule; each rule leaves free the comparisons it does not fix.
TRAINING_RULES: tuple[tuple[str, ...], ...] = (("sur", "giv"), ("bdate",), ("sur", "place"))
# Pairs sharing an identity-document number are nearly all one person, namesakes included:
# EM blocked on it learns how one person's records disagree (birth dates, sex, initials)
# without the namesakes that make the set m values necessary. Used, and the set m values
# estimated instead, when at least ID_SHARE of the records carry a number; otherwise
# namesakes without one would still sway EM in the other blocks.
ID_TRAINING_RULE = ("idn",)
ID_SHARE = 0.5
# Deterministic rule for the prior: a pair this alike is nearly always one person.
PRIOR_RULE = ("sur", "giv", "bdate")
# The rule needs full birth dates on both sides, which most lists lack: it finds few.
PRIOR_RECALL = 0.3
# The prior when the rule finds no pair (a first small list, or lists without full birth
# dates): Splink's own default, one pair in ten thousand, so only records that agree well
# on name and birth are linked. A prior of 0 would make every pair impossible (and Splink
# fails on its logarithm).
FALLBACK_PRIOR = 1e-4
# The most a prior may be: on a handful of records the estimate (pairs found / recall /
# all pairs) can exceed it, or even 1, which would say any two records are more likely one
# person than two. A small list's own estimate is otherwise kept: few records, few pairs,
# so a real duplicate is a large share of them.
MAX_PRIOR = 0.5


def blocking_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    from splink.blocking_rule_library import CustomRule

    return [CustomRule(rule.sql, sql_dialect="duckdb") for rule in BLOCKING_RULES]


def settings(
    max_iterations: int = 20,
    trained: Mapping[str, Any] | None = None,
    estimate_fixed: bool = False,
) -> Any:
    """Splink settings for deduplicating one table of prepared records (all lists);
    with `trained`, the parameters of a model trained before; with `estimate_fixed`, no
    level's m is set (see ID_TRAINING_RULE)."""
    from splink import SettingsCreator

    extra: dict[str, Any] = {}
    if trained is not None:
        extra["probability_two_random_records_match"] = trained[
            "probability_two_random_records_match"
        ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=splink_comparisons(trained, estimate_fixed),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["list"],
        max_iterations=max_iterations,
        em_convergence=0.001,
        **extra,
    )

"""Could two written names be the same person? A score in [0, 1] and a yes/no.

Names are compared part by part on their Latin keys, so scripts and spellings do not
matter. Surnames are compared with female endings made male, then the sexes the forms
signal are checked separately. An initial agrees with any name that starts with it. A part
missing on one side is not a disagreement; a patronymic present on both sides must agree,
since a father and son often share surname and given name and differ only there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel

from aqiqat.names.keys import word_key
from aqiqat.names.parse import (
    NamePart,
    ParsedName,
    are_name_variants,
    is_given_name,
    parse_name,
    surname_sex,
)

DEFAULT_THRESHOLD = 0.85
WEIGHTS = {"surname": 0.5, "given": 0.35, "patronymic": 0.15}
# A part this far apart is a different name, however well the rest agrees (Ольга/Олег,
# Кенжебаев/Кенжебеков). Surnames are longer, so one letter weighs less there.
PART_FLOOR = 0.8
SURNAME_FLOOR = 0.85
INITIAL_AGREES = 0.9
# A listed diminutive or other form of the same given name (data/given_name_variants.csv).
NAME_VARIANT = 0.9
# Two different entries of the given-name list are two names, however close their
# spelling (Алия/Алина, Ерлан/Ержан, Марат/Мұрат): at most this similar.
DISTINCT_NAMES = 0.7
# Kazakh vowels as Russified spellings write them: ө and ү become у (Өтепов/Утепов,
# Түлегенов/Тулегенов), і becomes у or ы (Жүнісов/Жунусов).
VOWEL_VARIANT = 0.9
_KAZAKH_VOWEL_SWAPS = frozenset({("o", "u"), ("u", "o"), ("i", "u"), ("u", "i")})
# Kazakh name elements: Жолдасбеков and Жолдасбаев share a stem but are two names.
_ELEMENT = re.compile(r"(bek|bai|ba|jan|han|gali|bergen|bol|gul)(ov|ev|in|uli|kizi)?$")
# With only one part on a side (a surname alone), agreement is never enough to decide.
ONE_PART_CAP = 0.8
# A patronymic or sex that disagrees caps the score here.
CONFLICT_CAP = 0.4


@dataclass(frozen=True, slots=True)
class Comparison:
    """How alike two names are (0-1), whether that reaches the threshold, and why."""

    score: float
    same: bool
    reasons: tuple[str, ...] = ()


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return float(Indel.normalized_similarity(a, b))


def _part_similarity(a: NamePart, b: NamePart, a_key: str, b_key: str) -> float:
    if not a_key or not b_key:
        return 0.0
    if a.initial or b.initial:
        return INITIAL_AGREES if a_key[0] == b_key[0] else 0.0
    return _ratio(a_key, b_key)


def _kazakh_vowel_variant(a_key: str, b_key: str) -> bool:
    if len(a_key) != len(b_key):
        return False
    return all(x == y or (x, y) in _KAZAKH_VOWEL_SWAPS for x, y in zip(a_key, b_key, strict=True))


def _other_element(a_key: str, b_key: str) -> bool:
    """Whether two keys are one stem with two different Kazakh name elements."""
    ma, mb = _ELEMENT.search(a_key), _ELEMENT.search(b_key)
    if ma is None or mb is None or ma.group(1) == mb.group(1):
        return False
    return a_key[: ma.start()] == b_key[: mb.start()]


def _surname_similarity(a: NamePart, b: NamePart, a_key: str, b_key: str) -> float:
    """Like `_part_similarity`, forgiving Kazakh vowels in Russified spellings and telling
    name elements apart."""
    sim = _part_similarity(a, b, a_key, b_key)
    if sim == 1.0 or a.initial or b.initial:
        return sim
    if _other_element(a_key, b_key):
        return min(sim, DISTINCT_NAMES)
    if sim < VOWEL_VARIANT and _kazakh_vowel_variant(a_key, b_key):
        return VOWEL_VARIANT
    return sim


def _name_similarity(a: NamePart, b: NamePart, a_key: str, b_key: str) -> float:
    """Like `_part_similarity`, knowing which given names are forms of one name (Саша,
    Александр) and that two other listed given names are two names."""
    sim = _part_similarity(a, b, a_key, b_key)
    if sim == 1.0 or a.initial or b.initial:
        return sim
    if are_name_variants(a_key, b_key):
        return max(sim, NAME_VARIANT)
    if (is_given_name(a_key) and is_given_name(b_key)) or _other_element(a_key, b_key):
        return min(sim, DISTINCT_NAMES)
    return sim


def _given_similarity(a: ParsedName, b: ParsedName) -> float:
    assert a.given is not None and b.given is not None
    sim = _name_similarity(a.given, b.given, a.given.key, b.given.key)
    if sim < PART_FLOOR and len(a.given_words) != len(b.given_words):
        # «Мухаммед Али» and «Мухаммед»: one given name among several agrees.
        shorter, longer = sorted((a, b), key=lambda p: len(p.given_words))
        short_key = shorter.given.key if shorter.given else ""
        for word in longer.given_words:
            if word_key(word) == short_key:
                return INITIAL_AGREES
    return sim


def _aligned(a: ParsedName, b: ParsedName) -> tuple[float, list[str], float]:
    """Weighted agreement of the parts both names have, the reasons, and the weight used."""
    total = weight = 0.0
    worst = 1.0
    reasons: list[str] = []
    if a.surname is not None and b.surname is not None:
        sim = _surname_similarity(a.surname, b.surname, a.surname_stem, b.surname_stem)
        reasons.append(f"surname {sim:.2f}")
        total += WEIGHTS["surname"] * sim
        weight += WEIGHTS["surname"]
        # Below its own floor a surname counts as far apart as any part below PART_FLOOR.
        worst = min(worst, sim if sim >= SURNAME_FLOOR else min(sim, PART_FLOOR - 0.01))
    if a.given is not None and b.given is not None:
        sim = _given_similarity(a, b)
        reasons.append(f"given name {sim:.2f}")
        total += WEIGHTS["given"] * sim
        weight += WEIGHTS["given"]
        worst = min(worst, sim)
    if weight == 0:
        return 0.0, ["no part in common"], 0.0
    score = total / weight
    if worst < PART_FLOOR:
        score = min(score, worst)
    return score, reasons, weight


def _swapped(p: ParsedName) -> ParsedName:
    """The same name read the other way round (given name taken for the surname)."""
    if p.surname is None or p.given is None or p.given.initial or p.surname.initial:
        return p
    return ParsedName(
        input=p.input,
        script=p.script,
        surname=p.given,
        given=p.surname,
        patronymic=p.patronymic,
        sex=p.sex,
        order=p.order,
        given_words=(p.surname.text,),
    )


def _readings(p: ParsedName) -> list[ParsedName]:
    """The name as parsed, and with each one-word name from its parentheses as the surname
    («Иванова (Петрова) Анна» is also Петрова Анна)."""
    readings = [p]
    for other in p.also_written:
        parsed = parse_name(other)
        if parsed.ok and parsed.surname is not None and parsed.given is None:
            readings.append(replace(p, surname=parsed.surname, also_written=()))
    return readings


def compare(
    a: str | ParsedName, b: str | ParsedName, threshold: float = DEFAULT_THRESHOLD
) -> Comparison:
    """Score whether two names can belong to the same person."""
    pa = a if isinstance(a, ParsedName) else parse_name(a)
    pb = b if isinstance(b, ParsedName) else parse_name(b)
    for p in (pa, pb):
        if not p.ok:
            return Comparison(0.0, False, (f"{p.input[:40]!r} is unparseable: {p.unparseable}",))
    score, reasons = _compare(pa, pb)
    for x in _readings(pa):
        for y in _readings(pb):
            if x is pa and y is pb:
                continue
            other, other_reasons = _compare(x, y)
            if other > score:
                score, reasons = other, (*other_reasons, "with the surname in parentheses")
    return Comparison(score, score >= threshold, reasons)


def _compare(pa: ParsedName, pb: ParsedName) -> tuple[float, tuple[str, ...]]:
    score, reasons, weight = _aligned(pa, pb)
    # Either name may have been read in the wrong order; trying both keeps a ~ b == b ~ a.
    for x, y in ((pa, _swapped(pb)), (_swapped(pa), pb)):
        crossed, crossed_reasons, crossed_weight = _aligned(x, y)
        if crossed > score and crossed_weight >= weight:
            score, reasons, weight = (
                crossed,
                [*crossed_reasons, "read in the other order"],
                crossed_weight,
            )

    if weight < WEIGHTS["surname"] + WEIGHTS["given"]:
        score = min(score, ONE_PART_CAP)
        reasons.append("too few parts in common to decide")

    if pa.patronymic is not None and pb.patronymic is not None:
        pat_a, pat_b = pa.patronymic, pb.patronymic
        sim = _name_similarity(pat_a, pat_b, pa.father_key, pb.father_key)
        reasons.append(f"patronymic {sim:.2f}")
        if sim < PART_FLOOR:
            score = min(score, CONFLICT_CAP)
            reasons.append("patronymics differ")
        else:
            score = (score * weight + WEIGHTS["patronymic"] * sim) / (
                weight + WEIGHTS["patronymic"]
            )

    if pa.sex is not None and pb.sex is not None and pa.sex != pb.sex:
        score = min(score, CONFLICT_CAP)
        reasons.append(f"sex differs ({pa.sex}/{pb.sex})")
    elif pa.surname is not None and pb.surname is not None:
        sex_a, sex_b = surname_sex(pa.surname.key), surname_sex(pb.surname.key)
        if sex_a is not None and sex_b is not None and sex_a != sex_b:
            score = min(score, CONFLICT_CAP)
            reasons.append(f"surname forms differ in sex ({sex_a}/{sex_b})")
    return round(score, 3), tuple(reasons)


def name_similarity(a: str | ParsedName, b: str | ParsedName) -> float:
    """The score of `compare`, for use as a plain similarity function."""
    return compare(a, b).score

"""Split a full name into surname, given name and patronymic, whatever order a list uses.

Orders handled: «Surname Given Patronymic» (Russian and Kazakh registers), «Given
Patronymic Surname», «Given Surname» (news), «Surname, Given», and initials («Tokaev
N.E.», «N.E. Tokaev»). Kazakh patronymics («Ерланұлы», «Ерлан ұлы», «Erlanuly») and
Russian ones («Ерланович») are recognised by their endings on the Latin key, so any
script or spelling works. Bad input never raises: the result says why it is unparseable.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from aqiqat.names.keys import word_key
from aqiqat.names.script import Script, detect_script, repair_lookalikes
from aqiqat.notices import Notice

MAX_LENGTH = 100
MAX_WORDS = 6


class NameProblem(StrEnum):
    """Why a text cannot be a name; particulars in brackets."""

    NOT_TEXT = "not_text"
    EMPTY = "empty"
    TOO_LONG = "too_long"  # [length, limit]
    MARKUP = "markup"
    DIGITS = "digits"
    ODD_CHARACTER = "odd_character"  # [character]
    MIXED_SCRIPTS = "mixed_scripts"  # [word]
    NO_LETTERS = "no_letters"
    TOO_MANY_WORDS = "too_many_words"  # [words]
    NOT_ROMANISABLE = "not_romanisable"
    PLACEHOLDER = "placeholder"  # [word]: "unknown", "неизвестный"…
    ONLY_INITIALS = "only_initials"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Order(StrEnum):
    SURNAME_FIRST = "surname-first"
    GIVEN_FIRST = "given-first"
    GUESSED = "guessed"  # nothing in the name told the order; surname-first assumed


@dataclass(frozen=True, slots=True)
class NamePart:
    """One part of a name as written (tidied) and as keyed."""

    text: str
    key: str
    initial: bool = False


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into parts, with what the form says about the person.

    `unparseable` holds the reason when the text cannot be a name, in English, and
    `problem` the same as a kind for a message in the user's language; the parts are then
    empty. `given_words` keeps several given names apart for comparison.
    """

    input: str
    script: Script
    surname: NamePart | None = None
    given: NamePart | None = None
    patronymic: NamePart | None = None
    sex: Sex | None = None
    sex_evidence: tuple[str, ...] = ()
    order: Order = Order.GUESSED
    notes: tuple[str, ...] = ()
    unparseable: str | None = None
    problem: Notice | None = field(default=None, repr=False)
    given_words: tuple[str, ...] = field(default=(), repr=False)
    # What the list wrote in parentheses: a maiden name or another spelling.
    also_written: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.unparseable is None

    @property
    def key(self) -> str:
        """Canonical key: the parts' keys in surname, given, patronymic order."""
        parts = (self.surname, self.given, self.patronymic)
        return " ".join(p.key for p in parts if p is not None and p.key)

    @property
    def surname_stem(self) -> str:
        """Key of the surname with a female ending made male (Tokaeva → tokaev)."""
        return surname_stem(self.surname.key) if self.surname else ""

    @property
    def father_key(self) -> str:
        """Key of the father's name inside the patronymic (Ерланұлы, Erlanovich → erlan)."""
        return father_stem(self.patronymic.key) if self.patronymic else ""

    def parts_text(self) -> dict[str, str | None]:
        return {
            "surname": self.surname.text if self.surname else None,
            "given": self.given.text if self.given else None,
            "patronymic": self.patronymic.text if self.patronymic else None,
        }


# Endings read on the Latin key, so that Cyrillic and every romanisation agree.
_MALE_PATRONYMIC = ("ovich", "evich", "ich", "uli", "ogli")
_FEMALE_PATRONYMIC = ("ovna", "evna", "ichna", "kizi")
_KAZAKH_PATRONYMIC_WORDS = frozenset({"uli", "kizi", "ogli"})
_FEMALE_SURNAME = ("ova", "eva", "ina", "skaia", "ckaia", "skaa")
_MALE_SURNAME = ("ov", "ev", "in", "ski", "cki", "skoi")
_SURNAME_ENDINGS = (
    *_FEMALE_SURNAME, *_MALE_SURNAME, "enko", "uk", "iuk", "dze", "shvili", "ian", "baev",
    "bekov", "uli", "kizi", "ih",
)  # fmt: skip
# Surnames that do not change with sex (Korean, Ukrainian, German…), listed in a data file:
# their endings say nothing about the person.
_INVARIANT_SURNAMES = frozenset(
    word_key(line)
    for line in resources.files("aqiqat.names")
    .joinpath("data/invariant_surnames.txt")
    .read_text("utf-8")
    .split()
)
# Words that stand where a name would, for a person nobody has identified.
_PLACEHOLDERS = frozenset(
    word_key(line)
    for line in resources.files("aqiqat.names")
    .joinpath("data/placeholder_words.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)
_INVARIANT_ENDINGS = ("enko", "uk", "iuk", "ko", "ih", "dze", "shvili", "ian")

_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-"})
_TOKEN = re.compile(r"[^\s.,]+\.?|,")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;", re.IGNORECASE)
# Anything but letters, combining marks, spaces and the punctuation names are written with.
_NOT_NAME = re.compile(r"[^\w\s\-'.,’ʼ`()\u0300-\u036f]|[\d_]")


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Given-name keys and their sex: M, F or U when the name is worn by both."""
    text = resources.files("aqiqat.names").joinpath("data/given_names.csv").read_text("utf-8")
    table: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        key = word_key(row["name"])
        table[key] = row["sex"] if table.get(key, row["sex"]) == row["sex"] else "U"
    return table


def surname_stem(key: str) -> str:
    """A surname key with its female ending made male, so Tokaeva and Tokaev compare."""
    for female, male in (("skaia", "ski"), ("ckaia", "cki"), ("ova", "ov"), ("eva", "ev"),
                         ("ina", "in")):  # fmt: skip
        if key.endswith(female) and len(key) > len(female) + 1:
            return key[: -len(female)] + male
    return key


def father_stem(key: str) -> str:
    """The father's name inside a patronymic key (erlanovich, erlanuli → erlan)."""
    for ending in ("ovich", "evich", "ovna", "evna", "ichna", "ich", "uli", "kizi", "ogli"):
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return key[: -len(ending)]
    return key


@lru_cache(maxsize=65536)
def _patronymic_sex(key: str) -> Sex | None:
    if key.endswith(_FEMALE_PATRONYMIC):
        return Sex.FEMALE
    if key.endswith(_MALE_PATRONYMIC) and (len(key) > 4 or key.endswith(("uli", "ogli"))):
        return Sex.MALE
    return None


@lru_cache(maxsize=65536)
def surname_sex(key: str) -> Sex | None:
    """The sex a surname key's ending signals (Tokaeva female, Tokaev male, Kim none)."""
    if key in _INVARIANT_SURNAMES or key.endswith(_INVARIANT_ENDINGS):
        return None
    if key.endswith("kizi"):
        return Sex.FEMALE
    if key.endswith("uli"):
        return Sex.MALE
    if len(key) > 4 and key.endswith(_FEMALE_SURNAME):
        return Sex.FEMALE
    if len(key) > 3 and key.endswith(_MALE_SURNAME):
        return Sex.MALE
    return None


@lru_cache(maxsize=1)
def _variants() -> frozenset[tuple[str, str]]:
    """Pairs of given-name keys that are one name (diminutives, Kazakh/Russian forms)."""
    text = resources.files("aqiqat.names").joinpath("data/given_name_variants.csv")
    pairs: set[tuple[str, str]] = set()
    for row in csv.DictReader(text.read_text("utf-8").splitlines()):
        a, b = word_key(row["name"]), word_key(row["variant"])
        pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


def are_name_variants(a_key: str, b_key: str) -> bool:
    """Whether two given-name keys are listed as forms of one name (Саша/Александр)."""
    return (a_key, b_key) in _variants()


def is_given_name(key: str) -> bool:
    """Whether a key is in the given-name list."""
    return key in _given_names()


def _given_sex(key: str) -> Sex | None:
    sex = _given_names().get(key)
    return Sex.MALE if sex == "M" else Sex.FEMALE if sex == "F" else None


def _unparseable(text: str, problem: Notice, script: Script = Script.NONE) -> ParsedName:
    return ParsedName(input=text, script=script, unparseable=problem.detail, problem=problem)


def _problem(kind: NameProblem, detail: str, **params: object) -> Notice:
    return Notice(kind, detail, params)


def _check(text: str) -> Notice | None:
    """Why a text cannot be a name, or None if it can."""
    if not text.strip():
        return _problem(NameProblem.EMPTY, "empty")
    if len(text) > MAX_LENGTH:
        return _problem(
            NameProblem.TOO_LONG,
            f"too long for a name ({len(text)} characters; at most {MAX_LENGTH})",
            length=len(text),
            limit=MAX_LENGTH,
        )
    if ("<" in text or "&" in text) and _MARKUP.search(text):
        return _problem(NameProblem.MARKUP, "contains markup (HTML)")
    bad = _NOT_NAME.search(text)
    if bad is None:
        return None
    if any(ch.isdigit() for ch in text):
        return _problem(NameProblem.DIGITS, "contains digits")
    ch = bad.group()
    name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
    return _problem(
        NameProblem.ODD_CHARACTER,
        f"contains a character that is not part of a name ({name})",
        character=ch,
    )


def _tidy(word: str) -> str:
    """Upper-case registers become title case; «ҚАСЫМ-ЖОМАРТ» → «Қасым-Жомарт»."""
    if word.isupper() or word.islower():
        return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
    return word


def parse_name(text: str) -> ParsedName:
    """Parse a full name; never raises."""
    if not isinstance(text, str):
        return _unparseable(str(text), _problem(NameProblem.NOT_TEXT, "not text"))
    problem = _check(text)
    if problem:
        return _unparseable(text, problem, detect_script(text[:MAX_LENGTH]))
    clean = text if text.isascii() else unicodedata.normalize("NFC", text).translate(_DASHES)
    notes: list[str] = []
    also_written: tuple[str, ...] = ()
    if "(" in clean or ")" in clean:
        # «Иванова (Петрова) Анна»: a maiden name or another spelling, not a part.
        also_written = tuple(
            inner for inner in (i.strip() for i in _PARENTHESES.findall(clean)) if inner
        )
        notes += [f"in parentheses: {inner}" for inner in also_written]
        clean = _PARENTHESES.sub(" ", clean).replace("(", " ").replace(")", " ")
    tokens = _TOKEN.findall(clean)
    script = detect_script(clean)
    if script is Script.MIXED:
        for i, raw in enumerate(tokens):
            fixed = repair_lookalikes(raw)
            if fixed is None:
                mixed = f"mixed scripts inside one word ({raw!r})"
                return _unparseable(
                    text, _problem(NameProblem.MIXED_SCRIPTS, mixed, word=raw), script
                )
            if fixed != raw:
                notes.append(f"look-alike letters repaired in {raw!r}")
                tokens[i] = fixed
        script = detect_script(" ".join(tokens))
    tokens = [t for t in (t.strip("-'’ʼ`") for t in tokens) if t and t != "."]
    comma = tokens.index(",") if "," in tokens else -1
    words = [t for t in tokens if t != ","]
    words = _merge_kazakh_patronymic_words(words)
    if not words:
        return _unparseable(text, _problem(NameProblem.NO_LETTERS, "no letters"), script)
    if len(words) > MAX_WORDS:
        many = f"too many words for a name ({len(words)})"
        return _unparseable(
            text, _problem(NameProblem.TOO_MANY_WORDS, many, words=len(words)), script
        )
    keys = [word_key(w) for w in words]
    if not any(keys):
        unromanisable = "no letters that can be romanised"
        return _unparseable(text, _problem(NameProblem.NOT_ROMANISABLE, unromanisable), script)
    if not _PLACEHOLDERS.isdisjoint(keys):
        placeholder = next(w for w, k in zip(words, keys, strict=True) if k in _PLACEHOLDERS)
        reason = f"a placeholder for an unidentified person ({placeholder})"
        return _unparseable(
            text, _problem(NameProblem.PLACEHOLDER, reason, word=placeholder), script
        )
    parsed = _assign(text, script, words, keys, comma, tuple(notes))
    return replace(parsed, also_written=also_written) if also_written else parsed


def _merge_kazakh_patronymic_words(words: list[str]) -> list[str]:
    """«Ерлан ұлы» is one patronymic written as two words."""
    merged: list[str] = []
    for word in words:
        # Only short words can be «ұлы», «қызы», «oglu»; the length test spares the lookup.
        if merged and len(word) <= 5 and word_key(word) in _KAZAKH_PATRONYMIC_WORDS:
            merged[-1] = f"{merged[-1]} {word}"
        else:
            merged.append(word)
    return merged


def _is_initial(word: str) -> bool:
    if len(word) > 3:
        return False
    letters = word.rstrip(".")
    if not letters.isalpha():
        return False
    return len(letters) == 1 or (word.endswith(".") and len(letters) <= 2)


def _surname_score(key: str) -> int:
    """How much a word looks like a surname rather than a given name."""
    score = 0
    if key in _INVARIANT_SURNAMES or (len(key) > 4 and key.endswith(_SURNAME_ENDINGS)):
        score += 2
    given = _given_names().get(key)
    if given is not None:
        score -= 3
    return score


@lru_cache(maxsize=65536)
def _part(word: str, key: str, initial: bool) -> NamePart:
    if initial:
        return NamePart(_tidy(word.rstrip(".")) + ".", key, initial=True)
    return NamePart(_tidy(word), key)


_Positions = tuple[int | None, list[int], int | None, Order]


def _positions(keys: list[str], is_initial: list[bool], comma: int) -> _Positions | None:
    """Which words are the surname, the given name(s) and the patronymic, and the order
    that told it; None when every word is an initial."""
    n = len(keys)
    full = [i for i in range(n) if not is_initial[i]]
    if not full:
        return None
    if len(full) < n:
        # «Tokaev N.E.», «N.E. Tokaev», «Tokaev Nurlan E.», «Nurlan E. Tokaev»
        surname = max(full, key=lambda i: (_surname_score(keys[i]), -i))
        rest = [i for i in range(n) if i != surname]
        given = rest[:1] if len(rest) <= 2 else rest[:-1]
        patronymic = rest[-1] if len(rest) >= 2 else None
        return (
            surname,
            given,
            patronymic,
            (Order.SURNAME_FIRST if surname == 0 else Order.GIVEN_FIRST),
        )
    if comma == 1:
        rest = list(range(1, n))
        patronymic = rest[-1] if len(rest) >= 2 else None
        return 0, rest[:-1] if patronymic is not None else rest, patronymic, Order.SURNAME_FIRST
    patronymics = [
        i
        for i in range(n)
        if _patronymic_sex(keys[i]) is not None and (n >= 3 or not _is_kz(keys[i]))
    ]
    if patronymics:
        p = patronymics[-1]
        if p == n - 1 and n >= 3:
            if n == 3 and _surname_score(keys[1]) > _surname_score(keys[0]):
                # «Oraz Abdrakhmanov Yerzhanovich»: the press writes the given name
                # first and keeps the patronymic last.
                return 1, [0], p, Order.GIVEN_FIRST
            return 0, list(range(1, n - 1)), p, Order.SURNAME_FIRST
        if 1 <= p < n - 1:
            return n - 1, list(range(p)), p, Order.GIVEN_FIRST
        if n == 2 and p == 1:
            return None, [0], p, Order.GIVEN_FIRST
        surname = n - 1 if p == 0 else 0
        return surname, [i for i in range(n) if i not in {p, surname}], p, Order.GUESSED
    if n == 1:
        if _given_sex(keys[0]) is not None:
            return None, [0], None, Order.GUESSED
        return 0, [], None, Order.GUESSED
    first, last = _surname_score(keys[0]), _surname_score(keys[-1])
    if last > first:
        return n - 1, list(range(n - 1)), None, Order.GIVEN_FIRST
    order = Order.SURNAME_FIRST if first > last else Order.GUESSED
    if n == 2:
        return 0, [1], None, order
    # An unrecognised last word after surname and given name is, in registers, the
    # patronymic.
    return 0, list(range(1, n - 1)), n - 1, order


def _assign(
    text: str,
    script: Script,
    words: list[str],
    keys: list[str],
    comma: int,
    notes: tuple[str, ...],
) -> ParsedName:
    is_initial = [_is_initial(w) for w in words]
    found = _positions(keys, is_initial, comma)
    if found is None:
        return _unparseable(text, _problem(NameProblem.ONLY_INITIALS, "only initials"), script)
    surname_i, given_is, patronymic_i, order = found

    def part(i: int | None) -> NamePart | None:
        return None if i is None else _part(words[i], keys[i], is_initial[i])

    given = part(given_is[0]) if len(given_is) == 1 else None
    if len(given_is) > 1:
        # Several given names («Мұхаммед Әли») make one part.
        given = NamePart(
            " ".join(_part(words[i], keys[i], is_initial[i]).text for i in given_is),
            "".join(keys[i] for i in given_is),
        )
    surname, patronymic = part(surname_i), part(patronymic_i)
    sex, evidence = _sex(surname, given, patronymic)
    return ParsedName(
        input=text,
        script=script,
        surname=surname,
        given=given,
        patronymic=patronymic,
        sex=sex,
        sex_evidence=evidence,
        order=order,
        notes=notes,
        given_words=tuple(words[i] for i in given_is),
    )


def _is_kz(key: str) -> bool:
    return key.endswith(("uli", "kizi", "ogli"))


@lru_cache(maxsize=65536)
def _signal(role: str, key: str, text: str) -> tuple[Sex, str] | None:
    """The sex one full (not initial) part signals in its role, and the words that say why."""
    if role == "patronymic":
        sex = _patronymic_sex(key)
    elif role == "surname":
        sex = surname_sex(key)
    else:
        sex = _given_sex(key)
        role = "given name"
    return None if sex is None else (sex, f"{role} {text}")


def _sex(
    surname: NamePart | None, given: NamePart | None, patronymic: NamePart | None
) -> tuple[Sex | None, tuple[str, ...]]:
    """The sex the written form signals, and what signalled it."""
    signals = [
        signal
        for part, role in ((patronymic, "patronymic"), (surname, "surname"), (given, "given"))
        if part is not None
        and not part.initial
        and (signal := _signal(role, part.key, part.text)) is not None
    ]
    found = {s for s, _ in signals}
    if len(found) == 1:
        return found.pop(), tuple(why for _, why in signals)
    if found:
        return None, (*(f"{why} ({s})" for s, why in signals), "signals disagree")
    return None, ()

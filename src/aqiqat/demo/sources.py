"""The lists: who each source reports (correlated capture) and how it writes them down."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from aqiqat.demo.geography import City, Geography
from aqiqat.demo.model import DemoList, FileFormat, SourceKind
from aqiqat.demo.population import Population
from aqiqat.demo.render import fmt_date, latin, phone, typo
from aqiqat.demo.timeline import (
    CHARGED,
    DETAINED,
    DIED_IN_HOSPITAL,
    DISAPPEARED,
    ILL_TREATED,
    SENTENCED,
    Timeline,
)
from aqiqat.names import russian_keyboard

FICTIONAL = "ДЕМО: вымышленные данные / DEMO: fictional data"

STATUS_RU = {
    "killed": "погиб",
    "detained": "под стражей",
    "released": "освобождён",
    "injured": "ранен",
    "missing": "пропал без вести",
}
STATUS_KK = {
    "killed": "қаза тапты",
    "detained": "қамауда",
    "released": "босатылды",
    "injured": "жараланды",
    "missing": "хабар-ошарсыз",
}
RELATIVE_WORDS = {
    "killed": ("погиб", "погиб", "пропал, не можем найти"),
    "detained": ("задержан", "забрали в полицию", "в СИЗО"),
    "released": ("задержали, потом отпустили", "отпустили"),
    "injured": ("ранен, в больнице", "ранен"),
    "missing": ("не выходит на связь", "пропал", "не можем найти"),
}
REPORTERS = ("мать", "мать", "отец", "жена", "брат", "сестра", "сын", "дядя")
OUTLETS = ("Demo Daily (fictional)", "Steppe Wire (fictional)", "Example Times (fictional)")
LATIN_SYSTEMS = (
    ("informal",) * 8
    + ("icao",) * 4
    + ("bgn",) * 3
    + ("kz2021",) * 3
    + (
        "kz2017",
        "kz2018",
    )
)

# Capture probabilities by fate; a list's reach also grows with a person's visibility and
# with how well the city is covered, and families who report go on to the NGO.
RELATIVES = {"released": 0.04, "detained": 0.15, "injured": 0.06, "missing": 0.55, "killed": 0.3}
NGO = {"released": 0.08, "detained": 0.3, "injured": 0.12, "missing": 0.4, "killed": 0.35}
MEDIA = {"released": 0.01, "detained": 0.03, "injured": 0.03, "missing": 0.05, "killed": 0.1}
REGISTER = {"released": 0.25, "detained": 0.6, "injured": 0.3, "missing": 0.5, "killed": 0.6}


@dataclass(frozen=True, slots=True)
class Spec:
    """How one source is laid out and how carelessly it is kept."""

    name: str
    source_kind: SourceKind
    title: str
    file_format: FileFormat
    encoding: str
    columns: dict[str, str]
    duplicates: float
    record_id: Callable[[int], str] | None
    reports_deaths: bool = True


SPECS = (
    Spec(
        "prosecutor",
        "official",
        f"Список лиц, погибших и привлечённых к ответственности ({FICTIONAL})",
        "csv",
        "cp1251",
        {
            "record_id": "№",
            "full_name": "Ф.И.О.",
            "birth_date": "Дата рождения",
            "place": "Место",
            "event_date": "Дата",
            "status": "Статус",
        },
        0.005,
        str,
    ),
    Spec(
        "ngo",
        "ngo",
        f"Қаңтар оқиғалары: ұсталғандар мен зардап шеккендер тізімі ({FICTIONAL})",
        "xlsx",
        "",
        {
            "record_id": "ID",
            "surname": "Тегі",
            "given_name": "Аты",
            "patronymic": "Әкесінің аты",
            "birth_date": "Туған күні",
            "sex": "Жынысы",
            "place": "Елді мекен",
            "event_date": "Оқиға күні",
            "status": "Жағдайы",
            "facility": "Орны",
            "notes": "Ескерту",
        },
        0.03,
        lambda n: f"NGO-{n:05d}",
    ),
    Spec(
        "media",
        "media",
        f"Names reported in the press ({FICTIONAL})",
        "json",
        "utf-8",
        {
            "full_name": "name",
            "age": "age",
            "place": "city",
            "event_date": "date",
            "status": "status",
            "notes": "outlet",
        },
        0.06,
        None,
    ),
    Spec(
        "relatives",
        "relative",
        f"Обращения родственников ({FICTIONAL})",
        "csv",
        "utf-16",
        {
            "surname": "Фамилия",
            "given_name": "Имя",
            "patronymic": "Отчество",
            "birth_date": "Год рождения",
            "place": "Где видели последний раз",
            "event_date": "Когда",
            "status": "Что известно",
            "contact": "Телефон заявителя",
            "notes": "Кто обращается",
        },
        0.1,
        None,
    ),
    Spec(
        "morgue",
        "morgue",
        f"Журнал регистрации поступивших тел ({FICTIONAL})",
        "csv",
        "utf-8-sig",
        {
            "record_id": "Рег. №",
            "full_name": "ФИО",
            "sex": "Пол",
            "age": "Возраст",
            "event_date": "Дата поступления",
            "facility": "Учреждение",
            "place": "Город",
        },
        0.01,
        lambda n: f"СМЭ-22/{n:05d}",
    ),
    Spec(
        "hospital",
        "hospital",
        f"Науқастар тізімі / Список пациентов ({FICTIONAL})",
        "xlsx",
        "",
        {
            "record_id": "Ист. болезни №",
            "full_name": "Науқас / Пациент",
            "birth_date": "Туған күні / Дата рождения",
            "event_date": "Түскен күні / Дата поступления",
            "status": "Нәтиже / Исход",
            "facility": "Мекеме / Учреждение",
        },
        0.02,
        lambda n: f"ИБ-{n:06d}",
    ),
    Spec(
        "detention",
        "detention_facility",
        f"Журнал учёта задержанных ({FICTIONAL})",
        "csv",
        "utf-8",
        {
            "full_name": "Т.А.Ә. / Ф.И.О.",
            "birth_date": "Туған күні / Дата рождения",
            "event_date": "Дата задержания",
            "facility": "Учреждение",
            "place": "Город",
            "status": "Статус",
        },
        0.05,
        None,
        reports_deaths=False,
    ),
)


def capture(
    pop: Population, tl: Timeline, geo: Geography, rng: random.Random
) -> dict[str, list[int]]:
    """Who each list reports (person indexes by list name), with dependence between lists."""
    rand = rng.random
    out: dict[str, list[int]] = {spec.name: [] for spec in SPECS}
    prosecutor, ngo, media = out["prosecutor"], out["ngo"], out["media"]
    relatives, morgue, hospital = out["relatives"], out["morgue"], out["hospital"]
    register = out["detention"]
    for i, person in enumerate(pop.people):
        fate = person.fate
        flags = tl.flags[i]
        cover = geo.cities[tl.key_city[i]].coverage
        vis = pop.visibility[i]
        in_morgue = fate == "killed" and rand() < (0.85 if flags & DISAPPEARED else 0.72)
        in_relatives = rand() < RELATIVES[fate] * cover
        if in_morgue:
            morgue.append(i)
        if tl.hospital[i] >= 0 and rand() < (0.85 if flags & DIED_IN_HOSPITAL else 0.55):
            hospital.append(i)
        if in_relatives:
            relatives.append(i)
        if fate == "killed":
            official = rand() < (0.7 if in_morgue else 0.25)
        else:
            official = bool(flags & CHARGED) and rand() < (0.65 if fate == "detained" else 0.35)
        if official:
            prosecutor.append(i)
        reach = NGO[fate] + (0.3 if in_relatives else 0.0) + (0.25 if flags & ILL_TREATED else 0.0)
        if rand() < min(0.95, reach * cover):
            ngo.append(i)
        boost = (0.0, 0.3, 0.75)[vis] if fate == "killed" else (0.0, 0.05, 0.5)[vis]
        if rand() < MEDIA[fate] + boost:
            media.append(i)
        if flags & DETAINED and rand() < REGISTER[fate]:
            register.append(i)
    return out


class Writer:
    """Renders people as each source writes them; one random stream for all the lists."""

    def __init__(self, pop: Population, tl: Timeline, geo: Geography, rng: random.Random):
        self.pop, self.tl, self.geo, self.rng = pop, tl, geo, rng
        self.rand = rng.random

    # Places and dates -------------------------------------------------------------------

    def _city(self, i: int) -> City:
        return self.geo.cities[self.tl.key_city[i]]

    def place_ru(self, i: int) -> str:
        """The event's city as Russian-language sources write it."""
        city = self._city(i)
        r = self.rand()
        if r < city.old_share:
            return city.old_ru
        return f"г. {city.place.name_ru}" if r < 0.6 else city.place.name_ru

    def place_kk(self, i: int) -> str:
        """The event's city as Kazakh-language sources write it."""
        city = self._city(i)
        r = self.rand()
        if r < 0.1:
            return city.place.name_ru
        return f"{city.place.name_kk} қ." if r < 0.3 else city.place.name_kk

    def place_latin(self, i: int) -> str:
        """The event's city in Latin letters, sometimes by its old name."""
        city = self._city(i)
        r = self.rand()
        if r < city.old_share:
            return city.old_latin
        names = city.latin_names
        return (
            names[0]
            if r < 0.85 or len(names) == 1
            else names[1 + int(self.rand() * (len(names) - 1))]
        )

    def birth(self, i: int, styles: tuple[str, ...], missing: float) -> str:
        """The birth date in one of `styles`, sometimes missing or a year off."""
        if self.rand() < missing:
            return ""
        ordinal = self.pop.birth[i]
        if self.rand() < 0.01:
            ordinal += 365 if self.rand() < 0.5 else -365  # a wrong year
        return fmt_date(styles[int(self.rand() * len(styles))], ordinal)

    def age(self, i: int, on: int, wrong: float) -> int:
        """Age on a day, now and then off by one."""
        age = self.pop.age_on(i, on)
        return age + (1 if self.rand() < 0.5 else -1) if self.rand() < wrong else age

    def maybe_typo(self, text: str, rate: float) -> str:
        """The text with a typo at the given rate."""
        return typo(text, self.rng) if text and self.rand() < rate else text

    # One function per list: the values for its columns other than record_id ------------

    def prosecutor(self, i: int) -> list[str]:
        p, tl = self.pop, self.tl
        fate = p.people[i].fate
        name = " ".join(x for x in (p.sur_ru(i), p.giv_ru(i), p.pat_ru(i)) if x).upper()
        if self.rand() < 0.5:
            name = name.replace("Ё", "Е")
        if fate == "killed":
            status, on = "погиб", tl.end_date[i]
        elif tl.flags[i] & SENTENCED:
            status, on = "осуждён", tl.end_date[i]
        else:
            status = "обвиняемый, под стражей" if fate == "detained" else "обвиняемый"
            on = tl.key_date[i]
        return [
            self.maybe_typo(name, 0.02),
            self.birth(i, ("dmy",), 0.03),
            self.place_ru(i),
            fmt_date("dmy", on),
            status,
        ]

    def ngo(self, i: int) -> list[str]:
        p, tl, rand = self.pop, self.tl, self.rand
        person = p.people[i]
        kazakh = person.ethnicity == "kazakh"
        sur = p.sur_own(i) if kazakh else p.sur_ru(i)
        giv = p.giv_own(i) if kazakh else p.giv_ru(i)
        # The NGO mostly keeps the patronymic style of the person's documents.
        pat = p.pat_kk(i) if rand() < (0.9 if p.kazakh_style[i] else 0.4) else p.pat_ru(i)
        if rand() < 0.08:
            pat = ""
        parts = [sur, giv, pat]
        if rand() < 0.12:  # typed without a Kazakh keyboard layout
            parts = [russian_keyboard(x) for x in parts]
        if rand() < 0.03:
            k = int(rand() * 2)
            parts[k] = typo(parts[k], self.rng)
        det = tl.detention_facility[i]
        hosp = tl.hospital[i]
        fac = det if det >= 0 else hosp
        facility = self.geo.facilities[fac].name_kk if fac >= 0 and rand() < 0.8 else ""
        on = tl.end_date[i] if person.fate == "killed" else tl.key_date[i]
        return [
            *parts,
            self.birth(i, ("iso", "iso", "dmy", "year"), 0.05),
            "" if rand() < 0.05 else ("ер" if person.sex == "M" else "әйел"),
            self.place_kk(i),
            fmt_date("kk" if rand() < 0.5 else "dmy", on),
            STATUS_KK[person.fate],
            facility,
            "ұрып-соғу туралы арыз" if tl.flags[i] & ILL_TREATED else "",
        ]

    def media(self, i: int) -> list[str]:
        p, tl, rand = self.pop, self.tl, self.rand
        person = p.people[i]
        system = LATIN_SYSTEMS[int(rand() * len(LATIN_SYSTEMS))]
        if system.startswith("kz"):
            sur, giv, pat = p.sur_own(i), p.giv_own(i), p.pat_kk(i)
        else:
            sur, giv, pat = p.sur_ru(i), p.giv_ru(i), p.pat_ru(i)
        sur, giv = latin(sur, system), latin(giv, system)
        r = rand()
        if r < 0.7:
            name = f"{giv} {sur}"
        elif r < 0.9:
            name = f"{sur} {giv}"
        else:
            name = f"{sur.upper()} {giv}"
        if pat and rand() < 0.1:
            name = f"{name} {latin(pat, system)}"
        on = tl.end_date[i] if person.fate == "killed" else tl.key_date[i]
        style = ("en", "en", "en_dmy", "iso")[int(rand() * 4)]
        return [
            self.maybe_typo(name, 0.03),
            "" if rand() < 0.2 else str(self.age(i, on, 0.15)),
            self.place_latin(i),
            fmt_date(style, on),
            person.fate,
            OUTLETS[int(rand() * len(OUTLETS))],
        ]

    def relatives(self, i: int) -> list[str]:
        p, tl, rand = self.pop, self.tl, self.rand
        person = p.people[i]
        r = rand()
        if r < 0.45:
            parts = [p.sur_ru(i), p.giv_ru(i), p.pat_ru(i)]
        elif r < 0.8:
            parts = [p.sur_own(i), p.giv_own(i), p.pat_kk(i)]
        else:
            parts = [latin(x, "informal") for x in (p.sur_ru(i), p.giv_ru(i), p.pat_ru(i))]
        if rand() < 0.2:
            parts[2] = ""
        if rand() < 0.02:  # surname and given name in each other's column
            parts[0], parts[1] = parts[1], parts[0]
        if rand() < 0.06:
            k = int(rand() * 3)
            parts[k] = typo(parts[k], self.rng) if parts[k] else parts[k]
        fate = person.fate
        on = tl.key_date[i] if fate in ("killed", "missing") else tl.start_date[i]
        when = "" if rand() < 0.1 else fmt_date("ru" if rand() < 0.55 else "dmy", on)
        words = RELATIVE_WORDS[fate]
        return [
            *parts,
            self.birth(i, ("year", "year", "ru_year", "dmy"), 0.15),
            self.place_ru(i),
            when,
            words[int(rand() * len(words))],
            phone(self.rng),
            REPORTERS[int(rand() * len(REPORTERS))],
        ]

    def morgue(self, i: int) -> list[str]:
        p, tl, rand = self.pop, self.tl, self.rand
        person = p.people[i]
        death = tl.end_date[i]
        admitted = death + (2 + int(rand() * 18) if tl.flags[i] & DISAPPEARED else int(rand() * 2))
        age = p.age_on(i, death)
        if rand() < 0.06:
            name = "Неизвестный мужчина" if person.sex == "M" else "Неизвестная женщина"
            low = max(15, (age - int(rand() * 8)) // 5 * 5)
            age_text = f"{low}-{low + 10}"
        else:
            sur = p.sur_own(i) if rand() < 0.2 else p.sur_ru(i)
            pat = p.pat_ru(i)
            initials = p.giv_ru(i)[0] + "." + (pat[0] + "." if pat else "")
            name = self.maybe_typo(sur, 0.02) + " " + initials
            r = rand()
            if r < 0.7:
                age_text = str(age)
            elif r < 0.9:
                age_text = str(age + int(rand() * 5) - 2)
            else:
                age_text = f"~{round(age / 5) * 5}"
        return [
            name,
            "м" if person.sex == "M" else "ж",
            age_text,
            fmt_date("iso", admitted),
            self.geo.facilities[tl.morgue[i]].name_ru,
            self.place_ru(i),
        ]

    def hospital(self, i: int) -> list[str]:
        p, tl, rand = self.pop, self.tl, self.rand
        person = p.people[i]
        name = " ".join(x for x in (p.sur_ru(i), p.giv_ru(i), p.pat_ru(i)) if x)
        if person.fate == "killed":
            outcome = "умер"
        else:
            r = rand()
            outcome = "выписан" if r < 0.7 else ("на лечении" if r < 0.9 else "переведён")
        return [
            self.maybe_typo(name, 0.02),
            self.birth(i, ("dmy", "dmy", "dmy", "year"), 0.1),
            fmt_date("dmy", tl.start_date[i]),
            outcome,
            self.geo.facilities[tl.hospital[i]].name_ru,
        ]

    def detention(self, i: int) -> list[str]:
        p, tl = self.pop, self.tl
        person = p.people[i]
        if self.rand() < 0.6:  # copied from the identity card
            parts = (person.surname, person.given, person.patronymic)
        else:
            parts = (p.sur_ru(i), p.giv_ru(i), p.pat_ru(i))
        fate = person.fate
        status = {"detained": "содержится", "released": "освобождён", "injured": "освобождён"}
        return [
            self.maybe_typo(" ".join(x for x in parts if x), 0.02),
            self.birth(i, ("slash",), 0.02),
            fmt_date("slash", tl.start_date[i]),
            self.geo.facilities[tl.detention_facility[i]].name_ru,
            self.place_ru(i),
            status.get(fate, "выбыл"),
        ]


# Lists kept in an order (by name, or by date of admission) rather than as reported.
SORT_COLUMN = {"prosecutor": 0, "hospital": 0, "morgue": 3}


def build_lists(
    pop: Population, tl: Timeline, geo: Geography, rng: random.Random
) -> list[DemoList]:
    """Every list, in SPECS order, with duplicates, ordering and record ids."""
    members = capture(pop, tl, geo, rng)
    writer = Writer(pop, tl, geo, rng)
    out = []
    for spec in SPECS:
        people = members[spec.name]
        render: Callable[[int], list[str]] = getattr(writer, spec.name)
        extra = [i for i in people if rng.random() < spec.duplicates]
        entries = [(render(i), i) for i in people + extra]
        col = SORT_COLUMN.get(spec.name)
        if col is None:
            rng.shuffle(entries)
        else:
            entries.sort(key=lambda e: (e[0][col], e[1]))
        headers = list(spec.columns.values())
        rows: list[dict[str, str]] = []
        for n, (values, _) in enumerate(entries, 1):
            if spec.record_id is not None:
                values = [spec.record_id(n), *values]
            rows.append(dict(zip(headers, values, strict=True)))
        out.append(
            DemoList(
                name=spec.name,
                source_kind=spec.source_kind,
                title=spec.title,
                file_format=spec.file_format,
                encoding=spec.encoding,
                columns=dict(spec.columns),
                rows=rows,
                truth_ids=[pop.people[i].truth_id for _, i in entries],
                reports_deaths=spec.reports_deaths,
            )
        )
    return out

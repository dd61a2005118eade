"""What a linkage run noted, as plain sentences for documenters and analysts (en, ru, kk).

Each sentence says first what the note means for the user; the model's own terms stay in
`detail` (English), shown on request and written to the log. A run's stages are told in
the user's language too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import translation

from aqiqat.linkage.engine import Stage
from aqiqat.linkage.notes import LinkNote, NoteKind
from aqiqat.services.plain_words import PlainNote, Translations

NO_RECORDS = "no_records"
PERSONS_EMPTIED = "persons_emptied"
PERSONS_KEPT_EMPTY = "persons_kept_empty"


def _subject(columns: Sequence[str], i18n: Translations) -> str:
    """What a training rule compares, in the words of the person form."""
    known = {
        ("sur", "giv"): i18n.gettext("surname and given name"),
        ("bdate",): i18n.gettext("birth date"),
        ("sur", "place"): i18n.gettext("surname and place"),
        ("idn",): i18n.gettext("identity document number"),
    }
    return known.get(tuple(columns), ", ".join(columns))


def _sentence(kind: NoteKind, notes: list[LinkNote], i18n: Translations) -> str:
    if kind in (NoteKind.PRIOR_NOT_ESTIMATED, NoteKind.PRIOR_TOO_FEW_PAIRS):
        return i18n.gettext(
            "Too few records to learn how often two records are the same person; "
            "a cautious default was used."
        )
    if kind == NoteKind.PRIOR_CAPPED:
        return i18n.gettext(
            "Unusually many of these records look like the same person; a cautious limit "
            "was used so that different people are not joined too readily."
        )
    if kind == NoteKind.TRAINING_SKIPPED:
        subjects = "; ".join(_subject(note.params["columns"], i18n) for note in notes)
        return i18n.gettext(
            "Too few records to learn how much it counts when two records agree on: "
            "%(subjects)s. Preset values were used instead."
        ) % {"subjects": subjects}
    if kind == NoteKind.MODEL_GIVEN:
        return i18n.gettext(
            "A model trained earlier was used as it is; it did not learn from these records."
        )
    if kind == NoteKind.ONE_RECORD:
        return i18n.gettext("There is only one record, so there is nothing to link it with yet.")
    count = sum(len(note.params["pairs"]) for note in notes)
    return i18n.ngettext(
        "%(count)d reviewer's «same» decision was not applied: with the other decisions it "
        "would make one person of records that a reviewer said are different people. "
        "A reviewer should look at these records again.",
        "%(count)d reviewers' «same» decisions were not applied: with the other decisions "
        "they would make one person of records that a reviewer said are different people. "
        "A reviewer should look at these records again.",
        count,
    ) % {"count": count}


def plain_notes(notes: Iterable[LinkNote], i18n: Translations = translation) -> list[PlainNote]:
    """One plain note per kind of note (several skipped training runs make one sentence),
    in the order they first came; kinds that mean the same to the user are told once."""
    by_kind: dict[NoteKind, list[LinkNote]] = {}
    for note in notes:
        by_kind.setdefault(note.kind, []).append(note)
    by_text: dict[str, PlainNote] = {}
    for kind, group in by_kind.items():
        text = _sentence(kind, group, i18n)
        first = by_text.get(text, PlainNote(kind, text))
        details = [d for d in (first.detail, *(note.detail for note in group)) if d]
        by_text[text] = PlainNote(first.kind, text, "\n".join(details))
    return list(by_text.values())


def stage_in_words(stage: str) -> str:
    """A run's stage, as the core tells it (linkage.Stage), in the user's language."""
    words: dict[str, str] = {
        Stage.PREPARE: translation.gettext("preparing names, dates and places for comparison"),
        Stage.TRAIN: translation.gettext("training the model on the records"),
        Stage.PREDICT: translation.gettext("comparing likely pairs of records"),
        Stage.CLUSTER: translation.gettext("grouping the records into persons"),
    }
    return words.get(stage, stage)


def no_records() -> PlainNote:
    return PlainNote(
        NO_RECORDS,
        translation.gettext(
            "There are no records yet: import a list or record an interview first."
        ),
    )


def persons_emptied(count: int, detail: str) -> PlainNote:
    text = translation.ngettext(
        "%(count)d person was left without records, because they all belong to other "
        "persons now: it is no longer listed or counted, and its page points to the person "
        "that has its records.",
        "%(count)d persons were left without records, because these all belong to other "
        "persons now: they are no longer listed or counted, and their pages point to the "
        "persons that have their records.",
        count,
    ) % {"count": count}
    return PlainNote(PERSONS_EMPTIED, text, detail)


def persons_kept_empty(count: int, detail: str) -> PlainNote:
    text = translation.ngettext(
        "%(count)d person has no records left but keeps events, complaints, files or "
        "enquiries, so it is still listed and counted; it may be the same person as another.",
        "%(count)d persons have no records left but keep events, complaints, files or "
        "enquiries, so they are still listed and counted; each may be the same person as "
        "another.",
        count,
    ) % {"count": count}
    return PlainNote(PERSONS_KEPT_EMPTY, text, detail)

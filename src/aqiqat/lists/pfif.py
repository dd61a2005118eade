"""PFIF 1.4 (People Finder Interchange Format) person records, read safely and streamed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from aqiqat.lists.errors import ListError, ListProblem, RowProblem
from aqiqat.lists.readers import Opener, Table

# XML namespace names (identifiers, never fetched).
PFIF_NAMESPACES = (
    "http://zesty.ca/pfif/1.4",
    "http://zesty.ca/pfif/1.3",
    "http://zesty.ca/pfif/1.2",
)
PERSON_FIELDS = (
    "person_record_id", "full_name", "given_name", "family_name", "alternate_names", "sex",
    "date_of_birth", "age", "home_street", "home_neighborhood", "home_city", "home_state",
    "home_postal_code", "home_country", "description", "source_name", "source_date",
    "entry_date", "author_name",
)  # fmt: skip
NOTE_FIELDS = ("status", "last_known_location", "text", "source_date")
HEADERS = [*PERSON_FIELDS, *(f"note_{f}" for f in NOTE_FIELDS)]
PFIF_STATUS_WORDS = {
    "believed_dead": "killed",
    "believed_missing": "missing",
    "believed_alive": "found alive",
    "is_note_author": "found alive",
}


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _text(element: Element, name: str, namespace: str) -> str:
    child = element.find(f"{{{namespace}}}{name}")
    return (child.text or "").strip() if child is not None else ""


def read_pfif(path: Path, opener: Opener | None = None) -> Table:
    handle = opener() if opener else path.open("rb")
    try:
        events = iterparse(handle, events=("start", "end"), forbid_dtd=True)
        _, root = next(events)
    except (ParseError, DefusedXmlException, StopIteration) as exc:
        handle.close()
        raise ListError(
            ListProblem.NOT_PFIF,
            f"{path.name} is not a readable PFIF XML file ({exc})",
            file=path.name,
        ) from exc
    namespace, name = _local(root.tag)
    if name != "pfif" or namespace not in PFIF_NAMESPACES:
        handle.close()
        raise ListError(
            ListProblem.NOT_PFIF,
            f"{path.name} is XML but not PFIF 1.2–1.4 (root element {root.tag!r})",
            file=path.name,
        )

    def rows() -> Iterator[tuple[int, dict[str, str], list[RowProblem]]]:
        number = 0
        try:
            for event, element in events:
                if event != "end" or _local(element.tag) != (namespace, "person"):
                    continue
                number += 1
                cells = {f: _text(element, f, namespace) for f in PERSON_FIELDS}
                notes = element.findall(f"{{{namespace}}}note")
                latest = max(notes, key=lambda n: _text(n, "source_date", namespace), default=None)
                for field in NOTE_FIELDS:
                    cells[f"note_{field}"] = _text(latest, field, namespace) if latest else ""
                status = cells["note_status"]
                cells["note_status"] = PFIF_STATUS_WORDS.get(status, status)
                root.clear()
                yield number, cells, []
        except (ParseError, DefusedXmlException) as exc:
            raise ListError(
                ListProblem.XML_BROKEN,
                f"{path.name}: the XML breaks off or is unsafe ({exc})",
                file=path.name,
            ) from exc
        finally:
            handle.close()

    return Table(list(HEADERS), rows(), "utf-8", False)


PFIF_COLUMNS = {
    "record_id": "person_record_id",
    "full_name": "full_name",
    "surname": "family_name",
    "given_name": "given_name",
    "birth_date": "date_of_birth",
    "age": "age",
    "sex": "sex",
    "place": "home_city",
    "status": "note_status",
    "event_date": "note_source_date",
    "notes": "description",
}

"""A person's dossier: the person page's content, for one user, anchored and audited."""

from __future__ import annotations

import uuid
from typing import Any

from aqiqat.selectors.people import access_person, person_page
from aqiqat.services.reports.anchor import anchor_report


def dossier(user: Any, person_id: uuid.UUID | str, output: str) -> dict[str, Any]:
    """What the person page shows this user (sensitive fields as their role allows).

    Generating it is recorded as a read of the person, like opening the page, plus the
    report's own entry, whose hash the dossier prints.
    """
    person = access_person(user, person_id)
    page = person_page(user, person)
    anchor = anchor_report(
        user,
        "dossier",
        "people.person",
        str(person.pk),
        {"format": output, "fields": ["dossier"]},
        action="view",
    )
    return {"page": page, "person": person, "anchor": anchor}

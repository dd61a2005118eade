"""The audit trail of one person: every entry about the person and the rows that point to
them (records, events, complaints, evidence, enquiries...). Administrators only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.audit.log import describe, write_entry
from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import Person
from aqiqat.selectors.access import NotFound

TRAIL_LIMIT = 2000


def _about(person: Person) -> Q:
    object_type, object_id = describe(person)
    about = Q(object_type=object_type, object_id=object_id)
    for relation in Person._meta.related_objects:
        if not relation.one_to_many:
            continue
        model = relation.related_model
        ids = model._default_manager.filter(**{relation.field.name: person}).values_list(
            "pk", flat=True
        )
        keys = [str(pk) for pk in ids]
        if keys:
            about |= Q(object_type=model._meta.label_lower, object_id__in=keys)
    return about


def person_audit_trail(user: Any, person_id: Any) -> tuple[Person, QuerySet[AuditEntry]]:
    """The person and their audit entries, newest first; reading it is itself audited."""
    if not has_role(user, Role.ADMIN):
        raise NotFound
    try:
        person = Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
    entries = AuditEntry.objects.filter(_about(person)).order_by("-seq")[:TRAIL_LIMIT]
    write_entry(actor=user, action="view", obj=person, detail={"fields": ["audit_trail"]})
    return person, entries

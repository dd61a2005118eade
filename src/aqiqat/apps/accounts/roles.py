"""The six roles, what each may do, and which sensitive fields each may see."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "admin"
    DOCUMENTER = "documenter"
    ANALYST = "analyst"
    LAWYER = "lawyer"
    TRACING_DESK = "tracing_desk"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: _("Administrator"),
    Role.DOCUMENTER: _("Documenter"),
    Role.ANALYST: _("Analyst"),
    Role.LAWYER: _("Lawyer"),
    Role.TRACING_DESK: _("Tracing desk"),
    Role.VIEWER: _("Viewer"),
}


class Sensitive(StrEnum):
    """Groups of sensitive fields, each shown only to the roles that need it."""

    TESTIMONY = "testimony"
    MEDICAL = "medical"
    CONTACTS = "contacts"


SENSITIVE_ACCESS: dict[Sensitive, frozenset[Role]] = {
    Sensitive.TESTIMONY: frozenset({Role.ADMIN, Role.DOCUMENTER, Role.LAWYER}),
    Sensitive.MEDICAL: frozenset({Role.ADMIN, Role.DOCUMENTER, Role.LAWYER}),
    Sensitive.CONTACTS: frozenset({Role.ADMIN, Role.DOCUMENTER, Role.TRACING_DESK}),
}

# Model permissions per role, as "<app_label>.<action>_<model>"; admins get all of them.
_VIEW_PEOPLE = (
    "people.view_person",
    "people.view_event",
    "places.view_place",
    "places.view_facility",
)
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.DOCUMENTER: (
        *_VIEW_PEOPLE,
        "sources.view_source",
        "sources.add_source",
        "sources.view_record",
        "sources.add_record",
        "people.add_event",
        "evidence.view_evidence",
        "evidence.add_evidence",
        "tracing.view_tracingrequest",
        "tracing.add_tracingrequest",
        "cases.view_complaint",
        "cases.add_complaint",
        "figures.view_memorialconsent",
        "figures.add_memorialconsent",
        "figures.change_memorialconsent",
    ),
    Role.ANALYST: (
        *_VIEW_PEOPLE,
        "sources.view_source",
        "sources.view_record",
        "people.view_linkdecision",
        "people.add_linkdecision",
        # The dashboard is for analysts (and admins, who hold every permission).
        "figures.view_officialfigure",
        "figures.add_officialfigure",
        "figures.change_officialfigure",
        "figures.view_savedestimate",
        "figures.add_savedestimate",
        "figures.change_savedestimate",
    ),
    Role.LAWYER: (
        *_VIEW_PEOPLE,
        "sources.view_source",
        "sources.view_record",
        "evidence.view_evidence",
        "evidence.add_evidence",
        "cases.view_complaint",
        "cases.add_complaint",
        "cases.change_complaint",
        "cases.view_case",
        "cases.add_case",
        "cases.change_case",
        "cases.add_casestatuschange",
        "cases.view_casestatuschange",
    ),
    Role.TRACING_DESK: (
        *_VIEW_PEOPLE,
        "tracing.view_tracingrequest",
        "tracing.add_tracingrequest",
        "tracing.change_tracingrequest",
        "tracing.add_tracingstatuschange",
    ),
    Role.VIEWER: _VIEW_PEOPLE,
}


def roles_of(user: Any) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_aqiqat_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        user._aqiqat_roles = cached
    return frozenset(cached)


def has_role(user: Any, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def may_see(user: Any, group: Sensitive) -> bool:
    return bool(roles_of(user) & SENSITIVE_ACCESS[group])

"""Who may open which page: one row per URL name, the rule the server enforces.

Every resolvable URL must have a row here; tests/security/test_access_matrix.py asks
every page as every role and fails for a URL without a row, so a new page cannot ship
without a decision about who sees it. Roles that are not let in get 404, exactly as for
a missing object; anonymous visitors are sent to the login page (the API answers 401).

Rows for pages whose URL names an object give a `sample`: the name of a builder in
tests/security/samples.py that makes such an object (and may prepare the client's session)
and returns the URL's keyword arguments (and, under "_post", the form data to send).
Object-level rules get one `Access` per kind of object (for example a case assigned to the
lawyer and one that is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aqiqat.apps.accounts.roles import Role


class Outcome(StrEnum):
    OK = "ok"  # the page answers (2xx, or a redirect that is not to the login page)
    NOT_FOUND = "404"
    LOGIN = "login"  # a redirect to the login page
    UNAUTHORIZED = "401"  # API only


OUTSIDER = "outsider"  # a signed-in account with no role
ANONYMOUS = "anonymous"
ALL_ROLES = frozenset(role.value for role in Role)
SIGNED_IN = ALL_ROLES | {OUTSIDER}
EVERYONE_ASKED = (*sorted(SIGNED_IN), ANONYMOUS)

VIEW_PEOPLE = ALL_ROLES
RECORDERS = frozenset({Role.ADMIN, Role.DOCUMENTER})
LINKERS = frozenset({Role.ADMIN, Role.ANALYST})
TRACERS = frozenset({Role.ADMIN, Role.DOCUMENTER, Role.TRACING_DESK})
TRACING_DECIDERS = frozenset({Role.ADMIN, Role.TRACING_DESK})
RECORD_READERS = frozenset({Role.ADMIN, Role.DOCUMENTER, Role.ANALYST, Role.LAWYER})
ADMINS = frozenset({Role.ADMIN})
DASHBOARD = frozenset({Role.ADMIN, Role.ANALYST})
EVIDENCE_KEEPERS = frozenset({Role.ADMIN, Role.DOCUMENTER, Role.LAWYER})
COMPLAINANTS = frozenset({Role.ADMIN, Role.DOCUMENTER, Role.LAWYER})
CASE_KEEPERS = frozenset({Role.ADMIN, Role.LAWYER})


@dataclass(frozen=True)
class Access:
    """The roles let in to one URL (everyone else signed in gets 404)."""

    allowed: frozenset[str]
    anonymous: Outcome = Outcome.LOGIN
    methods: tuple[str, ...] = ("GET",)
    sample: str = ""
    why: str = ""
    allowed_get: Outcome = Outcome.OK  # what a role that is let in sees

    def expected(self, who: str) -> Outcome:
        if who == ANONYMOUS:
            return self.anonymous
        return self.allowed_get if who in self.allowed else Outcome.NOT_FOUND


def _open(methods: tuple[str, ...] = ("GET",)) -> Access:
    return Access(SIGNED_IN, anonymous=Outcome.OK, methods=methods, why="public by design")


def _signed_in(why: str, methods: tuple[str, ...] = ("GET",)) -> Access:
    return Access(SIGNED_IN, methods=methods, why=why)


MATRIX: dict[str, tuple[Access, ...]] = {
    "home": (_signed_in("redirects to the list of people"),),
    "login": (_open(("GET", "POST")),),
    "logout": (
        Access(SIGNED_IN, methods=("POST",), allowed_get=Outcome.LOGIN, why="ends the session"),
    ),
    "set_language": (_open(("POST",)),),
    "password-change": (_signed_in("one's own password", ("GET", "POST")),),
    "two-factor-setup": (_signed_in("one's own authenticator", ("GET", "POST")),),
    "healthz": (_open(),),
    "person-list": (_signed_in("a role-less user sees an empty list"),),
    "person-detail": (Access(VIEW_PEOPLE, sample="person"),),
    "person-audit": (Access(ADMINS, sample="person", why="the audit trail of a person"),),
    "person-suggest": (Access(VIEW_PEOPLE),),
    "search": (Access(VIEW_PEOPLE),),
    "search-api": (Access(VIEW_PEOPLE),),
    "interview-new": (Access(RECORDERS, methods=("GET", "POST")),),
    "export": (Access(RECORD_READERS),),
    "import-upload": (Access(RECORDERS, methods=("GET", "POST")),),
    "import-check": (Access(RECORDERS, sample="upload_token", why="the uploader's own file"),),
    "import-job": (Access(RECORDERS, sample="import_job", why="the starter's own job"),),
    "tracing-desk": (Access(TRACERS),),
    "tracing-enquiry-new": (Access(TRACERS, methods=("GET", "POST")),),
    "tracing-enquiry": (Access(TRACERS, sample="enquiry"),),
    "tracing-decide": (Access(TRACING_DECIDERS, methods=("POST",), sample="enquiry"),),
    "tracing-answer": (Access(TRACERS, sample="enquiry"),),
    "review-queue": (Access(LINKERS),),
    "review-decide": (Access(LINKERS, methods=("POST",), sample="record_pair"),),
    # Merges and splits from the person page: the same reviewers as link decisions.
    "person-split": (Access(LINKERS, methods=("POST",), sample="person"),),
    "person-merge": (Access(LINKERS, methods=("POST",), sample="person"),),
    "person-change-undo": (Access(LINKERS, methods=("POST",), sample="person_change"),),
    "relink": (Access(LINKERS),),
    "review-settle": (Access(LINKERS, methods=("POST",), sample="record_pair"),),
    "sync-peers": (Access(ADMINS),),
    "relink-job": (Access(LINKERS, sample="relink_job", why="the starter's own job"),),
    # Case work: complaints for documenters and lawyers; cases for admins and the lawyers
    # assigned to them (a lawyer also sees the complaints they follow or that led to them).
    "person-add-event": (Access(RECORDERS, methods=("POST",), sample="person"),),
    "person-correct-event": (Access(RECORDERS, methods=("GET", "POST"), sample="person_event"),),
    "person-attach-evidence": (Access(EVIDENCE_KEEPERS, methods=("POST",), sample="person"),),
    "evidence-detail": (Access(EVIDENCE_KEEPERS, sample="evidence"),),
    "complaint-new": (Access(COMPLAINANTS, methods=("GET", "POST"), sample="person"),),
    "complaint-list": (Access(COMPLAINANTS),),
    "complaint-overdue": (Access(COMPLAINANTS, why="redirects to the filtered list"),),
    "complaint-detail": (
        Access(COMPLAINANTS, sample="own_complaint", why="a complaint the lawyer follows"),
        Access(RECORDERS, sample="others_complaint", why="not the lawyer's"),
    ),
    "complaint-follow-up": (
        Access(CASE_KEEPERS, methods=("POST",), sample="own_complaint"),
        Access(ADMINS, methods=("POST",), sample="others_complaint"),
    ),
    "complaint-open-case": (
        Access(CASE_KEEPERS, methods=("POST",), sample="own_complaint"),
        Access(ADMINS, methods=("POST",), sample="others_complaint"),
    ),
    "case-list": (Access(CASE_KEEPERS, why="a lawyer's list holds their own cases"),),
    "case-detail": (
        Access(CASE_KEEPERS, sample="assigned_case", why="assigned to the asking lawyer"),
        Access(ADMINS, sample="unassigned_case", why="assigned to another lawyer"),
    ),
    "case-status": (
        Access(CASE_KEEPERS, methods=("POST",), sample="assigned_case"),
        Access(ADMINS, methods=("POST",), sample="unassigned_case"),
    ),
    "case-edit": (
        Access(CASE_KEEPERS, methods=("POST",), sample="assigned_case"),
        Access(ADMINS, methods=("POST",), sample="unassigned_case"),
    ),
    "case-lawyers": (
        Access(ADMINS, methods=("POST",), sample="assigned_case", why="admins assign lawyers"),
    ),
    "api:sync-identity": (_open(),),
    "api:sync-bundles": (
        Access(
            SIGNED_IN,
            anonymous=Outcome.OK,
            methods=("POST",),
            why="the bundle's signature authenticates; anything else gets 400",
        ),
    ),
    "api:sync-pull": (
        Access(
            SIGNED_IN,
            anonymous=Outcome.OK,
            methods=("POST",),
            why="the request bundle's signature authenticates; anything else gets 400",
        ),
    ),
    "api:search": (Access(VIEW_PEOPLE, anonymous=Outcome.UNAUTHORIZED),),
    "api:openapi-json": (_signed_in("the API's schema; holds no data"),),
    "api:api-root": (
        Access(frozenset(), anonymous=Outcome.NOT_FOUND, why="no operation at the root"),
    ),
    "dashboard": (Access(DASHBOARD),),
    "dashboard-chart": (Access(DASHBOARD, sample="dashboard_chart"),),
    "dashboard-documented": (Access(DASHBOARD, sample="documented_measure"),),
    "dashboard-figures": (Access(DASHBOARD, methods=("GET", "POST")),),
    "dashboard-figure-retract": (Access(DASHBOARD, methods=("POST",)),),
    "dashboard-estimate-retract": (Access(DASHBOARD, methods=("POST",)),),
    "dashboard-estimate": (Access(DASHBOARD, methods=("GET", "POST")),),
    "dashboard-estimate-job": (
        Access(DASHBOARD, sample="estimate_job", why="the starter's own job"),
    ),
    "memorial-consents": (Access(RECORDERS, methods=("GET", "POST"), sample="person"),),
    "memorial-consent-withdraw": (Access(RECORDERS, methods=("POST",), sample="memorial_consent"),),
    "report-summary": (Access(DASHBOARD),),
    "report-summary-pdf": (Access(DASHBOARD),),
    "report-dossier": (Access(VIEW_PEOPLE, sample="person"),),
    "report-dossier-pdf": (Access(VIEW_PEOPLE, sample="person"),),
    "public-figures": (_open(),),
    "public-memorial": (_open(),),
    "public-methods": (_open(),),
    # Django's admin: administrators only; every URL of it follows this one row.
    "admin:*": (Access(ADMINS, why="user management by administrators"),),
}


def rules_for(name: str) -> tuple[Access, ...] | None:
    """The rows for a URL name ("namespace:name"), or None when it has none."""
    if name in MATRIX:
        return MATRIX[name]
    namespace = name.rpartition(":")[0]
    return MATRIX.get(f"{namespace}:*") if namespace else None

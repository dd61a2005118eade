"""The database triggers that note every write to a synced table in `sync_change`.

They are (re)installed after every migrate: on SQLite a migration that rebuilds a table
drops the table's triggers with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from aqiqat.apps.cases.models import Case, CaseStatusChange, Complaint
from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.people.models import Event, LinkDecision, Person, PersonChange
from aqiqat.apps.sources.models import ImportBatch, Record, Source
from aqiqat.apps.tracing.models import TracingRequest, TracingStatusChange

# Parents before children, so a bundle reads naturally; the apply does not depend on it.
SYNCED_MODELS: tuple[type[models.Model], ...] = (
    Source,
    Evidence,
    ImportBatch,
    Person,
    Record,
    LinkDecision,
    PersonChange,
    Event,
    Case,
    Complaint,
    CaseStatusChange,
    CustodyEntry,
    TracingRequest,
    TracingStatusChange,
)

CHANGE_TABLE = "sync_change"
APPLYING_TABLE = "sync_applying"


def watched() -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(synced model label, table, column holding the synced row's id, operations)."""
    for model in SYNCED_MODELS:
        label = model._meta.label_lower
        yield label, model._meta.db_table, str(model._meta.pk.column), ("INSERT", "UPDATE")
        for field in model._meta.many_to_many:
            # A many-to-many set is a mutable field of its owner row.
            through = field.remote_field.through
            assert through is not None
            yield label, through._meta.db_table, field.m2m_column_name(), ("INSERT", "DELETE")


def trigger_name(table: str, operation: str) -> str:
    return f"sync_mark_{table}_{operation.lower()}"


def install(connection: BaseDatabaseWrapper) -> None:
    """Create or replace every trigger (idempotent)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTIONS)
        for label, table, column, operations in watched():
            for operation in operations:
                name = trigger_name(table, operation)
                row = "OLD" if operation == "DELETE" else "NEW"
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}")
                    # A no-op update (same values) is no change.
                    when = "WHEN (OLD.* IS DISTINCT FROM NEW.*) " if operation == "UPDATE" else ""
                    function = "sync_mark_row" if column == "id" else "sync_mark_owner"
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {operation} ON {quote(table)} "
                        f"FOR EACH ROW {when}EXECUTE FUNCTION {function}('{label}', '{column}')"
                    )
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {operation} ON {quote(table)} "  # noqa: S608
                        f"WHEN NOT EXISTS (SELECT 1 FROM {quote(APPLYING_TABLE)}) BEGIN "
                        f"INSERT INTO {quote(CHANGE_TABLE)} (model, row_id) "
                        f"VALUES ('{label}', {row}.{quote(column)}); END"
                    )


def expected() -> set[str]:
    """Names of every sync trigger the current models need."""
    return {
        trigger_name(table, operation)
        for _, table, _, operations in watched()
        for operation in operations
    }


def mark_every_row(connection: BaseDatabaseWrapper) -> None:
    """Note every synced row as written, so the next scan compares them all."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in SYNCED_MODELS:
            key, table = quote(str(model._meta.pk.column)), quote(model._meta.db_table)
            cursor.execute(
                f"INSERT INTO {quote(CHANGE_TABLE)} (model, row_id) SELECT %s, {key} FROM {table}",  # noqa: S608
                [model._meta.label_lower],
            )


def drop(connection: BaseDatabaseWrapper) -> None:
    """Remove every sync trigger (found in the database, whatever the models say now)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'sync_mark_%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}")
            cursor.execute("DROP FUNCTION IF EXISTS sync_mark_row(), sync_mark_owner()")
        else:
            for name in installed(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """Names of the sync triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'sync_mark_%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_mark_%'"
            )
        return {name for (name,) in cursor.fetchall()}


_POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION sync_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {APPLYING_TABLE}) THEN
        INSERT INTO {CHANGE_TABLE} (model, row_id) VALUES (TG_ARGV[0], NEW.id);
    END IF;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION sync_mark_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    written jsonb;
BEGIN
    IF EXISTS (SELECT 1 FROM {APPLYING_TABLE}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        written := to_jsonb(OLD);
    ELSE
        written := to_jsonb(NEW);
    END IF;
    INSERT INTO {CHANGE_TABLE} (model, row_id) VALUES (TG_ARGV[0], (written ->> TG_ARGV[1])::uuid);
    RETURN NULL;
END
$$;
"""  # noqa: S608

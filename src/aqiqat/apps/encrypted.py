"""Model fields encrypted in the application, for the sensitive columns.

On PostgreSQL the server stores whatever it is given, so testimony, medical details,
contacts and the raw imported rows are sealed before they leave the process
(services.crypto.values: AES-256-GCM, a nonce per value, the column as associated data).
The same fields are used on SQLite, where SQLCipher encrypts the whole file as well: one
code path, and a copy of the database key alone does not give these columns away.

A sealed column cannot be compared or sorted in SQL (each value has its own nonce), so
every lookup but `isnull` is refused loudly instead of silently finding nothing. No
sensitive column is searched by value today; one that must be would get a keyed HMAC
column beside it (a "blind index"), never a plain copy.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db import migrations, models
from django.db.models.lookups import IsNull

from aqiqat.services.crypto.values import is_sealed, seal, unseal


class _Sealed:
    """What both encrypted fields share: the column's name as associated data, and
    only the `isnull` lookup."""

    model: type[models.Model]
    name: str

    def column_label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_lookup(self, lookup_name: str) -> Any:
        return IsNull if lookup_name == "isnull" else None

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedTextField(_Sealed, models.TextField):
    """Text sealed on its way to the database and opened on its way out."""

    description = "Text encrypted by Aqiqat (AES-256-GCM)"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else seal(value, self.column_label())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else unseal(value, self.column_label())


class EncryptedJSONField(_Sealed, models.Field):
    """A JSON value (kept in its key order) sealed as text."""

    description = "JSON encrypted by Aqiqat (AES-256-GCM)"

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return seal(json.dumps(value, ensure_ascii=False), self.column_label())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(unseal(value, self.column_label()))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def seal_stored_values(
    connection: Any, table: str, column: str, label: str, key: str = "id"
) -> None:
    """Seal every plain value of one column in place (a data migration's forward step);
    values already sealed are left alone, so running it twice changes nothing. `key` is
    the table's primary key column."""
    _rewrite(
        connection, table, column, key, lambda text: text if is_sealed(text) else seal(text, label)
    )


def unseal_stored_values(
    connection: Any, table: str, column: str, label: str, key: str = "id"
) -> None:
    """Open every sealed value of one column in place (the migration's backward step)."""
    _rewrite(
        connection,
        table,
        column,
        key,
        lambda text: unseal(text, label) if is_sealed(text) else text,
    )


def sealing_operation(app_label: str, columns: tuple[tuple[str, str], ...]) -> Any:
    """A migration operation sealing the plain values of (model name, column) pairs of one
    app, and opening them again when migrating back."""

    def each(apps: Any, schema_editor: Any, rewrite: Any) -> None:
        for model_name, column in columns:
            meta = apps.get_model(app_label, model_name)._meta
            label = f"{meta.label_lower}.{column}"
            rewrite(schema_editor.connection, meta.db_table, column, label, key=meta.pk.column)

    return migrations.RunPython(
        lambda apps, editor: each(apps, editor, seal_stored_values),
        lambda apps, editor: each(apps, editor, unseal_stored_values),
    )


def _rewrite(
    connection: Any, table: str, column: str, pk: str, change: Any, batch: int = 2000
) -> None:
    quote = connection.ops.quote_name
    key, value = quote(pk), quote(column)
    query = f"SELECT {key}, {value} FROM {quote(table)} WHERE {value} IS NOT NULL"  # noqa: S608
    update = f"UPDATE {quote(table)} SET {value} = %s WHERE {key} = %s"  # noqa: S608
    after: list[Any] = []
    with connection.cursor() as cursor:
        while True:
            # Pages by key: a table of a million records is never in memory at once.
            cursor.execute(
                f"{query}{f' AND {key} > %s' if after else ''} ORDER BY {key} LIMIT {int(batch)}",
                after,
            )
            rows = cursor.fetchall()
            if not rows:
                return
            changed = [(new, pk) for pk, text in rows if (new := change(text)) != text]
            if changed:
                cursor.executemany(update, changed)
            after = [rows[-1][0]]

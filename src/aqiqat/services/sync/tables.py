"""Which tables sync, and how each field travels between instances.

Rows of immutable models (records, decisions, status changes…) merge as a union by UUID;
only their MUTABLE_FIELDS (retraction, derived links) change, and those carry clocks. Every
field of the other synced models except its key and creation is mutable. Users do not
sync: a user reference travels as `username@instance`; places and facilities travel by
their gazetteer id and code, which every instance shares.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from aqiqat.apps.bulk import as_is_type
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.sync.triggers import SYNCED_MODELS
from aqiqat.apps.tracked import ImmutableModel

PLAIN, USER, PLACE, FACILITY = "plain", "user", "place", "facility"
UNTRACKED = {"id", "created_by_id"}


@dataclass(frozen=True)
class Column:
    attname: str
    kind: str
    field: models.Field[Any, Any]


@dataclass(frozen=True)
class Table:
    label: str
    model: type[models.Model]
    fixed: tuple[Column, ...]  # set at creation, never changed by sync
    mutable: tuple[Column, ...]
    m2m: tuple[str, ...]  # many-to-many fields, each synced as one mutable set
    # Left at their default by sync, rebuilt after an import.
    rebuilt: tuple[models.Field[Any, Any], ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.fixed + self.mutable

    @property
    def mutable_names(self) -> tuple[str, ...]:
        return tuple(c.attname for c in self.mutable) + self.m2m


def _kind(field: models.Field[Any, Any]) -> str:
    target = field.related_model if field.is_relation else None
    if target is get_user_model():
        return USER
    if target is Place:
        return PLACE
    if target is Facility:
        return FACILITY
    return PLAIN


def _table(model: type[models.Model]) -> Table:
    immutable = issubclass(model, ImmutableModel)
    allowed: frozenset[str] = getattr(model, "MUTABLE_FIELDS", frozenset())
    # Derived with this instance's own key (a complaint's word tokens): rebuilt on arrival.
    rebuilt_names: frozenset[str] = getattr(model, "SYNC_REBUILT_FIELDS", frozenset())
    fixed: list[Column] = []
    mutable: list[Column] = []
    rebuilt: list[models.Field[Any, Any]] = []
    for field in model._meta.concrete_fields:
        if field.attname in rebuilt_names:
            rebuilt.append(field)
        if field.attname in UNTRACKED or field.attname in rebuilt_names:
            continue
        column = Column(field.attname, _kind(field), field)
        is_mutable = field.attname in allowed if immutable else field.attname != "created_at"
        (mutable if is_mutable else fixed).append(column)
    m2m = tuple(f.name for f in model._meta.many_to_many)
    return Table(model._meta.label_lower, model, tuple(fixed), tuple(mutable), m2m, tuple(rebuilt))


@cache
def tables() -> tuple[Table, ...]:
    return tuple(_table(model) for model in SYNCED_MODELS)


@cache
def table_by_label() -> dict[str, Table]:
    return {table.label: table for table in tables()}


class References:
    """Translates users, places and facilities between local keys and portable names."""

    def __init__(self, instance_id: str) -> None:
        self.instance_id = instance_id
        user_model = get_user_model()
        self.user_names = {
            pk: f"{name}@{instance_id}"
            for pk, name in user_model._default_manager.values_list("pk", user_model.USERNAME_FIELD)
        }
        self.user_ids = {name: pk for pk, name in self.user_names.items()}
        self.place_codes = dict(Place.objects.values_list("pk", "gazetteer_id"))
        self.place_ids = {code: pk for pk, code in self.place_codes.items()}
        self.facility_codes = dict(Facility.objects.values_list("pk", "code"))
        self.facility_ids = {code: pk for pk, code in self.facility_codes.items()}

    def out(self, column: Column, value: Any) -> Any:
        """A stored value as it travels (JSON)."""
        return self.out_function(column)(value)

    def into(self, column: Column, value: Any) -> Any:
        """A travelled value as this database stores it; unknown users become None."""
        return self.into_function(column)(value)

    def out_function(self, column: Column) -> Callable[[Any], Any]:
        """out() for one column, decided once: a bundle converts every cell."""
        if column.kind == USER:
            return self.user_names.get
        if column.kind == PLACE:
            return self.place_codes.get
        if column.kind == FACILITY:
            return self.facility_codes.get
        return _plain_out

    def into_function(self, column: Column) -> Callable[[Any], Any]:
        """into() for one column, decided once."""
        if column.kind == USER:
            return self.user_ids.get
        if column.kind == PLACE:
            return self.place_ids.get
        if column.kind == FACILITY:
            return self.facility_ids.get
        to_python = column.field.to_python
        kind = as_is_type(column.field) or type(None)
        return lambda value: value if value is None or type(value) is kind else to_python(value)


_AS_IS = frozenset({str, int, float, bool, dict, list, type(None)})


def _plain_out(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def m2m_sets(table: Table, ids: Iterable[Any] | None = None) -> dict[str, dict[Any, list[str]]]:
    """For each many-to-many field, each row's related ids as a sorted list of strings."""
    result: dict[str, dict[Any, list[str]]] = {}
    for name in table.m2m:
        field = table.model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        own = field.m2m_field_name()  # type: ignore[union-attr]
        other = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        rows = through._default_manager.all()
        if ids is not None:
            rows = rows.filter(**{f"{own}__in": list(ids)})
        sets: dict[Any, list[str]] = {}
        for owner, related in rows.values_list(f"{own}_id", f"{other}_id"):
            sets.setdefault(owner, []).append(str(related))
        result[name] = {owner: sorted(values) for owner, values in sets.items()}
    return result

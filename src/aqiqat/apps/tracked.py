"""Base models: UUID keys, who/when on every row, audit on every write, no deletion."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class DeletionForbidden(Exception):
    """Rows are never deleted by normal use; retract them with a reason instead."""


class ImmutableError(Exception):
    """An immutable row was changed in place; add a superseding row instead."""


class RetractionError(Exception):
    """A retraction was asked for without a reason, or twice."""


_M = TypeVar("_M", bound=models.Model)


class TrackedQuerySet(models.QuerySet[_M]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise DeletionForbidden(
            f"{self.model._meta.verbose_name_plural} cannot be deleted; retract them instead"
        )


class TrackedModel(models.Model):
    """UUID key, creator and creation time, audited saves, no deletion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        from aqiqat.apps.audit.log import current_actor, write_entry

        creating = self._state.adding
        actor = current_actor()
        if creating and self.created_by_id is None and actor is not None:
            self.created_by = actor
        with transaction.atomic():
            changed = self.check_change_allowed() if not creating else []
            super().save(*args, **kwargs)
            write_entry(
                actor=actor or self.created_by,
                action="create" if creating else "update",
                obj=self,
                detail={"fields": changed} if changed else {},
            )

    def check_change_allowed(self) -> list[str]:
        """Names of the fields this save changes; subclasses refuse forbidden changes."""
        return changed_fields(self)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DeletionForbidden(
            f"a {self._meta.verbose_name} cannot be deleted; retract it with a reason instead"
        )


def changed_fields(obj: models.Model) -> list[str]:
    """The concrete fields whose values differ from the stored row."""
    names = [f.attname for f in obj._meta.concrete_fields if not f.primary_key]
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
    if stored is None:
        return []
    return [name for name in names if stored[name] != getattr(obj, name)]


class RetractableModel(TrackedModel):
    """Withdrawn with a reason instead of deleted; still readable to admins."""

    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    retraction_reason = models.TextField(blank=True, editable=False)

    RETRACTION_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"retracted_at", "retracted_by_id", "retraction_reason"}
    )

    class Meta:
        abstract = True

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    def retract(self, user: Any, reason: str) -> None:
        from aqiqat.apps.audit.log import acting_as

        reason = reason.strip()
        if not reason:
            raise RetractionError("a retraction needs a reason")
        if self.is_retracted:
            raise RetractionError(f"this {self._meta.verbose_name} is already retracted")
        self.retracted_at = timezone.now()
        self.retracted_by = user
        self.retraction_reason = reason
        with acting_as(user):
            self.save(update_fields=["retracted_at", "retracted_by", "retraction_reason"])


class ImmutableQuerySet(TrackedQuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        mutable: frozenset[str] = getattr(self.model, "MUTABLE_FIELDS", frozenset())
        allowed = mutable | {name.removesuffix("_id") for name in mutable}
        forbidden = sorted(set(kwargs) - allowed)
        if forbidden:
            raise ImmutableError(
                f"{self.model._meta.verbose_name_plural} cannot be edited in place "
                f"({', '.join(forbidden)}); add a superseding entry"
            )
        return super().update(**kwargs)


class ImmutableModel(RetractableModel):
    """What a source said, kept as received: only derived links and retraction may change."""

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = RetractableModel.RETRACTION_FIELDS

    objects = ImmutableQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True

    def check_change_allowed(self) -> list[str]:
        changed = changed_fields(self)
        forbidden = sorted(set(changed) - self.MUTABLE_FIELDS)
        if forbidden:
            raise ImmutableError(
                f"a {self._meta.verbose_name} cannot be edited in place "
                f"({', '.join(forbidden)}); add a superseding entry"
            )
        return changed

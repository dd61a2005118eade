"""Admin defaults: nobody deletes through the admin; immutable rows are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class TrackedAdmin(admin.ModelAdmin):
    readonly_fields = ("id", "created_at", "created_by")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ImmutableAdmin(TrackedAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

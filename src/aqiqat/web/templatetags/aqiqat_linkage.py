"""The person page's merge and split section, as its own template."""

from __future__ import annotations

from typing import Any

from django import template

from aqiqat.apps.people.models import Person
from aqiqat.selectors.linkage import person_linkage as linkage_of

register = template.Library()


@register.inclusion_tag("aqiqat/person_linkage.html", takes_context=True)
def person_linkage(context: dict[str, Any], person: Person) -> dict[str, Any]:
    """{% person_linkage person %}: history of merges and splits, and the forms for them."""
    return {
        "person": person,
        "linkage": linkage_of(context["request"].user, person),
        "csrf_token": context.get("csrf_token"),
    }

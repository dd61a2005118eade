from datetime import date

from django import template

from aqiqat.apps.vocabulary import partial_date_text

register = template.Library()


@register.simple_tag
def partial_date(value: date | None, precision: str) -> str:
    """{% partial_date record.birth_date record.birth_date_precision %}: a month named in
    the reader's language, a year or a day in digits."""
    return partial_date_text(value, precision, localized=True)

"""Choices shared by several apps."""

from datetime import date

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    MONTH = "month", _("month only")
    YEAR = "year", _("year only")
    AMBIGUOUS = "ambiguous", _("day and month uncertain")
    UNKNOWN = "unknown", _("unknown")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")
    UNKNOWN = "U", _("unknown")


class PersonStatus(models.TextChoices):
    DETAINED = "detained", _("detained")
    RELEASED = "released", _("released")
    INJURED = "injured", _("injured")
    IN_HOSPITAL = "in_hospital", _("in hospital")
    MISSING = "missing", _("missing")
    KILLED = "killed", _("killed")
    FOUND = "found", _("found")
    UNKNOWN = "unknown", _("no information")


# How grave a status is, for choosing between two reports of one person of the same date
# (or both undated): the graver prevails (services.person_status.prevailing_status; reports
# of different dates are told apart by the date, except that a death is final).
STATUS_SEVERITY: dict[str, int] = {
    PersonStatus.KILLED: 4,
    PersonStatus.MISSING: 3,
    PersonStatus.DETAINED: 2,
    PersonStatus.INJURED: 2,
    PersonStatus.IN_HOSPITAL: 2,
    PersonStatus.RELEASED: 1,
    PersonStatus.FOUND: 1,
    PersonStatus.UNKNOWN: 0,
}


def partial_date_text(value: date | None, precision: str, *, localized: bool = False) -> str:
    """A date shown only as precisely as it is known: 1988, 1988-03 or 1988-03-14.

    `localized` is for pages people read: a month is named in the active language
    (March 1988, Март 1988 г.) instead of 1988-03, which reads like a cut-off day.
    """
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        if localized:
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()

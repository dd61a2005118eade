from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.tracked import RetractableModel


class Measure(models.TextChoices):
    """What a headline number counts."""

    KILLED = "killed", _("killed")
    DETAINED = "detained", _("detained (at any time)")
    STILL_HELD = "still_held", _("still held")
    INJURED = "injured", _("injured")
    MISSING = "missing", _("missing")


class OfficialFigure(RetractableModel):
    """A number the authorities (or another official body) gave, with who said it and where.

    Kept as stated; a wrong entry is retracted with a reason and a new one added.
    """

    measure = models.CharField(_("what it counts"), max_length=16, choices=Measure.choices)
    region = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("empty for the whole country"),
    )
    value = models.PositiveIntegerField(_("number"))
    said_by = models.CharField(_("who said it"), max_length=300)
    document = models.CharField(
        _("document or address"),
        max_length=1000,
        help_text=_("title of the statement, or its web address as text"),
    )
    stated_on = models.DateField(_("date of the statement"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("official figure")
        verbose_name_plural = _("official figures")
        ordering = ["-stated_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.value} ({self.said_by}, {self.stated_on})"


class SavedEstimate(RetractableModel):
    """One estimation run kept for the dashboard: its headline method and every method's answer."""

    measure = models.CharField(_("what it estimates"), max_length=16, choices=Measure.choices)
    method = models.CharField(_("method"), max_length=32)
    n_hat = models.FloatField(_("estimate"))
    lower = models.FloatField(_("lower bound"), null=True, blank=True)
    upper = models.FloatField(_("upper bound"), null=True, blank=True)
    level = models.FloatField(_("interval level"))
    documented = models.PositiveIntegerField(_("documented at the time"))
    lists = models.JSONField(_("lists used"), default=list)
    strata = models.JSONField(_("strata"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    scope = models.CharField(_("what was counted"), max_length=1000)
    results = models.JSONField(_("every method's result"), default=list)

    class Meta:
        verbose_name = _("saved estimate")
        verbose_name_plural = _("saved estimates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.n_hat:.0f} ({self.method})"


class MemorialConsent(RetractableModel):
    """A family's consent to name a killed person on the public memorial; withdrawable."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memorial_consents"
    )
    given_by = models.CharField(
        _("who gave consent"),
        max_length=300,
        help_text=_("e.g. 'his mother', 'her brother' — not their contact details"),
    )
    given_on = models.DateField(_("date consent was given"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("memorial consent")
        verbose_name_plural = _("memorial consents")
        ordering = ["-given_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.given_by}, {self.given_on})"

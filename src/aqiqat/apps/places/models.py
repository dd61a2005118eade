from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.tracked import TrackedModel


class Place(TrackedModel):
    """A gazetteer entry: region, city, town or district, in every script it is written in."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        CITY = "city", _("city")
        TOWN = "town", _("town")
        DISTRICT = "district", _("district")
        CITY_DISTRICT = "city-district", _("city district")
        VILLAGE = "village", _("village")
        OTHER = "other", _("other")

    gazetteer_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    name_kk = models.CharField(_("Kazakh name"), max_length=200)
    name_ru = models.CharField(_("Russian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    name_latin = models.CharField(_("Kazakh Latin name"), max_length=200, blank=True)
    historical_names = models.JSONField(default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Facility(TrackedModel):
    """A place where people are held, treated or taken after death."""

    class Kind(models.TextChoices):
        DETENTION = "detention", _("detention facility")
        POLICE = "police", _("police station")
        PRETRIAL = "pretrial", _("pre-trial detention centre")
        PRISON = "prison", _("prison")
        HOSPITAL = "hospital", _("hospital")
        MORGUE = "morgue", _("morgue")
        OTHER = "other", _("other")

    code = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name_kk = models.CharField(_("Kazakh name"), max_length=300, blank=True)
    name_ru = models.CharField(_("Russian name"), max_length=300, blank=True)
    name_en = models.CharField(_("English name"), max_length=300)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

"""Recording and withdrawing a family's consent to name a killed person on the memorial."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aqiqat.apps.figures.models import MemorialConsent
from aqiqat.apps.tracked import RetractionError
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.people import access_person
from aqiqat.services.figures import (
    FiguresError,
    record_memorial_consent,
    withdraw_memorial_consent,
)
from aqiqat.web.forms.figures import MemorialConsentForm, RetractForm


@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, person_id: str) -> HttpResponse:
    if not request.user.has_perm("figures.view_memorialconsent"):
        raise NotFound
    person = access_person(request.user, person_id)
    may_add = request.user.has_perm("figures.add_memorialconsent")
    form = MemorialConsentForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise NotFound
        if form.is_valid():
            try:
                record_memorial_consent(request.user, person, **form.cleaned_data)
            except FiguresError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Consent recorded: the name now appears on the memorial.")
                )
                return redirect("memorial-consents", person_id=person.pk)
    return render(
        request,
        "aqiqat/memorial_consents.html",
        {
            "person": person,
            "consents": MemorialConsent.objects.filter(person=person).select_related(
                "created_by", "retracted_by"
            ),
            "form": form,
            "withdraw_form": RetractForm(),
        },
    )


@require_POST
def withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    if not request.user.has_perm("figures.change_memorialconsent"):
        raise NotFound
    form = RetractForm(request.POST)
    try:
        consent = MemorialConsent.objects.get(pk=consent_id)
    except MemorialConsent.DoesNotExist as exc:
        raise NotFound from exc
    if not form.is_valid():
        messages.error(request, _("Say why consent was withdrawn."))
    else:
        try:
            withdraw_memorial_consent(request.user, consent.pk, form.cleaned_data["reason"])
        except RetractionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Consent withdrawn: the name is no longer on the memorial.")
            )
    return redirect("memorial-consents", person_id=consent.person_id)

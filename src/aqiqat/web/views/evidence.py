"""Attaching evidence files to a person, and an evidence file's registration and custody."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aqiqat.selectors.access import NotFound
from aqiqat.selectors.evidence import access_evidence
from aqiqat.selectors.people import access_person
from aqiqat.services.evidence import EvidenceTooLarge, store_evidence
from aqiqat.web.forms.cases import EvidenceForm
from aqiqat.web.views.people import render_person


@require_POST
def attach(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person(request.user, person_id)
    if not request.user.has_perm("evidence.add_evidence"):
        raise NotFound
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evidence = store_evidence(
                upload,
                original_name=upload.name or "file",
                media_type=upload.content_type or "application/octet-stream",
                actor=request.user,
                person=person,
                description=form.cleaned_data["description"],
            )
        except EvidenceTooLarge as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("%(name)s (%(size)s) was kept; its SHA-256 is %(sha)s.")
                % {
                    "name": evidence.original_name,
                    "size": filesizeformat(evidence.size),
                    "sha": evidence.sha256,
                },
            )
            return redirect("person-detail", person_id=person.pk)
    return render_person(request, person, status=400, evidence_form=form)


@require_GET
def detail(request: HttpRequest, evidence_id: str) -> HttpResponse:
    evidence = access_evidence(request.user, evidence_id)
    return render(
        request,
        "aqiqat/evidence_detail.html",
        {"evidence": evidence, "custody": evidence.custody.select_related("created_by")},
    )

"""Setting up a TOTP authenticator: a QR code drawn here (never fetched) and the key to
type by hand, confirmed with one code from the app."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from aqiqat.apps.audit.log import write_entry

DEVICE_NAME = "authenticator"


class ConfirmForm(forms.Form):
    otp_token = forms.RegexField(
        label=gettext_lazy("Code shown by the app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Type the 6 digits the app shows.")},
    )


def qr_svg(text: str) -> SafeString:
    """The QR code of `text` as inline SVG (made from our own data, so safe to embed)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg)  # noqa: S308 - generated here from a key, holds no user text


def manual_key(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if any(devices_for_user(user, confirmed=True)):
        return render(request, "registration/two_factor_setup.html", {"enrolled": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name=DEVICE_NAME, confirmed=False
    )
    form = ConfirmForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            write_entry(actor=user, action="2fa_enrolled", obj=user)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect("home")
        form.add_error("otp_token", _("That code is wrong; check the phone's clock and retry."))
    context = {
        "enrolled": False,
        "form": form,
        "qr": qr_svg(device.config_url),
        "key": manual_key(device),
    }
    return render(request, "registration/two_factor_setup.html", context)

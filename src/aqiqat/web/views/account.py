"""Signing in (password, then the TOTP code when the account has one), signing out, and
changing one's password; the last two end every session of the user."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from aqiqat.apps.audit.log import write_entry
from aqiqat.web.session_security import SEEN, STARTED

# Refused before hashing: a megabyte "password" must not cost a megabyte of Argon2.
PASSWORD_LIMIT = 256
TOO_LONG = _("A password is at most %(limit_value)d characters.")


def _password_field(label: Any, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=PASSWORD_LIMIT,
        strip=False,
        error_messages={"max_length": TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class LoginForm(AuthenticationForm):
    password = _password_field(_("Password"), "current-password")
    otp_token = forms.CharField(
        label=_("Code from your authenticator app (if you set one up)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Your username and password did not match, or the account is locked after too "
            "many attempts. Please try again."
        ),
        "bad_code": _("The code from the authenticator app is wrong or was already used."),
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.otp_device = None
        user = self.get_user()
        if user is not None and any(devices_for_user(user, confirmed=True)):
            self.otp_device = match_token(user, cleaned.get("otp_token", "").strip())
            if self.otp_device is None:
                # A wrong code counts as a failed attempt towards the lockout.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                self.user_cache = None
                raise forms.ValidationError(self.error_messages["bad_code"], code="bad_code")
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)  # rotates the session id
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        now = int(time.time())
        self.request.session[STARTED] = self.request.session[SEEN] = now
        return response


class LogoutView(auth_views.LogoutView):
    """Signing out here signs the user out everywhere."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            write_entry(actor=request.user, action="logout", obj=request.user)
            request.user.end_all_sessions()
        return super().post(request, *args, **kwargs)


class LimitedPasswordChangeForm(PasswordChangeForm):
    old_password = _password_field(_("Old password"), "current-password")
    new_password1 = _password_field(_("New password"), "new-password")
    new_password2 = _password_field(_("New password confirmation"), "new-password")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = LimitedPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: LimitedPasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        user = form.save()
        write_entry(actor=user, action="update", obj=user, detail={"fields": ["password"]})
        user.end_all_sessions()
        logout(self.request)
        messages.success(self.request, _("Your password was changed. Log in with the new one."))
        return redirect(self.get_success_url())

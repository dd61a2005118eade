"""Signing in: hashing, second factor, lockout, sessions and the headers that protect them."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.web.session_security import SEEN, STARTED

pytestmark = pytest.mark.django_db
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def log_in(client: Client, username: str, password: str, code: str = ""):
    return client.post(
        reverse("login"), {"username": username, "password": password, "otp_token": code}
    )


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def test_production_settings_put_argon2_first() -> None:
    from aqiqat.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_older_pbkdf2_hash_is_upgraded_to_argon2id_at_login(personas, settings) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = personas.viewer
    user.password = make_password(personas.password, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = log_in(Client(), user.username, personas.password)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_an_over_long_password_is_refused_before_it_is_checked(personas) -> None:
    before = AuditEntry.objects.filter(action="login_failed").count()
    response = log_in(Client(), personas.viewer.username, "x" * 100_000)
    assert response.status_code == 200
    assert "at most 256 characters" in response.content.decode()
    # No authentication was tried, so no failed attempt was recorded.
    assert AuditEntry.objects.filter(action="login_failed").count() == before


def test_the_session_id_changes_at_login(personas) -> None:
    client = Client()
    store = SessionStore()
    store["planted"] = True
    store.create()
    client.cookies["sessionid"] = store.session_key
    log_in(client, personas.viewer.username, personas.password)
    assert client.cookies["sessionid"].value != store.session_key
    assert not SessionStore().exists(store.session_key)


def test_login_success_and_failure_are_both_audited(personas) -> None:
    log_in(Client(), personas.viewer.username, "wrong password entirely")
    log_in(Client(), personas.viewer.username, personas.password)
    failed = AuditEntry.objects.filter(action="login_failed").last()
    assert failed is not None and failed.detail["username"] == personas.viewer.username
    assert AuditEntry.objects.filter(action="login", actor=personas.viewer).exists()


class TestLockout:
    def test_an_account_is_locked_after_five_failures_but_another_user_still_logs_in(
        self, personas
    ) -> None:
        attacker = Client(REMOTE_ADDR="10.0.0.66")
        for _ in range(5):
            log_in(attacker, personas.viewer.username, "guess guess guess")
        owner = Client(REMOTE_ADDR="10.0.0.7")
        assert log_in(owner, personas.viewer.username, personas.password).status_code == 429
        other = Client(REMOTE_ADDR="10.0.0.8")
        assert log_in(other, personas.lawyer.username, personas.password).status_code == 302

    def test_an_address_is_locked_after_five_failures_on_any_accounts(self, personas) -> None:
        attacker = Client(REMOTE_ADDR="10.0.0.99")
        for name in ("a", "b", "c", "d", "e"):
            log_in(attacker, f"nobody-{name}", "guess guess guess")
        blocked = log_in(attacker, personas.analyst.username, personas.password)
        assert blocked.status_code == 429
        elsewhere = Client(REMOTE_ADDR="10.0.0.100")
        assert log_in(elsewhere, personas.analyst.username, personas.password).status_code == 302


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def required(self, settings) -> None:
        settings.AQIQAT_ADMIN_2FA = True

    def enrol(self, client: Client, personas) -> TOTPDevice:
        log_in(client, personas.admin.username, personas.password)
        page = client.get(reverse("two-factor-setup"))
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=personas.admin, confirmed=False)
        response = client.post(reverse("two-factor-setup"), {"otp_token": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        return device

    def test_an_admin_without_a_second_factor_is_sent_to_set_one_up(self, personas) -> None:
        client = Client()
        log_in(client, personas.admin.username, personas.password)
        response = client.get(reverse("person-list"))
        assert response.status_code == 302
        assert response["Location"] == reverse("two-factor-setup")
        assert client.get(reverse("admin:index")).status_code == 302

    def test_the_setup_page_shows_the_key_to_type_by_hand(self, personas) -> None:
        client = Client()
        log_in(client, personas.admin.username, personas.password)
        page = client.get(reverse("two-factor-setup")).content.decode()
        assert 'class="otp-key"' in page
        assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
            "http://www.w3.org/2000/svg", ""
        )

    def test_an_enrolled_admin_gets_in_and_must_give_a_code_next_time(self, personas) -> None:
        client = Client()
        device = self.enrol(client, personas)
        assert client.get(reverse("person-list")).status_code == 200
        client.post(reverse("logout"))
        refused = log_in(Client(), personas.admin.username, personas.password)
        assert refused.status_code == 200
        assert "wrong or was already used" in refused.content.decode()
        time.sleep(1.1)  # django-otp makes a device wait 1 s after a wrong code
        again = Client()
        response = log_in(again, personas.admin.username, personas.password, code_for(device, 1))
        assert response.status_code == 302
        assert again.get(reverse("person-list")).status_code == 200

    def test_a_code_cannot_be_used_twice(self, personas) -> None:
        client = Client()
        device = self.enrol(client, personas)
        code = code_for(device, 1)
        assert log_in(Client(), personas.admin.username, personas.password, code).status_code == 302
        reused = log_in(Client(), personas.admin.username, personas.password, code)
        assert reused.status_code == 200
        assert "already used" in reused.content.decode()

    def test_other_roles_are_not_asked_for_a_second_factor(self, personas) -> None:
        client = Client()
        log_in(client, personas.documenter.username, personas.password)
        assert client.get(reverse("person-list")).status_code == 200


class TestSessionsEnd:
    def two_sessions(self, user, password: str) -> tuple[Client, Client]:
        first, second = Client(), Client()
        for client in (first, second):
            assert log_in(client, user.username, password).status_code == 302
            assert client.get(reverse("person-list")).status_code == 200
        return first, second

    def assert_signed_out(self, client: Client) -> None:
        response = client.get(reverse("person-list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_logging_out_ends_every_session_of_the_user(self, personas) -> None:
        first, second = self.two_sessions(personas.viewer, personas.password)
        first.post(reverse("logout"))
        self.assert_signed_out(first)
        self.assert_signed_out(second)

    def test_changing_the_password_ends_every_session(self, personas) -> None:
        first, second = self.two_sessions(personas.viewer, personas.password)
        new = "a different long passphrase 2023"
        response = first.post(
            reverse("password-change"),
            {"old_password": personas.password, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 302
        self.assert_signed_out(first)
        self.assert_signed_out(second)

    def test_a_role_change_ends_every_session(self, personas) -> None:
        from django.contrib.auth.models import Group

        first, second = self.two_sessions(personas.viewer, personas.password)
        personas.viewer.groups.add(Group.objects.get(name="lawyer"))
        self.assert_signed_out(first)
        self.assert_signed_out(second)

    def test_deactivating_an_account_ends_its_sessions(self, personas) -> None:
        first, _second = self.two_sessions(personas.viewer, personas.password)
        personas.viewer.is_active = False
        personas.viewer.save(update_fields=["is_active"])
        self.assert_signed_out(first)

    def test_an_idle_session_ends(self, personas, settings) -> None:
        client, _ = self.two_sessions(personas.viewer, personas.password)
        session = client.session
        session[SEEN] = int(time.time()) - settings.AQIQAT_SESSION_IDLE_SECONDS - 5
        session.save()
        self.assert_signed_out(client)

    def test_a_session_ends_after_its_longest_life_even_when_in_use(
        self, personas, settings
    ) -> None:
        client, _ = self.two_sessions(personas.viewer, personas.password)
        session = client.session
        session[STARTED] = int(time.time()) - settings.AQIQAT_SESSION_MAX_SECONDS - 5
        session.save()
        self.assert_signed_out(client)


def test_signed_in_pages_are_not_cached_and_cookies_are_http_only(personas) -> None:
    client = Client()
    response = log_in(client, personas.viewer.username, personas.password)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(reverse("person-list"))
    assert "no-store" in page["Cache-Control"]


def test_https_settings_make_cookies_secure(monkeypatch) -> None:
    from aqiqat.config.security import security_settings

    monkeypatch.setenv("AQIQAT_HTTPS", "1")
    values = security_settings()
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600


def test_a_refused_page_is_audited_with_its_path(personas) -> None:
    from tests.factories import make_person

    person = make_person("Тестов Вымышлен")
    client = Client()
    client.force_login(personas.outsider)
    url = reverse("person-detail", args=[person.pk])
    assert client.get(url).status_code == 404
    entry = AuditEntry.objects.filter(action="not_found").last()
    assert entry is not None and entry.actor_id == personas.outsider.pk
    assert entry.detail == {"method": "GET", "path": url}

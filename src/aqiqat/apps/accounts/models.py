from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who works with Aqiqat; what they may do comes from their role groups."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    # Raised to end every session of the user at once (logout, role change, deactivation).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_session_auth_hash(self) -> str:
        """Ties each session to the password and to the session epoch."""
        return salted_hmac(
            "aqiqat.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def end_all_sessions(self) -> None:
        """Make every session of this user invalid at its next request."""
        User.objects.filter(pk=self.pk).update(session_epoch=models.F("session_epoch") + 1)
        self.refresh_from_db(fields=["session_epoch"])

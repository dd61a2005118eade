"""Migrations run on data made by the previous schema: users created before session epochs
keep their passwords, start at epoch 0 and can sign in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

BEFORE = [("accounts", "0001_initial")]
PASSWORD = "an old but long passphrase 2021"


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_users_from_the_previous_schema_survive_the_session_epoch_migration() -> None:
    executor = migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldUser = old_apps.get_model("accounts", "User")
    assert "session_epoch" not in {f.name for f in OldUser._meta.get_fields()}
    OldUser.objects.create(username="old-timer", password=make_password(PASSWORD))

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    from aqiqat.apps.accounts.models import User

    user = User.objects.get(username="old-timer")
    assert user.session_epoch == 0
    assert user.check_password(PASSWORD)
    client = Client()
    response = client.post("/login/", {"username": "old-timer", "password": PASSWORD})
    assert response.status_code == 302

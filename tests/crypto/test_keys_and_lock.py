"""The data folder's key: wrapped by the passphrase, changed without re-encrypting, and
dropped from a running server's memory by `aqiqat lock`."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from aqiqat.services.crypto.keyfile import keyfile_path
from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat
from tests.crypto.folders import operator_passphrase


def run_with_passphrase(
    *args: str, data_dir: Path, passphrase_file: Path
) -> subprocess.CompletedProcess[str]:
    env = aqiqat_env(data_dir)
    env["AQIQAT_PASSPHRASE_FILE"] = str(passphrase_file)
    return subprocess.run(
        aqiqat_command(*args), capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("office")
    made = run_aqiqat("init", data_dir=data)
    assert made.returncode == 0, made.stderr
    return data


def test_the_key_file_holds_no_passphrase_and_the_folder_nothing_readable(folder: Path) -> None:
    keyfile = keyfile_path(folder).read_text()
    assert operator_passphrase() not in keyfile
    assert '"kdf": "argon2id"' in keyfile
    assert keyfile_path(folder).stat().st_mode & 0o077 == 0
    assert not (folder / "aqiqat.sqlite3").read_bytes().startswith(b"SQLite format 3")
    for path in folder.rglob("*"):
        if path.is_file():
            assert operator_passphrase().encode() not in path.read_bytes()


def test_a_wrong_passphrase_is_one_clear_line_and_exit_2(folder: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase of this folder\n")
    result = run_with_passphrase("user", "list", data_dir=folder, passphrase_file=wrong)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: wrong passphrase for the data folder {folder}"
    ]


def test_without_a_passphrase_or_terminal_the_command_says_how(folder: Path) -> None:
    env = aqiqat_env(folder)
    env.pop("AQIQAT_PASSPHRASE_FILE")
    result = subprocess.run(
        aqiqat_command("user", "list"),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "AQIQAT_PASSPHRASE_FILE" in result.stderr


def test_a_changed_passphrase_opens_the_folder_and_the_old_one_no_longer_does(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    new = tmp_path / "new"
    new.write_text("a new and long passphrase for the office\n")
    changed = run_aqiqat("passphrase", "change", "--new-file", str(new), data_dir=data)
    assert changed.returncode == 0, changed.stderr
    old = run_aqiqat("user", "list", data_dir=data)
    assert old.returncode == 2 and "wrong passphrase" in old.stderr
    opened = run_with_passphrase("user", "list", data_dir=data, passphrase_file=new)
    assert opened.returncode == 0, opened.stderr
    assert "admin" in opened.stdout


def test_a_short_new_passphrase_is_refused_and_the_old_one_still_works(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    short = tmp_path / "short"
    short.write_text("short\n")
    refused = run_aqiqat("passphrase", "change", "--new-file", str(short), data_dir=data)
    assert refused.returncode == 2 and "at least 12 characters" in refused.stderr
    assert run_aqiqat("user", "list", data_dir=data).returncode == 0


def test_lock_without_a_running_server_says_nothing_holds_the_keys(folder: Path) -> None:
    result = run_aqiqat("lock", data_dir=folder)
    assert result.returncode == 0
    assert "no Aqiqat server is running" in result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(folder: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        aqiqat_command("serve", "--port", str(port)),
        env=aqiqat_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()) from exc  # type: ignore[union-attr]
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, body, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_a_locked_server_answers_locked_until_the_passphrase_is_given(
    folder: Path, server: str
) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{server}/login/"
    status, page = fetch(opener, login)
    assert status == 200 and "Aqiqat is locked" not in page

    locked = run_aqiqat("lock", data_dir=folder)
    assert locked.returncode == 0, locked.stderr
    assert "Locked" in locked.stdout
    status, page = fetch(opener, login)
    assert status == 503 and "Aqiqat is locked" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token

    form = {"csrfmiddlewaretoken": token.group(1), "aqiqat_unlock": "1"}
    status, page = fetch(opener, login, {**form, "passphrase": "a wrong guess at it"})
    assert status == 503 and "does not open this data folder" in page
    status, page = fetch(opener, login, {"aqiqat_unlock": "1", "passphrase": "x"})
    assert status == 403  # no CSRF token: refused before any passphrase is tried

    status, page = fetch(opener, login, {**form, "passphrase": operator_passphrase()})
    assert status == 200 and "Aqiqat is locked" not in page

"""Two real servers (`aqiqat serve`) on loopback, synced with `aqiqat sync push/pull`."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(data: Path, *args: str) -> str:
    done = run_aqiqat(*args, data_dir=data)
    assert done.returncode == 0, done.stderr
    return done.stdout


def serve(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        aqiqat_command("serve", "--port", str(port)),
        env=aqiqat_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return server, url
        except OSError as exc:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"aqiqat serve did not start: {output}") from exc
            time.sleep(0.3)


@dataclass(frozen=True)
class Offices:
    almaty: Path
    almaty_url: str
    taraz: Path
    taraz_url: str
    taraz_keys: str


@pytest.fixture(scope="module")
def two_offices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offices]:
    base = tmp_path_factory.mktemp("two-offices")
    almaty, taraz = base / "almaty", base / "taraz"
    for data in (almaty, taraz):
        cli(data, "init")
    keys = {data: cli(data, "peers", "me").strip().splitlines()[-1] for data in (almaty, taraz)}
    cli(almaty, "peers", "add", "taraz", keys[taraz])
    cli(taraz, "peers", "add", "almaty", keys[almaty])
    # Both offices hold the same fictional lists, typed in separately (same names, new ids).
    cli(almaty, "demo", "--people", "40")
    cli(taraz, "demo", "--people", "30")
    servers = [serve(almaty), serve(taraz)]
    yield Offices(almaty, servers[0][1], taraz, servers[1][1], keys[taraz])
    for server, _ in servers:
        server.terminate()
        server.wait(timeout=20)


def digest(data: Path) -> str:
    found = re.search(r"digest ([0-9a-f]{64})", cli(data, "sync", "digest"))
    assert found
    return found.group(1)


def test_two_servers_converge_over_http(two_offices: Offices) -> None:
    almaty, almaty_url = two_offices.almaty, two_offices.almaty_url
    taraz, taraz_url = two_offices.taraz, two_offices.taraz_url
    pushed = cli(almaty, "sync", "push", taraz_url)
    assert "Sent" in pushed and "to taraz" in pushed
    pulled = cli(almaty, "sync", "pull", taraz_url)
    assert "Bundle from taraz merged" in pulled
    for _ in range(3):
        cli(taraz, "sync", "pull", almaty_url)
        cli(almaty, "sync", "pull", taraz_url)
        if digest(almaty) == digest(taraz):
            break
    assert digest(almaty) == digest(taraz)


def test_a_bundle_file_is_merged_once_and_a_second_import_is_ignored(
    two_offices: Offices, tmp_path: Path
) -> None:
    almaty, taraz = two_offices.almaty, two_offices.taraz
    walk_ins = tmp_path / "walk-ins.csv"
    walk_ins.write_text("ФИО,Возраст\nВымышленный Тест Тестович,34\nОйдан Сынақ Ұлы,29\n")
    cli(almaty, "import", str(walk_ins), "--source", "fictional walk-in list")
    bundle = tmp_path / "almaty-to-taraz.aqb"
    written = cli(almaty, "sync", "export", "--to", "taraz", "--out", str(bundle))
    assert "signed and encrypted to taraz only" in written
    assert bundle.stat().st_mode & 0o077 == 0
    assert "Bundle from almaty merged" in cli(taraz, "sync", "import", str(bundle))
    assert "already imported" in cli(taraz, "sync", "import", str(bundle))
    again = run_aqiqat("sync", "export", "--to", "taraz", "--out", str(bundle), data_dir=almaty)
    assert again.returncode == 2 and "exists" in again.stderr


def test_a_server_refuses_an_instance_it_does_not_trust(
    two_offices: Offices, tmp_path: Path
) -> None:
    taraz_url = two_offices.taraz_url
    stranger = tmp_path / "stranger"
    cli(stranger, "init")
    # The stranger was never trusted by the server.
    done = run_aqiqat("sync", "push", taraz_url, data_dir=stranger)
    assert done.returncode == 2
    assert "not a trusted peer" in done.stderr
    # Trusting the server is not enough: the server refuses the stranger's signed bundle.
    cli(stranger, "peers", "add", "taraz", two_offices.taraz_keys)
    refused = run_aqiqat("sync", "push", taraz_url, data_dir=stranger)
    assert refused.returncode == 2
    assert "server refused" in refused.stderr and "not a trusted peer" in refused.stderr

"""The real server (`aqiqat serve`, waitress) with the demo, driven by Chromium."""

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
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Served:
    url: str
    password: str
    data_dir: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data = tmp_path_factory.mktemp("served")
    init = run_aqiqat("init", data_dir=data)
    assert init.returncode == 0, init.stderr
    found = re.search(r"password: (\S+)", init.stdout)
    assert found
    demo = run_aqiqat("demo", "--people", "300", data_dir=data)
    assert demo.returncode == 0, demo.stderr
    port = free_port()
    server = subprocess.Popen(
        aqiqat_command("serve", "--port", str(port)),
        env=aqiqat_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError as exc:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"aqiqat serve did not start: {output}") from exc
            time.sleep(0.2)
    yield Served(url, found.group(1), data)
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


WRONG_PASSWORD = "not-the-password"


def log_in(
    page: Page, served: Served, username: str = "admin", password: str | None = None
) -> None:
    page.goto(f"{served.url}/people/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password or served.password)
    page.click("button[type=submit].primary")
    if password != WRONG_PASSWORD:
        # Signed in means the list it came for is shown; measuring before that reads a
        # page in the middle of navigating.
        expect(page).to_have_url(re.compile(r"/people/$"))
        page.wait_for_load_state()


def test_an_admin_logs_in_and_sees_the_demo_people(page: Page, served: Served) -> None:
    log_in(page, served)
    expect(page.locator("h1")).to_have_text("People")
    rows = page.locator("table.people tbody tr")
    assert rows.count() == 50
    count_text = page.locator("p.count").inner_text()
    assert int(count_text.split()[0].replace(",", "")) > 50
    rows.first.locator("a").click()
    expect(page.locator("h2").first).to_have_text("Timeline")
    assert page.locator("article.record").count() >= 1
    assert page.locator("article.record .latin").first.inner_text().strip() != ""


def test_a_wrong_password_is_refused_with_a_clear_message(page: Page, served: Served) -> None:
    log_in(page, served, password=WRONG_PASSWORD)
    expect(page.locator("p.error")).to_contain_text("did not match")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_the_language_switcher_turns_the_interface_russian(page: Page, served: Served) -> None:
    log_in(page, served)
    page.select_option("#language", "ru")
    page.click("form.lang button")
    expect(page.locator("h1")).to_have_text("Люди")
    page.select_option("#language", "kk")
    page.click("form.lang button")
    expect(page.locator("h1")).to_have_text("Адамдар")


def test_the_person_list_fits_a_phone_screen(browser: Browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, served)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()


def test_search_by_latin_spelling_finds_cyrillic_names(page: Page, served: Served) -> None:
    log_in(page, served)
    first_latin = page.locator("table.people tbody tr td:nth-child(2)").first.inner_text()
    surname = first_latin.split()[0]
    page.fill("#q", surname)
    page.click("form.search button")
    expect(page.locator("table.people tbody tr").first).to_contain_text(surname)

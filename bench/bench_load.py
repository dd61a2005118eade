"""Load test: 50 signed-in users for 60 s against the real server on loopback, mixed
reads and writes; reports throughput, latency percentiles and every error.

Run: .venv/bin/python bench/bench_load.py [--users 50] [--seconds 60] [--people 2000]

It makes a data folder with `aqiqat init` and `aqiqat demo`, gives each simulated user an
account of their own (documenters: they may read people, search and register enquiries),
starts `aqiqat serve` (waitress), signs every user in (Argon2 is slow on purpose, so the
60 s are counted from when all are in) and lets every user loop over: the list of people (40 %),
a person's page (15 %), a name search (25 %) and registering a tracing enquiry (20 %, a
write that also searches the records held). Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

SURNAMES = ["Ахметов", "Серикбаев", "Иванов", "Нурланов", "Kim", "Tokayev", "Омаров", "Ли"]
MIX = [("list", 40), ("person", 15), ("search", 25), ("enquiry", 20)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AQIQAT = [sys.executable, "-m", "aqiqat"]
TIMEOUT = 300  # seconds; a request slower than this counts as an error
PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def aqiqat(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*AQIQAT, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"aqiqat {' '.join(args)} failed: {done.stderr}")
    return done.stdout


ACCOUNTS = """
import sys
from aqiqat.cli.django_setup import require_database, setup_django
setup_django()
require_database()
from aqiqat.services.accounts import create_user
for n in range(int(sys.argv[1])):
    create_user(f"load-{n}", role="documenter", password=sys.argv[2])
"""


class Clock:
    """Starts the measured period once every user has signed in."""

    def __init__(self, users: int, seconds: float) -> None:
        self.seconds = seconds
        self.started = self.until = 0.0
        self.barrier = threading.Barrier(users, action=self.start)

    def start(self) -> None:
        self.started = time.monotonic()
        self.until = self.started + self.seconds


class User(threading.Thread):
    def __init__(self, number: int, base: str, password: str, clock: Clock) -> None:
        super().__init__(daemon=True)
        self.number, self.base, self.password, self.clock = number, base, password, clock
        self.login_seconds = 0.0
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.people: list[str] = []
        self.random = random.Random(number)

    def fetch(self, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        with self.opener.open(request, timeout=TIMEOUT) as response:
            return response.read().decode()

    def form(self, path: str, fields: dict[str, str]) -> str:
        page = self.fetch(path)
        token = CSRF.search(page)
        if token is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return self.fetch(path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def step(self, kind: str) -> None:
        if kind == "list":
            page = self.fetch(f"/people/?page={self.random.randint(1, 20)}")
            self.people = PERSON_LINK.findall(page) or self.people
        elif kind == "person" and self.people:
            self.fetch(f"/people/{self.random.choice(self.people)}/")
        elif kind == "search":
            query = urllib.parse.quote(self.random.choice(SURNAMES))
            self.fetch(f"/search/?q={query}")
        elif kind == "enquiry":
            self.form(
                "/tracing/enquiries/new/",
                {
                    "enquirer_name": f"Вымышленная Мать {self.number}",
                    "sought_name": f"{self.random.choice(SURNAMES)} Тестовый",
                    "sought_sex": "U",
                },
            )

    def run(self) -> None:
        # Everyone signs in first (Argon2 is slow on purpose); the clock starts after.
        started = time.perf_counter()
        try:
            self.form("/login/", {"username": f"load-{self.number}", "password": self.password})
        except (OSError, RuntimeError) as exc:
            self.errors.append(f"login: {exc}")
        self.login_seconds = time.perf_counter() - started
        self.clock.barrier.wait()
        kinds = [kind for kind, _ in MIX]
        weights = [weight for _, weight in MIX]
        while time.monotonic() < self.clock.until:
            kind = self.random.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                self.step(kind)
            except (OSError, RuntimeError) as exc:
                self.errors.append(f"{kind}: {exc}")
                continue
            self.timings[kind].append(time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="aqiqat-load-"))
    passphrase = data.parent / (data.name + "-passphrase")
    passphrase.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "AQIQAT_SECRET_KEY"}}
    env.update(AQIQAT_DATA_DIR=str(data), AQIQAT_PASSPHRASE_FILE=str(passphrase))
    aqiqat(env, "init")
    aqiqat(env, "demo", "--people", str(args.people))
    password = secrets.token_urlsafe(18)
    subprocess.run([sys.executable, "-c", ACCOUNTS, str(args.users), password], env=env, check=True)

    port = free_port()
    server = subprocess.Popen(
        [*AQIQAT, "serve", "--port", str(port), "--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        clock = Clock(args.users, args.seconds)
        users = [User(n, base, password, clock) for n in range(args.users)]
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.monotonic() - clock.started
    finally:
        server.terminate()
        server.wait(timeout=30)

    timings: dict[str, list[float]] = defaultdict(list)
    errors = [error for user in users for error in user.errors]
    for user in users:
        for kind, values in user.timings.items():
            timings[kind].extend(values)
    every = [value for values in timings.values() for value in values]
    report = {
        "users": args.users,
        "seconds": round(elapsed, 1),
        "waitress_threads": args.threads,
        "requests_ok": len(every),
        "errors": len(errors),
        "throughput_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(every), 1) if every else None,
        "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "p99_ms": round(1000 * percentile(every, 0.99), 1),
        "login_p95_s": round(percentile([user.login_seconds for user in users], 0.95), 1),
        "by_kind": {
            kind: {
                "count": len(values),
                "p50_ms": round(1000 * statistics.median(values), 1),
                "p95_ms": round(1000 * percentile(values, 0.95), 1),
            }
            for kind, values in sorted(timings.items())
        },
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for error in errors[:20]:
        print("error:", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

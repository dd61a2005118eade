"""Times a sync import that keeps the dashboard counts, against the recount it spares.

Two instances made with `aqiqat init`; the office loads the demo, sends everything to the
laptop (a bundle of that many persons is recounted once at its end), then merges pairs of
persons and sends only those changes (the counts are kept for the persons touched). After
each import the laptop checks that its kept counts are in force and equal a fresh recount,
and times that recount: what the first dashboard view or kept write paid before imports
kept the counts.
Usage: python bench/bench_sync_counts.py [PEOPLE] [MERGES]   (default 20000 and 200)
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETUP = "from aqiqat.cli.django_setup import setup_django\nsetup_django()\n"
MERGE = (
    SETUP
    + """
from aqiqat.apps.accounts.models import User
from aqiqat.apps.people.models import Person
from aqiqat.services.person_changes import merge_persons
admin = User.objects.create(username="bench-reviewer")
listed = Person.objects.filter(merged_into__isnull=True, records__isnull=False).distinct()
people = list(listed.order_by("pk")[: 2 * {merges}])
for keep, other in zip(people[0::2], people[1::2]):
    merge_persons(admin, keep, other, "benchmark: a fictional merge")
print(len(people) // 2)
"""
)
CHECK = (
    SETUP
    + """
import time
from aqiqat.selectors import count_cells
from aqiqat.services.counts import recount
kept = count_cells.kept_counts()
exact = kept is not None and kept == +count_cells.contributions()
started = time.perf_counter()
recount()
print(f"counts kept and exact: {exact}; a full recount takes {time.perf_counter() - started:.1f} s")
"""
)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU time of one child process, and its last line of output."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:3])} failed: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return time.perf_counter() - wall, cpu_seconds() - cpu, lines[-1] if lines else ""


def aqiqat(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    return run(["-m", "aqiqat", *args], env)


def main() -> int:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    merges = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory(prefix="aqiqat-bench-sync-counts-") as tmp:
        base = Path(tmp)
        (base / "passphrase").write_text("benchmark passphrase, fictional data only\n")
        envs = {}
        for name in ("office", "laptop"):
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["AQIQAT_DATA_DIR"] = str(base / name)
            env["AQIQAT_PASSPHRASE_FILE"] = str(base / "passphrase")
            envs[name] = env
            aqiqat(["init"], env)
        keys = {name: aqiqat(["peers", "me"], env)[2] for name, env in envs.items()}
        aqiqat(["peers", "add", "laptop", keys["laptop"]], envs["office"])
        aqiqat(["peers", "add", "office", keys["office"]], envs["laptop"])
        print(
            "load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(
                *os.getloadavg()
            )
        )
        aqiqat(["demo", "--people", str(people)], envs["office"])

        def send(source: str, to: str, label: str) -> None:
            bundle = base / f"{label}.aqb"
            _, _, said = aqiqat(["sync", "export", "--to", to, "--out", str(bundle)], envs[source])
            wall, cpu, _ = aqiqat(["sync", "import", str(bundle)], envs[to])
            found = re.search(r"([\d,]+) rows", said)
            rows = f"{found.group(1) if found else '?'} rows"
            print(f"{label}: {rows}; import {wall:.1f} s wall, {cpu:.1f} s CPU")

        send("office", "laptop", f"everything ({people:,} demo persons)")
        print(run(["-c", CHECK], envs["laptop"])[2])
        send("laptop", "office", "the laptop's answer")
        done = run(["-c", MERGE.format(merges=merges)], envs["office"])[2]
        send("office", "laptop", f"changes after {done} merges at the office")
        print(run(["-c", CHECK], envs["laptop"])[2])
        print(
            "load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

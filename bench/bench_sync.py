"""Times `aqiqat sync export` and `aqiqat sync import` of a bundle of about 100,000 records,
then the size of a changes-only bundle after a few edits, as a user runs them.

Targets (issue 10): export and import each under 60 s on the 2-core reference machine; a
bundle of only changes is proportional to the changes, not to the database.
Usage: python bench/bench_sync.py [RECORDS]   (default 100000 fictional records)
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

TARGET_SECONDS = 60.0
FILL = """
import random, uuid
from aqiqat.cli.django_setup import setup_django
setup_django()
from aqiqat.apps.bulk import insert_rows
from aqiqat.apps.sources.models import Record, Source
from django.db import transaction
rng = random.Random(2022)
surnames = ["Testov", "Fictivova", "Exampleuly", "Sampleqyzy", "Demov", "Imaginova"]
given = ["Ertest", "Fiktiva", "Sampl", "Demobek", "Nomen", "Zhoq"]
source = Source.objects.create(name="bench fictional list", kind="ngo", channel="file")
with transaction.atomic():
    batch = []
    for number in range({count}):
        name = f"{{rng.choice(surnames)}} {{rng.choice(given)}} {{number}}"
        batch.append(Record(
            id=uuid.uuid4(), source=source, list_record_id=f"bench:{{number}}",
            raw={{"ФИО": name, "Возраст": str(rng.randint(18, 80))}}, full_name=name,
            age=rng.randint(18, 80), place_text="Fictional town", testimony="fictional",
        ))
        if len(batch) == 5000:
            insert_rows(batch)
            batch = []
    insert_rows(batch)
"""
EDIT = """
from aqiqat.cli.django_setup import setup_django
setup_django()
from aqiqat.apps.sources.models import Record
from aqiqat.apps.accounts.models import User
admin = User.objects.filter(is_superuser=True).first()
for record in Record.objects.filter(retracted_at__isnull=True).order_by("pk")[:{count}]:
    record.retract(admin, "benchmark: a fictional correction")
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one `aqiqat` command, and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "aqiqat", *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"aqiqat {' '.join(args)} failed: {done.stderr}")
    return time.perf_counter() - started, done.stdout


def cpu_seconds() -> float:
    """CPU time used so far by finished child processes: on a shared machine this is the
    work itself, where wall time also counts waiting for the processor."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rows_of(output: str) -> int:
    found = re.search(r"([\d,]+) rows", output)
    return int(found.group(1).replace(",", "")) if found else -1


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="aqiqat-bench-sync-") as tmp:
        base = Path(tmp)
        passphrase = base / "passphrase"
        passphrase.write_text("benchmark passphrase, fictional data only\n")
        envs = {}
        for name in ("office", "laptop"):
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["AQIQAT_DATA_DIR"] = str(base / name)
            env["AQIQAT_PASSPHRASE_FILE"] = str(passphrase)
            envs[name] = env
            run(["init"], env)
        keys = {
            name: run(["peers", "me"], env)[1].strip().splitlines()[-1]
            for name, env in envs.items()
        }
        run(["peers", "add", "laptop", keys["laptop"]], envs["office"])
        run(["peers", "add", "office", keys["office"]], envs["laptop"])
        subprocess.run(
            [sys.executable, "-c", FILL.format(count=count)], env=envs["office"], check=True
        )

        print(
            "load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(
                *os.getloadavg()
            )
        )
        full = base / "full.bundle"
        cpu = cpu_seconds()
        export_s, out = run(
            ["sync", "export", "--to", "laptop", "--out", str(full)], envs["office"]
        )
        export_cpu = cpu_seconds() - cpu
        rows = rows_of(out)
        cpu = cpu_seconds()
        import_s, _ = run(["sync", "import", str(full)], envs["laptop"])
        import_cpu = cpu_seconds() - cpu
        # The laptop's answer acknowledges everything; then the office makes a few edits.
        answer = base / "answer.bundle"
        run(["sync", "export", "--to", "office", "--out", str(answer)], envs["laptop"])
        run(["sync", "import", str(answer)], envs["office"])
        sizes = []
        for edits in (10, 100, 1000):
            subprocess.run(
                [sys.executable, "-c", EDIT.format(count=edits)], env=envs["office"], check=True
            )
            changes = base / f"changes-{edits}.bundle"
            cpu = cpu_seconds()
            took, out = run(
                ["sync", "export", "--to", "laptop", "--out", str(changes)], envs["office"]
            )
            took_cpu = cpu_seconds() - cpu
            cpu = cpu_seconds()
            applied, _ = run(["sync", "import", str(changes)], envs["laptop"])
            applied_cpu = cpu_seconds() - cpu
            ack = base / f"ack-{edits}.bundle"
            run(["sync", "export", "--to", "office", "--out", str(ack)], envs["laptop"])
            run(["sync", "import", str(ack)], envs["office"])
            sizes.append(
                (edits, rows_of(out), changes.stat().st_size, took, took_cpu, applied, applied_cpu)
            )
        verdict = "ok" if export_s < TARGET_SECONDS and import_s < TARGET_SECONDS else "TOO SLOW"
        print(
            f"full bundle: {rows:,} rows, "
            f"{full.stat().st_size / 1e6:.1f} MB; "
            f"export {export_s:.1f} s ({export_cpu:.1f} s CPU), "
            f"import {import_s:.1f} s ({import_cpu:.1f} s CPU)  {verdict}"
        )
        for count, changed, size, took, took_cpu, applied, applied_cpu in sizes:
            print(
                f"after retracting {count:>5,} records: changes bundle {changed:,} rows, "
                f"{size:,} bytes, export {took:.1f} s ({took_cpu:.1f} s CPU), "
                f"import {applied:.1f} s ({applied_cpu:.1f} s CPU)"
            )
        print(
            "load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Starting and talking to worker instances (see worker.py) from tests."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli_process import aqiqat_env

ROOT = Path(__file__).resolve().parents[2]


class Instance:
    """A real instance in a child process, with its own data folder and SQLite database."""

    def __init__(self, name: str, data_dir: Path, template: Path) -> None:
        self.name = name
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        env = aqiqat_env(data_dir)
        env["AQIQAT_TEST_SHARED_TEMPLATE"] = str(template)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def wait_ready(self) -> None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert json.loads(line) == {"ready": True}, f"worker {self.name} did not start: {line}"
        identity = self.call("keys")
        self.keys: str = identity["keys"]
        self.fingerprint: str = identity["fingerprint"]

    def call(self, op: str, **arguments: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        assert "crash" not in answer, answer["crash"]
        return answer

    def export(self, to: str, **options: Any) -> bytes:
        return base64.b64decode(self.call("export", to=to, **options)["bundle"])

    def import_(self, bundle: bytes) -> dict[str, Any]:
        return self.call("import", bundle=base64.b64encode(bundle).decode())

    def digest(self) -> str:
        return str(self.call("digest")["digest"])

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def start(names: list[str], base: Path) -> list[Instance]:
    """The first instance migrates an empty database; the others start from a copy."""
    template = base / "migrated.template"
    first = Instance(names[0], base / names[0], template)
    first.wait_ready()
    others = [Instance(name, base / name, template) for name in names[1:]]
    for instance in others:
        instance.wait_ready()
    return [first, *others]


def trust_each_other(instances: list[Instance]) -> None:
    for me in instances:
        for other in instances:
            if other is not me:
                me.call("add_peer", name=other.name, public_keys=other.keys)

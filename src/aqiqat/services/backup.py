"""Encrypted, verifiable backups of an instance: database, evidence, key file, secret key.

A backup file is `MAGIC`, then the length and bytes of a small age file that holds a
one-off X25519 identity encrypted with the operator's passphrase (scrypt), then an age
stream of a tar archive encrypted to that identity. Both parts are standard age: the
passphrase never touches the disk, and large evidence is streamed, never held in memory.
Inside, the database and evidence stay encrypted with the data key (and the key file stays
wrapped), so a restored folder opens with the data folder's passphrase of that time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from django.conf import settings
from django.db import connection, transaction
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from aqiqat import __version__
from aqiqat.config.environment import SECRET_KEY_FILE_NAME, SQLITE_FILE_NAME
from aqiqat.config.sqlcipher.base import DATABASE_KEY_PURPOSE, open_keyed
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.keyfile import KEYFILE_NAME
from aqiqat.services.crypto.stream import EncryptingWriter, decrypt_chunks

MAGIC = b"AQIQAT-BACKUP-1\n"
MANIFEST = "manifest.json"
MIN_PASSPHRASE = 12
# The data folder's configuration: the wrapped data key and Django's secret key. The
# passphrase is never among them; other settings come from the environment.
CONFIG_FILES = (KEYFILE_NAME, SECRET_KEY_FILE_NAME)
DUMP_NAME = "database.pgdump.enc"
DUMP_KEY_PURPOSE = "backup-dump"


class BackupError(Exception):
    """The backup cannot be written, read or restored; the message says why."""


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    version: str
    audit_seq: int
    audit_hash: str
    files: dict[str, str]  # archive path -> SHA-256


def write_backup(out: Path, passphrase: str) -> BackupManifest:
    """Write a consistent backup of this instance while it may be running.

    Nothing readable touches the disk: the database copy is made encrypted (SQLCipher's
    pages, or pg_dump's output encrypted as it streams), evidence is stored encrypted, and
    the archive is streamed through a pipe into age instead of being written out first.
    """
    _check_passphrase(passphrase)
    data_dir = Path(settings.AQIQAT_DATA_DIR)
    with tempfile.TemporaryDirectory(prefix="aqiqat-backup-") as work:
        # The head is read from the copy itself: the live one may already be further on.
        if connection.vendor == "postgresql":
            snapshot = Path(work) / DUMP_NAME
            audit_seq, audit_hash = _dump_postgresql(snapshot)
            members = {DUMP_NAME: snapshot}
        else:
            snapshot = Path(work) / SQLITE_FILE_NAME
            database = Path(connection.settings_dict["NAME"])
            audit_seq, audit_hash = _snapshot_database(database, snapshot)
            members = {SQLITE_FILE_NAME: snapshot}
        for name in CONFIG_FILES:
            if (data_dir / name).exists():
                members[name] = data_dir / name
        # After the snapshot: every evidence row it holds has its file stored already.
        evidence_dir = Path(settings.AQIQAT_EVIDENCE_DIR)
        if evidence_dir.is_dir():
            for path in sorted(evidence_dir.rglob("*")):
                if path.is_file() and not path.name.startswith(".incoming-"):
                    members[f"evidence/{path.relative_to(evidence_dir).as_posix()}"] = path
        manifest = BackupManifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            version=__version__,
            audit_seq=audit_seq,
            audit_hash=audit_hash,
            files={name: _sha256(path) for name, path in members.items()},
        )
        identity = x25519.Identity.generate()
        wrapped = age_passphrase.encrypt(str(identity).encode(), passphrase)
        partial = out.with_name(out.name + ".part")
        try:
            with partial.open("wb") as sink:
                os.chmod(partial, 0o600)
                sink.write(MAGIC + struct.pack(">I", len(wrapped)) + wrapped)
                _encrypt_archive(manifest, members, sink, identity.to_public())
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(partial, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _snapshot_database(source_path: Path, snapshot: Path) -> tuple[int, str]:
    """SQLite's online backup, both ends keyed alike: consistent while the server writes,
    and encrypted page by page as it is written. Returns the copy's audit head."""
    key = keyring.subkey(DATABASE_KEY_PURPOSE)
    source = open_keyed(str(source_path), key)
    try:
        target = open_keyed(str(snapshot), key)
        try:
            source.backup(target)
            head = target.execute(
                "SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1"
            ).fetchone()
        finally:
            target.close()
    finally:
        source.close()
    return (int(head[0]), str(head[1])) if head else (0, "")


def _dump_postgresql(target: Path) -> tuple[int, str]:
    """pg_dump of one exported snapshot, encrypted with a key from the data key as it
    streams out; returns the audit head as of that same snapshot."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: apt install postgresql-client)")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        cursor.execute("SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1")
        head = cursor.fetchone()
        # pg_dump reads the very snapshot this transaction holds open.
        command = [pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot_id}"]
        with (
            tempfile.TemporaryFile() as errors,
            # The program is found on PATH; the arguments are ours, and there is no shell.
            subprocess.Popen(  # noqa: S603
                command, stdout=subprocess.PIPE, stderr=errors, env=_pg_env()
            ) as dump,
            target.open("wb") as out,
        ):
            writer = EncryptingWriter(keyring.subkey(DUMP_KEY_PURPOSE), out)
            assert dump.stdout is not None
            while chunk := dump.stdout.read(1024 * 1024):
                writer.write(chunk)
            writer.close()
            if dump.wait() != 0:
                errors.seek(0)
                raise BackupError(f"pg_dump failed: {_last_line(errors.read())}")
    return (int(head[0]), str(head[1])) if head else (0, "")


def restore_postgresql(data_dir: Path) -> None:
    """Load a restored folder's encrypted dump into the (empty) configured database."""
    dump = data_dir / DUMP_NAME
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("pg_restore is not installed (Debian: apt install postgresql-client)")
    command = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction"]
    command.append(f"--dbname={connection.settings_dict['NAME']}")
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(  # noqa: S603 - our own arguments, no shell
            command, stdin=subprocess.PIPE, stderr=errors, env=_pg_env()
        ) as load,
        dump.open("rb") as source,
    ):
        assert load.stdin is not None
        try:
            for chunk in decrypt_chunks(keyring.subkey(DUMP_KEY_PURPOSE), source):
                load.stdin.write(chunk)
        finally:
            load.stdin.close()
        if load.wait() != 0:
            errors.seek(0)
            raise BackupError(f"pg_restore failed: {_last_line(errors.read())}")
    dump.unlink()


def require_empty_postgresql() -> None:
    if "django_migrations" in connection.introspection.table_names():
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty: restore only "
            "into a new, empty PostgreSQL database"
        )


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _last_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def _encrypt_archive(
    manifest: BackupManifest, members: dict[str, Path], sink: BinaryIO, recipient: Any
) -> None:
    """Tar the members in a thread into a pipe that age encrypts into `sink`."""
    read_end, write_end = os.pipe()
    failure: list[BaseException] = []

    def write_tar() -> None:
        try:
            with os.fdopen(write_end, "wb") as pipe, tarfile.open(fileobj=pipe, mode="w|") as tar:
                payload = json.dumps(manifest.__dict__, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
                for name, path in members.items():
                    tar.add(path, arcname=name, recursive=False)
        except BaseException as exc:  # handed to the caller, which deletes the partial file
            failure.append(exc)

    writer = threading.Thread(target=write_tar, name="aqiqat-backup-tar", daemon=True)
    writer.start()
    with os.fdopen(read_end, "rb") as pipe:
        pyrage.encrypt_io(pipe, sink, [recipient])
    writer.join()
    if failure:
        raise BackupError(f"the backup could not be written: {failure[0]}") from failure[0]


def read_backup(path: Path, passphrase: str, into: Path) -> BackupManifest:
    """Decrypt and check a backup into the folder `into`; raises BackupError if anything
    is wrong (passphrase, damage, tampering)."""
    with path.open("rb") as source:
        identity = _unwrap(source, passphrase)
        archive = into / "archive.tar"
        with archive.open("wb") as plain:
            try:
                pyrage.decrypt_io(source, plain, [identity])
            except (pyrage.DecryptError, OSError) as exc:
                # age authenticates every chunk: a changed byte fails here, never silently.
                raise BackupError(
                    f"the backup is damaged or was altered (decryption failed: {exc})"
                ) from exc
    with tarfile.open(archive) as tar:
        try:
            manifest_data = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        except (KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise BackupError("the backup has no readable manifest") from exc
        manifest = BackupManifest(**manifest_data)
        tar.extractall(into / "files", filter="data")
    archive.unlink()
    for name, digest in manifest.files.items():
        member = into / "files" / name
        if not member.is_file() or _sha256(member) != digest:
            raise BackupError(f"{name} in the backup does not match its recorded hash")
    return manifest


def restore_backup(path: Path, passphrase: str, data_dir: Path) -> BackupManifest:
    """Restore into an empty (or new) data folder; nothing is written if anything is wrong."""
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupError(f"{data_dir} is not empty: restore only into a new, empty data folder")
    with tempfile.TemporaryDirectory(prefix="aqiqat-restore-") as work:
        manifest = read_backup(path, passphrase, Path(work))
        if (DUMP_NAME in manifest.files) != (connection.vendor == "postgresql"):
            raise BackupError(
                "this backup is of a PostgreSQL instance: set DATABASE_URL to a new, empty database"
                if DUMP_NAME in manifest.files
                else "this backup is of an embedded database: unset DATABASE_URL"
            )
        staged = Path(work) / "files"
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for item in staged.iterdir():
            shutil.move(str(item), data_dir / item.name)
    return manifest


def _unwrap(source: BinaryIO, passphrase: str) -> Any:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("this is not an Aqiqat backup file")
    header = source.read(4)
    if len(header) != 4:
        raise BackupError("the backup is cut short")
    wrapped = source.read(struct.unpack(">I", header)[0])
    try:
        secret = age_passphrase.decrypt(wrapped, passphrase)
    except pyrage.DecryptError as exc:
        raise BackupError("wrong passphrase, or the backup's key part is damaged") from exc
    return x25519.Identity.from_str(secret.decode())


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()

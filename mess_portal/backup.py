"""One archive with everything the portal cannot rebuild: the database and the uploaded files.

The archive is a tar file (gzip-compressed) holding:

- ``manifest.json``: the archive's format, the versions (portal, Django, Python, database and
  pg_dump), the migrations applied, and the SHA-256 of every other member;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (a copy made
  with SQLite's backup API, consistent while the site runs);
- ``media/...``: MEDIA_ROOT (logos, photos, covers, PDFs);
- ``private/...``: the files never served from MEDIA_ROOT (the contest's attachments), beside it.

Restoring checks every checksum before it touches anything, and refuses a non-empty database or
media folder unless told to replace them.
"""

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Something that makes a backup or a restore impossible; the message says what."""


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def private_root() -> Path:
    # Where events' contest_storage keeps the attachments: beside MEDIA_ROOT, never served by it.
    return media_root().parent / "private"


def files_in_bucket() -> bool:
    """With MEDIA_STORAGE=s3 the uploads live in the bucket, backed up by the store's own means
    (versioning, replication): the archive then holds the database only."""
    return getattr(settings, "MEDIA_STORAGE", "filesystem") == "s3"


def file_roots() -> dict[str, Path]:
    if files_in_bucket():
        return {}
    return {"media": media_root(), "private": private_root()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups handle PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_env_and_args(alias: str) -> tuple[dict, list[str]]:
    params = connections[alias].settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    return env, [*args, "--dbname", str(params["NAME"])]


def _run(command: list[str], *, env=None) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied = {}
    for app_label, name in sorted(MigrationLoader(connections[alias]).applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def _portal_version() -> str:
    try:
        return version("mess-portal")
    except PackageNotFoundError:
        return "unknown"


def _dump_database(alias: str, target: Path) -> dict:
    engine = _engine(alias)
    info = {"engine": engine}
    if engine == "postgresql":
        env, args = _pg_env_and_args(alias)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", str(target), *args], env=env)
        info["pg_dump"] = _run(["pg_dump", "--version"]).strip()
        with connections[alias].cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["server_version"] = cursor.fetchone()[0]
    else:
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        info["server_version"] = sqlite3.sqlite_version
    return info


def create_backup(destination: Path, *, alias: str = "default") -> dict:
    """Write the archive to ``destination``; return its manifest."""
    destination = Path(destination)
    with tempfile.TemporaryDirectory(prefix="mess-backup-") as workdir:
        database_name = "database.dump" if _engine(alias) == "postgresql" else "database.sqlite3"
        database_file = Path(workdir) / database_name
        database = _dump_database(alias, database_file)
        members = {database_name: database_file}
        for prefix, root in file_roots().items():
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        members[f"{prefix}/{path.relative_to(root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": {
                "portal": _portal_version(),
                "django": django.get_version(),
                "python": platform.python_version(),
                **{key: value for key, value in database.items() if key != "engine"},
            },
            "database": {"engine": database["engine"], "file": database_name},
            "files_in_bucket": files_in_bucket(),
            "migrations": _applied_migrations(alias),
            "files": {
                name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members.items()
            },
        }
        partial = destination.with_name(destination.name + ".partial")
        # Personal data inside: readable by the site's user only.
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                archive.add(path, arcname=name, recursive=False)
        # Renamed only once complete: a backup interrupted halfway never looks like a good one.
        partial.replace(destination)
    return manifest


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a backup of this portal ({exc}).") from exc


def _check_versions(manifest: dict, alias: str) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Archive format {manifest.get('format')!r}; this portal reads format {FORMAT}.")
    engine = _engine(alias)
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"The archive holds a {manifest['database']['engine']} database; the target is {engine}."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "The archive comes from a newer version of the portal (migrations unknown here: "
            f"{', '.join(unknown[:5])}): deploy that version's code first."
        )


def _extract_and_verify(archive_path: Path, manifest: dict, workdir: Path) -> None:
    expected = manifest["files"]
    with tarfile.open(archive_path, "r:*") as archive:
        names = [member.name for member in archive.getmembers() if member.isfile()]
        if set(names) - {MANIFEST} != set(expected):
            raise BackupError("The archive's contents do not match its manifest.")
        archive.extractall(workdir, filter="data")
    for name, facts in expected.items():
        if _sha256(workdir / name) != facts["sha256"]:
            raise BackupError(f"{name}: checksum mismatch, the archive is damaged.")


def _database_is_empty(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def _folder_is_empty(root: Path) -> bool:
    return not root.exists() or not any(path.is_file() for path in root.rglob("*"))


def _restore_database(alias: str, manifest: dict, dump: Path) -> None:
    connection = connections[alias]
    if manifest["database"]["engine"] == "postgresql":
        with connection.cursor() as cursor:
            # Everything goes, extensions included: the dump creates them again.
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        env, args = _pg_env_and_args(alias)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(dump),
            ],
            env=env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _restored_roots(manifest: dict) -> dict[str, Path]:
    """The folders a restore replaces: none when the archive's files were in a bucket."""
    return {} if manifest.get("files_in_bucket") else file_roots()


def restore_backup(archive_path: Path, *, force: bool = False, alias: str = "default") -> dict:
    """Put the archive's database and files in place; return its manifest."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    _check_versions(manifest, alias)
    if not force:
        if not _database_is_empty(alias):
            raise BackupError("The database is not empty: restoring would replace it. Use --force to do so.")
        for prefix, root in _restored_roots(manifest).items():
            if not _folder_is_empty(root):
                raise BackupError(f"{root} ({prefix}) is not empty. Use --force to replace it.")
    with tempfile.TemporaryDirectory(prefix="mess-restore-") as workdir:
        workdir = Path(workdir)
        _extract_and_verify(archive_path, manifest, workdir)
        _restore_database(alias, manifest, workdir / manifest["database"]["file"])
        for prefix, root in _restored_roots(manifest).items():
            if root.exists():
                shutil.rmtree(root)
            source = workdir / prefix
            if source.exists():
                root.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(source, root)
    return manifest

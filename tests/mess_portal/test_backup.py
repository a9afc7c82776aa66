"""manage.py backup and restore: a round trip on PostgreSQL (into a database of its own) gives back
every row of every table and every file; a damaged archive or a non-empty target is refused."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mess_portal.backup import BackupError, file_roots, read_manifest, restore_backup

ROOT = Path(__file__).resolve().parents[2]
needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL round trip")


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def pg_tables(dbname: str) -> dict[str, list]:
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname=dbname, host=params["HOST"] or None, port=params["PORT"] or None, user=params["USER"] or None
    ) as pg:
        names = [
            row[0]
            for row in pg.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema='public' "
                "AND table_type='BASE TABLE' ORDER BY 1"
            )
        ]
        return {name: sorted(map(repr, pg.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}


def uploaded_files():
    """A file in each place the backup covers: public media and the contest's private folder."""
    roots = file_roots()
    for relative, content in [
        ("media/actors/logos/logo.png", b"\x89PNG fake logo"),
        ("media/library/documents/atlas.pdf", b"%PDF-1.4 atlas"),
        ("private/contest/2026/piece.pdf", b"%PDF-1.4 private"),
    ]:
        prefix, rest = relative.split("/", 1)
        path = roots[prefix] / rest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


@pytest.fixture
def demo_site(transactional_db, reference_data):
    call_command("seed_demo", actors=12, stdout=io.StringIO())
    uploaded_files()


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_in_subprocess(archive, dbname, media_root, *extra):
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{dbname}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root), "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_postgres
def test_round_trip_on_postgresql(demo_site, fresh_database, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    manifest = read_manifest(archive)
    assert manifest["database"]["engine"] == "postgresql"
    assert manifest["versions"]["django"] and manifest["versions"]["pg_dump"].startswith("pg_dump")
    assert "private/contest/2026/piece.pdf" in manifest["files"]
    assert manifest["migrations"]["privacy"]

    restored_media = tmp_path / "restored" / "media"
    result = restore_in_subprocess(archive, fresh_database, restored_media)
    assert result.returncode == 0, result.stderr

    original = pg_tables(connection.settings_dict["NAME"])
    copy = pg_tables(fresh_database)
    assert set(copy) == set(original)
    assert sum(len(rows) for rows in original.values()) > 1000  # the demo site, not an empty shell
    for table, rows in original.items():
        assert copy[table] == rows, table
    for prefix, root in file_roots().items():
        assert tree(restored_media.parent / prefix) == tree(root), prefix
    assert tree(restored_media.parent / "private")  # the contest's attachments came back

    # Restoring again over what is now a full database is refused, unless forced.
    again = restore_in_subprocess(archive, fresh_database, restored_media)
    assert again.returncode != 0 and "not empty" in again.stderr
    forced = restore_in_subprocess(archive, fresh_database, restored_media, "--force")
    assert forced.returncode == 0, forced.stderr
    assert pg_tables(fresh_database) == original


def damaged_copy(archive: Path, target: Path, *, tamper) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = tamper(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(reference_data, tmp_path):
    uploaded_files()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = tree(Path(settings.MEDIA_ROOT))

    flipped = damaged_copy(
        archive,
        tmp_path / "flipped.tar.gz",
        tamper=lambda name, data: data + b"!" if name.endswith("atlas.pdf") else data,
    )
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(flipped), "--force", stdout=io.StringIO())

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["actors"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="newer version"):
        call_command(
            "restore", str(damaged_copy(archive, tmp_path / "newer.tar.gz", tamper=newer)), "--force"
        )

    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"not a tar file")
    with pytest.raises(BackupError):
        restore_backup(not_a_backup)

    # The database is full: refused without --force.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert tree(Path(settings.MEDIA_ROOT)) == before


def manage(*args, database_url, media_root):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def sqlite_tables(path) -> dict[str, list]:
    import sqlite3

    with sqlite3.connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")]
        return {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}


def test_round_trip_on_sqlite(tmp_path):
    """Whatever the test database: a site on an SQLite file of its own, backed up, restored elsewhere."""
    source, copy = tmp_path / "site.sqlite3", tmp_path / "copy.sqlite3"
    source_media, copy_media = tmp_path / "site" / "media", tmp_path / "copy" / "media"
    manage("migrate", "-v0", database_url=f"sqlite:///{source}", media_root=source_media)
    (source_media / "actors" / "logos").mkdir(parents=True)
    (source_media / "actors" / "logos" / "logo.png").write_bytes(b"\x89PNG logo")
    (tmp_path / "site" / "private" / "contest").mkdir(parents=True)
    (tmp_path / "site" / "private" / "contest" / "piece.pdf").write_bytes(b"%PDF-1.4 private")
    archive = tmp_path / "backup.tar.gz"
    manage("backup", str(archive), database_url=f"sqlite:///{source}", media_root=source_media)
    assert read_manifest(archive)["database"]["file"] == "database.sqlite3"

    manage("restore", str(archive), database_url=f"sqlite:///{copy}", media_root=copy_media)
    original = sqlite_tables(source)
    assert sum(len(rows) for rows in original.values()) > 100  # the territories and staff groups at least
    assert sqlite_tables(copy) == original
    for folder in ("media", "private"):
        assert tree(tmp_path / "copy" / folder) == tree(tmp_path / "site" / folder)


@pytest.mark.django_db(transaction=True)
def test_with_media_in_a_bucket_the_archive_holds_the_database_and_says_so(
    reference_data, settings, tmp_path
):
    uploaded_files()
    settings.MEDIA_STORAGE = "s3"
    archive = tmp_path / "backup.tar.gz"
    err = io.StringIO()
    call_command("backup", str(archive), stdout=io.StringIO(), stderr=err)
    manifest = read_manifest(archive)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the site's user only
    assert manifest["files_in_bucket"] is True
    assert set(manifest["files"]) == {manifest["database"]["file"]}
    assert "bucket" in err.getvalue()

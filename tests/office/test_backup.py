"""Backups: back up, restore into a fresh database, find the same counts and the same last numbers."""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from directory.models import DocumentCounter
from directory.numbering import number_take
from tests.factories import CommuneFactory, PlanFactory, SessionFactory, StateIssuerFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def make_data(media_root):
    commune = CommuneFactory(name="Lộc Thành")
    issuer = StateIssuerFactory(commune=commune)
    UserFactory(username="vanthu")
    plan = PlanFactory(commune=commune, issuer=issuer)
    SessionFactory(plan=plan)
    SessionFactory(plan=plan)
    for _ in range(7):
        number_take(issuer=issuer, doc_type="TB", on_date=datetime.date(2025, 11, 3))
    for _ in range(3):
        number_take(issuer=issuer, doc_type="KH", on_date=datetime.date(2025, 11, 3))
    upload = Path(media_root) / "kien-nghi" / "don.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 don kien nghi")
    return issuer


def run_manage(args, env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        DJANGO_SETTINGS_MODULE="dialogue.settings",
        DEBUG="1",
        VAR_DIR=str(tmp_path / "var2"),
        MEDIA_ROOT=str(tmp_path / "media2"),
        **env_overrides,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def backup(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    issuer = make_data(settings.MEDIA_ROOT)
    call_command("backup", output=str(tmp_path / "out"))
    [archive] = (tmp_path / "out").glob("dialogue-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert "media/kien-nghi/don.pdf" in names
    assert manifest["last_numbers"] == [[issuer.pk, "KH", "2025", 3], [issuer.pk, "TB", "2025", 7]]
    assert manifest["counts"]["directory_commune"] == 1
    assert manifest["counts"]["sessions_app_session"] == 2
    assert manifest["counts"]["auth_user"] == 1
    return archive, manifest


def counts_by_sql(cursor, tables, placeholder_quote='"'):
    found = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {placeholder_quote}{table}{placeholder_quote}")
        found[table] = cursor.fetchone()[0]
    return found


def restored_counts(manifest):
    """The manifest's figures plus the "restored" event the restore writes once it has checked them."""
    return {**manifest["counts"], "directory_event": manifest["counts"]["directory_event"] + 1}


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_fresh_database(tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; the PostgreSQL one is the next test")
    archive, manifest = backup(tmp_path, settings)
    fresh = tmp_path / "fresh.sqlite3"
    result = run_manage(["restore", str(archive)], {"SQLITE_PATH": str(fresh)}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Đã khôi phục" in result.stdout

    db = sqlite3.connect(fresh)
    assert counts_by_sql(db.cursor(), manifest["counts"]) == restored_counts(manifest)
    rows = db.execute(
        "SELECT issuer_id, doc_type, period, last_number FROM directory_documentcounter ORDER BY doc_type"
    ).fetchall()
    db.close()
    assert [list(r) for r in rows] == manifest["last_numbers"]
    assert (tmp_path / "media2" / "kien-nghi" / "don.pdf").read_bytes() == b"%PDF-1.4 don kien nghi"
    assert sum(manifest["counts"].values()) > 10

    # A database in use is not overwritten by mistake...
    again = run_manage(["restore", str(archive)], {"SQLITE_PATH": str(fresh)}, tmp_path)
    assert again.returncode == 1
    assert "Cơ sở dữ liệu đang có dữ liệu" in again.stderr
    # ...only on purpose.
    forced = run_manage(["restore", "--force", str(archive)], {"SQLITE_PATH": str(fresh)}, tmp_path)
    assert forced.returncode == 0, forced.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_a_fresh_database(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    import psycopg

    archive, manifest = backup(tmp_path, settings)
    params = connection.settings_dict
    scratch = f"{params['NAME']}_restore_{os.getpid()}"
    server = dict(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{scratch}"
        if server["password"]:
            url = f"postgres://{server['user']}:{server['password']}@{server['host']}:{server['port']}/{scratch}"
        result = run_manage(["restore", str(archive)], {"DATABASE_URL": url}, tmp_path)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(dbname=scratch, **server) as db, db.cursor() as cursor:
            assert counts_by_sql(cursor, manifest["counts"]) == restored_counts(manifest)
            cursor.execute(
                "SELECT issuer_id, doc_type, period, last_number FROM directory_documentcounter ORDER BY doc_type"
            )
            assert [list(r) for r in cursor.fetchall()] == manifest["last_numbers"]
        again = run_manage(["restore", str(archive)], {"DATABASE_URL": url}, tmp_path)
        assert again.returncode == 1
        assert "Cơ sở dữ liệu đang có dữ liệu" in again.stderr
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        (tmp_path / "a.txt").write_text("a")
        tar.add(tmp_path / "a.txt", arcname="a.txt")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(bogus))
    assert DocumentCounter.objects.count() == 0


def tampered(archive, tmp_path, **count_changes):
    """A copy of ARCHIVE whose manifest expects other row counts (what a damaged or partial dump restores)."""
    out = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data.read())
                for table, delta in count_changes.items():
                    manifest["counts"][table] += delta
                raw = json.dumps(manifest).encode()
                member.size = len(raw)
                data = io.BytesIO(raw)
            dst.addfile(member, data)
    return out


@pytest.mark.django_db(transaction=True)
def test_sqlite_restore_whose_recount_differs_leaves_the_database_as_it_was(tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path")
    archive, manifest = backup(tmp_path, settings)
    current = tmp_path / "current.sqlite3"
    env = {"SQLITE_PATH": str(current)}
    assert run_manage(["restore", str(archive)], env, tmp_path).returncode == 0  # a database in use
    before = current.read_bytes()
    bad = tampered(archive, tmp_path, sessions_app_session=1)
    shutil.rmtree(tmp_path / "media2")

    result = run_manage(["restore", "--force", str(bad)], env, tmp_path)
    assert result.returncode == 1
    assert "Số liệu sau khi khôi phục khác bản sao lưu" in result.stderr
    assert "Cơ sở dữ liệu vẫn như trước khi khôi phục" in result.stderr
    assert current.read_bytes() == before  # not one byte changed
    assert not list(tmp_path.glob("current.sqlite3.restoring"))
    assert not (tmp_path / "media2").exists()  # nor any file written
    db = sqlite3.connect(current)
    assert counts_by_sql(db.cursor(), manifest["counts"]) == restored_counts(manifest)
    db.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_restore_whose_recount_differs_rolls_back_as_one_transaction(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    import psycopg

    archive, manifest = backup(tmp_path, settings)
    params = connection.settings_dict
    scratch = f"{params['NAME']}_restore_bad_{os.getpid()}"
    server = dict(host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, user=params["USER"])
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{scratch}"
        assert run_manage(["restore", str(archive)], {"DATABASE_URL": url}, tmp_path).returncode == 0
        with psycopg.connect(dbname=scratch, autocommit=True, **server) as db:
            db.execute("DELETE FROM sessions_app_sessiontransition")  # the database moved on since
            before = counts_by_sql(db.cursor(), manifest["counts"])
        bad = tampered(archive, tmp_path, directory_commune=1)
        result = run_manage(["restore", "--force", str(bad)], {"DATABASE_URL": url}, tmp_path)
        assert result.returncode == 1
        assert "Số liệu sau khi khôi phục khác bản sao lưu" in result.stderr
        with psycopg.connect(dbname=scratch, **server) as db:
            assert counts_by_sql(db.cursor(), manifest["counts"]) == before
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

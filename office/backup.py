"""Backups: the database (SQLite online backup API, or pg_dump) and the files, in one archive.

An archive `dialogue-backup-YYYYmmdd-HHMMSS.tar.gz` holds:
- `manifest.json`: format, database vendor, time, row counts per table, last document numbers;
- `database.sqlite3` or `database.pgdump` (pg_dump custom format);
- `media/` (uploads) and `documents/` (generated documents).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils import timezone

from directory.models import DocumentCounter

FORMAT = 1
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: Tables whose rows mean "this database is in use": restore refuses to overwrite them without --force.
IN_USE_TABLES = ("auth_user", "directory_commune")


class BackupError(Exception):
    pass


def _file_dirs():
    return {"media": Path(settings.MEDIA_ROOT), "documents": Path(settings.DOCUMENTS_DIR)}


def _pg_env(conn):
    params = conn.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[name] = str(params[key])
    return env


def database_figures(using="default"):
    """Row counts of every model table, and the last number of every document counter."""
    conn = connections[using]
    existing = set(conn.introspection.table_names())
    counts = {}
    with conn.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in existing and table not in counts:
                cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    numbers = []
    if DocumentCounter._meta.db_table in existing:
        numbers = [
            [c.issuer_id, c.doc_type, c.period, c.last_number]
            for c in DocumentCounter.objects.using(using).order_by("issuer_id", "doc_type", "period")
        ]
    return {"counts": dict(sorted(counts.items())), "last_numbers": numbers}


def backup_create(*, output_dir, using="default"):
    """Write one archive of the database and the files into OUTPUT_DIR and return its path.

    Side effects: runs pg_dump for PostgreSQL; creates the archive file.
    """
    conn = connections[using]
    vendor = conn.vendor
    if vendor not in DB_FILES:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    archive = output_dir / f"dialogue-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="dialogue-backup-") as tmp:
        db_file = Path(tmp) / DB_FILES[vendor]
        manifest = {"format": FORMAT, "vendor": vendor, "created": now.isoformat(), **database_figures(using)}
        if vendor == "sqlite":
            conn.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                conn.connection.backup(target)  # consistent even while others write
            finally:
                target.close()
        else:
            result = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={db_file}",
                    conn.settings_dict["NAME"],
                ],
                env=_pg_env(conn),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump không chạy được: {result.stderr.strip()}")
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            for name, folder in _file_dirs().items():
                if folder.is_dir():
                    tar.add(folder, arcname=name)
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


def database_in_use(using="default"):
    conn = connections[using]
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table in IN_USE_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def backup_restore(*, archive, using="default", force=False):
    """Restore ARCHIVE into the configured database and file folders; return the restored figures.

    Refuses a database that already holds users or communes unless FORCE. All or nothing: when the
    restored figures (row counts, last document numbers) differ from the manifest, the database is
    left exactly as it was and no file is written.
    - SQLite: the archive's database is copied into a new file beside the current one and counted
      there; only when it matches does it replace the current file (one rename).
    - PostgreSQL: pg_restore's script and the recount run in ONE transaction (psql); a recount that
      differs raises inside it, so the transaction rolls back.
    The archive's files are then written over MEDIA_ROOT and DOCUMENTS_DIR.
    Raises BackupError when the archive is not ours, or when the restored figures differ from the manifest.
    """
    conn = connections[using]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {archive}.")
    if not force and database_in_use(using):
        raise BackupError("Cơ sở dữ liệu đang có dữ liệu. Chỉ khôi phục đè lên khi thêm --force.")
    with tempfile.TemporaryDirectory(prefix="dialogue-restore-") as tmp, tarfile.open(archive, "r:gz") as tar:
        try:
            manifest = json.loads(tar.extractfile("manifest.json").read())
        except (KeyError, ValueError) as exc:
            raise BackupError("Tệp này không phải bản sao lưu của phần mềm (thiếu manifest.json).") from exc
        if manifest.get("format") != FORMAT or manifest.get("vendor") != conn.vendor:
            raise BackupError(
                f"Bản sao lưu của cơ sở dữ liệu {manifest.get('vendor')}, không khôi phục được vào {conn.vendor}."
            )
        tar.extractall(tmp, filter="data")  # refuses absolute paths, .. and links outside
        db_file = Path(tmp) / DB_FILES[conn.vendor]
        expected = {"counts": manifest["counts"], "last_numbers": manifest["last_numbers"]}
        if conn.vendor == "sqlite":
            _sqlite_restore(conn, db_file, expected)
        else:
            _postgres_restore(conn, db_file, expected, Path(tmp))
        for name, folder in _file_dirs().items():
            source_dir = Path(tmp) / name
            if source_dir.is_dir():
                shutil.copytree(source_dir, folder, dirs_exist_ok=True)
    return database_figures(using)


MISMATCH = "Số liệu sau khi khôi phục khác bản sao lưu: kiểm tra lại tệp. Cơ sở dữ liệu vẫn như trước khi khôi phục."


def sqlite_file_figures(path, tables):
    """database_figures() of the SQLite file at PATH, for the model TABLES it holds."""
    db = sqlite3.connect(path)
    try:
        present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables & present)}
        numbers = []
        if DocumentCounter._meta.db_table in present:
            numbers = [
                list(row)
                for row in db.execute(
                    "SELECT issuer_id, doc_type, period, last_number FROM directory_documentcounter "
                    "ORDER BY issuer_id, doc_type, period"
                )
            ]
    finally:
        db.close()
    return {"counts": counts, "last_numbers": numbers}


def _model_tables():
    return {model._meta.db_table for model in apps.get_models(include_auto_created=True)}


def _sqlite_restore(conn, db_file, expected):
    """Copy DB_FILE into a new file beside the database, count it, and swap it in only if it matches."""
    target = Path(conn.settings_dict["NAME"])
    if str(target) == ":memory:" or not str(target):
        raise BackupError("Không khôi phục được vào cơ sở dữ liệu SQLite trong bộ nhớ.")
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.with_name(f"{target.name}.restoring")
    new.unlink(missing_ok=True)
    source, copy = sqlite3.connect(db_file), sqlite3.connect(new)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    if sqlite_file_figures(new, _model_tables()) != expected:
        new.unlink(missing_ok=True)
        raise BackupError(MISMATCH)
    # The swap: the current file's write-ahead log is folded in and closed first, so that no
    # stale -wal or -shm file is ever read against the new database.
    if target.exists():
        conn.ensure_connection()
        with conn.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    os.replace(new, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _recount_sql(expected):
    """A PL/pgSQL block that raises when the restored tables differ from EXPECTED (the manifest)."""
    checks = []
    for table, count in expected["counts"].items():
        name = table.replace('"', '""')
        checks.append(
            f'  IF (SELECT COUNT(*) FROM public."{name}") <> {int(count)} THEN '
            f"RAISE EXCEPTION 'dialogue-recount: %', '{name}'; END IF;"
        )
    numbers = json.dumps(expected["last_numbers"]).replace("'", "''")
    checks.append(
        "  IF (SELECT COALESCE(json_agg(json_build_array(issuer_id, doc_type, period, last_number) "
        "ORDER BY issuer_id, doc_type, period)::jsonb, '[]'::jsonb) FROM public.directory_documentcounter) "
        f"<> '{numbers}'::jsonb THEN RAISE EXCEPTION 'dialogue-recount: %', 'directory_documentcounter'; END IF;"
    )
    return "DO $recount$\nBEGIN\n" + "\n".join(checks) + "\nEND\n$recount$;\n"


def _postgres_restore(conn, db_file, expected, tmp):
    """pg_restore's SQL and the recount through psql in one transaction: a mismatch rolls it all back."""
    conn.close()
    script = tmp / "restore.sql"
    result = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}", str(db_file)],
        env=_pg_env(conn),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore không chạy được: {result.stderr.strip()}")
    with open(script, "a", encoding="utf-8") as handle:
        handle.write("\n" + _recount_sql(expected))
    result = subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "--single-transaction",
            "-v",
            "ON_ERROR_STOP=1",
            f"--dbname={conn.settings_dict['NAME']}",
            f"--file={script}",
        ],  # fmt: skip
        env=_pg_env(conn),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        if "dialogue-recount" in result.stderr:
            raise BackupError(MISMATCH)
        raise BackupError(f"Khôi phục không chạy được (cơ sở dữ liệu vẫn như trước): {result.stderr.strip()}")

"""Benchmark: the petition export (exports.petition_export_work, the task's body) at 10k, 100k, 1M rows.

Each export runs in a fresh child process, so its peak memory (max RSS) is its own; beside it
the floor, in a child process of its own too: the same rows read with `values_list` and written
by openpyxl's write-only workbook with no formatting (what any export must at least do).
Goal (issue 17): every row exported (no cap), memory bounded (< 300 MB at 1M), time linear
(µs per row flat from size to size).

    .venv/bin/python bench/export.py                       # SQLite, up to 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/export.py --max 1000000

It works in a throw-away database of its own (on PostgreSQL `bench_export_<pid>` or
`--db-name`, on SQLite a file in a temporary folder the child processes also open).
"""

import argparse
import importlib.util
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _benchdb  # noqa: E402  (bench/ is not a package)

_spec = importlib.util.spec_from_file_location("bench_petitions", HERE / "petitions.py")
bp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bp)

SIZES = (10_000, 100_000, 1_000_000)


def _child(kind, db_name, documents, user_pk, commune_pk, conn):
    bp.setup_django()
    from django.conf import settings
    from django.db import connection

    settings.DATABASES["default"]["NAME"] = db_name
    connection.settings_dict["NAME"] = db_name
    settings.DOCUMENTS_DIR = Path(documents)
    start = time.perf_counter()
    if kind == "export":
        from django.contrib.auth import get_user_model

        from directory import jobs
        from directory.models import Commune, Job
        from petitions.exports import KIND, petition_export_work

        jobs.JOBS_DIR = Path(documents)
        job = Job.objects.create(
            owner=get_user_model().objects.get(pk=user_pk),
            commune=Commune.objects.get(pk=commune_pk),
            kind=KIND,
            label="bench",
            task="petitions.tasks.petition_export_task",
            params={"filters": {}},
        )
        jobs.job_run(job.pk, petition_export_work)  # the task's body, run here
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.message
        rows, size = job.done, Path(job.file_path).stat().st_size
    else:
        from openpyxl import Workbook

        from petitions.models import Petition

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("floor")
        rows = 0
        columns = ("code", "received_on", "source", "citizen_name", "village__name", "topic__name", "kind",
                   "content", "status", "unit__name", "deadline")  # fmt: skip
        qs = Petition.objects.filter(commune_id=commune_pk).order_by("-received_on", "-id").values_list(*columns)
        for row in qs.iterator(chunk_size=2000):
            ws.append(row)
            rows += 1
        path = Path(documents) / "floor.xlsx"
        wb.save(path)
        size = path.stat().st_size
    seconds = time.perf_counter() - start
    conn.send((rows, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, size))


def run(kind, db_name, documents, world):
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=_child, args=(kind, db_name, documents, world.clerk.pk, world.commune.pk, child))
    p.start()
    result = parent.recv()
    p.join()
    return result


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest size (1000000 for the full run)")
    _benchdb.add_option(parser, "export")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    bp.setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    sizes = [s for s in SIZES if s <= args.max]
    if connection.vendor == "sqlite":
        sizes = [s for s in sizes if s <= 100_000]
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite3")
    _benchdb.use_own_database(connection, "export", args.db_name)
    old_name = connection.settings_dict["NAME"]
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    documents = tempfile.mkdtemp(prefix="bench-export-")
    try:
        world = bp.World()
        print(f"\nXuất Excel ý kiến – benchmark on {connection.vendor}; one run per size, each in its own process")
        header = f"{'rows':>10}{'export s':>10}{'µs/row':>8}{'MB peak':>9}{'floor s':>9}{'µs/row':>8}{'MB peak':>9}"
        print(header + f"{'÷ floor':>9}{'file MB':>9}")
        results = []
        for size in sizes:
            world.grow_to(size)
            connection.close()  # the children read what was committed
            rows, secs, mb, file_size = run("export", db_name, documents, world)
            f_rows, f_secs, f_mb, _ = run("floor", db_name, documents, world)
            if rows != size or f_rows != size:
                raise SystemExit(f"At {size:,}: the export wrote {rows:,} rows, the floor {f_rows:,}; not all of them.")
            results.append((size, secs, mb))
            print(
                f"{size:>10,}{secs:>10.1f}{secs / size * 1e6:>8.0f}{mb:>9.0f}{f_secs:>9.1f}{f_secs / size * 1e6:>8.0f}"
                f"{f_mb:>9.0f}{secs / f_secs:>8.2f}×{file_size / 1e6:>9.1f}"
            )
        if len(results) > 1:
            per_row = [s / n for n, s, _ in results]
            print(f"  µs per row, largest ÷ smallest size: {per_row[-1] / per_row[0]:.2f} (linear: about 1)")
        peak = max(mb for *_, mb in results)
        print(
            f"  every row written: yes; peak memory {peak:.0f} MB (goal < 300 MB): {'met' if peak < 300 else 'NOT met'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

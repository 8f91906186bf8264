"""Benchmark: the commune's public page and the status lookup at 1k, 100k, 1M petitions.

Server time per request (Django test client: middleware, view, SQL, template) beside a floor:
a bare view rendering the same public page from Python lists (one published session of 50
petitions). The commune page is measured cold (its page cache emptied before each request)
and as served (from the cache keyed by the last publication); the lookup by a code among
all the rows.

    .venv/bin/python bench/public.py                 # SQLite, up to 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/public.py --max 1000000

Not the `wrk` + gunicorn run issue 13 asks for (wrk is not installed here): that measures
requests per second under 8 connections; this measures one request's server time.
Uses the throw-away database and the generated rows of bench/petitions.py.
"""

import argparse
import datetime
import importlib.util
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_petitions", HERE / "petitions.py")
bp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bp)

SESSION_PETITIONS = 50


def published_session(world):
    """A session of the bench commune, held, with 50 answered petitions and a published notice."""
    from django.utils import timezone

    from conclusions.enums import NoticeStatus
    from petitions.models import Answer, Petition
    from sessions_app.enums import SessionStatus
    from tests.conclusions.factories import NoticeFactory
    from tests.factories import SessionFactory

    session = SessionFactory(plan=world.session.plan, villages=world.villages[:2], title="Hội nghị công khai")
    session.status = SessionStatus.CONCLUDED
    session.save(update_fields=["status"])
    rows = list(world.rows(SESSION_PETITIONS))
    now = timezone.now()
    petitions = Petition.objects.bulk_create(
        [
            Petition(**{**row, "session_id": session.pk, "status": "answered", "unit_id": world.units[0].pk})
            for row in rows
        ]
    )
    Answer.objects.bulk_create(
        [Answer(petition=p, round=1, body="Đã kiểm tra và sửa chữa.", approved_at=now) for p in petitions]
    )
    NoticeFactory(
        session=session,
        status=NoticeStatus.ISSUED,
        number=1,
        number_period="2025",
        issued_on=datetime.date(2025, 11, 25),
        results_published_on=datetime.date(2025, 11, 26),
        pdf=b"%PDF-1.4 bench",
        snapshot={"subject": "Kết luận"},
    )
    return petitions


def floor_urls(context):
    from django.shortcuts import render
    from django.urls import include, path

    def floor(request):
        return render(request, "public/commune.html", context)

    module = types.ModuleType("bench_public_urls")
    module.urlpatterns = [path("floor/", floor), path("", include("dialogue.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def measure(world, code):
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from public import reads

    client = Client()
    commune = world.commune
    results = reads.published_results(commune)
    shown = sum(len(p) for _, p in results)
    if shown != SESSION_PETITIONS:
        raise SystemExit(f"the public page shows {shown} petitions, not {SESSION_PETITIONS}; not measuring it.")
    for _, petitions in results:
        for p in petitions:
            _ = p.topic, p.unit
    context = {"commune": commune, "upcoming": [], "results": results}
    page = f"/cong-khai/{commune.pk}/"

    def cold():
        cache.clear()
        return client.get(page)

    requests = [
        ("floor (same page from lists)", lambda: client.get("/floor/")),
        ("commune page, cold", cold),
        ("commune page, as served", lambda: client.get(page)),
        ("status lookup", lambda: client.post("/tra-cuu/", {"ma": code})),
    ]
    with override_settings(ROOT_URLCONF=floor_urls(context), PUBLIC_LOOKUP_LIMIT=10**9):
        for label, fn in requests:
            response = fn()
            assert response.status_code == 200, (label, response.status_code)
        if "Không tìm thấy" in requests[3][1]().content.decode():
            raise SystemExit("the lookup did not find its petition; not measuring it.")
        medians = bp.interleaved_medians([fn for _, fn in requests])
    return [(label, ms) for (label, _), (ms, _) in zip(requests, medians, strict=True)]


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest size (1000000 for the full run)")
    bp._benchdb.add_option(parser, "public")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    bp.setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    sizes = [s for s in bp.SIZES if s <= args.max]
    if connection.vendor == "sqlite":
        sizes = [s for s in sizes if s <= 100_000]
    old_name = connection.settings_dict["NAME"]
    bp._benchdb.use_own_database(connection, "public", args.db_name)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        world = bp.World()
        code = published_session(world)[0].lookup_code
        print(f"\nTrang công khai – benchmark on {connection.vendor}; median of {bp.REPEAT} rounds, server time")
        table = {}
        for size in sizes:
            start = time.perf_counter()
            world.grow_to(size)
            print(f"  generated {size:>9,} petitions in {time.perf_counter() - start:6.1f} s")
            table[size] = measure(world, code)
        print()
        print(f"{'request':32}" + "".join(f"{s:>12,} rows" for s in sizes))
        for i, (label, _) in enumerate(table[sizes[0]]):
            print(f"{label:32}" + "".join(f"{table[s][i][1]:>13.1f} ms" for s in sizes))
        for s in sizes:
            floor = table[s][0][1]
            print(f"  ÷ floor at {s:>9,}: " + ", ".join(f"{r[0]}: {r[1] / floor:.2f}×" for r in table[s][1:]))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

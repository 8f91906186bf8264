"""Benchmark: the petition list (filtered, searched) and the unit work queue at 1k, 100k, 1M rows.

Server time per request (Django test client: middleware, view, SQL, template) beside a
floor: a bare view rendering the same page with the same 50 rows from a Python list.
Also the number of SQL queries per page at each size, which must not grow.

    .venv/bin/python bench/petitions.py                 # SQLite, up to 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/petitions.py --max 1000000

It works in a throw-away database of its own (on PostgreSQL `bench_petitions_<pid>` or `--db-name`, never
the test suite's `test_<name>`), created and dropped here, so it never touches real data.

The data has fixed proportions at every size, so each page measured is full (50 rows) and
the deep pages are near the end of their lists: a quarter of the rows are in the searched
village, half of the wording has "đường" (the search), a tenth of the rows are the
officer's unit's open petitions (the queue), two in a hundred raise again an earlier one
("Nêu nhiều lần", goal ≤ 100 ms at 1M: it reads the repeats, never the whole table).
A page that is not full, or a deep cursor that cannot be placed, stops the run instead of measuring something else.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _benchdb  # noqa: E402  (bench/ is not a package)

SIZES = (1_000, 100_000, 1_000_000)
REPEAT = 15

PAGE = 50
#: Half of the wordings carry "đường" (the searched word), the other half nothing like it.
PHRASES = [
    "Đường liên thôn {v} bị hư hỏng nặng, đề nghị sửa chữa",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình ở {v}",
    "Đèn chiếu sáng đường {v} hỏng nhiều tháng chưa thay",
    "Rác thải sinh hoạt ở {v} chưa được thu gom thường xuyên",
    "Đường vào khu sản xuất {v} lầy lội mỗi mùa mưa",
    "Tranh chấp đất đai giữa các hộ ở {v} chưa được giải quyết",
    "Xe tải chở vật liệu làm hỏng đường bê tông {v}",
    "Tình trạng trộm cắp vặt ở {v} gia tăng, đề nghị tăng cường tuần tra",
    "Mương thoát nước ven đường {v} bị bồi lắng, đề nghị nạo vét",
    "Cán bộ tiếp dân có thái độ chưa đúng mực với người dân {v}",
]
SEARCH = "duong"
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VILLAGES = 4
UNITS = 4
#: One status per tenth of the rows: 4 of 10 are "routed" (open in a unit's queue).
STATUSES = ["received", "received", "classified", "routed", "routed", "routed", "routed", "answered",
            "closed", "closed"]  # fmt: skip

#: Two in a hundred petitions raise again the one just before them (a chain of three): at 1M,
#: 20,000 repeats of 10,000 first petitions for "Nêu nhiều lần".
REPEATS_SQL = (
    "UPDATE petitions_petition SET repeat_of_id = id - id % 100 + 49 "
    "WHERE repeat_of_id IS NULL AND id % 100 IN (50, 51)"
)


def setup_django():
    sys.path.insert(0, str(ROOT))
    # Production-like: DEBUG off (no query log, cached templates); plain HTTP for the test client.
    for name, value in (("DEBUG", "0"), ("SECRET_KEY", "bench-only-not-secret"), ("SECURE_SSL_REDIRECT", "0"),
                        ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0")):  # fmt: skip
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


class SqlTimer:
    """Adds up the time spent in the database (connection.execute_wrapper)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def interleaved_medians(fns, repeat=REPEAT):
    """Median wall time and database time (ms) of each of FNS, run in turn REPEAT times.

    Taking turns, rather than one request REPEAT times then the next, spreads the noise of
    a shared machine over all of them alike, so their ratios to the floor hold.
    """
    from django.db import connection

    for fn in fns:
        fn()  # warm caches, connections, template loaders
    walls = [[] for _ in fns]
    sqls = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                start = time.perf_counter()
                fn()
                walls[i].append((time.perf_counter() - start) * 1000)
            sqls[i].append(timer.ms)
    return [(statistics.median(w), statistics.median(q)) for w, q in zip(walls, sqls, strict=True)]


class World:
    """The commune, its villages and units, users, and the rows generated so far."""

    def __init__(self):
        from directory.models import Membership
        from petitions.models import Topic
        from tests.factories import CommuneFactory, SessionFactory, UnitFactory, UserFactory, VillageFactory, member

        self.commune = CommuneFactory(name="Bench")
        self.villages = [VillageFactory(commune=self.commune, name=f"Bench {i}") for i in range(1, VILLAGES + 1)]
        self.units = [UnitFactory(commune=self.commune, name=f"Phòng bench {i}") for i in range(1, UNITS + 1)]
        self.topics = list(Topic.objects.filter(commune__isnull=True))
        self.session = SessionFactory(plan__commune=self.commune, villages=self.villages[:2])
        self.clerk = member(UserFactory(username="bench_clerk"), self.commune, Membership.Role.STATE_OFFICE)
        self.officer = member(
            UserFactory(username="bench_officer"), self.commune, Membership.Role.UNIT_OFFICIAL, unit=self.units[0]
        )
        self.count = 0
        self.rng = random.Random(20251123)

    def rows(self, n):
        from dialogue.text import fold

        rng = self.rng
        today = datetime.date.today()
        for _ in range(n):
            self.count += 1
            i = self.count
            # Village, wording, status and unit cycle independently (periods 4, 40, 400, 1600),
            # so every size holds the same proportions; only the dates are random.
            village = self.villages[i % VILLAGES]
            phrase = PHRASES[(i // VILLAGES) % len(PHRASES)]
            status = STATUSES[(i // (VILLAGES * len(PHRASES))) % len(STATUSES)]
            unit_index = (i // (VILLAGES * len(PHRASES) * len(STATUSES))) % UNITS
            received = today - datetime.timedelta(days=rng.randrange(0, 5 * 365))
            unit = self.units[unit_index] if status in ("routed", "answered", "closed") else None
            deadline = today + datetime.timedelta(days=rng.randrange(-60, 60)) if unit else None
            content = phrase.format(v=village.full_name) + f" (lần {i % 7 + 1})"
            code = f"B-{i:07d}"
            yield {
                "commune_id": self.commune.pk,
                "session_id": self.session.pk if i % 10 == 0 else None,
                "code": code,
                "source": "session" if i % 10 == 0 else "letter",
                "received_on": received,
                "citizen_name": "",
                "citizen_phone": "",
                "citizen_address": "",
                "village_id": village.pk,
                "topic_id": rng.choice(self.topics).pk,
                "kind": "kien_nghi",
                "competence": "commune",
                "content": content,
                "search_text": fold(f"{content} ẩn danh {code}"),
                "answered_on_spot": False,
                "spot_answer_by": "",
                "spot_answer": "",
                "status": status,
                "unit_id": unit.pk if unit else None,
                "deadline": deadline,
                "transfer_to": "",
                "close_reason": "",
                "reaction": "",
                # Random per row, as petitions.models.new_lookup_code gives (COPY bypasses defaults).
                "lookup_code": "".join(rng.choice(LOOKUP_ALPHABET) for _ in range(16)),
                "is_confidential": False,
            }

    def grow_to(self, target):
        from django.db import connection

        from petitions.models import Petition

        todo = target - self.count
        if todo <= 0:
            return
        now = datetime.datetime.now(datetime.UTC)
        batch = 20_000
        if connection.vendor == "postgresql":
            cols, extra = None, {}
            with connection.cursor() as cursor:
                while todo > 0:
                    chunk = list(self.rows(min(batch, todo)))
                    todo -= len(chunk)
                    if cols is None:
                        # COPY bypasses the model's defaults: every other NOT NULL column gets its default.
                        given = {*chunk[0], "created_at", "updated_at", "id"}
                        extra = {
                            f.column: f.get_default()
                            for f in Petition._meta.concrete_fields
                            if f.column not in given and not f.null and f.get_default() is not None
                        }
                        cols = [*chunk[0], "created_at", "updated_at", *extra]
                    sql = f"COPY petitions_petition ({', '.join(cols)}) FROM STDIN"
                    with cursor.cursor.copy(sql) as copy:
                        for row in chunk:
                            copy.write_row([*row.values(), now, now, *extra.values()])
                cursor.execute(REPEATS_SQL)
                # As autovacuum would leave a table that has been in use for a while.
                cursor.execute("VACUUM ANALYZE petitions_petition")
        else:
            while todo > 0:
                chunk = [Petition(**row, created_at=now, updated_at=now) for row in self.rows(min(batch, todo))]
                todo -= len(chunk)
                Petition.objects.bulk_create(chunk, batch_size=2000)
            with connection.cursor() as cursor:
                cursor.execute(REPEATS_SQL)
                cursor.execute("ANALYZE")


def floor_urls(template_context):
    """A urlconf: the project's URLs plus the floor view (same template, rows from a list)."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import include, path

    @login_required
    def floor(request):
        return render(request, "petitions/petition_list.html", template_context)

    module = types.ModuleType("bench_petition_urls")
    module.urlpatterns = [path("floor/", floor), path("", include("dialogue.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def deep_cursor(qs, sort, label):
    """The cursor of a page near the end of QS (its last full page of 50), or a loud failure."""
    from django.db.models import F

    from petitions.querysets import SORTS, encode_cursor

    total = qs.count()
    position = total - PAGE - 10
    if position < PAGE:
        raise SystemExit(f"{label}: only {total} rows match; a deep page needs at least {2 * PAGE + 10}.")
    columns = SORTS[sort]
    order = [F(n).desc() if d == "desc" else F(n).asc(nulls_last=True) for n, d in columns]
    obj = qs.order_by(*order)[position - 1 : position].first()
    return encode_cursor(obj, columns), position, total


def measure(world, size):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from petitions.models import Petition
    from petitions.querysets import SORT_LABELS, apply_filters, keyset_page

    clerk, officer = Client(), Client()
    clerk.force_login(world.clerk)
    officer.force_login(world.officer)
    village = world.villages[1]
    params = {"q": SEARCH, "thon": str(village.pk)}
    listed = apply_filters(Petition.objects.filter(commune=world.commune), params)
    queue = Petition.objects.filter(unit=world.units[0], status="routed", deadline__isnull=False)
    list_deep, list_pos, list_total = deep_cursor(listed, "moi", "list")
    queue_deep, queue_pos, queue_total = deep_cursor(queue, "han", "queue")
    print(
        f"  {size:>9,}: list matches {list_total:,} (deep page after row {list_pos:,}); "
        f"queue holds {queue_total:,} (deep page after row {queue_pos:,})"
    )

    rows, _ = keyset_page(listed.select_related("village", "topic", "unit", "session"), "moi")
    context = {
        "rows": rows,
        "next_cursor": "x",
        "base_query": "",
        "sort": "moi",
        "today": datetime.date.today(),
        "can_intake": True,
        "sessions": [],
        "villages": list(world.commune.villages.all()),
        "topics": world.topics,
        "units": world.units,
        "statuses": Petition.Status.choices,
        "sorts": list(SORT_LABELS.items()),
        "params": params,
    }
    urlconf = floor_urls(context)
    suggest = {
        "topic": str(world.topics[0].pk),
        "village": str(village.pk),
        "content": PHRASES[0].format(v=village.full_name),
    }
    requests = [
        ("floor (50 rows from a list)", clerk, "/floor/", {}),
        ("list, searched+filtered, p.1", clerk, "/kien-nghi/", params),
        ("list, searched+filtered, deep", clerk, "/kien-nghi/", {**params, "sau": list_deep}),
        ("unit queue, p.1", officer, "/kien-nghi/viec-cua-don-vi/", {}),
        ("unit queue, deep", officer, "/kien-nghi/viec-cua-don-vi/", {"sau": queue_deep}),
        ("repeated (Nêu nhiều lần), p.1", clerk, "/kien-nghi/neu-nhieu-lan/", {}),
        # Not a page of 50: the JSON of the 5 repeat suggestions shown while a clerk types.
        ("repeat suggestions: 5 as JSON", clerk, "/kien-nghi/goi-y/", suggest),
    ]
    checked = []
    first_pages = {}
    with override_settings(ROOT_URLCONF=urlconf):
        for label, client, path, query in requests:
            query = {k: v for k, v in query.items() if v}
            response = client.get(path, query)
            assert response.status_code == 200, (label, response.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, query)
            queries = len(ctx.captured_queries)
            if path.endswith("/goi-y/"):
                shown = len(response.json()["results"])
                # At 1,000 rows SQLite's word prefilter may find only four look-alikes.
                if shown != 5 and not (shown and size < 100_000):
                    raise SystemExit(f"{label} at {size:,}: {shown} suggestions, not 5.")
                checked.append((label, client, path, query, queries, shown))
                continue
            shown = len(response.context["rows"])
            # At 1,000 rows there are only ten chains; from 100,000 on, a full page of them.
            if shown != PAGE and not (path.endswith("/neu-nhieu-lan/") and shown and size < 100_000):
                raise SystemExit(f"{label} at {size:,}: {shown} rows shown, not {PAGE}; not measuring it.")
            shown_pks = {r.pk for r in response.context["rows"]}
            if "sau" in query and shown_pks & first_pages.get(path, set()):
                raise SystemExit(f"{label} at {size:,}: the deep page shows first-page rows.")
            first_pages.setdefault(path, shown_pks)
            checked.append((label, client, path, query, queries, shown))
            reset_queries()
        medians = interleaved_medians([lambda c=c, p=p, q=q: c.get(p, q) for _, c, p, q, _, _ in checked])
    return [
        (label, ms, queries, shown, sql_ms)
        for (label, _, _, _, queries, shown), (ms, sql_ms) in zip(checked, medians, strict=True)
    ]


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest size (1000000 for the full run)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database (to EXPLAIN its queries)")
    _benchdb.add_option(parser, "petitions")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    sizes = [s for s in SIZES if s <= args.max]
    if connection.vendor == "sqlite" and args.max > 100_000:
        print("SQLite: dừng ở 100.000 dòng (1.000.000 chỉ chạy trên PostgreSQL).")
        sizes = [s for s in sizes if s <= 100_000]
    old_name = connection.settings_dict["NAME"]
    # A name of its own: never the test suite's test_<name> (it may be in use, and is dropped here).
    _benchdb.use_own_database(connection, "petitions", args.db_name)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        world = World()
        print(f"\nKiến nghị – benchmark on {connection.vendor}; median of {REPEAT} rounds, server time")
        table = {}
        for size in sizes:
            start = time.perf_counter()
            world.grow_to(size)
            print(f"  generated {size:>9,} petitions in {time.perf_counter() - start:6.1f} s")
            table[size] = measure(world, size)
        print()
        header = f"{'request':34}" + "".join(f"{s:>12,} rows" for s in sizes) + "   queries/page   rows/page"
        print(header)
        print("-" * len(header))
        labels = [r[0] for r in table[sizes[0]]]
        for i, label in enumerate(labels):
            cells = "".join(f"{table[s][i][1]:>13.1f} ms" for s in sizes)
            queries = "/".join(str(table[s][i][2]) for s in sizes)
            shown = "/".join(str(table[s][i][3]) for s in sizes)
            print(f"{label:34}{cells}   {queries:14} {shown}")
        print()
        # SQLite hands rows over after execute() returns, so there this counts statements only.
        print("of which in the database (median ms; SQLite: executing the statements, not fetching rows):")
        for i, label in enumerate(labels):
            print(f"{label:34}" + "".join(f"{table[s][i][4]:>13.1f} ms" for s in sizes))
        print()
        for s in sizes:
            floor = table[s][0][1]
            ratios = ", ".join(f"{r[0]}: {r[1] / floor:.2f}×" for r in table[s][1:])
            print(f"  ÷ floor at {s:>9,}: {ratios}")
        if len(sizes) > 1:
            big, small = sizes[-1], sizes[0]
            growth = ", ".join(
                f"{table[big][i][0]}: {table[big][i][1] / table[small][i][1]:.2f}" for i in range(1, len(labels))
            )
            print(f"  {big:,}/{small:,} growth: {growth}")
            floor_growth = table[big][0][1] / table[small][0][1]
            normalised = ", ".join(
                f"{table[big][i][0]}: {table[big][i][1] / table[small][i][1] / floor_growth:.2f}"
                for i in range(1, len(labels))
            )
            print(f"  the floor itself moved {floor_growth:.2f}× (machine noise); growth ÷ floor growth: {normalised}")
        same = all(len({table[s][i][2] for s in sizes}) == 1 for i in range(len(labels)))
        print(f"  queries per page the same at every size: {'yes' if same else 'NO'}")
    finally:
        if args.keep:
            print(f"  kept the database {connection.settings_dict['NAME']} (drop it when done)")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: the deadline sweep's notification fan-out, and the to-do panel ("Việc của tôi").

1. The reminder sweep (notifications.reminders.reminders_sweep) over 1k and 100k petitions:
   its wall time and queries beside a floor, a bulk insert of the same notification rows;
   then the sweep run again (everything told already: it must cost little, and write nothing).
   The users read their notifications in the app only (e-mail goes on the task queue anyway).
2. The dashboard with its to-do panel, for the office, a unit official and a leader: server
   time and queries beside the floor the issue names, the petition list page of the same user;
   and the panel alone (office.views.dashboard.my_todo), whose query count must not grow.

    .venv/bin/python bench/notifications.py                 # SQLite, up to 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/notifications.py --max 1000000

The petitions are bench/petitions.py's (same proportions at every size: 4 in 10 routed, their
deadlines spread over ±60 days, so about a tenth of the routed ones fall in the sweep's window).
It works in a throw-away database of its own, created and dropped here.
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path

# bench/petitions.py, loaded under a name of its own (the project has an app called "petitions").
_spec = importlib.util.spec_from_file_location("bench_petitions", Path(__file__).resolve().parent / "petitions.py")
bench_petitions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_petitions)
REPEAT, World = bench_petitions.REPEAT, bench_petitions.World
interleaved_medians, setup_django = bench_petitions.interleaved_medians, bench_petitions.setup_django

SIZES = (1_000, 100_000, 1_000_000)
#: Officials per unit and office clerks told of each deadline (the fan-out).
OFFICIALS_PER_UNIT = 3
CLERKS = 2


def add_people(world):
    from directory.models import Membership
    from notifications.models import NotificationSettings
    from tests.factories import UserFactory, member

    users = []
    for u, unit in enumerate(world.units):
        for i in range(OFFICIALS_PER_UNIT):
            user = UserFactory(username=f"bench_unit{u}_{i}", email=f"u{u}{i}@bench.vn")
            users.append(member(user, world.commune, Membership.Role.UNIT_OFFICIAL, unit=unit))
    for i in range(CLERKS):
        user = UserFactory(username=f"bench_office{i}", email=f"o{i}@bench.vn")
        users.append(member(user, world.commune, Membership.Role.STATE_OFFICE))
    world.leader = member(UserFactory(username="bench_leader"), world.commune, Membership.Role.LEADER)
    for user in [*users, world.clerk, world.officer, world.leader]:
        NotificationSettings.objects.update_or_create(user=user, defaults={"email_kinds": [], "email_paused": True})


class Counter:
    """Counts the statements sent to the database (no cap, unlike the query log)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def sweep(world, size):
    from django.db import connection, transaction

    from notifications.models import Notification
    from notifications.reminders import reminders_sweep

    Notification.objects.all().delete()
    counter = Counter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        written = reminders_sweep()
        first_ms = (time.perf_counter() - start) * 1000
    first_queries = counter.n
    rows = list(Notification.objects.values("user_id", "commune_id", "kind", "title", "body", "url", "key"))
    assert len(rows) == written, (len(rows), written)
    counter = Counter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        again = reminders_sweep()
        again_ms = (time.perf_counter() - start) * 1000
    again_queries = counter.n
    if again:
        raise SystemExit(f"the second sweep at {size:,} wrote {again} notifications: not idempotent")
    # The floor: the same rows in one bulk insert (what no per-user check could beat).
    Notification.objects.all().delete()
    with transaction.atomic():
        start = time.perf_counter()
        Notification.objects.bulk_create([Notification(**r) for r in rows], batch_size=2000)
        floor_ms = (time.perf_counter() - start) * 1000
    due = len({r["key"].rsplit(":", 2)[0] for r in rows})
    return {
        "due": due,
        "written": written,
        "first_ms": first_ms,
        "first_queries": first_queries,
        "again_ms": again_ms,
        "again_queries": again_queries,
        "floor_ms": floor_ms,
    }


def todo(world):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from office.views.dashboard import my_todo

    result = []
    for label, user in (("office", world.clerk), ("unit official", world.officer), ("leader", world.leader)):
        client = Client()
        client.force_login(user)
        for path in ("/", "/kien-nghi/"):
            assert client.get(path).status_code == 200, (label, path)
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        dash_queries = len(ctx.captured_queries)
        my_todo(user, world.commune)  # warm: the user's roles are read once per request
        with CaptureQueriesContext(connection) as ctx:
            counts = my_todo(user, world.commune)
        panel_queries = len(ctx.captured_queries)
        (dash, _), (listing, _), (panel, _) = interleaved_medians(
            [
                lambda c=client: c.get("/"),
                lambda c=client: c.get("/kien-nghi/"),
                lambda u=user: my_todo(u, world.commune),
            ]
        )
        result.append((label, dash, listing, panel, dash_queries, panel_queries, len(counts)))
    return result


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest size (1000000 for the full run)")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    sizes = [s for s in SIZES if s <= args.max]
    if connection.vendor == "sqlite":
        sizes = [s for s in sizes if s <= 100_000]
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_notifications"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        world = World()
        add_people(world)
        print(f"\nThông báo, Việc của tôi – benchmark on {connection.vendor}; median of {REPEAT} rounds")
        sweeps, todos = {}, {}
        for size in sizes:
            start = time.perf_counter()
            world.grow_to(size)
            print(f"  generated {size:>9,} petitions in {time.perf_counter() - start:6.1f} s")
            sweeps[size] = sweep(world, size)
            todos[size] = todo(world)
        print("\nDeadline sweep (fan-out to every official of the unit, and the office when passed)")
        print(f"{'petitions':>10} {'due':>7} {'told':>8} {'sweep':>11} {'queries':>8} {'floor':>10} "
              f"{'÷ floor':>8} {'again':>10} {'queries':>8} {'per told':>10}")  # fmt: skip
        for size, s in sweeps.items():
            print(
                f"{size:>10,} {s['due']:>7,} {s['written']:>8,} {s['first_ms']:>8.0f} ms {s['first_queries']:>8,} "
                f"{s['floor_ms']:>7.0f} ms {s['first_ms'] / max(s['floor_ms'], 0.01):>7.1f}× "
                f"{s['again_ms']:>7.0f} ms {s['again_queries']:>8,} "
                f"{1000 * s['first_ms'] / max(s['written'], 1):>7.0f} µs"
            )
        print("\nDashboard with the to-do panel, beside the floor: the petition list page of the same user")
        print(f"{'petitions':>10} {'user':14} {'dashboard':>10} {'list page':>10} {'÷ list':>7} "
              f"{'panel':>9} {'queries (page/panel)':>22} {'items':>6}")  # fmt: skip
        for size, rows in todos.items():
            for label, dash, listing, panel, dq, pq, items in rows:
                print(
                    f"{size:>10,} {label:14} {dash:>7.1f} ms {listing:>7.1f} ms {dash / listing:>6.2f}× "
                    f"{panel:>6.1f} ms {f'{dq}/{pq}':>22} {items:>6}"
                )
        same = all(len({todos[s][i][5] for s in sizes}) == 1 for i in range(3))
        print(f"  panel queries the same at every size: {'yes' if same else 'NO'}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

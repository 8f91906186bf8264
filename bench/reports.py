"""Benchmark: the report of a province (100 communes) over many petitions, visits and assignments.

Prints the server time of the report (the whole request through the test client, and
the report's queries alone) for the year, 9 months and one month, beside a plain
`SELECT topic_id, COUNT(*) … GROUP BY topic_id` over the same table, in the same run. Goal:
under 1 second at 1,000,000 petitions, 200,000 reception visits and 20,000 assignments on
PostgreSQL, any period. The province counts from the 15th to the 14th; one commune in ten keeps
the calendar month and one in ten counts from the 20th, so every report mixes three cut-off rules.

    .venv/bin/python bench/reports.py                    # 100,000 petitions (a few seconds to generate)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/reports.py --max 1000000
    make bench-pg                                        # the same, every benchmark at full size

Rows are generated in the database (INSERT … SELECT over generate_series, or a recursive
CTE on SQLite) in a database of the benchmark's own, on PostgreSQL `bench_reports_<pid>`
(or `--db-name`; `bench_reports` with `--keep`) whatever DATABASE_URL names (only the
server and credentials are taken from it), so two runs never collide and a run never
touches the app's or the test suite's database. It is dropped at the end unless `--keep`
is given; a later `--keep` run reuses a kept database of the same size (migrating it first)
instead of generating the rows again (about 4 minutes at 1,000,000 petitions).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _benchdb  # noqa: E402  (bench/ is not a package)

COMMUNES = 100
SESSIONS_PER_COMMUNE = 2
UNITS_PER_COMMUNE = 5  # the People's Committee (issuer) and four offices
VILLAGES_PER_COMMUNE = 5
ASSIGNMENTS = 20_000
#: Reception visits at --max 1,000,000 petitions (scaled with --max), on 3 reception days a month.
VISITS_PER_MILLION = 200_000
RECEPTION_DAYS_PER_MONTH = 3
PROVINCE_CUTOFF = 15
PARTICIPANTS_PER_SESSION = 60
REPEAT = 5
YEAR = 2025
#: The name a kept database (--keep) has, to be reused by the next --keep run.
BENCH_DB = "bench_reports"
PROVINCE = "Tỉnh Bench"


def setup_django():
    sys.path.insert(0, str(ROOT))
    for name, value in (("DEBUG", "0"), ("SECRET_KEY", "bench-only-not-secret"), ("SECURE_SSL_REDIRECT", "0"),
                        ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0")):  # fmt: skip
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def median_ms(fn, repeat=REPEAT):
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Sql:
    """The few dialect differences of the generators."""

    def __init__(self, vendor):
        self.pg = vendor == "postgresql"

    def insert_series(self, n, insert, select):
        """INSERT … SELECT … over n = 1..N."""
        if self.pg:
            return f"{insert} {select} FROM generate_series(1, {int(n)}) AS s(n)"
        return (
            f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {int(n)}) "
            f"{insert} {select} FROM s"
        )

    def day(self, days_expr):
        """A date YEAR-01-01 + DAYS_EXPR."""
        if self.pg:
            return f"(DATE '{YEAR}-01-01' + ({days_expr})::int)"
        return f"date('{YEAR}-01-01', '+' || ({days_expr}) || ' days')"

    def moment(self, days_expr):
        if self.pg:
            return f"(TIMESTAMPTZ '{YEAR}-01-01 08:00:00+07' + ({days_expr}) * INTERVAL '1 day')"
        return f"datetime('{YEAR}-01-01 01:00:00', '+' || ({days_expr}) || ' days')"

    def now(self):
        return "NOW()" if self.pg else "datetime('now')"

    def false(self):
        return "FALSE" if self.pg else "0"


def _ids(model, **filters):
    ids = list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))
    assert ids == list(range(ids[0], ids[0] + len(ids))), f"{model.__name__}: ids not consecutive"
    return ids[0], len(ids)


def commune_cutoff(i):
    """The cut-off rule of the I-th commune: mostly the province's (None), some their own."""
    return {0: 1, 5: 20}.get(i % 10)


def build_world(petitions):
    """The province, its communes and directory rows (ORM, small), then the big tables (SQL)."""
    from django.db import connection

    from conclusions.enums import AssignmentStatus, NoticeStatus
    from conclusions.models import Assignment, ConclusionNotice
    from directory.models import Commune, Membership, Official, Province, Unit, Village
    from petitions.models import Petition, Topic
    from reception.models import ReceptionDay, Visit
    from sessions_app.enums import PlanKind, SessionStatus
    from sessions_app.models import Participant, Plan, Session
    from tests.factories import UserFactory

    sql = Sql(connection.vendor)
    province = Province.objects.create(name=PROVINCE, report_cutoff_day=PROVINCE_CUTOFF)
    Commune.objects.bulk_create(
        Commune(province=province, name=f"Bench {i:03d}", report_cutoff_day=commune_cutoff(i)) for i in range(COMMUNES)
    )
    communes = list(Commune.objects.filter(province=province).order_by("pk"))
    Village.objects.bulk_create(
        Village(commune=c, kind="Thôn", name=str(v), position=v) for c in communes for v in range(VILLAGES_PER_COMMUNE)
    )
    units = []
    for c in communes:
        units.append(Unit(commune=c, kind=Unit.Kind.PEOPLES_COMMITTEE, name=f"UBND {c.name}", symbol_code="UBND"))
        units += [Unit(commune=c, kind=Unit.Kind.STATE_OFFICE, name=f"Phòng {u} {c.name}") for u in range(1, 5)]
    Unit.objects.bulk_create(units)
    unit0, _ = _ids(Unit, commune__province=province)
    village0, _ = _ids(Village, commune__province=province)
    commune0, _ = _ids(Commune, province=province)
    Plan.objects.bulk_create(
        Plan(
            commune=c,
            kind=PlanKind.STATE_CONFERENCE,
            issuer_id=unit0 + i * UNITS_PER_COMMUNE,
            place=c.name,
            title=f"Kế hoạch {YEAR}",
            year=YEAR,
            period_label=f"năm {YEAR}",
            signer_title="CHỦ TỊCH",
        )
        for i, c in enumerate(communes)
    )
    plans = list(Plan.objects.filter(commune__province=province).order_by("pk"))
    sessions = [
        Session(
            plan=p,
            year=YEAR,
            quarter=2 + 2 * k,
            venue="Hội trường",
            period_start=datetime.date(YEAR, 4 + 6 * k, 1),
            status=SessionStatus.CLOSED if k == 0 else SessionStatus.CONCLUDED,
        )
        for p in plans
        for k in range(SESSIONS_PER_COMMUNE)
    ]
    Session.objects.bulk_create(sessions)
    session0, n_sessions = _ids(Session, plan__commune__province=province)
    Session.villages.through.objects.bulk_create(
        Session.villages.through(session_id=session0 + i, village_id=village0 + (i // 2) * VILLAGES_PER_COMMUNE + v)
        for i in range(n_sessions)
        for v in range(VILLAGES_PER_COMMUNE)
    )
    ConclusionNotice.objects.bulk_create(
        ConclusionNotice(
            session_id=session0 + i,
            issuer_id=unit0 + (i // 2) * UNITS_PER_COMMUNE,
            status=NoticeStatus.ISSUED,
            number=i % 2 + 1,
            number_period=str(YEAR),
            issued_on=datetime.date(YEAR, 5 + 6 * (i % 2), 1),
            place="Bench",
            subject="Kết luận",
            signer_title="CHỦ TỊCH",
        )
        for i in range(n_sessions)
    )
    notice0, n_notices = _ids(ConclusionNotice, session__plan__commune__province=province)
    Official.objects.bulk_create(Official(commune=c, full_name=f"Chủ tịch {c.name}") for c in communes)
    leaders = dict(Official.objects.filter(commune__province=province).values_list("commune_id", "pk"))
    # Reception days from mid-December before the year (the first cut-off month) to its end.
    ReceptionDay.objects.bulk_create(
        ReceptionDay(
            commune=c,
            day=datetime.date(YEAR - 1, 12, 1) + datetime.timedelta(days=m * 30 + 3 + 9 * k + i % 5),
            leader_id=leaders[c.pk],
            place="Trụ sở",
        )
        for i, c in enumerate(communes)
        for m in range(13)
        for k in range(RECEPTION_DAYS_PER_MONTH)
    )
    day0, n_days = _ids(ReceptionDay, commune__province=province)
    user = UserFactory(username="bench_province")
    Membership.objects.create(user=user, commune=communes[0], role=Membership.Role.PROVINCE)
    topic_ids = list(Topic.objects.filter(commune__isnull=True).order_by("pk").values_list("pk", flat=True))
    assert topic_ids == list(range(topic_ids[0], topic_ids[0] + len(topic_ids)))

    with connection.cursor() as cursor:
        cols = ", ".join(f.column for f in Participant._meta.concrete_fields if f.column not in ("id",))
        p_table = Participant._meta.db_table
        values = {
            "session_id": f"{session0} + (n % {n_sessions})",
            "group": "CASE n % 3 WHEN 0 THEN 'officials' WHEN 1 THEN 'village_delegates' ELSE 'households' END",
            "official_id": "NULL",
            "honorific": "'Ông'",
            "full_name": "'Người ' || n",
            "title": "''",
            "village_id": "NULL",
            "unit_id": "NULL",
            "phone": "''",
            "response": "'invited'",
            "responded_at": "NULL",
            "attended_at": f"CASE WHEN n % 5 = 0 THEN NULL ELSE {sql.now()} END",
            "checkin_token": "'t' || n",
            "position": "n",
            "dedupe_key": "'k' || n",
            "search_name": "'nguoi ' || n",
            "created_at": sql.now(),
        }
        cursor.execute(
            sql.insert_series(
                n_sessions * PARTICIPANTS_PER_SESSION,
                f"INSERT INTO {p_table} ({', '.join(connection.ops.quote_name(c) for c in cols.split(', '))})",
                "SELECT " + ", ".join(values[c] for c in cols.split(", ")),
            )
        )

        # Petitions: commune c = n % 100, in one of its two sessions or none, a topic, a kind …
        commune_expr = f"(n % {COMMUNES})"
        received = "(n % 365)"
        status = (
            "CASE n % 8 WHEN 0 THEN 'received' WHEN 1 THEN 'classified' WHEN 2 THEN 'routed' "
            "WHEN 3 THEN 'answered' WHEN 4 THEN 'closed' WHEN 5 THEN 'closed' WHEN 6 THEN 'transferred' "
            "ELSE 'answered' END"
        )
        answered = "n % 8 IN (3, 4, 5, 7)"
        kinds = "CASE n % 5 WHEN 0 THEN 'y_kien' WHEN 1 THEN 'kien_nghi' WHEN 2 THEN 'phan_anh' " \
                "WHEN 3 THEN 'khieu_nai' ELSE 'to_cao' END"  # fmt: skip
        values = {
            "commune_id": f"{commune0} + {commune_expr}",
            "session_id": (
                f"CASE WHEN n % 4 = 0 THEN NULL ELSE {session0} + 2 * {commune_expr} + (n / {COMMUNES}) % 2 END"
            ),
            "code": "'B' || n",
            # Unique per row; the report never reads it (random codes are the petitions' own business).
            "lookup_code": "'L' || n",
            "is_confidential": "FALSE",
            "source": "'session'",
            "received_on": sql.day(received),
            "citizen_name": "''",
            "citizen_phone": "''",
            "citizen_address": "''",
            "village_id": f"{village0} + {VILLAGES_PER_COMMUNE} * {commune_expr} + (n / 7) % {VILLAGES_PER_COMMUNE}",
            "topic_id": f"{topic_ids[0]} + (n / 3) % {len(topic_ids)}",
            "kind": kinds,
            "competence": "CASE WHEN n % 10 = 0 THEN 'transfer' ELSE 'commune' END",
            "content": "'Kiến nghị ' || n",
            "search_text": "'kien nghi ' || n",
            "answered_on_spot": "CASE WHEN n % 6 = 0 THEN TRUE ELSE FALSE END" if sql.pg else "(n % 6 = 0)",
            "spot_answer_by": "''",
            "spot_answer": "''",
            "status": status,
            "unit_id": f"{unit0} + {UNITS_PER_COMMUNE} * {commune_expr} + 1 + n % 4",
            "routed_at": "NULL",
            "deadline": sql.day(f"{received} + 15"),
            "transfer_to": "''",
            # A transferred petition (n % 8 = 6): sent 5 days after receipt, replied to in one case of two.
            "transfer_letter": "''",
            "transferred_on": f"CASE WHEN n % 8 = 6 THEN {sql.day(f'{received} + 5')} ELSE NULL END",
            "transfer_reply_due": f"CASE WHEN n % 8 = 6 THEN {sql.day(f'{received} + 50')} ELSE NULL END",
            "transfer_replied_on": f"CASE WHEN n % 16 = 6 THEN {sql.day(f'{received} + 30')} ELSE NULL END",
            "transfer_reply_letter": "''",
            "transfer_reply": "''",
            "people_count": "CASE WHEN n % 25 = 0 THEN 7 ELSE 1 END",
            "representatives": "''",
            "answered_at": f"CASE WHEN {answered} THEN {sql.moment(f'{received} + n % 25')} ELSE NULL END",
            "closed_at": "NULL",
            "close_reason": "''",
            "reaction": "''",
            "repeat_of_id": "NULL",
            "duplicate_of_id": "NULL",
            "created_by_id": "NULL",
            "created_at": sql.now(),
            "updated_at": sql.now(),
        }
        pet_cols = [f.column for f in Petition._meta.concrete_fields if f.column != "id"]
        missing = set(pet_cols) - set(values)
        assert not missing, f"bench/reports.py must fill {missing}"
        cursor.execute(
            sql.insert_series(
                petitions,
                f"INSERT INTO {Petition._meta.db_table} ({', '.join(connection.ops.quote_name(c) for c in pet_cols)})",
                "SELECT " + ", ".join(values[c] for c in pet_cols),
            )
        )
        # One petition in 200 repeats the one raised 100 rows before it (same commune).
        table = Petition._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET repeat_of_id = id - {COMMUNES} WHERE code LIKE 'B%' AND id % 200 = 7 "
            f"AND id - {COMMUNES} >= (SELECT MIN(id) FROM {table})"
        )

        a_cols = [f.column for f in Assignment._meta.concrete_fields if f.column != "id"]
        notice_expr = f"(n % {n_notices})"
        values = {
            "notice_id": f"{notice0} + {notice_expr}",
            "unit_id": f"{unit0} + {UNITS_PER_COMMUNE} * ({notice_expr} / 2) + 1 + n % 4",
            "task": "'Nhiệm vụ ' || n",
            "deadline": sql.day("120 + n % 300"),
            "status": f"CASE n % 3 WHEN 0 THEN '{AssignmentStatus.DONE}' WHEN 1 THEN '{AssignmentStatus.IN_PROGRESS}' "
            f"ELSE '{AssignmentStatus.OPEN}' END",  # fmt: skip
            "done_at": f"CASE WHEN n % 3 = 0 THEN {sql.now()} ELSE NULL END",
            "position": "n",
            "created_at": sql.now(),
        }
        cursor.execute(
            sql.insert_series(
                ASSIGNMENTS,
                f"INSERT INTO {Assignment._meta.db_table} ({', '.join(a_cols)})",
                "SELECT " + ", ".join(values[c] for c in a_cols),
            )
        )
        # Visits spread over the reception days; one in twenty a group of 6, one in four an old matter.
        v_cols = [f.column for f in Visit._meta.concrete_fields if f.column != "id"]
        values = {
            "day_id": f"{day0} + n % {n_days}",
            "citizen_name": "'Công dân ' || n",
            "citizen_address": "''",
            "citizen_phone": "''",
            "people_count": "CASE WHEN n % 20 = 0 THEN 6 ELSE 1 END",
            "representatives": "''",
            "matter": "CASE WHEN n % 4 = 0 THEN 'old' ELSE 'new' END",
            "earlier_petition_id": "NULL",
            "content": "'Trình bày ' || n",
            "outcome": "CASE n % 3 WHEN 0 THEN 'answered' WHEN 1 THEN 'recorded' ELSE 'guided' END",
            "answer": "''",
            "petition_id": "NULL",
            "created_at": sql.now(),
        }
        missing = set(v_cols) - set(values)
        assert not missing, f"bench/reports.py must fill {missing}"
        cursor.execute(
            sql.insert_series(
                max(petitions * VISITS_PER_MILLION // 1_000_000, 1),
                f"INSERT INTO {Visit._meta.db_table} ({', '.join(connection.ops.quote_name(c) for c in v_cols)})",
                "SELECT " + ", ".join(values[c] for c in v_cols),
            )
        )
        if sql.pg:
            # What autovacuum does to a settled table: statistics, and the visibility map that
            # lets the report read its covering index without visiting the table.
            cursor.execute("VACUUM ANALYZE")
    return user, province


def open_database(old_name, petitions, keep, db_name=None):
    """Switch the connection to the benchmark's own database; build the rows unless a kept
    database of the same size is there. Returns (user, generated seconds or None)."""
    from django.db import connection

    from directory.models import Province
    from petitions.models import Petition

    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        # A run of its own name: two runs on one server never drop each other's database.
        test["NAME"] = db_name or (BENCH_DB if keep else _benchdb.unique_name("reports"))
    elif keep:
        (ROOT / "var").mkdir(exist_ok=True)
        test["NAME"] = str(ROOT / "var" / f"{BENCH_DB}.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
    if keep:
        if Province.objects.filter(name=PROVINCE).exists() and Petition.objects.count() == petitions:
            from django.contrib.auth import get_user_model

            return get_user_model().objects.get(username="bench_province"), None
        connection.creation.destroy_test_db(old_name, verbosity=0)  # another size: start again
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    start = time.perf_counter()
    user, _ = build_world(petitions)
    return user, time.perf_counter() - start


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="petitions (1000000 for the full run)")
    parser.add_argument("--keep", action="store_true", help=f"keep the database ({BENCH_DB}) and reuse it next time")
    _benchdb.add_option(parser, "reports")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from directory.permissions import report_communes
    from office.periods import period_of
    from office.reports import build_report
    from petitions.models import Petition

    setup_test_environment()
    petitions = args.max
    if connection.vendor == "sqlite" and petitions > 100_000:
        print("SQLite: dừng ở 100.000 kiến nghị (1.000.000 chỉ chạy trên PostgreSQL).")
        petitions = 100_000
    old_name = connection.settings_dict["NAME"]
    user, generated = open_database(old_name, petitions, args.keep, args.db_name)
    try:
        from reception.models import Visit

        print(f"\nBáo cáo của tỉnh – benchmark on {connection.vendor}; median of {REPEAT} runs")
        how = f"generated in {generated:.1f} s" if generated is not None else f"reused from {BENCH_DB}"
        print(
            f"  {COMMUNES} communes, {Petition.objects.count():,} petitions, {Visit.objects.count():,} visits, "
            f"{ASSIGNMENTS:,} assignments {how}"
        )
        communes = report_communes(user, None)
        assert communes.count() == COMMUNES
        client = Client()
        client.force_login(user)
        table = Petition._meta.db_table

        def plain():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT topic_id, COUNT(*) FROM {table} GROUP BY topic_id")
                cursor.fetchall()

        plain_ms = median_ms(plain)
        print(f"  {'plain COUNT(*) GROUP BY topic_id':44}{plain_ms:9.1f} ms")
        worst, cut = 0, PROVINCE_CUTOFF
        for label, params, period in (
            ("year", {"nam": YEAR, "ky": "nam"}, period_of("nam", YEAR, cutoff=cut)),
            ("9 months", {"nam": YEAR, "ky": "m9"}, period_of("m9", YEAR, cutoff=cut)),
            (
                "month",
                {"nam": YEAR, "ky": "thang", "thang": 6},
                period_of("thang", YEAR, month=6, cutoff=PROVINCE_CUTOFF),
            ),
        ):

            def request(params=params):
                response = client.get("/ket-luan/bao-cao/", params)
                assert response.status_code == 200, response.status_code

            report = build_report(communes=communes, period=period)
            page_ms = median_ms(request)
            queries_ms = median_ms(lambda period=period: build_report(communes=communes, period=period))
            worst = max(worst, page_ms)
            covered = (report["petitions"]["total"], report["reception"]["visits"], report["assignments"]["total"])
            print(
                f"  {label}: report covers {covered[0]:,} petitions, {covered[1]:,} visits, {covered[2]:,} assignments"
            )
            print(f"    {'page (whole request)':42}{page_ms:9.1f} ms  ({page_ms / plain_ms:.2f}× plain)")
            print(f"    {'queries only':42}{queries_ms:9.1f} ms  ({queries_ms / plain_ms:.2f}× plain)")
        verdict = "met" if worst < 1000 else "NOT met"
        print(f"  slowest page {worst:.1f} ms; goal < 1000 ms: {verdict}; load average {os.getloadavg()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: 500 invitation letters in one PDF, and a 10,000-row roster import.

Letters: pages per second and peak memory of each way of making the same 500 letters, each
measured in a fresh child process so that peaks do not mix:
- floor: the batch's own HTML, rendered once and saved as static text (same markup, same size,
  same QR images), rendered by WeasyPrint as ONE document: what WeasyPrint alone costs;
- the app's routes (sessions_app.printing.render_batch, what the web page and the command run),
  each from the participants in the database: QR codes, templates, rendering, joining:
  single (one HTML document), sequential (parts one after the other), stamp (what every letter
  shares rendered once, each person's addressee and QR code laid over it: sessions_app/stamp.py);
- separate renders, one render per letter, timed on a sample: (b) plain WeasyPrint, as the issue
  measured it (a fresh font configuration and stylesheet each time), and (b') the app's own
  renderer, which keeps fonts and document.css between renders.
Peak memory is the largest resident set of the measuring process plus that of its helpers; PDF KB
is the size of the file each way makes.

Import: the same 10,000 rows through the validated import (read .xlsx, validate, write, all in
one transaction) beside a plain bulk_create of the same rows.

    .venv/bin/python bench/invitations.py [--letters 500] [--sample 100] [--rows 10000]

It works in a throw-away test database, created and dropped by Django's test machinery.
"""

import argparse
import io
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _benchdb  # noqa: E402  (bench/ is not a package)


def setup_django():
    sys.path.insert(0, str(ROOT))
    for name, value in (("DEBUG", "0"), ("SECRET_KEY", "bench-only-not-secret"), ("SECURE_SSL_REDIRECT", "0"),
                        ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0")):  # fmt: skip
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


# --- child processes: one per measured route --------------------------------------------------


def _child(kind, payload, db_name, conn):
    setup_django()
    from django.conf import settings
    from pypdf import PdfReader

    from sessions_app.pdf_worker import render_part

    settings.DATABASES["default"]["NAME"] = db_name
    # Warm up this process's fonts and stylesheet as a running worker has them.
    render_part("<p style=\"font-family: 'Liberation Serif'\">Khởi động</p>")
    start = time.perf_counter()
    cpu = time.process_time()
    if kind == "floor":
        data = render_part(payload)
        route = "one document"
    elif kind in ("single", "sequential", "stamp"):
        data, route = _app_route(kind, *payload)
    elif kind == "plain":
        data = b"".join(_plain_weasyprint(html) for html in payload)
        route = "separate"
    elif kind == "renderer":
        data = b"".join(render_part(html) for html in payload)
        route = "separate"
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    if kind in ("plain", "renderer"):
        pages = len(payload)
    else:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    conn.send(
        Row(
            pages=pages,
            seconds=seconds,
            cpu=cpu,
            helper_cpu=helpers.ru_utime + helpers.ru_stime,
            peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            helper_peak_mb=helpers.ru_maxrss / 1024,
            route=route,
            size=len(data),
        )
    )
    conn.close()


@dataclass
class Row:
    pages: int
    seconds: float
    cpu: float  # this process
    helper_cpu: float  # its helper processes, all together
    peak_mb: float
    helper_peak_mb: float  # the largest helper
    route: str
    size: int  # bytes of the PDF (of all of them, for separate renders)
    label: str = ""

    @property
    def rate(self):
        """Pages per second of wall-clock time, as measured (shared machine included)."""
        return self.pages / self.seconds

    @property
    def free_rate(self):
        """Pages per second on free cores: the busiest process's CPU time bounds the wall time."""
        return self.pages / max(self.cpu, self.helper_cpu)


def _app_route(kind, session_pk, document_pk):
    from sessions_app.models import Session, SessionDocument
    from sessions_app.printing import batch_filter, render_batch

    session = Session.objects.select_related("plan__issuer", "plan__signer", "chair").get(pk=session_pk)
    document = SessionDocument.objects.select_related("issuer").get(pk=document_pk)
    _filename, data, route = render_batch(session, batch_filter(session, {}), document=document, route=kind)
    return data, route


def _plain_weasyprint(html):
    """One letter the way WeasyPrint is used by default: new fonts and stylesheet every time."""
    from weasyprint import CSS, HTML

    from dialogue.pdf import DOCUMENT_CSS, STATIC_DIR, StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(filename=str(DOCUMENT_CSS), url_fetcher=fetcher)])


def measure(kind, payload, db_name):
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(kind, payload, db_name, child))
    process.start()
    child.close()
    try:
        return parent.recv()
    except EOFError:
        process.join()
        raise SystemExit(f"the {kind} measurement process failed (exit code {process.exitcode})") from None
    finally:
        process.join()


# --- letters ---------------------------------------------------------------------------------


def build_letters(count):
    """A session with COUNT people and its numbered invitation; returns (session, document, people)."""
    from sessions_app.models import Participant
    from sessions_app.participants import session_document_take
    from tests.factories import CommuneFactory, PlanFactory, SessionFactory, StateIssuerFactory, VillageFactory, aware

    commune = CommuneFactory(name="Lộc Thành")
    villages = [VillageFactory(commune=commune, name=f"{i}") for i in range(1, 6)]
    plan = PlanFactory(commune=commune, issuer=StateIssuerFactory(commune=commune), signer_title="CHỦ TỊCH")
    session = SessionFactory(plan=plan, villages=villages, starts_at=aware(2025, 11, 20, 8, 0),
                             venue="Hội trường UBND xã Lộc Thành")  # fmt: skip
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Tuyết", "Đức", "Ánh"]
    people = []
    for i in range(count):
        p = Participant(
            session=session, group="households", honorific="Bà" if i % 2 else "Ông",
            full_name=f"{surnames[i % 10]} {'Thị' if i % 2 else 'Văn'} {given[i % 12]} {i}",
            title=f"Đại diện hộ gia đình, ấp {i % 5 + 1}", village=villages[i % 5], position=i,
        )  # fmt: skip
        p.fill_keys()
        people.append(p)
    Participant.objects.bulk_create(people)
    document = session_document_take(session=session, kind="GM")
    return session, document, people


def bench_letters(args, db_name):
    from sessions_app.pdf import invitation_context, invitation_html, invitation_letters
    from sessions_app.printing import PART_SIZE, choose_route

    n = args.letters
    session, document, people = build_letters(n)
    shared = invitation_context(session, document)
    letters = invitation_letters(people)
    floor_html = invitation_html(shared, letters)  # the batch's HTML, kept as static text
    sample = [invitation_html(shared, [letter]) for letter in letters[: args.sample]]
    workers = max(1, len(os.sched_getaffinity(0)))
    route = choose_route(n)

    print(f"\nGiấy mời – {n} letters, {workers} core(s) usable; static HTML of the batch {len(floor_html) // 1024} KB, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    rows = {}
    ids = (session.pk, document.pk)
    for key, label, kind, payload in (
        ("floor", "floor: the batch's HTML as static text, one document", "floor", floor_html),
        ("single", "app, single route: one HTML document", "single", ids),
        ("sequential", f"app, sequential route: parts of {PART_SIZE}, one after the other", "sequential", ids),
        ("stamp", "app, stamp route: shared letter once, people's parts, joined", "stamp", ids),
        ("plain", f"(b) separate renders, plain WeasyPrint (sample of {len(sample)})", "plain", sample),
        ("renderer", f"(b') separate renders, app's renderer (sample of {len(sample)})", "renderer", sample),
    ):
        rows[key] = measure(kind, payload, db_name)
        rows[key].label = label
    print(f"{'':<60} {'pages':>5} {'s':>5} {'pages/s':>7} {'cpu s':>5} {'+help':>5} {'free p/s':>8} "
          f"{'peak MB':>7} {'+help':>5} {'PDF KB':>6}")  # fmt: skip
    for r in rows.values():
        print(f"{r.label:<60} {r.pages:>5} {r.seconds:>5.1f} {r.rate:>7.1f} {r.cpu:>5.1f} "
              f"{r.helper_cpu:>5.1f} {r.free_rate:>8.1f} {r.peak_mb:>7.0f} "
              f"{r.helper_peak_mb:>5.0f} {r.size // 1024:>6}")  # fmt: skip
    print("s, pages/s: wall clock as measured, whatever else the machine was running (load average above);")
    print("cpu s, +help: CPU time of the measuring process and of its helper; free p/s: pages / the larger of")
    print("the two, i.e. the speed on cores nobody else uses.")
    app, floor, plain, own = rows[route], rows["floor"], rows["plain"], rows["renderer"]
    print(f"route the app takes for {n} letters here: {route} ({app.route})")
    for name, rate in (("measured", "rate"), ("free cores", "free_rate")):
        a, f, p, o = (getattr(r, rate) for r in (app, floor, plain, own))
        single = getattr(rows["single"], rate)
        print(f"[{name}] app's route / floor: {a / f:.0%}, single route / floor: {single / f:.0%} (goal >= 80%); "
              f"app's route / (b) plain separate renders: {a / p:.1f}x (goal >= 5x), "
              f"/ (b') the app's own separate renders: {a / o:.1f}x")  # fmt: skip
    print(f"peak memory of the app's route: {app.peak_mb:.0f} MB (goal < 1024)")
    if app.free_rate / plain.free_rate < 5:
        per_page = floor.cpu / floor.pages
        alone = plain.cpu / plain.pages
        print(f"below 5x: WeasyPrint alone (the floor) spends {per_page * 1000:.0f} ms of CPU on a page of this "
              f"letter, and a plain separate render {alone * 1000:.0f} ms, so {workers} cores can give at most "
              f"{workers * alone / per_page:.1f}x; 5x needs about {5 * per_page / alone:.1f} free cores")  # fmt: skip


# --- import ------------------------------------------------------------------------------------


def bench_import(args):
    import openpyxl
    from django.db import transaction

    from sessions_app.models import Participant
    from sessions_app.resources import roster_import_confirm, roster_import_preview
    from tests.factories import CommuneFactory, PlanFactory, SessionFactory, StateIssuerFactory, VillageFactory

    commune = CommuneFactory(name="Bench import")
    villages = [VillageFactory(commune=commune, name=f"{i}") for i in range(1, 11)]
    plan = PlanFactory(commune=commune, issuer=StateIssuerFactory(commune=commune))
    session = SessionFactory(plan=plan, villages=villages)
    other = SessionFactory(plan=plan, villages=villages)
    rows = [
        ("Đại diện hộ gia đình", "Bà" if i % 2 else "Ông", f"Nguyễn {'Thị' if i % 2 else 'Văn'} Hộ {i}", "",
         f"Ấp {i % 10 + 1}", f"09{i:08d}")
        for i in range(args.rows)
    ]  # fmt: skip
    book = openpyxl.Workbook()
    book.active.append(["Nhóm", "Danh xưng", "Họ và tên", "Chức vụ", "Thôn, ấp", "Điện thoại"])
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()

    start = time.perf_counter()
    preview = roster_import_preview(session=session, name="bench.xlsx", content=content)
    t_preview = time.perf_counter() - start
    start = time.perf_counter()
    # As the page does: the preview's checked rows (kept beside the file as JSON) are written as they are.
    cached = json.loads(json.dumps(preview.cache()))
    roster_import_confirm(session=session, name="bench.xlsx", content=content, digest=preview.digest,
                          valid_rows=preview.valid_rows, cached=cached)  # fmt: skip
    t_confirm = time.perf_counter() - start
    assert Participant.objects.filter(session=session).count() == args.rows, preview.errors[:3]

    by_name = {f"Ấp {v.name}": v for v in villages}
    start = time.perf_counter()
    with transaction.atomic():
        objs = []
        for i, (_g, honorific, name, title, village, phone) in enumerate(rows):
            p = Participant(session=other, group="households", honorific=honorific, full_name=name, title=title,
                            village=by_name[village], phone=phone, position=i)  # fmt: skip
            p.fill_keys()
            objs.append(p)
        Participant.objects.bulk_create(objs, batch_size=1000)
    t_bulk = time.perf_counter() - start
    print(f"\nNhập danh sách – {args.rows} rows (.xlsx {len(content) // 1024} KB)")
    print(f"preview (read + validate, nothing written): {t_preview:6.2f} s")
    print(f"confirmed import (the preview's rows written): {t_confirm:6.2f} s")
    print(f"plain bulk_create of the same rows:         {t_bulk:6.2f} s")
    print(f"confirmed import / bulk_create: {t_confirm / t_bulk:.1f}x")
    both = (t_preview + t_confirm) / t_bulk
    verdict = "met" if both <= 5 else "NOT met"
    print(f"preview + confirm (what a clerk runs) / bulk_create: {both:.1f}x (goal <= 5x: {verdict})")


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--sample", type=int, default=100, help="letters rendered one by one")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--import-only", action="store_true", help="measure the roster import alone")
    _benchdb.add_option(parser, "invitations")
    args, _unknown = parser.parse_known_args(argv)
    setup_django()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, so that the measuring processes see it
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite3")
    _benchdb.use_own_database(connection, "invitations", args.db_name)
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        if not args.import_only:
            bench_letters(args, db_name)
        bench_import(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

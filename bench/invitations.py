"""Benchmark: 500 invitation letters in one PDF, and a 10,000-row roster import.

Letters (pages per second and peak memory, each route in a fresh child process so peaks
do not mix):
- floor: static HTML of the same size (the letters' text, no header table, no QR) in ONE document;
- batch, single route: the 500 letters as ONE HTML document, one WeasyPrint render;
- batch, parallel route: parts of at most 50 letters rendered at once, one worker per core,
  joined with pypdf (sessions_app.printing.render_batch, what the web page and the command use);
- separate renders: one render per letter, timed on a sample and given per page.

Import: the same 10,000 rows through the validated import (read .xlsx, validate, write, all in
one transaction) beside a plain bulk_create of the same rows.

    .venv/bin/python bench/invitations.py [--letters 500] [--sample 40] [--rows 10000]

It works in a throw-away test database, created and dropped by Django's test machinery.
"""

import argparse
import io
import multiprocessing
import os
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django():
    sys.path.insert(0, str(ROOT))
    for name, value in (("DEBUG", "0"), ("SECRET_KEY", "bench-only-not-secret"), ("SECURE_SSL_REDIRECT", "0"),
                        ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0")):  # fmt: skip
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


# --- child processes: one per measured route --------------------------------------------------


def _child(kind, payload, workers, conn):
    sys.path.insert(0, str(ROOT))
    from sessions_app.pdf_worker import init_worker, render_part

    init_worker(str(ROOT))
    from pypdf import PdfReader

    # Warm up (fonts, fontconfig, CSS parser) so that a route is not charged for it; the
    # parallel route's own workers still start cold, as they do in the app.
    render_part("<p style=\"font-family: 'Liberation Serif'\">Khởi động</p>")
    start = time.perf_counter()
    if kind == "one":
        data = render_part(payload)
        pages = len(PdfReader(io.BytesIO(data)).pages)
    elif kind == "separate":
        pages = 0
        for html in payload:
            pages += len(PdfReader(io.BytesIO(render_part(html))).pages)
    elif kind == "parallel":
        from sessions_app.pdf_worker import join_pdfs, render_indexed

        ctx = multiprocessing.get_context("spawn")
        results = [None] * len(payload)
        with ctx.Pool(workers, initializer=init_worker, initargs=(str(ROOT),)) as pool:
            for index, data in pool.imap_unordered(render_indexed, list(enumerate(payload))):
                results[index] = data
        data = join_pdfs(results)
        pages = len(PdfReader(io.BytesIO(data)).pages)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    conn.send((seconds, pages, own, children))
    conn.close()


def measure(kind, payload, workers=1):
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(kind, payload, workers, child))
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
    """A session with COUNT people and its numbered invitation; returns (shared context, letters)."""
    from sessions_app.models_participants import Participant
    from sessions_app.participants import session_document_take
    from sessions_app.pdf import invitation_context, invitation_letters
    from tests.factories import CommuneFactory, PlanFactory, SessionFactory, StateIssuerFactory, VillageFactory, aware

    commune = CommuneFactory(name="Bench Lộc Thành")
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
    return session, document, invitation_context(session, document), invitation_letters(people)


def static_floor_html(batch_html):
    """The letters' own text as plain paragraphs, one letter per page: no header table, no image."""
    from dialogue.pdf import STATIC_DIR  # noqa: F401 - the same base CSS is linked

    bodies = re.findall(r'<div class="letter">(.*?)</div>\s*(?=<div class="letter">|</body>)', batch_html, re.S)
    head = batch_html.split("<body>")[0]
    pages = []
    for body in bodies:
        text = re.sub(r"<img[^>]*>", "", body)
        text = re.sub(r"<[^>]+>", "\n", text)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        pages.append('<div class="letter">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>")
    return head + "<body>" + "".join(pages) + "</body></html>"


def bench_letters(args):
    from sessions_app.pdf import invitation_html
    from sessions_app.printing import PART_SIZE, workers_available

    n = args.letters
    session, document, shared, letters = build_letters(n)
    batch_html = invitation_html(shared, letters)
    floor_html = static_floor_html(batch_html)
    workers = workers_available()
    size = max(1, min(PART_SIZE, -(-n // workers)))
    parts = [invitation_html(shared, letters[i : i + size]) for i in range(0, n, size)]
    sample = [invitation_html(shared, [letter]) for letter in letters[: args.sample]]

    print(f"\nGiấy mời – {n} letters, {workers} core(s); HTML {len(batch_html) // 1024} KB, "
          f"floor HTML {len(floor_html) // 1024} KB")  # fmt: skip
    rows = []
    for label, kind, payload, w in (
        ("floor: static HTML, one document", "one", floor_html, 1),
        ("batch, single route (one document)", "one", batch_html, 1),
        (f"batch, parallel route ({len(parts)} parts x<={size}, {workers} workers, pypdf join)", "parallel", parts,
         workers),
        (f"separate renders (sample of {len(sample)})", "separate", sample, 1),
    ):  # fmt: skip
        seconds, pages, own, children = measure(kind, payload, w)
        rows.append((label, pages, seconds, pages / seconds, max(own, children) / 1024, (own + children) / 1024))
    print(f"{'route':<72} {'pages':>5} {'s':>7} {'pages/s':>8} {'peak MB':>8}")
    for label, pages, seconds, rate, peak, _total in rows:
        print(f"{label:<72} {pages:>5} {seconds:>7.1f} {rate:>8.2f} {peak:>8.0f}")
    floor, single, parallel, separate = (r[3] for r in rows)
    route = "parallel" if parallel > single else "single"
    best = max(parallel, single)
    print(f"single route / floor: {single / floor:.0%} (goal >= 80%)")
    print(f"best route ({route}) / separate renders: {best / separate:.1f}x (goal >= 5x); "
          f"/ floor: {best / floor:.0%}")  # fmt: skip
    print(f"route the app takes for {n} letters on this machine: "
          f"{'parallel' if workers > 1 and n >= 60 else 'single'}")  # fmt: skip
    print("peak MB: the largest single process of the route (renderer or one worker); goal < 1024")


# --- import ------------------------------------------------------------------------------------


def bench_import(args):
    import openpyxl
    from django.db import transaction

    from sessions_app.models_participants import Participant
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
    roster_import_confirm(session=session, name="bench.xlsx", content=content, digest=preview.digest,
                          valid_rows=preview.valid_rows)  # fmt: skip
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
    print(f"confirmed import (read + validate + write): {t_confirm:6.2f} s")
    print(f"plain bulk_create of the same rows:         {t_bulk:6.2f} s")
    print(f"confirmed import / bulk_create: {t_confirm / t_bulk:.1f}x (goal <= 5x)")


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--sample", type=int, default=40, help="letters rendered one by one")
    parser.add_argument("--rows", type=int, default=10_000)
    args, _unknown = parser.parse_known_args(argv)
    setup_django()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        bench_letters(args)
        bench_import(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

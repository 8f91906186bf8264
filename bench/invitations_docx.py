"""Benchmark: a 500-letter invitation batch as one .docx (goal < 10 s), beside the PDF route in the same run.

Both from the participants in the database, as the pages make them: the .docx through the
document model and the Word renderer (sessions_app.documents.invitation_document, one section per
letter, a QR code in each), the PDF through the route the app takes for that many letters
(sessions_app.printing.render_batch). Each is timed twice; the better time is printed.

    .venv/bin/python bench/invitations_docx.py [--letters 500]

It works in a throw-away test database, created and dropped by Django's test machinery.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from invitations import build_letters, setup_django  # noqa: E402  (a sibling benchmark, not a package)


def _best(fn, runs=2):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench(args):
    import io
    import os

    from docx import Document as open_docx

    from dialogue.documents.docx import render_document_docx
    from sessions_app.documents import invitation_document
    from sessions_app.printing import batch_filter, choose_route, render_batch

    n = args.letters
    session, document, _people = build_letters(n)
    route = choose_route(n)

    def docx():
        return render_document_docx(invitation_document(session, batch_filter(session, {}), document=document))[1]

    def pdf():
        return render_batch(session, batch_filter(session, {}), document=document, route=route)[1]

    docx_s, docx_data = _best(docx)
    pdf_s, pdf_data = _best(pdf)
    sections = len(open_docx(io.BytesIO(docx_data)).sections)
    print(f"\nGiấy mời – {n} letters, load average {os.getloadavg()[0]:.1f}")
    print(f"Word (.docx), document model:      {docx_s:6.2f} s  {sections} sections  {len(docx_data) // 1024:>6} KB")
    print(f"PDF, the app's route ({route:>10}): {pdf_s:6.2f} s               {len(pdf_data) // 1024:>6} KB")
    verdict = "ok" if docx_s < 10 else "OVER"
    print(f"docx batch: {docx_s:.2f} s (goal < 10 s: {verdict}); docx / pdf time: {docx_s / pdf_s:.2f}")
    return docx_s


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    args, _unknown = parser.parse_known_args(argv)
    setup_django()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        bench(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""What a production server does first, run with the interpreter of an environment to check.

With DEBUG=0 and the real settings (dialogue.settings, never tests.settings): import every module
of the project (migrations and commands included), migrate a fresh SQLite database in a
throw-away VAR_DIR, collect the static files, load the sample data and print one batch of 60
invitation letters on the default route (the stamp route, which joins its PDF with pypdf).
Any missing runtime package fails it: an import error in the first step, or in the batch.

    .venv/bin/python scripts/production_smoke.py [--letters 60]

scripts/check_production_install.sh runs it in a fresh environment built from requirements.txt
alone; CI (.ci/run) runs that.
"""

import argparse
import importlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Top-level folders that are not the application: what a production server never imports.
NOT_RUNTIME = {"tests", "bench", "scripts"}


def project_modules():
    """Dotted names of every module of the application, packages first."""
    names = []
    for init in sorted(ROOT.glob("*/__init__.py")):
        package = init.parent
        if package.name in NOT_RUNTIME or package.name.startswith("."):
            continue
        for path in sorted(package.rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


def fail(message):
    print(f"KHÔNG ĐẠT: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=60)
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="dialogue-production-smoke-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "dialogue.settings",
            "DEBUG": "0",
            "SECRET_KEY": "production-smoke-only-not-a-secret-0123456789abcdef",
            "VAR_DIR": var_dir,
            "STATIC_ROOT": str(Path(var_dir) / "static"),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SQLITE_PATH", None)
    (Path(var_dir) / "static").mkdir()
    sys.path.insert(0, str(ROOT))
    try:
        check(args.letters)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def check(letters):
    import django

    try:
        django.setup()  # the apps' ready() import their services, and those their libraries
    except ImportError as exc:
        fail(f"import (django.setup): {type(exc).__name__}: {exc}")
    from django.conf import settings

    if settings.DEBUG:
        fail("DEBUG is on")

    modules = project_modules()
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # any failure to import is the finding, shown with its module
            fail(f"import {name}: {type(exc).__name__}: {exc}")
    print(f"Imported {len(modules)} modules with DEBUG=0.")

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    session, people = roster_of(letters)
    out = Path(settings.VAR_DIR) / "giay-moi.pdf"
    report = io.StringIO()
    call_command("print_invitations", session.pk, "-o", str(out), stdout=report)
    print(report.getvalue().strip())

    from pypdf import PdfReader

    from sessions_app.printing import choose_route

    pages = len(PdfReader(out).pages)
    if pages != people:
        fail(f"{people} letters printed as {pages} pages")
    if f"cách dựng: {choose_route(people)}" not in report.getvalue():
        fail("the batch did not take the default route")
    print(f"OK: {people} letters, {pages} pages, default route {choose_route(people)}.")


def roster_of(letters):
    """A Lộc Thành session with an exact time (only those may number letters), roster made up to LETTERS."""
    from directory.models import Village
    from sessions_app.enums import UPCOMING_STATES
    from sessions_app.models import ParticipantGroup, Session
    from sessions_app.participants import participant_add

    session = (
        # Still to be held (a concluded session's roster is fixed) and with an exact time.
        Session.objects.filter(plan__commune__name="Lộc Thành", starts_at__isnull=False, status__in=UPCOMING_STATES)
        .exclude(documents__kind="GM")
        .order_by("pk")
        .first()
    )
    if session is None:
        fail("load_demo made no session of Lộc Thành still to be held with an exact time")
    villages = list(Village.objects.filter(pk__in=session.villages.values("pk")).order_by("pk"))
    n = 0
    while session.participants.count() < letters:
        n += 1
        participant_add(
            session=session,
            group=ParticipantGroup.HOUSEHOLDS,
            honorific="Ông",
            full_name=f"Người dân thử {n}",
            title="Đại diện hộ gia đình",
            village=villages[n % len(villages)],
            phone=f"09{n:08d}",
        )
    return session, session.participants.count()


if __name__ == "__main__":
    main()

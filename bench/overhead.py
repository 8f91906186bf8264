"""Benchmark: the fixed cost of a signed-in request (session, user, active commune, roles).

The same bare view (a short text, no template, no query of its own) is requested anonymously
(the floor) and signed in as a commune clerk; the difference is what every signed-in page pays
before its own work. CPU time per request (time.process_time of this process: the test client,
middleware and view; the database server's own time not counted), median of rounds, and the
number of queries each request runs. Goal (issue 17): ≤ 1 ms of CPU over the anonymous request.

    .venv/bin/python bench/overhead.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dialogue .venv/bin/python bench/overhead.py

A throw-away database of its own (on PostgreSQL `bench_overhead_<pid>` or `--db-name`).
"""

import argparse
import statistics
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _benchdb  # noqa: E402  (bench/ is not a package)

ROUNDS = 20
PER_ROUND = 50


def setup_django():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_petitions", HERE / "petitions.py")
    bp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bp)
    bp.setup_django()


def bare_urls():
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.urls import include, path

    def bare(request):
        # Touch what a page reads: the user and the active commune (the middleware resolved it).
        return HttpResponse(f"ok {getattr(request.user, 'pk', '')} {getattr(request.commune, 'pk', '')}")

    def menu(request):
        # The layout alone: the menu's commune switch, roles, bell and links, no content of its own.
        return render(request, "base.html", {})

    module = types.ModuleType("bench_overhead_urls")
    module.urlpatterns = [path("bare/", bare), path("menu/", menu), path("", include("dialogue.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    _benchdb.add_option(parser, "overhead")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    setup_test_environment()
    _benchdb.use_own_database(connection, "overhead", args.db_name)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from directory.models import Membership
        from tests.factories import CommuneFactory, UserFactory, member

        commune = CommuneFactory(name="Bench")
        for i in range(3):
            CommuneFactory(name=f"Bench khác {i}")
        clerk = member(UserFactory(username="bench_clerk"), commune, Membership.Role.STATE_OFFICE)
        anonymous, signed = Client(), Client()
        signed.force_login(clerk)
        with override_settings(ROOT_URLCONF=bare_urls()):
            for url, what in (("/bare/", "bare view"), ("/menu/", "layout page (menu)")):
                counts = {}
                for label, client in (("anonymous", anonymous), ("signed in", signed)):
                    assert client.get(url).status_code == 200
                    with CaptureQueriesContext(connection) as ctx:
                        client.get(url)
                    counts[label] = len(ctx.captured_queries)
                cpu = {"anonymous": [], "signed in": []}
                for _ in range(ROUNDS):
                    for label, client in (("anonymous", anonymous), ("signed in", signed)):
                        start = time.process_time()
                        for _ in range(PER_ROUND):
                            client.get(url)
                        cpu[label].append((time.process_time() - start) / PER_ROUND * 1000)
                floor = statistics.median(cpu["anonymous"])
                signed_ms = statistics.median(cpu["signed in"])
                print(f"\n{what} – {connection.vendor}; median of {ROUNDS} rounds")
                print(f"  {'anonymous (floor)':34}{floor:8.2f} ms CPU   {counts['anonymous']} queries")
                print(f"  {'signed-in clerk':34}{signed_ms:8.2f} ms CPU   {counts['signed in']} queries")
                extra = signed_ms - floor
                verdict = "met" if extra <= 1 else "NOT met"
                ratio = signed_ms / floor
                print(f"  signed in − anonymous: {extra:.2f} ms ({ratio:.1f}× the floor); goal ≤ 1 ms: {verdict}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

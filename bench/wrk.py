"""Benchmark: pages under `wrk` through gunicorn (2 sync workers, DEBUG off) on PostgreSQL.

Requests per second and latency (p50, p99) of each page beside the floor, a bare 50-row
template page (no layout, no query) served by the same server in the same run; the floor is
measured first and last and its mean is the divisor, so a shared machine's drift shows.
Pages: the commune's public page (as served) and the status lookup, anonymous (issue 13:
≥ 0.7× the floor, p99 < 100 ms); the petition list, the unit queue, "Nêu nhiều lần" and the
session list, signed in (issue 17: ≥ 0.5×). Also one request at a time (median ms, the
repeats page's goal is ≤ 100 ms at 1M), and the cold public page: the first request after
gunicorn starts, and its weight with the CSS and JS it loads (issue 13: a cheap phone).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/wrk.py --size 1000000
    make bench-wrk BENCH_ARGS="--size 1000000 --keep"

Its database is its own (`bench_wrk_<pid>`, or `--db-name`); `--keep` keeps it and a later
`--keep` run with the same `--db-name` reuses its rows instead of generating them again.
PostgreSQL only (gunicorn's two workers write sessions at once); needs `wrk` on the PATH.
"""

import argparse
import gzip
import importlib.util
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_spec = importlib.util.spec_from_file_location("bench_public", HERE / "public.py")
bpub = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bpub)
bp = bpub.bp

SINGLE = 15


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def world_of(size, reuse):
    """The bench commune, its users and a lookup code: generated, or read back from a kept database."""
    from django.contrib.auth import get_user_model

    from directory.models import Commune
    from petitions.models import Petition

    if reuse and Petition.objects.filter(commune__name="Bench").count() >= size:
        users = get_user_model().objects
        commune = Commune.objects.get(name="Bench")
        code = Petition.objects.filter(session__title="Hội nghị công khai").order_by("pk").first().lookup_code
        print(f"  reused {Petition.objects.filter(commune=commune).count():,} petitions of the kept database")
        return commune, users.get(username="bench_clerk"), users.get(username="bench_officer"), code
    world = bp.World()
    code = bpub.published_session(world)[0].lookup_code
    start = time.perf_counter()
    world.grow_to(size)
    print(f"  generated {world.count:,} petitions in {time.perf_counter() - start:.0f} s")
    return world.commune, world.clerk, world.officer, code


def session_cookie(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def run_wrk(url, cookie, args):
    cmd = ["wrk", f"-t{min(2, args.connections)}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency(50), latency(99), int(errors.group(1)) if errors else 0


def page_weight(base, html):
    """Bytes of the page and of every stylesheet and script it loads from us, raw and gzipped."""
    assets = sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)))
    raw, packed = len(html), len(gzip.compress(html, 6))
    for path in assets:
        _, body = get(base + path.decode())
        raw += len(body)
        packed += len(gzip.compress(body, 6))
    return raw, packed, [p.decode() for p in assets]


def start_server(env, port):
    cmd = [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync",
           "-b", f"127.0.0.1:{port}", "--timeout", "120", "dialogue.wsgi:application"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, (time.perf_counter() - started) * 1000
        except OSError:
            time.sleep(0.05)


def main(argv=None):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="petitions generated (1000000 for the full run)")
    parser.add_argument("--max", type=int, default=None, help="as --size (what `make bench-pg` passes)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database; reuse a kept one's rows")
    bp._benchdb.add_option(parser, "wrk")
    args, _ = parser.parse_known_args(argv if argv is not None else [])
    size = args.max or args.size
    if not shutil.which("wrk"):
        print("wrk is not installed (apt install wrk): skipped.")
        return
    bp.setup_django()
    from django.db import connection, connections
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print("PostgreSQL only (DATABASE_URL=postgres://…): skipped.")
        return
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    db_name = bp._benchdb.use_own_database(connection, "wrk", args.db_name)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep)
    proc = None
    try:
        print(f"\nwrk + gunicorn (2 sync workers), {args.connections} connections, {args.duration} s a page")
        print(f"  load average before: {load_average()}")
        commune, clerk, officer, code = world_of(size, args.keep)
        cookies = {"clerk": session_cookie(clerk), "officer": session_cookie(officer)}
        connections.close_all()
        s = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "_wrk_settings",
            # The project before bench/ (bench/petitions.py would hide the petitions app).
            "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}",
            "DATABASE_URL": f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{db_name}",
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc, boot_ms = start_server(env, port)
        public = f"/cong-khai/{commune.pk}/"
        start = time.perf_counter()
        status, html = get(base + public)
        cold_ms = (time.perf_counter() - start) * 1000
        assert status == 200, status
        raw, packed, assets = page_weight(base, html)
        pages = [
            ("floor (bare 50-row page)", "/bench-floor/", None),
            ("public commune page", public, None),
            ("status lookup", f"/tra-cuu/?ma={code}", None),
            ("petition list, signed in", "/kien-nghi/", "clerk"),
            ("unit queue, signed in", "/kien-nghi/viec-cua-don-vi/", "officer"),
            ("Nêu nhiều lần, signed in", "/kien-nghi/neu-nhieu-lan/", "clerk"),
            ("session list, signed in", "/ke-hoach/buoi/", "clerk"),
        ]
        single = {}
        for label, path, who in pages:
            cookie = cookies.get(who)
            status, body = get(base + path, cookie)
            if status != 200 or (who and b"nav-bell" not in body):
                raise SystemExit(f"{label}: {status}, not the signed-in page; not measuring it.")
            if "tra-cuu" in path and "Không tìm thấy".encode() in body:
                raise SystemExit("the lookup did not find its petition; not measuring it.")
            times = []
            for _ in range(SINGLE):
                start = time.perf_counter()
                get(base + path, cookie)
                times.append((time.perf_counter() - start) * 1000)
            single[label] = statistics.median(times)
        results = {}
        for label, path, who in [*pages, ("floor, again at the end", "/bench-floor/", None)]:
            results[label] = run_wrk(base + path, cookies.get(who), args)
        floor_first, floor_last = results[pages[0][0]][0], results["floor, again at the end"][0]
        floor = (floor_first + floor_last) / 2
        print(f"  {connection.vendor}, {size:,} petitions; load average after: {load_average()}")
        print(f"  cold: gunicorn up in {boot_ms:.0f} ms; first public page {cold_ms:.0f} ms")
        print(f"  public page weight: {raw:,} bytes ({packed:,} gzipped) with {len(assets)} CSS/JS files")
        print(f"  floor {floor_first:.0f} req/s first, {floor_last:.0f} req/s last (divisor: their mean)\n")
        print(f"{'page':28}{'req/s':>9}{'× floor':>9}{'p50 ms':>9}{'p99 ms':>9}{'1 req ms':>10}  goal")
        goals = {"public commune page": 0.7, "status lookup": 0.7}
        for label, _path, who in pages:
            rps, p50, p99, errors = results[label]
            ratio = rps / floor
            goal = ""
            if label in goals:
                ok = ratio >= goals[label] and p99 < 100
                goal = f"≥ 0.7×, p99 < 100 ms: {'met' if ok else 'NOT met'}"
            elif who:
                goal = f"≥ 0.5×: {'met' if ratio >= 0.5 else 'NOT met'}"
            if label.startswith("Nêu"):
                goal += f"; 1 req ≤ 100 ms: {'met' if single[label] <= 100 else 'NOT met'}"
            if errors:
                goal += f"  ({errors} non-2xx answers)"
            print(f"{label:28}{rps:9.0f}{ratio:9.2f}{p50:9.1f}{p99:9.1f}{single[label]:10.1f}  {goal}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if args.keep:
            print(f"  kept the database {connection.settings_dict['NAME']} (reuse: --keep --db-name …; drop when done)")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])

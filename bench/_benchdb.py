"""The benchmarks' own databases: a name per run, so two runs on one server never collide.

Every benchmark takes `--db-name NAME`; without it the name is `bench_<benchmark>_<pid>`
(unique among the processes running at once). Only the server and credentials come from
DATABASE_URL; the database named there (the app's) and the test suite's are never touched.
On SQLite the benchmark's database is a file (or memory) of its own as before.
"""

import os


def add_option(parser, stem):
    parser.add_argument(
        "--db-name",
        default=None,
        help=f"the benchmark's database on PostgreSQL (default bench_{stem}_<pid>, unique per run)",
    )


def unique_name(stem, given=None):
    return given or f"bench_{stem}_{os.getpid()}"


def use_own_database(connection, stem, given=None):
    """Point the test database of CONNECTION (PostgreSQL) at this run's own name; returns it."""
    if connection.vendor != "postgresql":
        return None
    name = unique_name(stem, given)
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    return name

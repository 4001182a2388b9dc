"""What every benchmark shares: pointing Django at the benchmark database, timing, and printing.

A benchmark database is made by ``bench/generate.py`` (``make bench-data``): the demo county plus the
generated province. Every benchmark takes the same two options to find it:

    --var DIR            a FAZHI_VAR_DIR whose SQLite file holds it (default: var/bench)
    --database-url URL   a PostgreSQL database that holds it (postgres://…)

The generated province (see generate.py): org ``zj`` 示范省 → 11 cities → 90 counties: ``demo`` (示范县,
the demo county) and ``k02``…``k90`` (each with ``kNN-sfj`` bureau, ``kNN-d01``… departments, ``kNN-t01``…
townships, ``kNN-s01``… stations), records of every registry 2017 to today. Accounts (password
``Demo#2026pass``): the demo accounts (``bureau`` = the demo county's bureau administrator, ``station1``,
``dept1`` …) and ``province`` (a read-only leader at ``zj`` — role ``province_leader``, 本单位及下级 — the whole province in scope).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "var" / "bench"
PASSWORD = "Demo#2026pass"


def add_db_arguments(parser):
    parser.add_argument("--var", default=None, help=f"FAZHI_VAR_DIR of a SQLite benchmark database (default {DEFAULT_VAR})")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL benchmark database, postgres://user:pass@host:port/name")


def db_environ(args):
    """The environment variables that point fazhi at the benchmark database of ``args`` (also for a server)."""
    env = {"FAZHI_VAR_DIR": str(Path(args.var or DEFAULT_VAR).resolve())}
    if args.database_url:
        env["FAZHI_DATABASE_URL"] = args.database_url
    env["FAZHI_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    return env


def setup_django(args):
    """Point this process at the benchmark database and set Django up."""
    os.environ.update(db_environ(args))
    if not args.database_url:
        os.environ.pop("FAZHI_DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(samples):
    """(mean, p50, p95) of millisecond samples."""
    return statistics.fmean(samples), statistics.median(samples), percentile(samples, 95)


def time_ms(fn, n, warmup=1):
    """Run ``fn`` warmup + n times; the n timings in milliseconds."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def verdict(ok, text):
    """One target line: ``[met]`` or ``[NOT MET]`` and the target."""
    return f"  [{'met' if ok else 'NOT MET'}] {text}"


def header(title, vendor):
    print(f"\n=== {title} ({vendor}) ===")

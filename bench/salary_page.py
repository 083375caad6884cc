"""The salary insights with the real survey (74,301 reports): import time and page speed.

Creates a throwaway database (``test_<name>`` on PostgreSQL, a temporary file on SQLite),
migrates it, then

1. loads the survey with ``manage.py import_salaries`` as an operator would: a first load, a
   replacement by a new snapshot (``--force``), and the same file again (skipped);
2. requests the most reported title's page (unfiltered, filtered, and with an invalid
   filter), the title list, and a listing's pay comparison, counting SQL queries and timing
   each through the Django test client (rendering included).

The results go to ``bench/salary_page.<vendor>.txt``. Run from the project root::

    .venv/bin/python bench/salary_page.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jb_salary .venv/bin/python bench/salary_page.py

``--survey PATH`` loads another copy (default: the shipped ``jobs/data/...csv.gz``).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.dotenv import load_development_env  # noqa: E402

load_development_env()
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from jobs.models import Company, Job  # noqa: E402
from jobs.salaries.importing import SHIPPED_SURVEY  # noqa: E402
from jobs.salaries.models import SalaryTitle  # noqa: E402

WARM_UP_RUNS = 2
TIMING_RUNS = 20
REPLACEMENT_RUNS = 3


def timed_request(client: Client, url: str) -> dict:
    """Queries, status and time (median and slowest of TIMING_RUNS) of one URL."""
    for _ in range(WARM_UP_RUNS):
        client.get(url)
    durations = []
    for _ in range(TIMING_RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - started)
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "median_ms": statistics.median(durations) * 1000,
        "max_ms": max(durations) * 1000,
        "bytes": len(response.content),
    }


def timed_import(path: Path, *options: str) -> tuple[float, str]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_salaries", str(path), *options, stdout=out)
    return time.perf_counter() - started, out.getvalue().strip()


def timed_comparison(job: Job) -> dict:
    for _ in range(WARM_UP_RUNS):
        render_to_string("jobs/includes/salary_position.html", {"job": job})
    durations = []
    for _ in range(TIMING_RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            html = render_to_string("jobs/includes/salary_position.html", {"job": job})
            durations.append(time.perf_counter() - started)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return {
        "queries": len(captured.captured_queries),
        "median_ms": statistics.median(durations) * 1000,
        "text": text,
    }


def run(survey: Path) -> str:
    lines: list[str] = []
    first_seconds, first_message = timed_import(survey)
    replacements = [timed_import(survey, "--force")[0] for _ in range(REPLACEMENT_RUNS)]
    unchanged_seconds, unchanged_message = timed_import(survey)

    top = SalaryTitle.objects.most_reported().first()
    client = Client()
    detail = top.get_absolute_url()
    pages = [
        ("Most reported title, no filter", timed_request(client, detail)),
        (
            "Most reported title, country + experience + year",
            timed_request(client, f"{detail}?country=US&experience=SE&year=2024"),
        ),
        (
            "Most reported title, invalid filters (ignored with a message)",
            timed_request(client, f"{detail}?country=ZZ&year=abc&remote_ratio=7"),
        ),
        ("Title list, first page", timed_request(client, "/salaries/")),
        ("Title list, search", timed_request(client, "/salaries/?q=engineer")),
    ]

    company = Company.objects.create(name="Bench Company", slug="bench-company")
    job = Job.objects.create(
        title="Lead Data Engineer (AI)",
        company=company,
        description="Bench listing.",
        apply_url="https://example.com/apply",
        seniority="SE",
        workplace="remote",
        country="US",
        salary_min=Decimal("150000"),
        salary_max=Decimal("190000"),
        salary_currency_id="USD",
        salary_period="year",
    )
    comparison = timed_comparison(job)

    database = connection.settings_dict
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        version = cursor.fetchone()[0]

    lines += [
        f"Salary insights with the real survey on {connection.vendor}",
        "=" * 60,
        f"Generated by bench/salary_page.py on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Database: {version} ({database['NAME']}, a throwaway test database).",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU(s) shared with other work; "
        f"Python {platform.python_version()}, Django {django.get_version()}.",
        f"Survey: {survey.name}.",
        "",
        "Import (manage.py import_salaries, wall time including validation of every row)",
        "-" * 60,
        f"First load into empty tables: {first_seconds:.1f} s",
        f"    {first_message}",
        f"Replacing a loaded snapshot of the same size (--force), median of "
        f"{REPLACEMENT_RUNS}: {statistics.median(replacements):.1f} s "
        f"(runs: {', '.join(f'{seconds:.1f}' for seconds in replacements)} s)",
        f"The same file again (checksum matches, skipped): {unchanged_seconds:.2f} s",
        f"    {unchanged_message}",
        "",
        f"Pages (Django test client, rendering included; median and slowest of "
        f"{TIMING_RUNS} requests after {WARM_UP_RUNS} warm-up requests)",
        "-" * 60,
        f"Most reported title: {top.title} ({top.report_count:,} reports)",
    ]
    for label, result in pages:
        lines += [
            label,
            f"    {result['url']}",
            f"    HTTP {result['status']}, {result['queries']} queries, "
            f"median {result['median_ms']:.1f} ms, "
            f"slowest {result['max_ms']:.1f} ms, {result['bytes']:,} bytes",
        ]
    lines += [
        "A listing's pay comparison ({% salary_position job %}), "
        "'Lead Data Engineer (AI)', Senior-level, USD 150K - 190K",
        f"    {comparison['queries']} query, median {comparison['median_ms']:.2f} ms",
        f"    {comparison['text']}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survey", type=Path, default=SHIPPED_SURVEY)
    args = parser.parse_args()

    setup_test_environment()
    temporary = None
    if connection.vendor == "sqlite":
        # A file, like the site's own database (an in-memory one would flatter SQLite).
        temporary = tempfile.TemporaryDirectory()
        connection.settings_dict["TEST"]["NAME"] = str(Path(temporary.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report = run(args.survey)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if temporary is not None:
            temporary.cleanup()
    output = PROJECT / "bench" / f"salary_page.{connection.vendor}.txt"
    output.write_text(report)
    print(report)
    print(f"Written to {output.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()

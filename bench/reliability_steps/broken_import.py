"""Step 6: a large CSV with one bad line at the end, imported into an empty database: nothing
written, the line named."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.import_csv.rows import generate_rows, write_csv
from bench.import_csv.vocabulary import COLUMNS
from bench.reliability_steps import STEP_SECONDS
from bench.reliability_steps.databases import drop, manage, recreate

PROJECT = Path(__file__).resolve().parents[2]


def step_import(context: dict) -> dict:
    arguments, work = context["arguments"], context["work"]
    url = f"{arguments.server.rstrip('/')}/jb_reliability_bench_import"
    recreate(url)
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        rows = generate_rows(arguments.import_rows)
        path = work / "broken.csv"
        write_csv(path, rows)
        # The physical line the bad record starts on (descriptions span several lines).
        with path.open(encoding="utf-8", newline="") as handle:
            bad_line = sum(1 for _ in handle) + 1
        with path.open("a", encoding="utf-8", newline="") as handle:
            bad = dict(rows[-1], title="Broken at the end", seniority="XX", country="Narnia")
            csv.DictWriter(handle, fieldnames=COLUMNS).writerow(bad)
        started = time.monotonic()
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "1",
            "DJANGO_ENV_FILE": "-",
            "CACHE_URL": "dummy://",
        }
        completed = subprocess.run(
            [sys.executable, "manage.py", "import_jobs", str(path)],
            cwd=PROJECT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
        )
        seconds = time.monotonic() - started
        import psycopg

        with psycopg.connect(url) as connection:
            listings = connection.execute("SELECT COUNT(*) FROM jobs_job").fetchone()[0]
            companies = connection.execute("SELECT COUNT(*) FROM jobs_company").fetchone()[0]
        size = path.stat().st_size / 1024 / 1024
    finally:
        drop(url)
    named = f"line {bad_line}:" in completed.stderr
    return {
        "name": f"Import of {arguments.import_rows:,} rows with one bad line at the end",
        "requirement": "nothing written, the line named",
        "measured": (
            f"exit code {completed.returncode} after {seconds:.0f} s ({size:.0f} MB); "
            f"{listings} listings and {companies} companies written; "
            f"line {bad_line} named: {'yes' if named else 'no'}"
        ),
        "passed": completed.returncode != 0 and listings == 0 and companies == 0 and named,
        "details": completed.stderr.strip().splitlines()[-4:],
    }

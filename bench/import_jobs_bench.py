"""How long ``manage.py import_jobs`` takes on PostgreSQL: first import, unchanged and changed.

Generates a realistic CSV file (10,000 listings unless told otherwise: every column the importer
accepts, about 500 companies, 70 skills, salaries in 20 currencies, yearly, monthly and hourly,
drafts and published listings, dates with and without a time or an offset), creates a separate
PostgreSQL database (``jb_import_bench``), migrates it, then times ``manage.py import_jobs`` as
a user runs it (a new process each time, Django's start included):

1. the first import into empty listing tables;
2. the same file again (nothing changed: nothing should be written);
3. a copy of the file where 10% of the rows changed (description, salary, skills, status,
   expiry or the title's case), the rest unchanged.

The three imports are repeated (three times by default, listing tables emptied before each
round) and the medians reported. The result goes to
``bench/results/<date>-<hostname>-import.md``. The database is dropped at the end (keep it
with ``--keep-database``); the script refuses a database whose name does not contain "bench".

Run from the project root::

    .venv/bin/python bench/import_jobs_bench.py
    .venv/bin/python bench/import_jobs_bench.py --rows 10000 --runs 3 \
        --database-url postgres://postgres@127.0.0.1:5432/jb_import_bench
    .venv/bin/python bench/import_jobs_bench.py --csv-only /tmp/listings.csv  # just the file
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jb_import_bench"
sys.path.insert(0, str(PROJECT))

from bench.import_csv.commands import checkout_version, migrate, timed_import  # noqa: E402
from bench.import_csv.database import (  # noqa: E402
    drop_database,
    empty_listing_tables,
    recreate_database,
    run_sql,
)
from bench.import_csv.rows import changed_rows, generate_rows, write_csv  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changed-share", type=float, default=0.10)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_IMPORT_DATABASE_URL") or DEFAULT_DATABASE_URL,
    )
    parser.add_argument(
        "--manage",
        type=Path,
        default=PROJECT / "manage.py",
        help="the manage.py to run (another checkout's, to compare versions)",
    )
    parser.add_argument(
        "--output", type=Path, help="default: bench/results/<date>-<host>-import.md"
    )
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--csv-only", type=Path, help="only write the generated file there")
    return parser.parse_args()


def main() -> None:
    arguments = parse_arguments()
    rows = generate_rows(arguments.rows)
    if arguments.csv_only:
        write_csv(arguments.csv_only, rows)
        print(f"Wrote {len(rows):,} rows to {arguments.csv_only}")
        return
    url = arguments.database_url
    manage = arguments.manage.resolve()
    changed, changed_count = changed_rows(rows, arguments.changed_share)
    timings: dict[str, list[float]] = {"first": [], "unchanged": [], "changed": []}
    cpu_times: dict[str, list[float]] = {"first": [], "unchanged": [], "changed": []}
    loads: list[float] = []
    summaries: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        listings, listings_changed = Path(folder) / "listings.csv", Path(folder) / "changed.csv"
        write_csv(listings, rows)
        write_csv(listings_changed, changed)
        recreate_database(url)
        try:
            migrate(url, PROJECT / "manage.py")
            version = run_sql(url, "SHOW server_version")[0][0]
            for run in range(1, arguments.runs + 1):
                empty_listing_tables(url)
                for kind, path in (
                    ("first", listings),
                    ("unchanged", listings),
                    ("changed", listings_changed),
                ):
                    loads.append(os.getloadavg()[0])
                    seconds, cpu, summaries[kind] = timed_import(url, manage, path)
                    timings[kind].append(seconds)
                    cpu_times[kind].append(cpu)
                    print(
                        f"run {run}: {kind:9} {seconds:7.2f} s, CPU {cpu:6.2f} s, load "
                        f"{loads[-1]:.2f}  ({summaries[kind]})",
                        flush=True,
                    )
            counts = run_sql(
                url,
                "SELECT (SELECT count(*) FROM jobs_job), (SELECT count(*) FROM jobs_company), "
                "(SELECT count(*) FROM jobs_skill), (SELECT count(*) FROM jobs_job_skills)",
            )[0]
        finally:
            if not arguments.keep_database:
                drop_database(url)

    now = datetime.now(UTC)
    host = socket.gethostname()
    output = arguments.output or RESULTS / f"{now:%Y-%m-%d}-{host}-import.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    labels = {
        "first": f"First import ({arguments.rows:,} new listings)",
        "unchanged": "The same file again (nothing changed)",
        "changed": f"{changed_count:,} rows changed ({arguments.changed_share:.0%}), the rest not",
    }
    lines = [
        f"# import_jobs on PostgreSQL: {arguments.rows:,} rows",
        "",
        f"Generated by `bench/import_jobs_bench.py` on {now:%Y-%m-%d %H:%M} UTC, host `{host}`: "
        f"{os.cpu_count()} CPUs shared with other work (load average {min(loads):.1f} to "
        f"{max(loads):.1f} before the imports), PostgreSQL {version}, "
        f"Python {platform.python_version()}, `{manage}` (commit "
        f"{checkout_version(manage.parent)}).",
        "",
        "Each import is a new `manage.py import_jobs FILE.csv` process, Django's start included. "
        f"{arguments.runs} rounds, the listing tables emptied before each. Wall: seconds on the "
        "clock; CPU: user + system seconds of the command's process (not the database "
        "server's), which moves less with the machine's load.",
        "",
        "| import | wall (median) | CPU (median) | wall, each run | command's summary |",
        "|---|---:|---:|---|---|",
    ]
    for kind, label in labels.items():
        runs = ", ".join(f"{seconds:.2f}" for seconds in timings[kind])
        lines.append(
            f"| {label} | {statistics.median(timings[kind]):.2f} s "
            f"| {statistics.median(cpu_times[kind]):.2f} s | {runs} | {summaries[kind]} |"
        )
    lines += [
        "",
        f"At the end: {counts[0]:,} listings, {counts[1]:,} companies, {counts[2]:,} skills, "
        f"{counts[3]:,} listing-skill links.",
        "",
    ]
    output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()

"""The databases of the load test (bench/load.py): one board of 100,000 listings each.

Run by bench/load.py, once per board, as its own process (Django reads ``DATABASE_URL`` once)::

    .venv/bin/python bench/load_data.py --days 50 --facts /tmp/facts.json \
        --database-url postgres://postgres@127.0.0.1:5432/jb_load_50

It creates the database when missing, applies the migrations, and fills it when it has no
board yet, when its board was built more than a day ago (listings expire 30 days after
publication: an old board drifts away from the shape it was built with), when it was built by
another version of this fill or with other migrations, or when ``--rebuild`` is given. A board
is rebuilt from an empty database (DROP DATABASE, CREATE DATABASE, migrate). Otherwise the
database is reused as it is.

A board: 2,000 companies with Zipf-like sizes (the largest has about 12,000 listings, most
have a few), 70 skills, 100,000 listings published over the last ``--days`` days (96% of them
published, expiring 30 days after publication, 3% featured for 14 days), each with a
Markdown description of a few paragraphs (headings, bullet lists, a link), its own apply URL,
3 to 6 skills, and the titles, countries, currencies and pay levels of bench/explain_jobs.py.
Then the salary survey (``manage.py import_salaries`` with the shipped file), the careers demo
data (roles and comparison articles, no demo listings), and VACUUM ANALYZE. The build time
and what was built are kept in the table ``bench_meta``.

Last, it writes the facts the load test needs as JSON (``--facts``): the counts, the server's
version, and the URLs to request (1,000 visible listings spread evenly over the ids and their
companies, an article, a role, a salary page).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.board.database import (  # noqa: E402
    database_name,
    disk_migrations,
    read_meta,
    recreate_database,
    vacuum_analyze,
    why_rebuild,
    write_meta,
)
from bench.board.facts import facts  # noqa: E402
from bench.board.fill import fill, load_other_pages  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--days", type=int, required=True, help="publication history in days")
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build even when fresh")
    parser.add_argument("--facts", type=Path, required=True, help="where to write the JSON")
    return parser.parse_args()


def main() -> None:
    arguments = parse_arguments()
    url = arguments.database_url
    if not database_name(url).startswith("jb_load_"):
        raise SystemExit("The load test's databases are named jb_load_*.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from config.dotenv import load_development_env

    load_development_env()
    import django

    django.setup()
    from django.core.management import call_command

    migrations = disk_migrations()
    meta = read_meta(url)
    reason = (
        "--rebuild"
        if arguments.rebuild
        else why_rebuild(meta, arguments.listings, arguments.days, migrations)
    )
    name = database_name(url)
    built = None
    if reason:
        print(f"{name}: building ({reason})", flush=True)
        started = time.perf_counter()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        built = fill(arguments.listings, arguments.days)
        print(f"  listings filled in {time.perf_counter() - started:.1f} s", flush=True)
        load_other_pages()
        vacuum_analyze()
        seconds = time.perf_counter() - started
        write_meta(arguments.listings, arguments.days, migrations, seconds, built)
        print(f"  {name} built in {seconds:.0f} s", flush=True)
        meta = read_meta(url)
    else:
        call_command("migrate", verbosity=0)
        age = (datetime.now(UTC) - meta["built_at"]).total_seconds() / 3600
        print(f"{name}: reusing the board built {age:.1f} hours ago", flush=True)
    result = facts()
    result.update(
        database=name,
        history_days=arguments.days,
        built_at=meta["built_at"].isoformat(),
        build_seconds=round(meta["build_seconds"], 1),
        rebuilt=bool(reason),
        **meta["details"],
    )
    arguments.facts.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

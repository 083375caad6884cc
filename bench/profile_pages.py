"""Where each page of the load test's set spends its time: SQL, and Python with templates.

Requests every URL in-process (Django's test client, production settings: debug off) against
one of the load test's databases (bench/load_data.py builds them: ``make bench-load`` or
``.venv/bin/python bench/load_data.py``), ``--runs`` times after a warm-up, and writes the
median per request of:

- the number of SQL queries, and the milliseconds spent waiting for them;
- the rest of the wall time: Python, the ORM and the templates;
- the process's own CPU milliseconds.

The page cache is off (``CACHE_URL=dummy://``): every request renders.

``--code DIR`` imports the application from another checkout (a ``git worktree`` of an older
commit) against the same database, so that the same pages are profiled before and after a
change on the same data and the same machine::

    .venv/bin/python bench/profile_pages.py --database jb_load_50
    git worktree add /tmp/before <commit>
    .venv/bin/python bench/profile_pages.py --database jb_load_50 --code /tmp/before \\
        --label before

Results go to ``bench/results/<date>-<host>-profile-<label>-<database>.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
SERVER = "postgres://postgres@127.0.0.1:5432"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="jb_load_50")
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--code", type=Path, default=PROJECT)
    parser.add_argument("--label", default="after")
    parser.add_argument("--runs", type=int, default=15)
    return parser.parse_args()


def set_up(arguments) -> None:
    os.environ["DATABASE_URL"] = f"{arguments.server}/{arguments.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = "profile-" + "k" * 60
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    # Every request renders: what a page costs without the page cache (config/page_cache.py).
    os.environ["CACHE_URL"] = "dummy://"
    sys.path.insert(0, str(arguments.code.resolve()))
    import django

    django.setup()
    from django.conf import settings

    # Static files as in the tests: no collectstatic needed to render.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def urls() -> list[tuple[str, list[str]]]:
    """(label, paths): the load test's set, job and company pages drawn over the board."""
    from bench.explain_jobs import SEARCHES
    from careers.models import Comparison, Role
    from jobs.models import Job

    visible = list(Job.objects.visible().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(visible) // 10)
    jobs = list(Job.objects.filter(pk__in=visible[::step][:10]).select_related("company"))
    comparison = Comparison.objects.published().order_by("slug").first()
    role = Role.objects.order_by("slug").first()
    sets = [
        (url.replace("page=40", "page=100"), [url.replace("page=40", "page=100")])
        for _, url in SEARCHES
    ]
    sets += [
        ("job pages (10 over the board)", [job.get_absolute_url() for job in jobs]),
        ("company pages (theirs)", [job.company.get_absolute_url() for job in jobs]),
        ("/", ["/"]),
        ("an article", [comparison.get_absolute_url()] if comparison else []),
        ("/careers/", ["/careers/"]),
        ("a role page", [role.get_absolute_url()] if role else []),
        ("/salaries/", ["/salaries/"]),
        (
            "/salaries/data-scientist/?country=US&experience=SE",
            ["/salaries/data-scientist/?country=US&experience=SE"],
        ),
        (
            "/jobs/feed/rss/?seniority=SE&workplace=remote",
            ["/jobs/feed/rss/?seniority=SE&workplace=remote"],
        ),
        (
            "/jobs/feed/atom/?seniority=SE&workplace=remote",
            ["/jobs/feed/atom/?seniority=SE&workplace=remote"],
        ),
        ("/sitemap.xml", ["/sitemap.xml"]),
    ]
    return [(label, paths) for label, paths in sets if paths]


class SqlTimer:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def profile(client, paths: list[str], runs: int) -> dict:
    from django.db import connection

    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    totals, sqls, cpus, counts = [], [], [], []
    for run in range(runs):
        path = paths[run % len(paths)]
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            if hasattr(response, "render"):
                response.content  # noqa: B018
            total, cpu = time.perf_counter() - started, time.process_time() - cpu
        totals.append(total * 1000)
        sqls.append(timer.seconds * 1000)
        cpus.append(cpu * 1000)
        counts.append(timer.count)
    total, sql = statistics.median(totals), statistics.median(sqls)
    return {
        "queries": statistics.median(counts),
        "sql": sql,
        "python": total - sql,
        "total": total,
        "cpu": statistics.median(cpus),
    }


def main() -> None:
    arguments = parse_arguments()
    set_up(arguments)
    from django.db import connection
    from django.test import Client

    from jobs.models import Job

    client = Client(SERVER_NAME="127.0.0.1")
    started = datetime.now(UTC)
    rows = []
    for label, paths in urls():
        figures = profile(client, paths, arguments.runs)
        rows.append((label, figures))
        print(
            f"{label[:70]:70} {figures['queries']:4.0f} q  sql {figures['sql']:7.1f} ms  "
            f"python {figures['python']:7.1f} ms  cpu {figures['cpu']:7.1f} ms",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    visible = Job.objects.visible().count()
    lines = [
        f"# Page profile ({arguments.label}): `{arguments.database}`",
        "",
        f"- `bench/profile_pages.py` on {started:%Y-%m-%d %H:%M} UTC on `{platform.node()}`, "
        f"code from `{arguments.code}`; {version}; load average "
        f"{' '.join(f'{value:.2f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs.",
        f"- {Job.objects.count():,} listings, {visible:,} visible. Median of {arguments.runs} "
        "requests per row after a warm-up, in-process (test client, debug off).",
        "",
        "| page | queries | SQL ms | Python + templates ms | total ms | CPU ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for label, figures in rows:
        lines.append(
            f"| {label} | {figures['queries']:.0f} | {figures['sql']:.1f} | "
            f"{figures['python']:.1f} | {figures['total']:.1f} | {figures['cpu']:.1f} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / (
        f"{started:%Y-%m-%d}-{platform.node()}-profile-{arguments.label}-{arguments.database}.md"
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote {path.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()

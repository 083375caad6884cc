"""The SQL the job list really sends, captured and explained, and the check of the trigram
indexes against the keyword filters' SQL."""

from __future__ import annotations

import re
import statistics
import time

from bench.board.searches import SEARCHES

TIMING_RUNS = 5


def explain_search(client, url: str) -> tuple[list[dict], list[float], int]:
    """Request the page, capture its SQL, time it, and EXPLAIN ANALYZE every query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # warm the caches
    timings = []
    for _ in range(TIMING_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    explained = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            explained.append({"sql": query["sql"], "plan": plan})
    return explained, timings, len(response.context["jobs"])


def query_role(sql: str) -> str:
    """What a captured query is for, in the page's own words."""
    if "jobs_exchangerate" in sql:
        return "exchange rates (currency options and conversion)"
    if "_prefetch_related_val_job_id" in sql:
        return "skills of the listings on the page"
    if sql.startswith('SELECT "jobs_job"."seniority" AS "seniority", "jobs_job"."employment_type"'):
        return "facet counts and result count (one grouped query)"
    if "LIMIT" in sql:
        return "the page of listings with their companies"
    return sql[:60] + "…"


def explain_board(client, heading: str) -> tuple[list[str], list[str]]:
    """The summary lines and the full plans of every search on the board now in the database."""
    from jobs.models import Job

    visible = Job.objects.visible().count()
    summary = [
        "",
        heading,
        "-" * len(heading),
        f"Listings: {Job.objects.count():,} ({visible:,} visible), "
        f"companies: {Job.objects.values('company').distinct().count():,}, "
        f"listing-skill links: {Job.skills.through.objects.count():,}.",
    ]
    plans = [f"\n\n{'=' * 100}\n{heading}\n{'=' * 100}"]
    for title, url in SEARCHES:
        explained, timings, shown = explain_search(client, url)
        summary.append(
            f"{title}\n    {url}\n    {len(explained)} queries, "
            f"page {statistics.median(timings):.0f} ms, {shown} cards"
        )
        plans.append(f"\n\n{'#' * 100}\n# {title}\n# {url}\n{'#' * 100}")
        for number, query in enumerate(explained, 1):
            execution = float(query["plan"].rsplit("Execution Time: ", 1)[1].split()[0])
            index_pattern = r"(?:Index Scan|Index Only Scan) (?:Backward )?(?:using|on) (\w+)"
            indexes = sorted(set(re.findall(index_pattern, query["plan"])))
            scans = sorted(set(re.findall(r"Seq Scan on (\w+)", query["plan"])))
            summary.append(
                f"      {number}. {execution:6.1f} ms  {query_role(query['sql'])}\n"
                f"                 indexes: {', '.join(indexes) or '-'}\n"
                f"                 sequential scans: {', '.join(scans) or '-'}"
            )
            plans.append(f"\n-- Query {number}: {query_role(query['sql'])}\n{query['sql']}")
            plans.append(f"\n{query['plan']}")
    return summary, plans


def trigram_index_check() -> list[str]:
    """Whether each trigram index matches the SQL Django writes for the keyword filters.

    On small tables (2,000 companies, 70 skills) PostgreSQL rightly reads the table instead
    of an index, so the searches above cannot show every trigram index at work. Here the ORM's
    own queries (``icontains``, and a keyword's test of the search text, anywhere and as a whole
    short word) are planned with
    sequential and plain index scans disabled: an index whose expression did not match the
    query could still not be used.
    """
    from django.db import connection, transaction

    from jobs.models import Company, Job, Skill
    from jobs.search.keywords import keyword_condition

    checks = [
        (
            f"{model.__name__}.{field}__icontains",
            model.objects.filter(**{f"{field}__icontains": "data"}),
            index,
        )
        for model, field, index in [
            (Job, "title", "job_title_trgm"),
            (Job, "city", "job_city_trgm"),
            (Job, "region", "job_region_trgm"),
            (Company, "name", "company_name_trgm"),
            (Skill, "name", "skill_name_trgm"),
        ]
    ]
    checks += [
        (f"keyword {word}", Job.objects.filter(keyword_condition(word)), "job_search_trgm")
        for word in ("pytorch", "ai")
    ]
    heading = "Trigram indexes against the SQL of the keyword filters (only bitmap scans allowed)"
    lines = ["", heading, "-" * len(heading)]
    for label, queryset, index in checks:
        sql, params = queryset.values("pk").query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # A GIN index is read through a bitmap scan: leave the planner nothing else.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        verdict = "used" if index in plan else "NOT USED"
        condition = re.search(r"Index Cond: (.*)", plan)
        lines.append(
            f"{index:20} {verdict:9} {label} -> "
            f"{condition.group(1) if condition else plan.splitlines()[0]}"
        )
    return lines

"""A page of a search's newest matches, read from a window of the newest listings.

A search's page of non-featured matches, newest first, is one ordered slice
(``JobFilter.page_listings``). PostgreSQL answers it in one of two ways: walk the newest-first
index and stop after the page, or gather every match through the indexes of the filters
(a bitmap of each) and sort them. With several filters it estimates each one's share of the
listings independently, expects a handful of matches and gathers: for the search of every
filter at 100,000 listings (a common keyword, a location, a salary, four facets) that read
six indexes, 20 ms, where walking found the page's 19 rows in the newest 2,600 listings in 3
ms (bench/README.md).

The facet query has already counted the matches, which the planner cannot know. When they
are many against the rows the page needs, the page is read from a window of the newest
listings instead: the same slice over the newest :data:`WINDOW` listings published by now
(one walk of ``job_newest_idx``, which nothing but the window's end can stop). When the
window holds the whole page, that page is exact: a match newer than its last row would be
in the window too. When it does not (the matches are spread thinner than their number
suggested, on a far larger board), the same query reads the slice from the whole table, as
before: both are in one statement, the second behind a condition the database tests once,
so the cost of a miss is one walk of the window.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet

from jobs.models import Job

# The newest listings published by now that the window holds.
WINDOW = 5000
# The window is tried when the search has at least this many matches per row the page
# needs (the page's end, from the first match): fewer, and a window of a few thousand
# listings would often miss.
MATCHES_PER_ROW = 20


def tries_window(matches: int, end: int) -> bool:
    """Whether a slice ending at ``end`` of ``matches`` matches is read from the window."""
    return 0 < end <= WINDOW // MATCHES_PER_ROW and matches >= end * MATCHES_PER_ROW


def newest_page(part: QuerySet, rows: int, now) -> tuple[str, list] | None:
    """The (SQL, parameters) of the ids of ``part``, a newest-first slice expected to hold
    ``rows`` rows, read from the window when it holds them and from the table otherwise
    (see the module's docstring). ``part``'s SQL reads ``jobs_job`` in its FROM clause; the
    window takes the table's name, so every condition reads it unchanged. None when the SQL
    has no such FROM clause: the slice is then read as it is."""
    connection = connections[part.db]
    sql, params = part.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(Job._meta.db_table)
    published = f"{table}.{connection.ops.quote_name('published_at')}"
    pk = f"{table}.{connection.ops.quote_name('id')}"
    window = (
        f"(SELECT * FROM {table} WHERE {published} <= %s "
        f"ORDER BY {published} DESC, {pk} DESC LIMIT {WINDOW}) AS {table}"
    )
    from_table = f" FROM {table} "
    if from_table not in sql:
        return None
    windowed = sql.replace(from_table, f" FROM {window} ", 1)
    now_value = connection.ops.adapt_datetimefield_value(now)
    statement = (
        f"WITH head AS ({windowed}) "
        "SELECT pk FROM head WHERE (SELECT COUNT(*) FROM head) >= %s "
        f"UNION ALL SELECT pk FROM ({sql}) AS whole WHERE (SELECT COUNT(*) FROM head) < %s"
    )
    return statement, [now_value, *params, rows, *params, rows]

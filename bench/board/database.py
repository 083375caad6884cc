"""The load test's board databases: which one is fresh, dropping and creating them, and the
table ``bench_meta`` that says when and how a board was built."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from bench.board.fill import FILL_VERSION

MAX_AGE = timedelta(days=1)


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def read_meta(url: str) -> dict | None:
    """What the database says about its board, or None (no board or no database)."""
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    if not found:
        return None
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('bench_meta')").fetchone()[0] is None:
            return None
        cursor = connection.execute("SELECT * FROM bench_meta ORDER BY built_at DESC LIMIT 1")
        row = cursor.fetchone()
        names = [column.name for column in cursor.description]
    return dict(zip(names, row, strict=True)) if row else None


def disk_migrations() -> str:
    """Every migration of the project's code, one "app.name" a line."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return "\n".join(sorted(f"{app}.{name}" for app, name in loader.disk_migrations))


def why_rebuild(meta: dict | None, listings: int, days: int, migrations: str) -> str:
    """Why the board must be built again ("" when it can be reused)."""
    if meta is None:
        return "no board yet"
    age = datetime.now(UTC) - meta["built_at"]
    if age > MAX_AGE:
        return f"built {age.total_seconds() / 3600:.0f} hours ago (more than a day)"
    if (meta["listings"], meta["history_days"]) != (listings, days):
        return f"built with {meta['listings']:,} listings over {meta['history_days']} days"
    if meta["fill_version"] != FILL_VERSION:
        return f"built by fill version {meta['fill_version']} (now {FILL_VERSION})"
    if meta["migrations"] != migrations:
        return "the migrations changed since it was built"
    return ""


def recreate_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = database_name(url)
    assert name.startswith("jb_load_"), f"refusing to drop {name}: not a load-test database"
    with psycopg.connect(admin_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def write_meta(
    listings: int, days: int, migrations: str, build_seconds: float, details: dict
) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (built_at timestamptz NOT NULL, "
            "listings integer NOT NULL, history_days integer NOT NULL, "
            "fill_version integer NOT NULL, migrations text NOT NULL, "
            "build_seconds double precision NOT NULL, details jsonb NOT NULL)"
        )
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute(
            "INSERT INTO bench_meta VALUES (now(), %s, %s, %s, %s, %s, %s)",
            [listings, days, FILL_VERSION, migrations, build_seconds, json.dumps(details)],
        )


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

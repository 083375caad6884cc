"""The import benchmark's own database (its name must say bench): created, emptied, queried
and dropped."""

from __future__ import annotations

from urllib.parse import urlparse


def server_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to use {name!r}: the bench database's name must say bench.")
    return name


def recreate_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    with psycopg.connect(server_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    with psycopg.connect(server_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(url: str, sql: str) -> list[tuple]:
    import psycopg

    database_name(url)
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def empty_listing_tables(url: str) -> None:
    run_sql(url, "TRUNCATE jobs_job_skills, jobs_job, jobs_company, jobs_skill CASCADE")
    run_sql(url, "VACUUM ANALYZE")

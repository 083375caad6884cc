"""Trigram indexes for keyword and location search, on PostgreSQL only.

Django turns ``icontains`` into ``UPPER(col::text) LIKE UPPER('%term%')`` on PostgreSQL, so
the GIN trigram indexes are built on exactly that expression. SQLite has no such index type:
there the operation does nothing.
"""

from django.db import migrations

TRIGRAM_INDEXES = [
    ("job_title_trgm", "jobs_job", "title"),
    ("job_city_trgm", "jobs_job", "city"),
    ("job_region_trgm", "jobs_job", "region"),
    ("company_name_trgm", "jobs_company", "name"),
    ("skill_name_trgm", "jobs_skill", "name"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_exchange_rates")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

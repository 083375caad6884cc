"""The facet index holds the remote eligibility too (PostgreSQL).

``job_facet_idx`` (migration 0011) lets the facet counts of a search read the visible listings
without visiting the table. "I can work from" (``eligible=``) tests a remote listing's
eligibility: with the column in the index, its counts stay an index-only scan.
"""

from django.db import migrations

COLUMNS = "published_at, facet_key, featured_until, salary_max_usd_yearly, id"


def create(columns):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS job_facet_idx")
        schema_editor.execute(
            f"CREATE INDEX job_facet_idx ON jobs_job (expires_at) INCLUDE ({columns}) "
            "WHERE status = 'published'"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0015_remote_eligibility"),
    ]

    operations = [
        migrations.RunPython(create(f"{COLUMNS}, eligible"), create(COLUMNS)),
    ]

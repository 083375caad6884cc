"""An index the salary sort reads in order, on PostgreSQL only.

The salary sort is ``salary_max_usd_yearly DESC NULLS LAST``: a backward scan of the plain
column index gives NULLS FIRST, so PostgreSQL would sort every match. SQLite cannot declare
NULLS LAST in an index: there the operation does nothing.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS job_salary_sort_idx "
        "ON jobs_job (salary_max_usd_yearly DESC NULLS LAST)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS job_salary_sort_idx")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0009_title_words_index")]

    operations = [migrations.RunPython(create_index, drop_index)]

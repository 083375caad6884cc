"""A trigram index for keyword words of one or two characters, on PostgreSQL only.

A short keyword ("ai", "go", "r") matches whole words of a title. On PostgreSQL the filter
(``jobs.filters.with_whole_word``) writes it as
``REGEXP_REPLACE(title, '[^[:alnum:]]+', ' ', 'g') ~* '(^| )ai( |$)'``: each run of
non-alphanumerics made one space, so that pg_trgm can take the word's trigrams ("  a", " ai")
from the pattern. This GIN index is built on exactly that expression (``0003``'s indexes are on
``UPPER(title)``, what ``icontains`` uses). SQLite has no such index: there it does nothing.
"""

from django.db import migrations

INDEX = "job_title_words_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_job USING gin "
        "((REGEXP_REPLACE(\"title\"::text, '[^[:alnum:]]+', ' ', 'g')) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0008_review_validators")]

    operations = [migrations.RunPython(create_index, drop_index)]

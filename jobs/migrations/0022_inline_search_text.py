"""The keyword search's text and the title key stay in the row (PostgreSQL).

A keyword search rechecks ``search_text`` on every row its trigram index finds (a trigram match
is necessary, not sufficient), and the facet counts of a search read those rows. A listing's
row is wide (the description and its rendering): with the columns of migrations 0019 to 0021 it
passed PostgreSQL's TOAST threshold more often, and the toaster, which compresses and moves the
largest *extended* columns first, also compressed or moved ``search_text`` out of the row in 60 %
of the listings of the load test's board: every recheck then read the TOAST table (4.5 buffers
per row; ``q=pytorch`` fell from 34 to 16 requests a second). ``STORAGE MAIN`` keeps the two
short columns in the row unless nothing else can be moved out (the descriptions go first); the
UPDATE writes the existing rows again with it (a new value: an unchanged one would keep its
TOAST pointer).
"""

from django.db import migrations

COLUMNS = ("search_text", "title_key")


def storage(kind: str, rewrite: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            schema_editor.execute(f"ALTER TABLE jobs_job ALTER COLUMN {column} SET STORAGE {kind}")
        if rewrite:
            schema_editor.execute(
                "UPDATE jobs_job SET search_text = search_text || '', title_key = title_key || ''"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0021_pay_range_posted"),
    ]

    operations = [
        migrations.RunPython(storage("MAIN", rewrite=True), storage("EXTENDED", rewrite=False)),
    ]

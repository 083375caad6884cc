"""Speed at 100,000 listings (bench/README.md).

- ``description_html``: the description rendered once when a listing is saved, not three times
  per page view; existing listings are rendered here.
- ``facet_key``: seniority, employment type, workplace and country packed into one integer by
  the database, what the facet counts group by.
- ``job_newest_idx``: newest first read in order.
- On PostgreSQL, descriptions stored out of the table's pages (``toast_tuple_target``), and
  ``job_facet_idx``: the published listings by expiry with what the facet counts
  and the featured count read (publication, facet key, featured until, and the id that a
  keyword's matches are joined on), so that counting the open listings is an index-only scan
  of one narrow index, never a read of the table and its descriptions.
"""

import django.db.models.expressions
import django.db.models.functions.text
from django.db import migrations, models

from jobs.markup import render_markdown


def render_descriptions(apps, schema_editor):
    """Each distinct description rendered once, written with one UPDATE."""
    Job = apps.get_model("jobs", "Job")
    listings: dict[str, list[int]] = {}
    for pk, description in Job.objects.values_list("pk", "description").iterator():
        listings.setdefault(description, []).append(pk)
    for description, ids in listings.items():
        html = render_markdown(description)
        for start in range(0, len(ids), 5000):
            Job.objects.filter(pk__in=ids[start : start + 5000]).update(description_html=html)


def create_facet_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS job_facet_idx ON jobs_job (expires_at) "
        "INCLUDE (published_at, facet_key, featured_until, salary_max_usd_yearly, id) "
        "WHERE status = 'published'"
    )
    # A listing's description and its rendered HTML (a few KB) are kept out of the table's
    # own pages (TOAST) once a row is long enough to be toasted at all: the table that filters
    # and counts read shrinks from 180 MB to about 33 MB at 100,000 listings. 512 bytes, not
    # less: PostgreSQL moves the largest values out until the row fits, and below the size of
    # the other columns it moved titles too, which every keyword search then fetched back.
    # Rows written from here on (the descriptions are rendered below) are stored so.
    schema_editor.execute("ALTER TABLE jobs_job SET (toast_tuple_target = 512)")


def drop_facet_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE jobs_job RESET (toast_tuple_target)")
    schema_editor.execute("DROP INDEX IF EXISTS job_facet_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0010_salary_sort_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='description_html',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='job',
            name='facet_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.Value(0), '*', models.Value(4)), '+', models.Case(models.When(seniority='EN', then=models.Value(0)), models.When(seniority='MI', then=models.Value(1)), models.When(seniority='SE', then=models.Value(2)), models.When(seniority='EX', then=models.Value(3)), default=models.Value(None), output_field=models.IntegerField())), '*', models.Value(5)), '+', models.Case(models.When(employment_type='FT', then=models.Value(0)), models.When(employment_type='PT', then=models.Value(1)), models.When(employment_type='CT', then=models.Value(2)), models.When(employment_type='FL', then=models.Value(3)), models.When(employment_type='IN', then=models.Value(4)), default=models.Value(None), output_field=models.IntegerField())), '*', models.Value(3)), '+', models.Case(models.When(then=models.Value(0), workplace='onsite'), models.When(then=models.Value(1), workplace='hybrid'), models.When(then=models.Value(2), workplace='remote'), default=models.Value(None), output_field=models.IntegerField())), '*', models.Value(676)), '+', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.functions.text.Ord(django.db.models.functions.text.Substr('country', 1, 1)), '-', models.Value(65)), '*', models.Value(26))), '+', django.db.models.expressions.CombinedExpression(django.db.models.functions.text.Ord(django.db.models.functions.text.Substr('country', 2, 1)), '-', models.Value(65))), output_field=models.IntegerField(null=True)),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(fields=['published_at', 'id'], name='job_newest_idx'),
        ),
        # Indexes before rows are rewritten: PostgreSQL refuses CREATE INDEX on a table with
        # pending deferred-constraint checks.
        migrations.RunPython(create_facet_index, drop_facet_index),
        migrations.RunPython(render_descriptions, migrations.RunPython.noop),
    ]

"""Whether a listing gives a pay range (``Job.pay_range_posted``), and the facet index holds it
(PostgreSQL).

A generated column: a minimum and a maximum salary in a currency, computed by the database
whatever writes the salary. ``job_facet_idx`` (migrations 0011 and 0016) lets the facet counts
of a search read the visible listings without visiting the table; they now group by the facet
key and this column (the "Pay range posted" count), so the column joins the index's INCLUDE
list and the counts stay an index-only scan.
"""

from django.db import migrations, models

COLUMNS = "published_at, facet_key, featured_until, salary_max_usd_yearly, id, eligible"


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
        ("jobs", "0020_duplicates"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="pay_range_posted",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Q(
                    ("salary_currency__isnull", False),
                    ("salary_max__isnull", False),
                    ("salary_min__isnull", False),
                ),
                output_field=models.BooleanField(),
            ),
        ),
        migrations.RunPython(create(f"{COLUMNS}, pay_range_posted"), create(COLUMNS)),
    ]

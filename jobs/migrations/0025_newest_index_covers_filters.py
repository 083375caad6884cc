"""``job_newest_idx`` holds what a page's filters and a job page's similar listings test
(PostgreSQL): their walks newest first are read from the index alone.

A page of a search that has no keyword or place is read by walking ``job_newest_idx``
newest first and testing each listing against the filters until the page is full (its
visibility, featured period, seniority, employment type, workplace, country, salary, pay range
and eligibility). The walk read every listing it passed from the table: the hundredth page of
the remote listings passed 9,700 of them, 12 ms of its query. A job page's similar listings
(jobs.search.similar) are the newest four of a dozen combinations of seniority, survey title
and title words, each a walk of the same index or the title's trigram index. With those
columns, the title and the survey title in the index's INCLUDE list, the walks visit no table
page: the deep page's query 14.5 -> 6.1 ms, the similar listings' 6.2 -> 3.9 ms (50 days of
history) and 6.7 -> 3.7 ms (400 days). The key, ``(published_at, id)``, is unchanged, so every
other reader of the index reads it as before. SQLite has no INCLUDE and keeps the plain index
(``Job.Meta.indexes``). Measured in bench/README.md.
"""

from django.db import migrations

KEY = "published_at, id"
COVERED = (
    "expires_at, status, featured_until, facet_key, seniority, employment_type, workplace, "
    "country, salary_max_usd_yearly, pay_range_posted, eligible, title, survey_title"
)


def create(include: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS job_newest_idx")
        schema_editor.execute(f"CREATE INDEX job_newest_idx ON jobs_job ({KEY}){include}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0024_company_newest_index"),
    ]

    operations = [
        migrations.RunPython(create(f" INCLUDE ({COVERED})"), create("")),
    ]

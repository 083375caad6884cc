"""A listing's keyword-search text in one column (jobs.search).

- ``search_text``: title, company name and skill names, case-folded, as a keyword search reads
  them; filled here for the existing listings.
- On PostgreSQL, ``job_search_trgm``: a trigram index on that column, which serves a keyword
  (``LIKE '%word%'``, or ``'% word %'`` for a short whole word) as one indexed condition; the
  index of 0009 (the title's words, for whole-word matches in titles) has no query left and
  goes.
"""

from django.db import migrations, models

from jobs.search import search_text

BATCH = 2000


def fill_search_text(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    through = Job.skills.through
    ids = list(Job.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        skills: dict[int, list[str]] = {}
        for job_id, name in through.objects.filter(job_id__in=batch).values_list(
            "job_id", "skill__name"
        ):
            skills.setdefault(job_id, []).append(name)
        jobs = list(
            Job.objects.filter(pk__in=batch)
            .select_related("company")
            .only("pk", "title", "company__name")
        )
        for job in jobs:
            job.search_text = search_text(job.title, job.company.name, skills.get(job.pk, []))
        Job.objects.bulk_update(jobs, ["search_text"], batch_size=500)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS job_search_trgm ON jobs_job "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS job_title_words_trgm")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS job_search_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS job_title_words_trgm ON jobs_job USING gin "
        "((REGEXP_REPLACE(\"title\"::text, '[^[:alnum:]]+', ' ', 'g')) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0012_published_has_expiry")]

    operations = [
        migrations.AddField(
            model_name="job",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]

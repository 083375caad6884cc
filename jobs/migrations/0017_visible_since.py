"""When each listing became visible (Job.visible_since), for the email alerts: a published
listing's publication, or its creation if it was created later (imported with an old date)."""

from django.db import migrations, models
from django.db.models.functions import Greatest


def fill_visible_since(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    Job.objects.using(schema_editor.connection.alias).filter(
        status="published", published_at__isnull=False
    ).update(visible_since=Greatest("published_at", "created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0016_facet_index_eligible"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="visible_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_visible_since, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(fields=["visible_since"], name="job_visible_since_idx"),
        ),
    ]

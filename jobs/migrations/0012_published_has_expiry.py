"""Every published listing has an expiry, so that "visible" is one range on expires_at.

``Job.apply_defaults()`` has always given a published listing the publication date plus the
default duration when its expiry was left empty; a row written around it (raw SQL, a bulk
write) gets the same here before the constraint is added.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def fill_missing_expiries(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    duration = timedelta(days=settings.JOB_DEFAULT_DURATION_DAYS)
    Job.objects.filter(status="published", expires_at__isnull=True).update(
        expires_at=F("published_at") + duration
    )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0011_listing_speed")]

    operations = [
        migrations.RunPython(fill_missing_expiries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "published"), _negated=True)
                | models.Q(expires_at__isnull=False),
                name="job_published_has_expiry",
            ),
        ),
    ]

"""Remote eligibility: where applicants of a remote listing may live (jobs.eligibility).

Each existing remote listing gets its country as its only eligible one, which is what its
country meant until now; on-site and hybrid listings keep their one location (empty).
"""

import django_countries.fields
import jobs.eligibility
from django.db import migrations, models


def remote_listings_open_to_their_country(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    Job.objects.filter(workplace="remote").update(eligible=models.F("country"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0014_company_name_unique_ci"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="eligible",
            field=models.CharField(
                blank=True,
                help_text="Remote listings: country codes and regions (EU, EEA, Europe, Americas, North America, Latin America, EMEA, APAC, worldwide) separated by semicolons, e.g. “EU; GB”. Empty: the listing's country.",
                max_length=300,
                validators=[jobs.eligibility.validate],
                verbose_name="open to applicants in",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="country",
            field=django_countries.fields.CountryField(
                help_text="Where the job is; for a remote listing, the employer's.", max_length=2
            ),
        ),
        migrations.RunPython(
            remote_listings_open_to_their_country, migrations.RunPython.noop, elidable=True
        ),
    ]

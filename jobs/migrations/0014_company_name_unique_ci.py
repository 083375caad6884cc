"""Company names are unique in any case ("Acme" and "ACME" are one company, as the importer
already matches them).

The migration stops, naming every clash, when the database holds names that differ only in
case: ``manage.py merge_companies`` lists and merges them (their listings move to one company),
then ``migrate`` again.
"""

from django.db import migrations, models
from django.db.models.functions import Lower


def refuse_clashes(apps, schema_editor):
    Company = apps.get_model("jobs", "Company")
    groups: dict[str, list] = {}
    for pk, name in Company.objects.order_by("pk").values_list("pk", "name"):
        groups.setdefault(name.casefold(), []).append((pk, name))
    clashes = [group for group in groups.values() if len(group) > 1]
    if clashes:
        lines = [
            ", ".join(f"#{pk} \u201c{name}\u201d" for pk, name in group) for group in clashes
        ]
        raise RuntimeError(
            "Company names must be unique in any case, and these differ only in case:\n  "
            + "\n  ".join(lines)
            + "\nMerge them first (`manage.py merge_companies --list`, then "
            "`manage.py merge_companies --all` or `--into ID ID...`), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0013_search_text")]

    operations = [
        migrations.RunPython(refuse_clashes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.UniqueConstraint(
                Lower("name"),
                name="company_name_unique_ci",
                violation_error_message="A company with this name already exists.",
            ),
        ),
    ]

"""The "Editors" group sees the alerts' counts per search (alerts.view_alertsearch), never the
addresses: those need alerts.view_addresses, which no group is given."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="alerts", codename="view_alertsearch"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("jobs", "0004_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

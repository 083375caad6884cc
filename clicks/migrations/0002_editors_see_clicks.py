"""The "Editors" group sees the apply statistics (clicks.view_applyclick): counts per listing
and per company, nothing about who clicked (nothing of the kind is stored)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="clicks", codename="view_applyclick")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="clicks", codename="view_applyclick"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clicks", "0001_initial"),
        ("jobs", "0004_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

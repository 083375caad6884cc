"""The "Editors" group (created by jobs' 0004 migration) may add, change and view roles and
comparisons; deleting stays with administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["role", "comparison"]
ACTIONS = ["add", "change", "view"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="careers", codename__in=codenames
    )
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="careers", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("jobs", "0004_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Load the demo data of every app: the one entry point for a newcomer's full site.

Each app that has demo data provides a ``demo`` module with a ``seed(stdout)`` function that
updates or creates its records one by one, so running this twice changes nothing and data
added by a later version also reaches a database seeded before. Apps are seeded in the order
of ``INSTALLED_APPS`` (jobs before careers, whose articles point at listings).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or update the demo data of every app (idempotent)."

    def handle(self, *args, **options):
        seeded = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(app_config.name) is None or find_spec(module_name) is None:
                continue
            demo = import_module(module_name)
            with transaction.atomic():
                demo.seed(self.stdout)
            seeded.append(app_config.label)
        if seeded:
            self.stdout.write(self.style.SUCCESS(f"Demo data ready ({', '.join(seeded)})."))
        else:
            self.stdout.write("No app has demo data yet.")

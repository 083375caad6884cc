"""``manage.py import_jobs FILE.csv``: bulk listings from a CSV file, all or nothing.

The importer is ``jobs.importing`` (its docstring says how it works; the README's "Importing
listings" section documents the columns). Every error is printed as "line N: column: message"
and nothing is written; ``--dry-run`` validates and reports what would change.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs.importing.importer import import_listings
from jobs.importing.reading import ListingsFileError


class Command(BaseCommand):
    help = "Import listings from a CSV file (columns in the README): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header line")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            outcome = import_listings(file, dry_run=dry_run)
        except ListingsFileError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            # The transaction is rolled back: nothing of the file is kept.
            reason = " ".join(str(error).split()) or type(error).__name__
            raise CommandError(
                f"The database refused the import of {file} ({reason}): nothing was imported."
            ) from error
        if outcome.errors:
            for message in outcome.errors:
                self.stderr.write(message)
            noun = "error" if len(outcome.errors) == 1 else "errors"
            raise CommandError(f"{len(outcome.errors)} {noun} in {file}: nothing was imported.")
        if dry_run:
            self.stdout.write(
                f"Dry run, nothing written: would create {outcome.created}, update "
                f"{outcome.updated}, leave {outcome.unchanged} unchanged."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: created {outcome.created}, updated {outcome.updated}, "
                f"unchanged {outcome.unchanged}."
            )
        )
        if outcome.new_companies:
            self.stdout.write(f"New companies: {outcome.new_companies}.")

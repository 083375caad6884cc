"""Load a snapshot of the ai-jobs.net salary survey (CSV, plain or gzipped).

Every row is validated first; one bad row refuses the whole file, names every error as
"line N: column: message" and leaves the loaded data as it was. A valid file replaces the
loaded snapshot in one transaction. The file already loaded (same CSV text) is left alone
unless ``--force`` is given. Should the database refuse a row all the same, the transaction is
rolled back and the command fails with the database's reason, the loaded data untouched.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs.salaries.importing import import_survey
from jobs.salaries.survey_file import SurveyFileError


class Command(BaseCommand):
    help = "Load the salary survey CSV at PATH in place of the loaded snapshot."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the survey CSV (.csv or .csv.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="load the file again even when it is the snapshot already loaded",
        )

    def handle(self, *args, path, force, **options):
        try:
            outcome = import_survey(path, force=force)
        except SurveyFileError as error:
            raise CommandError(
                f"{path}: {len(error.errors):,} error(s), nothing was loaded:\n{error.describe()}"
            ) from None
        except DatabaseError as error:
            raise CommandError(
                f"{path}: the database refused the survey ({error}); nothing was loaded."
            ) from error
        message = outcome.describe()
        if outcome.status == "unchanged":
            message += " Use --force to load it again."
        self.stdout.write(message)

"""``manage.py import_jobs FILE.csv``: bulk listings from a CSV file, all or nothing.

The importer is ``jobs.importing`` (its docstring says how it works; the README's "Importing
listings" section documents the columns). Every error is printed as "line N: column: message"
and nothing is written; ``--dry-run`` validates and reports what would change.

A row that publishes a listing which a pay-transparency rule refuses (``jobs.pay_transparency``)
is an error, unless ``--pay-rule-override "reason"`` is given with ``--as-user NAME``, a user who
holds ``jobs.publish_despite_pay_rules``: the listing is published, the reason stored with it
and in its history, by that user. Warnings (the EU's rule) are printed and do not stop it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs import pay_transparency
from jobs.importing.importer import (
    FAIL_ON_DUPLICATES,
    SKIP_DUPLICATES,
    WARN_DUPLICATES,
    import_listings,
)
from jobs.importing.reading import ListingsFileError


class Command(BaseCommand):
    help = "Import listings from a CSV file (columns in the README): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header line")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )
        duplicates = parser.add_mutually_exclusive_group()
        duplicates.add_argument(
            "--skip-duplicates",
            action="store_true",
            help="leave out the rows that may duplicate another listing (warned about by default)",
        )
        duplicates.add_argument(
            "--fail-on-duplicates",
            action="store_true",
            help="treat possible duplicates as errors: nothing is imported",
        )
        parser.add_argument(
            "--pay-rule-override",
            metavar="REASON",
            default="",
            help="publish listings that a pay-transparency rule refuses, for this reason "
            "(kept with each listing and in its history); needs --as-user",
        )
        parser.add_argument(
            "--as-user",
            metavar="USERNAME",
            help="the editor the override is recorded for: must hold the permission to "
            "publish despite a pay-transparency rule",
        )

    def override_user(self, reason: str, username: str | None):
        """The user of a --pay-rule-override, checked; None without an override."""
        if not reason.strip():
            if username:
                raise CommandError("--as-user only goes with --pay-rule-override.")
            return None
        if not username:
            raise CommandError("--pay-rule-override needs --as-user (the editor who decides).")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as-user: no active user “{username}”.")
        if not user.has_perm(pay_transparency.PERMISSION):
            raise CommandError(
                f"--as-user: “{username}” may not publish despite a pay-transparency rule "
                f"(permission {pay_transparency.PERMISSION})."
            )
        return user

    def handle(
        self,
        *args,
        file,
        dry_run=False,
        pay_rule_override="",
        as_user=None,
        skip_duplicates=False,
        fail_on_duplicates=False,
        **options,
    ):
        user = self.override_user(pay_rule_override, as_user)
        duplicates = WARN_DUPLICATES
        if skip_duplicates:
            duplicates = SKIP_DUPLICATES
        elif fail_on_duplicates:
            duplicates = FAIL_ON_DUPLICATES
        try:
            outcome = import_listings(
                file,
                dry_run=dry_run,
                pay_rule_override=pay_rule_override,
                user=user,
                duplicates=duplicates,
            )
        except ListingsFileError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            # The transaction is rolled back: nothing of the file is kept.
            reason = " ".join(str(error).split()) or type(error).__name__
            raise CommandError(
                f"The database refused the import of {file} ({reason}): nothing was imported."
            ) from error
        for message in outcome.warnings:
            self.stderr.write(message)
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
        if outcome.skipped:
            self.stdout.write(f"Left out as possible duplicates: {outcome.skipped}.")
        if outcome.overridden:
            self.stdout.write(
                f"Published despite a pay-transparency rule: {outcome.overridden} "
                f"(recorded for {user.get_username()})."
            )
        if outcome.new_companies:
            self.stdout.write(f"New companies: {outcome.new_companies}.")

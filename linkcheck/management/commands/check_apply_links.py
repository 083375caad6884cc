"""Check the apply links of the open listings: ``manage.py check_apply_links`` enqueues one task
for the worker (``db_worker``, or ``rqworker`` with TASKS_URL); ``--now`` runs the check here,
in the foreground, and prints what it found. Run it daily (README: cron line); the editors get
at most one email a day whatever the schedule."""

from django.core.management.base import BaseCommand, CommandError

from linkcheck import checking, tasks


class Command(BaseCommand):
    help = "Check (--now) or enqueue the check of the open listings' apply links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Check here, in the foreground, instead of enqueueing a task for a worker.",
        )

    def handle(self, *args, now=False, **options):
        if not now:
            result = tasks.check_apply_links.enqueue()
            self.stdout.write(f"Enqueued the check of the apply links (task {result.id}).")
            return
        summary = checking.run()
        self.stdout.write(summary.text())
        if summary.email_failed:
            raise CommandError("The editors' email could not be sent; the next run tries again.")

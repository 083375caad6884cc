"""Send what the alerts have due: ``manage.py send_alerts`` enqueues one task per due alert for
the worker (``db_worker``, or ``rqworker`` with TASKS_URL); ``--now`` sends them here, without a
worker. Run it every hour (README: cron line, systemd timer); an alert sends at most one email
per period whatever the schedule. It also deletes alerts left unconfirmed past their link."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts import sending, tasks
from alerts.models import Alert


class Command(BaseCommand):
    help = "Send (--now) or enqueue the emails of the alerts that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send here, in the foreground, instead of enqueueing tasks for a worker.",
        )

    def handle(self, *args, now=False, **options):
        moment = timezone.now()
        purged = sending.purge_unconfirmed(moment)
        if purged:
            self.stdout.write(f"Deleted {purged} alert(s) left unconfirmed.")
        due = list(Alert.objects.due(moment).order_by("pk").values_list("pk", flat=True))
        if not now:
            for alert_id in due:
                tasks.send_alert.enqueue(alert_id)
            self.stdout.write(f"Enqueued {len(due)} due alert(s).")
            return
        emails = listings = failed = 0
        for alert_id in due:
            try:
                sent = sending.send_alert(alert_id)
            except Exception as error:  # one failing address must not stop the others
                failed += 1
                self.stderr.write(f"Alert {alert_id}: not sent ({type(error).__name__}: {error}).")
                continue
            emails += bool(sent)
            listings += sent
        self.stdout.write(
            f"{len(due)} due alert(s): {emails} email(s) sent with {listings} listing(s)"
            f"{f', {failed} failed' if failed else ''}."
        )
        if failed:
            raise CommandError(f"{failed} alert(s) could not be sent; they stay due.")

"""Email alerts: an address, the searches it follows and what it was sent."""

from __future__ import annotations

from datetime import timedelta

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

# The longest canonical query an alert keeps (a search of every filter fits many times over).
QUERY_MAX_LENGTH = 2000


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def normalised_email(address: str) -> str:
    """One spelling per address: trimmed and lower-cased (the form validated it)."""
    return address.strip().lower()


class Subscriber(models.Model):
    """An email address with at least one alert (deleted with its last alert)."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        permissions = [("view_addresses", "Can see the email addresses of alerts")]

    def __str__(self):
        return self.email


class AlertSearch(models.Model):
    """A search that alerts follow, as its canonical query string ("" for every job), with
    what was sent for it; kept when its alerts end (the editors' counts)."""

    query = models.CharField(max_length=QUERY_MAX_LENGTH, unique=True, blank=True)
    headline = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emails_sent = models.PositiveIntegerField(default=0)
    listings_sent = models.PositiveIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["query"]
        verbose_name = "alert search"

    def __str__(self):
        return self.headline or self.query or "Every job"


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def due(self, now=None):
        """Confirmed alerts whose period since their last email is over (or that never sent
        one): at most one email per alert per period."""
        now = now or timezone.now()
        due = Q(last_sent_at__isnull=True)
        for frequency, period in PERIODS.items():
            due |= Q(frequency=frequency, last_sent_at__lte=now - period)
        return self.confirmed().filter(due)

    def unconfirmed_before(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Alert(models.Model):
    """An address's alert for a search: nothing is sent before it is confirmed."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    search = models.ForeignKey(AlertSearch, on_delete=models.PROTECT, related_name="alerts")
    frequency = models.CharField(max_length=6, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    emails_sent = models.PositiveIntegerField(default=0)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "search"], name="alert_one_per_search")
        ]
        indexes = [models.Index(fields=["confirmed_at", "last_sent_at"], name="alert_due_idx")]

    def __str__(self):
        return f"{self.get_frequency_display()} alert: {self.search}"

    @property
    def period(self) -> timedelta:
        return PERIODS[Frequency(self.frequency)]

    def is_due(self, now) -> bool:
        if self.confirmed_at is None:
            return False
        return self.last_sent_at is None or self.last_sent_at <= now - self.period

    def end(self) -> bool:
        """Delete this alert, and its address with its last alert; whether the address went."""
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().get(pk=self.subscriber_id)
            self.delete()
            if subscriber.alerts.exists():
                return False
            subscriber.delete()
            return True


class SentListing(models.Model):
    """A listing sent to an address: never sent to it again, by any of its alerts."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="sent")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "job"], name="sent_listing_once")
        ]

    def __str__(self):
        return f"listing {self.job_id} sent to subscriber {self.subscriber_id}"

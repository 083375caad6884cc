"""What the link checker knows of each listing's apply link, and the daily emails it sent.

A listing's link is *broken* when its present apply URL failed (404 or 410, or a redirect to a
page that says the job is closed) on two checks in a row. A check that could not tell (network
error, timeout, 5xx, 429, any other status, a refused address) is recorded as ``error`` and
neither counts nor resets the streak; a working link resets it. A check belongs to the URL it
checked: when an editor changes the apply URL, the old check no longer says anything about the
listing (``ApplyLinkCheckQuerySet.current``) and the next check starts a new streak.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F

# Failures in a row after which a listing's link is broken.
BROKEN_AFTER = 2


class Outcome(models.TextChoices):
    OK = "ok", "OK"
    BROKEN_STATUS = "broken_status", "Not found (404 or 410)"
    CLOSED_PAGE = "closed_page", "Redirected to a “job closed” page"
    ERROR = "error", "Not reached"


# The outcomes that count towards a broken link.
FAILURES = frozenset({Outcome.BROKEN_STATUS, Outcome.CLOSED_PAGE})


class ApplyLinkCheckQuerySet(models.QuerySet):
    def current(self):
        """Checks of the apply URL the listing has now."""
        return self.filter(url=F("job__apply_url"))

    def broken(self):
        return self.current().filter(failures_in_row__gte=BROKEN_AFTER)


class ApplyLinkCheck(models.Model):
    """The latest check of a listing's apply link, and its streak of failures."""

    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="link_check")
    # The apply URL that was checked (as long as Job.apply_url may be).
    url = models.CharField("checked URL", max_length=500)
    checked_at = models.DateTimeField()
    # The final answer's HTTP status; none when there was no answer.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField("final URL", max_length=2000, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    failures_in_row = models.PositiveIntegerField(default=0)
    # What the latest failure was: "404", "410" or "closed page".
    last_failure = models.CharField(max_length=40, blank=True)
    broken_since = models.DateTimeField(null=True, blank=True)
    # When the listing was last in the editors' daily email, and when the checker expired it
    # (LINKCHECK_UNPUBLISH_BROKEN).
    notified_at = models.DateTimeField(null=True, blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)

    objects = ApplyLinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "apply link check"
        indexes = [
            models.Index(
                fields=["failures_in_row"],
                name="linkcheck_broken_idx",
                condition=models.Q(failures_in_row__gte=BROKEN_AFTER),
            )
        ]

    def __str__(self):
        return f"{self.url}: {self.get_outcome_display()}"

    def is_current(self, job) -> bool:
        return self.url == job.apply_url

    @property
    def is_broken(self) -> bool:
        return self.failures_in_row >= BROKEN_AFTER


class BrokenLinksEmail(models.Model):
    """One row per day on which the editors were emailed about broken links: at most one."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField()
    listings = models.PositiveIntegerField()

    class Meta:
        verbose_name = "broken links email"
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day}: {self.listings} listing(s) to {self.recipients} address(es)"

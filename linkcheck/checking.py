"""The daily check of the open listings' apply links, and what it writes.

Every listing visible now with an apply URL is checked (linkcheck/fetching.py: many at once,
one request at a time per host); a mailto-only listing has nothing to check. The results are
written in the calling thread, in one transaction and a fixed number of queries whatever the
number of listings: the listings read with their previous checks (one query), the listings
still there (one), the checks upserted (one ``bulk_create``), and, when
``LINKCHECK_UNPUBLISH_BROKEN`` is on and a link has just broken, those listings expired
(``jobs.services.expire_now``: a bulk update, which invalidates the page cache).

The streak (``ApplyLinkCheck.failures_in_row``): a 404, a 410 or a redirect to a "job closed"
page adds one; a working link resets it to 0; an ``error`` (no answer, a timeout, 5xx, 429, any
other status, a refused address) leaves it as it was: a server that is down tonight says
nothing about the job. At two failures in a row the link is broken (``BROKEN_AFTER``).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobs import services
from jobs.models import Job
from linkcheck import fetching, notify
from linkcheck.models import BROKEN_AFTER, FAILURES, ApplyLinkCheck, Outcome

logger = logging.getLogger(__name__)

# What an upsert writes of a check (all but the listing it belongs to).
CHECK_FIELDS = [
    "url",
    "checked_at",
    "status",
    "final_url",
    "outcome",
    "detail",
    "failures_in_row",
    "last_failure",
    "broken_since",
    "notified_at",
    "unpublished_at",
]


@dataclass
class Summary:
    checked: int = 0
    ok: int = 0
    broken: int = 0  # broken now, among the listings checked
    newly_broken: int = 0
    errors: int = 0
    unpublished: int = 0
    emailed_listings: int = 0
    emailed_recipients: int = 0
    email_failed: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)

    def text(self) -> str:
        line = (
            f"Checked {self.checked} apply link(s): {self.ok} OK, {self.broken} broken now "
            f"({self.newly_broken} newly broken"
            f"{f', {self.unpublished} expired' if self.unpublished else ''}), "
            f"{self.errors} not reached (error)."
        )
        if self.emailed_listings:
            line += (
                f" Emailed {self.emailed_recipients} editor address(es) about "
                f"{self.emailed_listings} listing(s)."
            )
        if self.email_failed:
            line += " The editors' email could not be sent."
        return line


def listings_to_check(now):
    """The open listings with an apply URL, with their previous checks."""
    return (
        Job.objects.visible(now)
        .exclude(apply_url="")
        .select_related("link_check")
        .only("id", "apply_url", *(f"link_check__{name}" for name in ["id", *CHECK_FIELDS]))
        .order_by("pk")
    )


def failure_text(result: fetching.Result) -> str:
    return str(result.status) if result.outcome == Outcome.BROKEN_STATUS else "closed page"


def next_check(job: Job, result: fetching.Result, now) -> ApplyLinkCheck:
    """The listing's check after ``result``, its streak carried on from the previous check of
    the same URL (a changed apply URL starts again)."""
    previous = getattr(job, "link_check", None)
    if previous is not None and not previous.is_current(job):
        previous = None
    streak = previous.failures_in_row if previous else 0
    last_failure = previous.last_failure if previous else ""
    if result.outcome in FAILURES:
        streak += 1
        last_failure = failure_text(result)
    elif result.outcome == Outcome.OK:
        streak, last_failure = 0, ""
    was_broken = previous is not None and previous.is_broken
    broken = streak >= BROKEN_AFTER
    return ApplyLinkCheck(
        job=job,
        url=job.apply_url,
        checked_at=now,
        status=result.status,
        final_url=result.final_url[:2000],
        outcome=result.outcome,
        detail=result.detail[:300],
        failures_in_row=streak,
        last_failure=last_failure,
        broken_since=(previous.broken_since if was_broken else now) if broken else None,
        notified_at=previous.notified_at if previous else None,
        unpublished_at=previous.unpublished_at if previous else None,
    )


def check_links(now=None) -> Summary:
    """Check the open listings' apply links and write what was found."""
    start = now or timezone.now()
    listings = list(listings_to_check(start))
    results = fetching.check_all(job.apply_url for job in listings)
    now = now or timezone.now()
    summary = Summary(checked=len(listings))
    unpublish = settings.LINKCHECK_UNPUBLISH_BROKEN
    checks, newly_broken = [], []
    for job in listings:
        previous = getattr(job, "link_check", None)
        was_broken = previous is not None and previous.is_current(job) and previous.is_broken
        check = next_check(job, results[job.apply_url], now)
        summary.ok += check.outcome == Outcome.OK
        summary.errors += check.outcome == Outcome.ERROR
        summary.broken += check.is_broken
        if check.is_broken and not was_broken:
            newly_broken.append(job.pk)
            if unpublish:
                check.unpublished_at = now
        checks.append(check)
    summary.newly_broken = len(newly_broken)
    with transaction.atomic():
        # A listing deleted while its link was being checked has no check to write.
        there = set(listings_to_check(start).values_list("pk", flat=True))
        ApplyLinkCheck.objects.bulk_create(
            [check for check in checks if check.job_id in there],
            update_conflicts=True,
            unique_fields=["job"],
            update_fields=CHECK_FIELDS,
        )
        if unpublish and newly_broken:
            summary.unpublished, _ = services.expire_now(
                Job.objects.filter(pk__in=newly_broken), now
            )
    logger.info("apply links: %s", summary.as_dict())
    return summary


def run(now=None) -> Summary:
    """The daily run: check the links, then email the editors about the broken ones (at most
    one email a day)."""
    summary = check_links(now)
    try:
        summary.emailed_listings, summary.emailed_recipients = notify.send_daily(now)
    except Exception:  # the checks are written; the email waits for the next run
        logger.exception("the editors' email about broken apply links was not sent")
        summary.email_failed = True
    return summary

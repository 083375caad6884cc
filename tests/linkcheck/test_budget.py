"""The link check's writes cost a fixed number of queries whatever the number of listings:
the same exact count for 3 listings and for 30 (a fake fetch, no network)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import outbound
from linkcheck import checking
from linkcheck.models import ApplyLinkCheck, BrokenLinksEmail, Outcome
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

# Reading the listings and their checks, SAVEPOINT, the listings still there, the upsert, the
# expiry (expire_now: its count of scheduled listings, its update), RELEASE; then the email:
# today's sent?, the broken listings, the recipients, SAVEPOINT, the day's row, the listings
# marked as sent, RELEASE.
QUERIES = 14


def fake_fetch(url, *, method="GET", **kwargs):
    """Every third listing is gone, every third is down, the others work."""
    if "/down/" in url:
        raise outbound.OutboundError(f"Could not connect to {url}.")
    status = 404 if "/gone/" in url else 200
    return outbound.Response(url=url, status=status, headers={}, body=b"", redirects=())


@pytest.mark.parametrize("count", [3, 30])
def test_a_run_costs_the_same_queries_for_3_and_for_30_listings(
    count, monkeypatch, settings, assert_queries, editor
):
    settings.LINKCHECK_UNPUBLISH_BROKEN = True
    monkeypatch.setattr(outbound, "fetch", fake_fetch)
    kinds = ["ok", "gone", "down"]
    yesterday = timezone.now() - timedelta(days=1)
    for number in range(count):
        job = JobFactory(apply_url=f"https://jobs.example.com/{kinds[number % 3]}/{number}")
        # Each already failed once: the gone ones break now (and are expired).
        ApplyLinkCheck.objects.create(
            job=job,
            url=job.apply_url,
            checked_at=yesterday,
            status=404,
            outcome=Outcome.BROKEN_STATUS,
            failures_in_row=1,
            last_failure="404",
        )

    with assert_queries(QUERIES):
        summary = checking.run()

    third = count // 3
    assert (summary.checked, summary.ok, summary.errors) == (count, third, third)
    assert (summary.broken, summary.newly_broken, summary.unpublished) == (third, third, third)
    assert (summary.emailed_listings, summary.emailed_recipients) == (third, 1)
    assert len(mail.outbox) == 1
    assert BrokenLinksEmail.objects.get().listings == third
    assert ApplyLinkCheck.objects.filter(failures_in_row=0).count() == third

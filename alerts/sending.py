"""What an alert sends, and the emails themselves.

An alert sends the listings that match its search at sending time and became visible
(``Job.visible_since``) since its last email (since its confirmation for the first), that its
address was never sent; nothing when there are none; at most one email per period
(``AlertQuerySet.due``). Each email is written in one transaction with what it sent: an email
that fails to go leaves the alert as it was, for the next run.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.models import Alert, AlertSearch, SentListing
from jobs.models import Job
from jobs.search.filterset import JobFilter

logger = logging.getLogger(__name__)

# The most listings one email lists; the email links to the search for the rest.
LISTINGS_PER_EMAIL = 20
# A listing saved in a transaction that commits after an email's query has a visible_since
# before that email: later emails look back this far (what was sent is never sent again).
LOOKBACK = timedelta(hours=1)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def search_of(query: str, now=None) -> JobFilter:
    """The job search of a canonical query, at ``now``."""
    return JobFilter(QueryDict(query), now=now)


def canonical_query(data: QueryDict) -> tuple[str, JobFilter]:
    """The canonical query of a search as alerts keep it (no sort, no page), and the search."""
    search = JobFilter(data)
    return search.query_string(sort=[]), search


def search_url(query: str) -> str:
    return absolute(reverse("jobs:list") + (f"?{query}" if query else ""))


def new_listings(alert: Alert, now) -> tuple[list[Job], int]:
    """The listings the alert would send now (at most LISTINGS_PER_EMAIL, newest first), and
    how many there are in all."""
    since = alert.last_sent_at - LOOKBACK if alert.last_sent_at else alert.confirmed_at
    matching = (
        search_of(alert.search.query, now)
        .narrowed()
        .filter(visible_since__gt=since)
        .exclude(
            pk__in=SentListing.objects.filter(subscriber_id=alert.subscriber_id).values("job_id")
        )
    )
    listings = list(
        matching.select_related("company")
        .defer("description", "description_html", "search_text")
        .order_by("-published_at", "-pk")[:LISTINGS_PER_EMAIL]
    )
    total = len(listings) if len(listings) < LISTINGS_PER_EMAIL else matching.count()
    return listings, total


def links_of(alert: Alert) -> dict[str, str]:
    subscriber = alert.subscriber
    return {
        "unsubscribe_url": absolute(
            reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(alert.pk)])
        ),
        "manage_url": absolute(
            reverse("alerts:manage", args=[tokens.manage_token(subscriber.pk, subscriber.email)])
        ),
        "search_url": search_url(alert.search.query),
    }


def message(
    subject: str, to: str, template: str, context: dict, headers: dict | None = None
) -> EmailMultiAlternatives:
    """An email with a plain-text part and an HTML part, from ``alerts/email/<template>``."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # one line, whatever a search's words hold
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    html = render_to_string(f"alerts/email/{template}.html", context)
    email.attach_alternative(html, "text/html")
    return email


def confirmation_email(alert: Alert, frequency: str) -> EmailMultiAlternatives:
    link = absolute(reverse("alerts:confirm", args=[tokens.confirm_token(alert.pk, frequency)]))
    return message(
        f"Confirm your job alert: {alert.search}",
        alert.subscriber.email,
        "confirm",
        {
            "alert": alert,
            "headline": str(alert.search),
            "frequency": dict(Alert._meta.get_field("frequency").choices)[frequency].lower(),
            "confirm_url": link,
            "confirm_days": tokens.CONFIRM_DAYS,
            "search_url": search_url(alert.search.query),
        },
    )


def send_confirmation(alert_id: int, frequency: str) -> bool:
    """Email the confirmation link of an unconfirmed alert; whether one was sent."""
    alert = Alert.objects.select_related("subscriber", "search").filter(pk=alert_id).first()
    if alert is None:
        return False
    confirmation_email(alert, frequency).send()
    return True


def alert_email(alert: Alert, listings: list[Job], total: int) -> EmailMultiAlternatives:
    links = links_of(alert)
    count = f"{total} new job{'s' if total != 1 else ''}"
    return message(
        f"{count}: {alert.search}",
        alert.subscriber.email,
        "alert",
        {
            "alert": alert,
            "headline": str(alert.search),
            "listings": [
                {
                    "title": job.title,
                    "company": job.company.name,
                    "location": job.location_display,
                    "salary": job.salary_display or "No salary given",
                    "url": absolute(job.get_absolute_url()),
                }
                for job in listings
            ],
            "count": count,
            "more": total - len(listings),
            **links,
        },
        headers={
            # RFC 8058 one-click unsubscribe: mail programs POST "List-Unsubscribe=One-Click"
            # to this URL (alerts.views.unsubscribe).
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_alert(alert_id: int, now=None) -> int:
    """Send the alert's email if it is due and has new listings; the listings sent."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("subscriber", "search")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None or not alert.is_due(now):
            return 0
        listings, total = new_listings(alert, now)
        if not listings:  # never an empty email
            return 0
        SentListing.objects.bulk_create(
            [SentListing(subscriber_id=alert.subscriber_id, job=job) for job in listings],
            ignore_conflicts=True,
        )
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now, emails_sent=F("emails_sent") + 1)
        AlertSearch.objects.filter(pk=alert.search_id).update(
            emails_sent=F("emails_sent") + 1,
            listings_sent=F("listings_sent") + len(listings),
            last_sent_at=now,
        )
        # Last: an email that fails to go rolls all of it back.
        alert_email(alert, listings, total).send()
    logger.info("alert %s: sent %s listings", alert_id, len(listings))
    return len(listings)


def purge_unconfirmed(now=None) -> int:
    """Delete alerts left unconfirmed past their link's validity, and addresses left without
    an alert; how many alerts went."""
    now = now or timezone.now()
    stale = list(Alert.objects.unconfirmed_before(now - tokens.CONFIRM_MAX_AGE))
    for alert in stale:
        alert.end()
    return len(stale)

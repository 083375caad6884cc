"""The clock of the page cache: when the clock alone changes what pages show (a listing's
publication time, expiry or end of a featured period, an article's publication day, a card's
"3d ago"), so that a cached page is valid until that moment and no longer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import F
from django.utils import timezone

from config import page_store

NEXT_CHANGE_PREFIX = "pages:next-change:"


def next_scheduled_changes(generation=None) -> dict[str, datetime | None]:
    """The next moments at which the clock alone changes what pages show: for "listings",
    any listing's publication time, expiry or end of a featured period, or an article's
    publication day; for "shown", the article day (each page notes the rest). Computed once
    per generation (an edit may move them) and kept until the first has passed."""
    now = timezone.now()
    key = f"{NEXT_CHANGE_PREFIX}{generation}"
    if generation is not None:
        known = page_store.call("get", key)
        if known is not None and all(value is None or value > now.timestamp() for value in known):
            return {
                name: None if value is None else datetime.fromtimestamp(value, tz=UTC)
                for name, value in zip(("listings", "shown"), known, strict=True)
            }
    listings, articles = _compute_next_scheduled_changes(now)
    moments = {"listings": earliest(listings, articles), "shown": articles}
    if generation is not None:
        value = tuple(None if moment is None else moment.timestamp() for moment in moments.values())
        page_store.call("set", key, value, page_store.STORE_SECONDS)
    return moments


def earliest(*moments):
    """The first of these moments (None ones left out), or None."""
    return min((moment for moment in moments if moment is not None), default=None)


def _compute_next_scheduled_changes(now: datetime):
    from careers.models import Comparison
    from jobs.models import Job

    published = Job.objects.filter(status=Job.Status.PUBLISHED)
    listings = earliest(
        next_publication(published, now),
        published.filter(expires_at__gt=now)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first(),
        published.filter(featured_until__gt=now)
        .order_by("featured_until")
        .values_list("featured_until", flat=True)
        .first(),
    )
    today = timezone.localdate(now)
    next_article_day = (
        Comparison.objects.filter(status=Comparison.Status.PUBLISHED, published_on__gt=today)
        .order_by("published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    articles = start_of_day(next_article_day) if next_article_day is not None else None
    return listings, articles


def next_publication(listings, now: datetime | None = None) -> datetime | None:
    """The next publication time among these listings (a scheduled listing going live)."""
    now = now or timezone.now()
    return (
        listings.filter(published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def next_featured_publication() -> datetime | None:
    """When a scheduled listing that is featured as it goes live does (it may enter the
    featured listings of the home page and of the articles)."""
    from jobs.models import Job

    return next_publication(
        Job.objects.filter(status=Job.Status.PUBLISHED, featured_until__gt=F("published_at"))
    )


def start_of_day(day) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def next_age_change(published: datetime, now: datetime) -> datetime:
    """When a "3d ago" / "5w ago" / "1y ago" age of ``published`` next reads differently
    (jobs.models.Job.age_display)."""
    days = (now - published).days
    if days < 28:
        return published + timedelta(days=days + 1)
    if days < 365:
        return min(published + timedelta(days=(days // 7 + 1) * 7), published + timedelta(days=365))
    return published + timedelta(days=(days // 365 + 1) * 365)

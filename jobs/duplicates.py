"""Possible duplicates of a listing: the same opening posted twice.

Another listing is a possible duplicate when it is of the same company, visible or published in
the last ``WINDOW_DAYS`` days, in the same country and city (any case), and its title is very
similar: a trigram similarity of at least ``THRESHOLD`` between the titles' keys (lower case,
without gender markers such as "(m/f/d)"). Or when it has the same apply URL, whatever its
company. A listing is never its own duplicate.

The measure is PostgreSQL's ``pg_trgm`` ``similarity()``: on PostgreSQL the admin's check asks
the database (``title_key % key``, which the trigram index ``job_title_key_trgm_idx`` serves); on
SQLite, and for a whole import file on both, :func:`similarity` computes the same measure in
Python (``tests/jobs/test_duplicates.py`` compares the two on PostgreSQL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import connections
from django.db.models import Q
from django.utils import timezone

THRESHOLD = 0.6
WINDOW_DAYS = 60

# "(m/f/d)", "(w/m/d)", "(f/m/x)", "m/w/d", "(h/f)", "(all genders)", "(gn)", "(d/f/m)"...
GENDER_MARKERS = re.compile(
    r"\(\s*(?:[mwfdhx]\s*/\s*)+[mwfdhx]\s*\)"
    r"|(?<![\w/])(?:[mwfdhx]\s*/\s*){1,3}[mwfdhx](?![\w/])"
    r"|\(\s*(?:all\s+genders?|gn|gender\s+neutral|any\s+gender)\s*\)",
    re.IGNORECASE,
)
# pg_trgm's words: runs of letters and digits (ASCII and others alike).
WORDS = re.compile(r"[^\W_]+")


def title_key(title: str) -> str:
    """The title as duplicates compare it: lower case, without gender markers."""
    text = GENDER_MARKERS.sub(" ", title or "").lower()
    return " ".join(text.split())[:200]


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of a text: each lower-cased word padded with two spaces before and
    one after, cut into every run of three characters."""
    found = set()
    for word in WORDS.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return found


def similarity(first: str, second: str) -> float:
    """pg_trgm's ``similarity()``: shared trigrams over all trigrams of the two."""
    one, two = trigrams(first), trigrams(second)
    if not one or not two:
        return 0.0
    return len(one & two) / len(one | two)


@dataclass(frozen=True)
class Duplicate:
    """Another listing that may be the same opening, and why."""

    pk: int
    title: str
    company: str
    why: str  # "similar title (0.83)" or "same apply URL"

    @property
    def admin_url(self) -> str:
        return f"/admin/jobs/job/{self.pk}/change/"


def recent(now) -> Q:
    """Visible now, or published in the last WINDOW_DAYS days."""
    since = now - timedelta(days=WINDOW_DAYS)
    visible = Q(status="published", published_at__lte=now, expires_at__gt=now)
    return visible | Q(status="published", published_at__gte=since)


def is_recent(job, now) -> bool:
    """:func:`recent` of a listing in memory."""
    if job.status != "published" or job.published_at is None:
        return False
    visible = job.published_at <= now and (job.expires_at is None or job.expires_at > now)
    return visible or job.published_at >= now - timedelta(days=WINDOW_DAYS)


def possible_duplicates(job, now=None) -> list[Duplicate]:
    """The stored listings that may duplicate ``job`` (saved or not): two queries."""
    from jobs.models import Job

    now = now or timezone.now()
    others = Job.objects.exclude(pk=job.pk) if job.pk else Job.objects.all()
    found: dict[int, Duplicate] = {}
    key = title_key(job.title)
    if job.company_id and key:
        place = others.filter(
            recent(now), company_id=job.company_id, country=job.country, city__iexact=job.city
        ).select_related("company")
        if connections[place.db].vendor == "postgresql":
            from django.contrib.postgres.search import TrigramSimilarity

            place = (
                place.filter(title_key__trigram_similar=key)
                .annotate(similarity=TrigramSimilarity("title_key", key))
                .filter(similarity__gte=THRESHOLD)
            )
            scored = [(other, other.similarity) for other in place]
        else:
            scored = [(other, similarity(other.title_key, key)) for other in place]
        for other, score in sorted(scored, key=lambda pair: (-pair[1], pair[0].pk)):
            if score >= THRESHOLD:
                found[other.pk] = Duplicate(
                    other.pk, other.title, other.company.name, f"similar title ({score:.2f})"
                )
    if job.apply_url:
        for other in others.filter(apply_url=job.apply_url).select_related("company"):
            found.setdefault(
                other.pk, Duplicate(other.pk, other.title, other.company.name, "same apply URL")
            )
    return list(found.values())

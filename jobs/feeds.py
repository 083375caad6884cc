"""RSS and Atom feeds of the job list.

A feed URL takes the same parameters as /jobs/ (``/jobs/feed/rss/?seniority=SE&workplace=
remote``) and is read by the same FilterSet, so a feed holds exactly the listings of the
search it was linked from: the 50 newest. Invalid parameters are ignored, as on the page.

Every address in a feed is built from the request's host, like the links of the page.
"""

import io

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from config import page_cache
from core.text import strip_control_characters
from jobs.choices import EMPLOYMENT_LABELS, SENIORITY_LABELS, WORKPLACE_LABELS, label_of
from jobs.search.filterset import JobFilter
from jobs.urling import fast_reverse

FEED_LENGTH = 50


def without_control_characters(value):
    """A string, or the strings in a list, tuple or dict, without control characters."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(without_control_characters(part) for part in value)
    if isinstance(value, dict):
        return {key: without_control_characters(part) for key, part in value.items()}
    return value


class ControlCharacterFreeFeed:
    """A feed generator that writes no control characters.

    XML cannot hold them, and Django refuses to write them (UnserializableContentError, a
    500). Listings and searches are validated against them already; this is the last safety
    net for anything that reaches a feed anyway (rows saved before the validators existed).
    """

    def write(self, outfile, encoding):
        self.feed = without_control_characters(self.feed)
        self.items = [without_control_characters(item) for item in self.items]
        # Written into a string first: the XML generator's two thousand small writes, each
        # encoded and appended to the response on its own, cost more than the feed's items.
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class SafeRssFeed(ControlCharacterFreeFeed, Rss201rev2Feed):
    pass


class SafeAtomFeed(ControlCharacterFreeFeed, Atom1Feed):
    pass


class JobRssFeed(Feed):
    """The newest visible listings that match the search in the feed's URL."""

    feed_type = SafeRssFeed

    def get_object(self, request, *args, **kwargs):
        search = JobFilter(request.GET, request=request)
        # Every spelling of a search has the same feed (ignored parameters are left out of
        # it, not noticed): one cached entry for all of them.
        page_cache.shares_with(request, self.feed_url(search))
        return search

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # item_guid gives a path: made absolute here, where the request is at hand, with the
        # same host and scheme as the links.
        domain = get_current_site(request).domain
        for item in feed.items:
            item["unique_id"] = add_domain(domain, item["unique_id"], request.is_secure())
        return feed

    def title(self, search):
        return f"{search.headline()} · {settings.SITE_NAME}"

    def link(self, search):
        query = search.query_string()
        return reverse("jobs:list") + (f"?{query}" if query else "")

    def feed_url(self, search):
        query = search.query_string()
        return search.request.path + (f"?{query}" if query else "")

    def description(self, search):
        return f"The newest listings on {settings.SITE_NAME}: {search.headline()}."

    def author_name(self):
        return settings.SITE_NAME

    def items(self, search):
        return search.newest()[:FEED_LENGTH]

    def item_title(self, job):
        return f"{job.title} at {job.company.name}"

    def item_description(self, job):
        """Company, location, salary: what a reader decides on before opening the listing.

        Readers take the description for HTML: editors' text in it is escaped.
        """
        parts = [
            job.company.name,
            job.location_display,
            label_of(SENIORITY_LABELS, job.seniority),
            label_of(EMPLOYMENT_LABELS, job.employment_type),
            job.salary_display or "No salary given",
        ]
        return " · ".join(escape(part) for part in parts)

    def item_link(self, job):
        return job.get_absolute_url()

    def item_guid(self, job):
        # The id-only URL: a listing keeps its id when an editor changes its title and slug,
        # so feed readers never show it twice. Made absolute by get_feed.
        return fast_reverse("jobs:detail_noslug", pk=job.pk)

    def item_pubdate(self, job):
        return job.published_at

    def item_updateddate(self, job):
        return job.updated_at

    def item_categories(self, job):
        return [
            label_of(SENIORITY_LABELS, job.seniority),
            label_of(EMPLOYMENT_LABELS, job.employment_type),
            label_of(WORKPLACE_LABELS, job.workplace),
        ]


class JobAtomFeed(JobRssFeed):
    """The same search as an Atom feed."""

    feed_type = SafeAtomFeed

    def subtitle(self, search):
        return self.description(search)

"""RSS and Atom feeds of the published comparison articles, newest first."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from careers.models import Comparison
from jobs.markup import plain_text

FEED_ITEMS = 20


class ComparisonRssFeed(Feed):
    title = "Career comparisons"
    link = reverse_lazy("careers:list")
    description = "New \u201cX vs. Y\u201d articles that compare two careers in AI, ML and data."

    def items(self):
        return Comparison.objects.published().with_roles().newest_first()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The intro's words, escaped: readers take the description for HTML, and the plain
        text of a code span such as `<img onerror=...>` is markup once unescaped."""
        text = plain_text(item.intro) or item.subtitle
        return escape(Truncator(" ".join(text.split())).chars(300))

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time.min))

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.role_a.name, item.role_b.name]


class ComparisonAtomFeed(ComparisonRssFeed):
    feed_type = Atom1Feed
    subtitle = ComparisonRssFeed.description

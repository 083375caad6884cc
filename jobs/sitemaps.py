"""Sitemap sections of the jobs app: visible listings, the companies that have one, and the
salary pages.

/sitemap.xml is an index of the sections (config/urls.py); each section is served in pages
(``/sitemap-jobs.xml?p=2``) of at most ``limit`` URLs. Every page costs a COUNT of its section
(Django's Paginator) and one sliced query, whatever the number of listings.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from jobs.models import Company, Job
from jobs.salaries.models import SalarySnapshot, SalaryTitle
from jobs.urling import SLUG, fast_reverse, url_pattern


class JobSitemap(Sitemap):
    """Every visible listing, newest first; expired, scheduled and draft ones are left out."""

    changefreq = "daily"
    priority = 0.8
    # 1,000 URLs a page (the protocol allows 50,000; an index may list 50,000 pages). A page
    # costs a COUNT of the visible listings, its own rows read through the newest-first
    # index, and about 15 microseconds a URL in Python: measured at 100,000 listings, 5,000 a
    # page took 200 ms, 1,000 a page takes a few dozen (bench/README.md).
    limit = 1_000

    def items(self):
        # Newest first by (published_at, id): the order an index on those columns gives, so a
        # page reads only its own rows; (id, slug, updated_at) tuples, no model instances.
        return (
            Job.objects.visible()
            .order_by("-published_at", "-id")
            .values_list("pk", "slug", "updated_at", named=False)
        )

    def location(self, item):
        pk, slug, _updated_at = item
        if self._listing_url is None or not SLUG.match(slug):
            return fast_reverse("jobs:detail", pk=pk, slug=slug)
        return self._listing_url.format(pk=pk, slug=slug)

    @cached_property
    def _listing_url(self) -> str | None:
        """A listing's URL with {pk} and {slug} to fill in, looked up once a page."""
        return url_pattern("jobs:detail", pk=True, slug=False)

    def lastmod(self, item):
        return item[2]

    def get_latest_lastmod(self):
        """No lastmod for the section in the index: the latest update of a visible listing
        would cost a read of every visible listing (no index on updated_at), and a page of
        the section changes whenever a listing is published or expires anyway (the pages
        shift). Each listing still carries its own lastmod on the section's pages."""
        return None


class CompanySitemap(Sitemap):
    """Companies with at least one visible listing (the others' pages have nothing to offer)."""

    changefreq = "weekly"
    priority = 0.5
    limit = 50_000

    def items(self):
        has_visible_listing = Exists(Job.objects.visible().filter(company=OuterRef("pk")))
        return Company.objects.filter(has_visible_listing).only("slug").order_by("name")


class SalarySitemap(Sitemap):
    """/salaries/ and every survey title's page, the most reported first; all change when a
    new snapshot of the survey is loaded (their lastmod)."""

    changefreq = "monthly"
    priority = 0.5
    limit = 50_000

    INDEX = "salary index"

    def items(self):
        titles = SalaryTitle.objects.most_reported().values_list("slug", flat=True)
        return [self.INDEX, *titles]

    def location(self, item):
        if item == self.INDEX:
            return reverse("jobs:salary_index")
        return reverse("jobs:salary_detail", kwargs={"slug": item})

    def lastmod(self, item):
        return self.get_latest_lastmod()

    def get_latest_lastmod(self):
        """When the current snapshot of the survey was loaded (one query, then remembered)."""
        if not hasattr(self, "_loaded_at"):
            snapshot = SalarySnapshot.objects.only("loaded_at").first()
            self._loaded_at = snapshot.loaded_at if snapshot else None
        return self._loaded_at


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap, "salaries": SalarySitemap}

"""Sitemap sections of the jobs app: visible listings, the companies that have one, and the
salary pages.

/sitemap.xml is an index of the sections (config/urls.py); each section is served in pages
(``/sitemap-jobs.xml?p=2``) of at most ``limit`` URLs. Every page costs a COUNT of its section
(Django's Paginator) and one sliced query, whatever the number of listings.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from jobs.models import Company, Job, SalarySnapshot, SalaryTitle


class JobSitemap(Sitemap):
    """Every visible listing, newest first; expired, scheduled and draft ones are left out."""

    changefreq = "daily"
    priority = 0.8
    # 5,000 URLs a page (the protocol allows 50,000). A page's time is mostly rendering, about
    # 80 microseconds a URL, plus a COUNT and the page's query; measured at 100,000 listings
    # (96,000 visible): 5,000 a page is about 0.45 s a page (0.8 MB), 10,000 about 0.9 s,
    # 50,000 several seconds as the single sitemap was.
    limit = 5_000

    def items(self):
        # Newest first by (published_at, id): the order an index on those columns gives, so a
        # page reads only its own rows; only the columns the URL and lastmod need.
        return (
            Job.objects.visible().only("pk", "slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, job):
        return job.updated_at

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

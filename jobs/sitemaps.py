"""Sitemap sections of the jobs app: visible listings and the companies that have one."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from jobs.models import Company, Job


class JobSitemap(Sitemap):
    """Every visible listing, newest first; expired, scheduled and draft ones are left out."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            Job.objects.visible().only("pk", "slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, job):
        return job.updated_at


class CompanySitemap(Sitemap):
    """Companies with at least one visible listing (the others' pages have nothing to offer)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        has_visible_listing = Exists(Job.objects.visible().filter(company=OuterRef("pk")))
        return Company.objects.filter(has_visible_listing).only("slug").order_by("name")


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap}

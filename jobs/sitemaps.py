"""Sitemap sections of the jobs app: visible listings, the companies that have one, and the
salary pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from jobs.models import Company, Job, SalarySnapshot, SalaryTitle


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


class SalarySitemap(Sitemap):
    """/salaries/ and every survey title's page, the most reported first; all change when a
    new snapshot of the survey is loaded (their lastmod)."""

    changefreq = "monthly"
    priority = 0.5

    INDEX = "salary index"

    def items(self):
        titles = SalaryTitle.objects.most_reported().values_list("slug", flat=True)
        return [self.INDEX, *titles]

    def location(self, item):
        if item == self.INDEX:
            return reverse("jobs:salary_index")
        return reverse("jobs:salary_detail", kwargs={"slug": item})

    def lastmod(self, item):
        if not hasattr(self, "_loaded_at"):
            snapshot = SalarySnapshot.objects.only("loaded_at").first()
            self._loaded_at = snapshot.loaded_at if snapshot else None
        return self._loaded_at


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap, "salaries": SalarySitemap}

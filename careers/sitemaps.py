"""Sitemap sections of the careers app (comparisons and roles): a few hundred rows at most,
each section one page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from careers.models import Comparison, Role


class ComparisonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 50_000

    def items(self):
        return (
            Comparison.objects.published()
            .only("slug", "updated_at")
            .order_by("-published_on", "-pk")
        )

    def lastmod(self, comparison):
        return comparison.updated_at

    def get_latest_lastmod(self):
        """The section's lastmod in the index: one aggregate, not every article loaded."""
        return Comparison.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class RoleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 50_000

    def items(self):
        return Role.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, role):
        return role.updated_at

    def get_latest_lastmod(self):
        return Role.objects.published().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"comparisons": ComparisonSitemap, "roles": RoleSitemap}

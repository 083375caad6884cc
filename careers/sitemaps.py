"""Sitemap sections of the careers app (comparisons and roles)."""

from django.contrib.sitemaps import Sitemap

from careers.models import Comparison, Role


class ComparisonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Comparison.objects.published().order_by("-published_on", "-pk")

    def lastmod(self, comparison):
        return comparison.updated_at


class RoleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Role.objects.order_by("name")

    def lastmod(self, role):
        return role.updated_at


SITEMAPS = {"comparisons": ComparisonSitemap, "roles": RoleSitemap}

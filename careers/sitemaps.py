"""Sitemap sections of the careers app (comparisons and roles)."""

SITEMAPS = {}

"""Sitemap sections of the jobs app (visible listings and companies)."""

SITEMAPS = {}

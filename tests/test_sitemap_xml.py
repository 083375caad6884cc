"""The sitemap pages' XML written in Python is byte for byte what Django's template writes."""

from datetime import UTC, date, datetime

from django.template.loader import render_to_string

from config.views import urlset_xml


def test_the_same_bytes_as_djangos_sitemap_template():
    urls = [
        {
            "location": "https://jobs.example.org/jobs/1/data-engineer/?a=1&b=<2>",
            "lastmod": datetime(2026, 6, 15, 23, 30, tzinfo=UTC),
            "changefreq": "daily",
            "priority": "0.8",
            "alternates": [],
        },
        {"location": "https://jobs.example.org/salaries/", "lastmod": date(2026, 1, 2)},
        {
            "location": "https://jobs.example.org/careers/x/",
            "lastmod": None,
            "changefreq": None,
            "priority": "",
            "alternates": [{"lang_code": "de", "location": "https://jobs.example.org/de/x/"}],
        },
    ]
    for urlset in (urls, urls[:1], []):
        assert urlset_xml(urlset) == render_to_string("sitemap.xml", {"urlset": urlset})

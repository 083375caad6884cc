"""The fixed URL set of one board: the searches, the htmx fragment, 1,000 job and company
pages, the home page, careers, salaries, the feeds and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlparse

from bench.board.searches import SEARCHES
from bench.loadtest.server import fetch

# The deep page of bench/explain_jobs.py's searches, requested further down the list here.
DEEP_PAGE = ("page=40", "page=100")
HTMX_SEARCH = "/jobs/?q=pytorch"
FEED_QUERY = "?seniority=SE&workplace=remote"


def sitemap_section(port: int) -> str | None:
    """The first section of /sitemap.xml when it is a sitemap index, else None."""
    status, body = fetch(port, "/sitemap.xml")
    if status != 200:
        return None
    root = ElementTree.fromstring(body)
    if not root.tag.endswith("sitemapindex"):
        return None
    for element in root.iter():
        if element.tag.endswith("loc") and element.text:
            location = urlparse(element.text.strip())
            return location.path + (f"?{location.query}" if location.query else "")
    return None


def targets(facts: dict, port: int, work: Path) -> list[dict]:
    """The fixed URL set of one board: label, path, headers, list of paths (or None)."""

    def one(label: str, path: str | None, headers: dict | None = None) -> dict | None:
        if path is None:
            print(f"  (no {label} on this board: left out)")
            return None
        return {"label": label, "path": path, "headers": headers or {}, "paths_file": None}

    def many(label: str, paths: list[str], name: str) -> dict:
        paths_file = work / f"{facts['database']}-{name}.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        return {"label": label, "path": paths[0], "headers": {}, "paths_file": str(paths_file)}

    searches = [url.replace(*DEEP_PAGE) for _, url in SEARCHES]
    section = sitemap_section(port)
    distinct = facts["distinct_company_paths"]
    found = [
        *(one(url, url) for url in searches),
        one(f"{HTMX_SEARCH} (htmx fragment)", HTMX_SEARCH, {"HX-Request": "true"}),
        many(f"job pages ({len(facts['job_paths']):,} listings)", facts["job_paths"], "jobs"),
        many(
            f"company pages (the companies of those listings: {distinct:,})",
            facts["company_paths"],
            "companies",
        ),
        one("/ (home)", "/"),
        one(f"{facts['article']} (article)", facts["article"]),
        one("/careers/", "/careers/"),
        one(f"{facts['role']} (role)", facts["role"]),
        one("/salaries/", "/salaries/"),
        one(facts["salary"], facts["salary"]),
        one(f"/jobs/feed/rss/{FEED_QUERY}", f"/jobs/feed/rss/{FEED_QUERY}"),
        one(f"/jobs/feed/atom/{FEED_QUERY}", f"/jobs/feed/atom/{FEED_QUERY}"),
        one("/sitemap.xml", "/sitemap.xml"),
    ]
    if section:
        found.append(one(f"{section} (sitemap section)", section))
    else:
        print("  /sitemap.xml is not a sitemap index: no section measured")
    return [target for target in found if target]

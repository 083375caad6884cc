"""The pages show exactly what they showed before the speed work: a golden-output test.

With the clock frozen, a board of 3,000 listings (``tests/golden_board.py``), the careers demo
and the shipped salary survey are loaded, and every URL of the load benchmark's set (every
search, the htmx fragment, job and company pages, home, careers, salary pages, both feeds of a
search, the sitemap) is requested. Each answer must equal the one stored in
``tests/data/golden/`` by the code before the change: the same listings in the same order, the
same facet counts, notices and JSON-LD. A per-request CSP nonce, which cacheable pages must not
carry (config/page_cache.py), would be written as NONCE and differ from the stored answers.

The sitemap became an index of sections: the set of page URLs its sections list must equal
the URLs the single sitemap listed.

To store the answers anew (only when a change of what pages show is intended)::

    GOLDEN_UPDATE=1 .venv/bin/pytest tests/test_golden_pages.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine

from tests.golden_board import FROZEN_AT, build_board

GOLDEN = Path(os.environ.get("GOLDEN_DIR") or Path(__file__).parent / "data" / "golden")
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"

SEARCHES = [
    "/jobs/",
    "/jobs/?q=pytorch",
    "/jobs/?q=vision",
    "/jobs/?q=nimbus",
    "/jobs/?q=pytorch+engineer",
    "/jobs/?q=ai",
    "/jobs/?q=ml",
    "/jobs/?location=munich",
    "/jobs/?seniority=SE&workplace=remote&country=DE",
    "/jobs/?salary_min=250000",
    "/jobs/?salary_min=150000&currency=EUR&sort=salary",
    "/jobs/?q=engineer&seniority=SE&seniority=EX&employment_type=FT&workplace=remote"
    "&workplace=hybrid&country=US&location=san&salary_min=150000&posted=30",
    "/jobs/?workplace=remote&page=40",
    "/jobs/?workplace=remote&page=100",
    "/jobs/?workplace=remote&page=3",
    "/jobs/?page=2",
    "/jobs/?page=5",
    "/jobs/?page=60",
    "/jobs/?seniority=EX",
    "/jobs/?seniority=EX&page=2",
    "/jobs/?q=data&page=4",
    "/jobs/?posted=7",
    "/jobs/?posted=1",
    "/jobs/?sort=salary&page=2",
    "/jobs/?employment_type=IN&employment_type=CT",
    "/jobs/?country=GB&workplace=hybrid",
    "/jobs/?seniority=se&seniority=XX&page=zero&country=zz&salary_min=-5",
    "/jobs/?q=zzzznothing",
]
JOB_IDS = [1, 2, 3, 17, 42, 250, 251, 500, 777, 1000, 1234, 1500, 1999, 2222, 2500, 2750, 2999]
COMPANY_SLUGS = ["nimbus-labs", "quantum-labs", "vector-ai", "helix-data", "lumen-robotics-2"]
OTHER_URLS = [
    "/",
    "/careers/",
    "/careers/data-engineer-vs-data-scientist/",
    "/careers/mlops-engineer-vs-machine-learning-engineer/",
    "/careers/roles/data-engineer/",
    "/salaries/",
    "/salaries/data-scientist/",
    "/salaries/data-scientist/?experience=SE&country=US",
    "/salaries/data-engineer/?experience=MI",
    "/jobs/feed/rss/",
    "/jobs/feed/atom/",
    "/jobs/feed/rss/?seniority=SE&workplace=remote",
    "/jobs/feed/atom/?seniority=SE&workplace=remote",
    "/jobs/feed/rss/?q=engineer&country=DE",
    "/companies/nimbus-labs/?page=2",
]
HTMX_URL = "/jobs/?seniority=SE&workplace=remote"


def golden_urls() -> list[tuple[str, dict]]:
    urls = [(url, {}) for url in SEARCHES]
    urls.append((HTMX_URL, {"HTTP_HX_REQUEST": "true"}))
    urls += [(f"/jobs/{pk}/", {"follow": True}) for pk in JOB_IDS]
    urls += [(f"/companies/{slug}/", {}) for slug in COMPANY_SLUGS]
    urls += [(url, {}) for url in OTHER_URLS]
    return urls


def file_name(url: str, extra: dict) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_") or "root"
    if extra.get("HTTP_HX_REQUEST"):
        name += "__htmx"
    return f"{name}.txt"


def normalised(body: str) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce="NONCE"', body)


def answer(client, url: str, extra: dict) -> str:
    extra = dict(extra)
    follow = extra.pop("follow", False)
    response = client.get(url, follow=follow, **extra)
    chain = " ".join(f"{code}:{target}" for target, code in getattr(response, "redirect_chain", []))
    head = f"{response.status_code} {response['Content-Type']} {chain}".rstrip()
    return f"{head}\n\n{normalised(response.content.decode())}"


def sitemap_page_urls(client) -> list[str]:
    """Every page URL the sitemap lists, following an index into its sections."""
    pending, pages = ["/sitemap.xml"], []
    while pending:
        response = client.get(pending.pop(0))
        assert response.status_code == 200
        locs = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        if b"<sitemapindex" in response.content:
            pending += [urlsplit(loc)._replace(scheme="", netloc="").geturl() for loc in locs]
        else:
            pages += locs
    return sorted(pages)


@pytest.fixture
def frozen_board(db):
    from careers import demo as careers_demo
    from jobs.salaries.importing import SHIPPED_SURVEY, import_survey

    with time_machine.travel(FROZEN_AT, tick=False):
        build_board()
        import_survey(SHIPPED_SURVEY)
        careers_demo.seed(open(os.devnull, "w"))  # noqa: SIM115
        yield


def test_every_page_answers_as_before(frozen_board, client):
    GOLDEN.mkdir(parents=True, exist_ok=True)
    mismatches = []
    for url, extra in golden_urls():
        text = answer(client, url, extra)
        path = GOLDEN / file_name(url, extra)
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            first = next(
                (n for n, (a, b) in enumerate(zip(text, expected, strict=False)) if a != b),
                min(len(text), len(expected)),
            )
            mismatches.append(
                f"{url}: differs from {path.name} at character {first}:\n"
                f"  now:    {text[max(0, first - 80) : first + 120]!r}\n"
                f"  before: {expected[max(0, first - 80) : first + 120]!r}"
            )
    assert not mismatches, "\n".join(mismatches)


def test_sitemap_lists_the_same_pages_as_before(frozen_board, client):
    path = GOLDEN / "sitemap_urls.json"
    urls = sitemap_page_urls(client)
    if UPDATE:
        path.write_text(json.dumps(urls, indent=0) + "\n", encoding="utf-8")
        return
    assert urls == json.loads(path.read_text(encoding="utf-8"))


def test_the_golden_answers_are_stored_and_varied():
    """The comparison above is only as good as what was stored: real pages, with listings."""
    if UPDATE:
        pytest.skip("storing the answers")
    stored = {path.name: path.read_text(encoding="utf-8") for path in GOLDEN.glob("*.txt")}
    assert len(stored) == len(golden_urls())
    list_page = stored[file_name("/jobs/", {})]
    assert list_page.startswith("200 text/html")
    assert list_page.count('class="job-card') >= 25 or list_page.count("<article") >= 25
    assert "3,000" not in list_page  # visible listings only, not every row
    assert sum(text.startswith("404 ") for text in stored.values()) >= 1  # a draft's page
    assert sum("application/ld+json" in text for text in stored.values()) >= 5

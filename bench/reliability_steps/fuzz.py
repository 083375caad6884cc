"""Step 1: fuzzed URLs over every public route, from several clients at once: 0 answers 5xx,
0 timeouts."""

from __future__ import annotations

import random
import time

from bench.reliability_steps import STEP_SECONDS
from bench.reliability_steps.client import hammer

FUZZ_URLS = 10_000
FUZZ_CLIENTS = 6
LONGEST_URL = 3000

GARBAGE = [
    "",
    "%ff%fe",
    "%c3%28",
    "%00",
    "%",
    "%zz",
    "\u00e9\u00e8",
    "%F0%9F%98%80",
    "%E2%80%AE",
    "-1",
    "0",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "1.5",
    "0x10",
    "' OR 1=1 --",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "a" * 2000,
    "x" * 9000,
    "%20" * 300,
    "SE%2CMI",
    "true",
    "[]",
    "{}",
]
LIST_PARAMETERS = {
    "q": ["pytorch", "data engineer", "ai", "r", "c++", "\u00fcber", "\u201cquoted\u201d"],
    "seniority": ["EN", "MI", "SE", "EX", "se"],
    "employment_type": ["FT", "PT", "CT", "FL", "IN"],
    "workplace": ["remote", "hybrid", "onsite"],
    "country": ["US", "DE", "GB", "IN", "zz"],
    "location": ["munich", "san", "new york", "Z\u00fcrich"],
    "salary_min": ["50000", "150000", "250000", "0"],
    "currency": ["USD", "EUR", "INR", "XXX"],
    "sort": ["salary", "newest", "relevance"],
    "posted": ["1", "7", "30"],
    "page": ["1", "2", "40", "100", "2000"],
    "skill": ["python", "spark"],
    "utm_source": ["newsletter"],
}
SALARY_PARAMETERS = {
    "country": ["US", "DE", "GB"],
    "experience": ["EN", "MI", "SE", "EX"],
    "employment_type": ["FT", "PT", "CT", "FL"],
    "remote_ratio": ["0", "50", "100"],
    "year": ["2023", "2024", "2025"],
    "page": ["1", "3"],
    "q": ["data", "engineer"],
}
UNKNOWN_PATHS = [
    "/wp-login.php",
    "/.env",
    "/jobs/0/",
    "/jobs/99999999999999999999/",
    "/jobs/abc/",
    "/jobs/1/%ff/",
    "/companies/%00/",
    "/careers/roles/%F0%9F%98%80/",
    "/salaries/%ff/",
    "/static/../settings.py",
    "/admin/../etc/passwd",
    "/sitemap-nope.xml",
    "/sitemap-jobs.xml?p=999999",
    "/sitemap-jobs.xml?p=-1",
    "/sitemap-jobs.xml?p=%ff",
    "/" + "a" * 3000,
    "/jobs//",
    "/jobs/feed/",
    "/careers/preview/1/",
    "/careers/preview/999999999999999999999/",
]


def fuzz_value(rng: random.Random, good: list[str]) -> str:
    roll = rng.random()
    if roll < 0.45:
        return good[rng.randrange(len(good))].replace(" ", "+")
    if roll < 0.9:
        return GARBAGE[rng.randrange(len(GARBAGE))]
    return "".join(rng.choice("abcXYZ019%&=+;,#?/") for _ in range(rng.randrange(1, 40)))


def fuzz_query(rng: random.Random, parameters: dict[str, list[str]]) -> str:
    names = [*list(parameters), "hx", "format", "%ff", "a" * 300, ""]
    parts = []
    for _ in range(rng.randrange(0, 7)):
        name = rng.choice(names)
        repeats = 1 if rng.random() < 0.8 else rng.randrange(2, 30)
        for _ in range(repeats):
            parts.append(f"{name}={fuzz_value(rng, parameters.get(name, ['x']))}")
    if rng.random() < 0.05:
        parts.append("&&&==&")
    return "?" + "&".join(parts) if parts else ""


def fuzzed_urls(count: int, facts: dict, seed: int = 20261202) -> list[str]:
    rng = random.Random(seed)
    jobs, companies = facts["job_paths"], facts["company_paths"]
    roots = [
        lambda: "/jobs/" + fuzz_query(rng, LIST_PARAMETERS),
        lambda: "/jobs/feed/rss/" + fuzz_query(rng, LIST_PARAMETERS),
        lambda: "/jobs/feed/atom/" + fuzz_query(rng, LIST_PARAMETERS),
        lambda: "/" + fuzz_query(rng, LIST_PARAMETERS),
        lambda: rng.choice(jobs) + fuzz_query(rng, LIST_PARAMETERS),
        lambda: rng.choice(jobs).rsplit("/", 2)[0] + "/" + fuzz_value(rng, ["x"]) + "/",
        lambda: rng.choice(companies) + fuzz_query(rng, LIST_PARAMETERS),
        lambda: "/careers/" + fuzz_query(rng, {"page": ["1", "2"], "q": ["data"]}),
        lambda: facts["article"] + fuzz_query(rng, {"page": ["1"]}),
        lambda: facts["role"] + fuzz_query(rng, {"page": ["1"]}),
        lambda: "/careers/feed/rss/" + fuzz_query(rng, {"page": ["1"]}),
        lambda: "/careers/feed/atom/" + fuzz_query(rng, {"page": ["1"]}),
        lambda: "/salaries/" + fuzz_query(rng, SALARY_PARAMETERS),
        lambda: facts["salary"].split("?")[0] + fuzz_query(rng, SALARY_PARAMETERS),
        lambda: "/sitemap.xml" + fuzz_query(rng, {"p": ["1", "2"]}),
        lambda: "/sitemap-jobs.xml" + fuzz_query(rng, {"p": ["1", "2", "3", "40"]}),
        lambda: "/robots.txt" + fuzz_query(rng, {}),
        lambda: "/healthz" + fuzz_query(rng, {}),
        lambda: "/admin/login/" + fuzz_query(rng, {"next": ["/admin/", "//evil.example"]}),
        lambda: rng.choice(UNKNOWN_PATHS),
    ]
    urls = []
    for _ in range(count):
        url = rng.choice(roots)()
        # gunicorn refuses a request line over 4,094 bytes (414) before Django sees it, as
        # nginx does over 8 KB: keep 5 % of the long ones to check that answer, and shorten
        # the others (at a parameter boundary) so that the application gets them.
        if len(url) > LONGEST_URL and rng.random() > 0.05:
            url = url[:LONGEST_URL].rsplit("&", 1)[0]
        urls.append(url)
    return urls


def step_fuzz(context: dict) -> dict:
    port = context["board_port"]
    urls = fuzzed_urls(context["arguments"].fuzz, context["facts"])
    started = time.monotonic()
    threads, outcomes = hammer(port, urls, FUZZ_CLIENTS)
    for thread in threads:
        thread.join(STEP_SECONDS)
    seconds = time.monotonic() - started
    statuses: dict = {}
    failures = []
    for _start, _end, status, path in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
        if not isinstance(status, int) or status >= 500:
            failures.append((status, path))
    server_errors = sum(1 for status, _ in failures if isinstance(status, int))
    timeouts = sum(1 for status, _ in failures if not isinstance(status, int))
    return {
        "name": "Fuzzed URLs over every public route",
        "requirement": f"{len(urls):,} URLs: 0 answers 5xx, 0 timeouts",
        "measured": (
            f"{len(outcomes):,} answered in {seconds:.0f} s: "
            + ", ".join(
                f"{count:,} x {status}" for status, count in sorted(statuses.items(), key=str)
            )
            + f"; 5xx: {server_errors}, timeouts or errors: {timeouts}"
        ),
        "passed": len(outcomes) == len(urls) and not failures,
        "details": [f"{status} {path[:200]}" for status, path in failures[:20]],
    }

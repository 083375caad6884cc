"""The reliability suite (``make bench-reliability``): the production stack on PostgreSQL at
100,000 listings, attacked and broken on purpose, with a table of figures.

Each step is bounded in time, talks to 127.0.0.1 only and stops what it started:

1. **Fuzzed URLs**: 10,000 URLs over every public route (garbage and repeated parameters,
   invalid UTF-8, huge numbers, long values, unknown paths) against gunicorn on the load
   test's 50-day board (``jb_load_50``, built by ``bench/load_data.py`` when missing or a day
   old) with no page cache: 0 answers 5xx, 0 timeouts. The web processes' statement timeout
   (5 s) answers 503: a fuzzed URL that hits it is a failure too (a slow query to fix).
2. **Hostile text**: 50 payloads (script tags, event handlers, ``javascript:`` links, broken
   markup, ``</script>``, JSON-breaking quotes) in every editor text field of a board of its
   own (``jb_reliability_hostile``), five payloads per object, loaded in Chromium: every
   public page, the admin's lists and change forms, and the feeds' HTML decoded and rendered
   as a reader would (without the site's CSP): 0 dialogs, 0 scripts run, 0 CSP violations.
3. **Wrong logins**: 50 wrong passwords for one account from one client address: locked
   after the configured number of failures (django-axes), the right password refused while
   locked.
4. **Database restart**: a PostgreSQL cluster of its own (initdb on a high port, run as the
   ``postgres`` user; never the machine's own) stopped for 3 s and started again while 8
   clients request uncached pages: only 503 while it is down, the first 200 within 2 s after
   it accepts connections again.
5. **A worker killed**: two of the three gunicorn workers killed (SIGKILL), one after the other,
   under load: at most one failed request per killed worker.
6. **A broken import**: 100,000 rows with one bad line at the end into an empty database:
   nothing written, the line named.
7. **Cached pages at 64 connections**: 60 s of wrk over the load test's pages with the page
   cache on Redis (a key prefix of the run): 0 errors.

Results: ``bench/results/<date>-<host>-reliability.md`` and printed. Never part of .ci/run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import import_jobs_bench as importing  # noqa: E402
from bench.load import (  # noqa: E402
    RESULTS,
    Server,
    ensure_wrk,
    fetch,
    load_average,
    run_wrk,
    server_environment,
)
from bench.scale import as_postgres, postgres_bin  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
PORTS = {"board": 8771, "hostile": 8772, "restart": 8773, "cached": 8774, "cluster": 55440}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FUZZ_URLS = 10_000
FUZZ_CLIENTS = 6
LONGEST_URL = 3000
REQUEST_TIMEOUT = 30.0
STEP_SECONDS = 900


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=SERVER, help="the machine's PostgreSQL (boards)")
    parser.add_argument(
        "--board", default="jb_load_50", help="the 50-day board's database (jb_load_*)"
    )
    parser.add_argument("--fuzz", type=int, default=FUZZ_URLS, help="fuzzed URLs (10,000)")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--cached-seconds", type=float, default=60)
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated steps: fuzz,hostile,logins,restart,kill,import,cached",
    )
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    return parser.parse_args()


# -- HTTP ------------------------------------------------------------------------------------


def request(port: int, path: str, method="GET", body=None, headers=None, timeout=REQUEST_TIMEOUT):
    """(status, headers, body) of one request on a new connection; the path is sent as it is
    (invalid percent-encodings included). Raises OSError/HTTPException on a failure."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        # Non-ASCII characters as a browser sends them (UTF-8, percent-encoded); a malformed
        # percent-encoding such as %ff or %zz goes out as it is.
        path = quote(path, safe="/?&=%#+;,:@!$'()*~[]{}|^`\\\"<> ")
        path = path.replace(" ", "%20")
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "127.0.0.1")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def hammer(port: int, paths: list[str], clients: int, stop: threading.Event | None = None):
    """Request the paths from ``clients`` threads (until ``stop`` when given, cycling); each
    outcome as (started, finished, status or an error name, path)."""
    outcomes: list[tuple] = []
    lock = threading.Lock()
    position = iter(range(10**9))

    def client():
        while True:
            index = next(position)
            if stop is None and index >= len(paths):
                return
            if stop is not None and stop.is_set():
                return
            path = paths[index % len(paths)]
            started = time.monotonic()
            try:
                status = request(port, path)[0]
            except TimeoutError:
                status = "timeout"
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            with lock:
                outcomes.append((started, time.monotonic(), status, path))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return threads, outcomes


# -- 1. Fuzzed URLs ----------------------------------------------------------------------------


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


# -- 2. Hostile text in Chromium ---------------------------------------------------------------


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    '"><img src=x onerror=alert(3)>',
    "'><svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    "<body onload=alert(6)>",
    "<iframe src=javascript:alert(7)></iframe>",
    '<a href="javascript:alert(8)">click</a>',
    "[click](javascript:alert(9))",
    "[click](JaVaScRiPt:alert(10))",
    "![x](javascript:alert(11))",
    '<a href="jav&#x09;ascript:alert(12)">tab</a>',
    "`<img src=x onerror=alert(13)>`",
    "```\n<script>alert(14)</script>\n```",
    "</script><script>alert(15)</script>",
    "</title><script>alert(16)</script>",
    "</textarea><script>alert(17)</script>",
    "</style><script>alert(18)</script>",
    '"};alert(19);//',
    "'};alert(20);//",
    '\\"};alert(21);//',
    "</script><img src=x onerror=alert(22)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(23)>",
    "<details open ontoggle=alert(24)>",
    "<video><source onerror=alert(25)></video>",
    "<input autofocus onfocus=alert(26)>",
    "<marquee onstart=alert(27)>",
    '<object data="javascript:alert(28)">',
    '<embed src="javascript:alert(29)">',
    "<form action=javascript:alert(30)><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(31)">',
    "<base href=javascript:alert(32)//>",
    '<div style="background:url(javascript:alert(33))">x</div>',
    "<<script>alert(34)//<</script>",
    "<scr<script>ipt>alert(35)</scr</script>ipt>",
    "&lt;script&gt;alert(36)&lt;/script&gt;",
    "&#60;script&#62;alert(37)&#60;/script&#62;",
    "%3Cscript%3Ealert(38)%3C/script%3E",
    '<img src="x" onerror="&#97;lert(39)">',
    '<a href="data:text/html,<script>alert(40)</script>">data</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0MSk8L3NjcmlwdD4=)",
    "<svg/onload=alert(42)>",
    "<img src=x:alert(43) onerror=eval(src)>",
    '<p title="</p><img src=x onerror=alert(44)>">',
    '<!--<img src="--><img src=x onerror=alert(45)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(46)>">',
    "<template><script>alert(47)</script></template>",
    "javascript:alert(48)",
    "\u2028\u2029<script>alert(49)</script>",
]
assert len(PAYLOADS) == 50, len(PAYLOADS)
PER_OBJECT = 5

HOSTILE_SETUP = r"""
import json, sys
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from careers.models import Comparison, Role
from jobs.models import Company, Job, Skill

payloads = json.loads(sys.stdin.read())
now = timezone.now()
paths = {"jobs": [], "companies": [], "articles": [], "roles": [], "admin": []}
for number in range(0, len(payloads), 5):
    group = payloads[number:number + 5]
    text = "\n\n".join(group)
    line = " | ".join(p.replace("\n", " ") for p in group)
    n = number // 5
    company = Company.objects.create(
        name=f"Hostile {n} {line}"[:200], slug=f"hostile-{n}",
        website="https://hostile.example", description=line[:1000])
    skill = Skill.objects.create(name=f"S{n} {group[0]}"[:60], slug=f"hostile-skill-{n}")
    job = Job.objects.create(
        title=f"Engineer {n} {line}"[:200], slug=f"hostile-engineer-{n}", company=company,
        description=f"# {group[0]}\n\n{text}\n\n* {group[1]}\n\n`{group[2]}`",
        apply_email='"x?bcc=spy@evil.example"@acme.example' if n == 0 else "",
        apply_url="" if n == 0 else f"https://hostile.example/apply/{n}",
        seniority="SE", workplace="hybrid", city=line[:100], region=group[3][:100],
        country="US", status="published", published_at=now - timedelta(hours=n + 1),
        featured_until=now + timedelta(days=5),
        salary_min=100000, salary_max=150000, salary_currency_id="USD", salary_period="year")
    job.skills.add(skill)
    role_a = Role.objects.create(
        name=f"Role {n}a {line}"[:120], slug=f"hostile-role-{n}a", definition=text,
        responsibilities=group, skills=group, education=group, tools=group,
        industries=group, tips=group, tips_intro=line, keywords=group[:1])
    role_b = Role.objects.create(name=f"Role {n}b", slug=f"hostile-role-{n}b")
    comparison = Comparison.objects.create(
        role_a=role_a, role_b=role_b, title=f"Comparison {n} {line}"[:200],
        slug=f"hostile-comparison-{n}", subtitle=line[:200], intro=text, outlook=text,
        conclusion=text, status="published",
        published_on=timezone.localdate() - timedelta(days=1))
    paths["jobs"].append(job.get_absolute_url())
    paths["companies"].append(company.get_absolute_url())
    paths["articles"].append(comparison.get_absolute_url())
    paths["roles"].append(role_a.get_absolute_url())
    paths["admin"] += [f"/admin/jobs/job/{job.pk}/change/",
                       f"/admin/careers/comparison/{comparison.pk}/change/",
                       f"/admin/careers/role/{role_a.pk}/change/",
                       f"/admin/jobs/company/{company.pk}/change/"]
User.objects.create_superuser("reliability", password="reliability-" + "x" * 20)
print(json.dumps(paths))
"""

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + (event.sample || event.blockedURI));
});
"""


def manage(database_url: str, *arguments: str, stdin: str | None = None, timeout=600):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_ENV_FILE": "-",
        "CACHE_URL": "dummy://",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def recreate(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    assert name.startswith("jb_reliability"), name
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    assert name.startswith("jb_reliability"), name
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def feed_fragments(port: int, path: str) -> list[str]:
    body = request(port, path)[2]
    root = ET.fromstring(body)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "description" or (
            tag in {"summary", "content"} and element.get("type") == "html"
        ):
            found.append(element.text or "")
    return found


def step_hostile(context: dict) -> dict:
    from playwright.sync_api import sync_playwright

    arguments, work = context["arguments"], context["work"]
    url = f"{arguments.server.rstrip('/')}/jb_reliability_hostile"
    recreate(url)
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        output = manage(url, "shell", "-c", HOSTILE_SETUP, stdin=json.dumps(PAYLOADS)).stdout
        paths = json.loads(output.strip().splitlines()[-1])
        port = PORTS["hostile"]
        environment = server_environment(
            url, context["secret"], context["static_root"], port, "dummy://"
        )
        server = Server(environment, port, work / "gunicorn-hostile.log")
        server.start()
        loads, dialogs, violations, problems = 0, [], [], []
        try:
            public = [
                "/",
                "/jobs/",
                "/jobs/?q=engineer",
                "/careers/",
                *paths["jobs"],
                *paths["companies"],
                *paths["articles"],
                *paths["roles"],
            ]
            admin_pages = [
                "/admin/jobs/job/",
                "/admin/jobs/company/",
                "/admin/jobs/skill/",
                "/admin/careers/comparison/",
                "/admin/careers/role/",
                *paths["admin"],
            ]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                page = browser.new_page()
                page.add_init_script(WATCH)
                page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
                base = f"http://127.0.0.1:{port}"
                # The detector itself: a live handler in a page must be caught.
                control = browser.new_page()
                caught = []
                control.on("dialog", lambda dialog: (caught.append(1), dialog.dismiss()))
                control.set_content("<img src=x onerror=alert('control')>", wait_until="load")
                control.wait_for_timeout(200)
                control.close()
                if caught != [1]:
                    problems.append("the detector missed a live onerror handler")

                def visit(path):
                    nonlocal loads
                    response = page.goto(base + path, wait_until="load")
                    loads += 1
                    page.wait_for_timeout(50)
                    if response is None or response.status != 200:
                        problems.append(f"{path}: {response.status if response else 'no answer'}")
                    found = page.evaluate("window.__violations")
                    violations.extend(f"{path}: {item}" for item in found)
                    ran = page.evaluate("typeof window.__pwned !== 'undefined'")
                    if ran:
                        problems.append(f"{path}: a payload ran")

                for path in public:
                    visit(path)
                page.goto(base + "/admin/login/")
                page.fill("#id_username", "reliability")
                page.fill("#id_password", "reliability-" + "x" * 20)
                page.click("input[type=submit]")
                page.wait_for_url(base + "/admin/")
                for path in admin_pages:
                    visit(path)
                # Feeds as a reader renders them: their HTML decoded, in a page without the
                # site's CSP (a reader applies none).
                for path in (
                    "/jobs/feed/rss/",
                    "/jobs/feed/atom/",
                    "/careers/feed/rss/",
                    "/careers/feed/atom/",
                ):
                    fragments = feed_fragments(port, path)
                    reader = browser.new_page()
                    reader.on(
                        "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
                    )
                    reader.set_content(
                        "<!doctype html><html><body>"
                        + "".join(f"<article>{fragment}</article>" for fragment in fragments)
                        + "</body></html>",
                        wait_until="load",
                    )
                    reader.wait_for_timeout(200)
                    loads += 1
                    if not fragments:
                        problems.append(f"{path}: no items")
                    reader.close()
                browser.close()
        finally:
            server.stop()
    finally:
        drop(url)
    return {
        "name": "Hostile text in every editor field, in Chromium",
        "requirement": f"{len(PAYLOADS)} payloads: 0 scripts run, 0 dialogs",
        "measured": (
            f"{loads} page loads (public pages, admin lists and change forms, 4 feeds rendered "
            f"as a reader would; the detector caught its control payload): {len(dialogs)} "
            f"dialogs, {len(violations)} CSP violations, "
            f"{len(problems)} other problems"
        ),
        "passed": not dialogs and not violations and not problems and loads > 0,
        "details": [*dialogs[:10], *violations[:10], *problems[:10]],
    }


# -- 3. Wrong logins -----------------------------------------------------------------------------


def login_attempt(port: int, username: str, password: str, client_address: str) -> tuple[int, str]:
    status, headers, body = request(
        port, "/admin/login/", headers={"X-Forwarded-For": client_address}
    )
    cookie = ""
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    token = ""
    text = body.decode(errors="replace")
    marker = 'name="csrfmiddlewaretoken" value="'
    if marker in text:
        token = text.split(marker, 1)[1].split('"', 1)[0]
    if status == 429 or not token:
        # Locked already: the page itself says so. Post anyway, as an attacker would.
        pass
    form = (
        f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=%2Fadmin%2F"
    ).encode()
    status, headers, body = request(
        port,
        "/admin/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": client_address,
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
    )
    return status, body.decode(errors="replace")


def step_logins(context: dict) -> dict:
    port = context["board_port"]
    url = context["board_url"]
    password = "reliability-" + secrets.token_hex(8)
    username = f"reliability-{secrets.token_hex(3)}"
    manage(
        url,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user({username!r}, password={password!r}, is_staff=True)",
    )
    address = f"203.0.113.{random.randrange(1, 250)}"
    statuses = []
    locked_at = None
    try:
        for attempt in range(1, 51):
            status, text = login_attempt(port, username, "wrong-password", address)
            statuses.append(status)
            if locked_at is None and status == 429 and "Sign-in locked" in text:
                locked_at = attempt
        right_status, _right_text = login_attempt(port, username, password, address)
    finally:
        manage(
            url,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; from axes.models import AccessAttempt, "
            f"AccessFailureLog, AccessLog; User.objects.filter(username={username!r}).delete(); "
            f"AccessAttempt.objects.filter(username={username!r}).delete(); "
            f"AccessFailureLog.objects.filter(username={username!r}).delete(); "
            f"AccessLog.objects.filter(username={username!r}).delete()",
        )
    limit = context["failure_limit"]
    refused = right_status == 429
    return {
        "name": "50 wrong logins for one account",
        "requirement": f"locked after {limit} failures, the right password refused while locked",
        "measured": (
            f"answers: {statuses.count(200)} x 200 (form again), {statuses.count(429)} x 429; "
            f"locked at attempt {locked_at}; then the right password: {right_status}"
            + (" (refused)" if refused else "")
        ),
        "passed": locked_at == limit and refused and all(s == 429 for s in statuses[limit - 1 :]),
        "details": [],
    }


# -- 4. Database restart -----------------------------------------------------------------------


def step_restart(context: dict) -> dict:
    work = context["work"]
    data = work / "cluster"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwnam("postgres")
        os.chown(data, owner.pw_uid, owner.pw_gid)
        os.chown(work, owner.pw_uid, owner.pw_gid)
    port = PORTS["cluster"]
    log = work / "cluster.log"
    pg_ctl = postgres_bin("pg_ctl")
    as_postgres(
        [postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    )
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
        )
    start = [pg_ctl, "-D", str(data), "-l", str(log), "-w", "start"]
    stop = [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]
    as_postgres(start)
    server = None
    try:
        import psycopg

        url = f"postgres://postgres@127.0.0.1:{port}/jobboard"
        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE jobboard")
        manage(url, "migrate", "--noinput", "-v", "0")
        manage(url, "seed_demo")
        environment = server_environment(
            url, context["secret"], context["static_root"], PORTS["restart"], "dummy://"
        )
        server = Server(environment, PORTS["restart"], work / "gunicorn-restart.log")
        server.start()
        rng = random.Random(7)
        words = ["data", "engineer", "python", "remote", "senior", "ml", "ai", "scientist"]
        paths = [
            rng.choice(
                [
                    f"/jobs/?q={rng.choice(words)}&page={rng.randrange(1, 3)}",
                    f"/jobs/?seniority=SE&location={rng.choice(words)}",
                    "/",
                    "/careers/",
                    "/salaries/",
                ]
            )
            for _ in range(500)
        ]
        stop_event = threading.Event()
        threads, outcomes = hammer(PORTS["restart"], paths, 8, stop_event)
        time.sleep(4)
        down_at = time.monotonic()
        as_postgres(stop)
        stopped_at = time.monotonic()
        time.sleep(3)
        as_postgres(start)
        up_at = time.monotonic()
        time.sleep(6)
        stop_event.set()
        for thread in threads:
            thread.join(60)
    finally:
        if server:
            server.stop()
        with contextlib.suppress(Exception):
            as_postgres(stop)
    during = [o for o in outcomes if o[1] >= down_at and o[0] <= up_at]
    bad_during = [o for o in during if o[2] not in (200, 503)]
    after = sorted((o for o in outcomes if o[2] == 200 and o[1] > up_at), key=lambda o: o[1])
    first_ok = after[0][1] - up_at if after else None
    answered_503 = sum(1 for o in outcomes if o[2] == 503)
    failures = [o for o in outcomes if o[2] not in (200, 503)]
    return {
        "name": "PostgreSQL stopped for 3 s under load (a cluster of its own)",
        "requirement": "only 503 while down, the first 200 within 2 s after it is back",
        "measured": (
            f"{len(outcomes):,} requests; {answered_503} x 503 (Retry-After), "
            f"{len(failures)} others (500s, timeouts, resets); stopped in "
            f"{stopped_at - down_at:.1f} s; first 200 "
            + (
                f"{first_ok:.2f} s after it accepted connections"
                if first_ok is not None
                else "never"
            )
        ),
        "passed": not bad_during and not failures and first_ok is not None and first_ok <= 2.0,
        "details": [f"{o[2]} {o[3]}" for o in failures[:10]],
    }


# -- 5. Workers killed ---------------------------------------------------------------------------


def step_kill(context: dict) -> dict:
    server: Server = context["board_server"]
    port = context["board_port"]
    rng = random.Random(11)
    words = ["data", "engineer", "python", "vision", "nlp", "platform", "analyst", "research"]
    paths = [f"/jobs/?q={rng.choice(words)}&page={rng.randrange(1, 30)}" for _ in range(2000)]
    stop_event = threading.Event()
    threads, outcomes = hammer(port, paths, 8, stop_event)
    killed = []
    try:
        for _ in range(2):
            time.sleep(3)
            children = subprocess.run(
                ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
            ).stdout.split()
            if children:
                victim = int(children[0])
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
        time.sleep(4)
    finally:
        stop_event.set()
        for thread in threads:
            thread.join(60)
    failures = [o for o in outcomes if o[2] != 200]
    return {
        "name": "gunicorn workers killed (SIGKILL) under load",
        "requirement": "at most one failed request per killed worker",
        "measured": (
            f"{len(killed)} workers killed, {len(outcomes):,} requests, "
            f"{len(failures)} failed (" + ", ".join(sorted({str(o[2]) for o in failures})) + ")"
        ),
        "passed": len(killed) == 2 and len(failures) <= len(killed),
        "details": [f"{o[2]} {o[3]}" for o in failures[:10]],
    }


# -- 6. A broken import --------------------------------------------------------------------------


def step_import(context: dict) -> dict:
    arguments, work = context["arguments"], context["work"]
    url = f"{arguments.server.rstrip('/')}/jb_reliability_bench_import"
    recreate(url)
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        rows = importing.generate_rows(arguments.import_rows)
        path = work / "broken.csv"
        importing.write_csv(path, rows)
        # The physical line the bad record starts on (descriptions span several lines).
        with path.open(encoding="utf-8", newline="") as handle:
            bad_line = sum(1 for _ in handle) + 1
        with path.open("a", encoding="utf-8", newline="") as handle:
            bad = dict(rows[-1], title="Broken at the end", seniority="XX", country="Narnia")
            csv.DictWriter(handle, fieldnames=importing.COLUMNS).writerow(bad)
        started = time.monotonic()
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "1",
            "DJANGO_ENV_FILE": "-",
            "CACHE_URL": "dummy://",
        }
        completed = subprocess.run(
            [sys.executable, "manage.py", "import_jobs", str(path)],
            cwd=PROJECT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
        )
        seconds = time.monotonic() - started
        import psycopg

        with psycopg.connect(url) as connection:
            listings = connection.execute("SELECT COUNT(*) FROM jobs_job").fetchone()[0]
            companies = connection.execute("SELECT COUNT(*) FROM jobs_company").fetchone()[0]
        size = path.stat().st_size / 1024 / 1024
    finally:
        drop(url)
    named = f"line {bad_line}:" in completed.stderr
    return {
        "name": f"Import of {arguments.import_rows:,} rows with one bad line at the end",
        "requirement": "nothing written, the line named",
        "measured": (
            f"exit code {completed.returncode} after {seconds:.0f} s ({size:.0f} MB); "
            f"{listings} listings and {companies} companies written; "
            f"line {bad_line} named: {'yes' if named else 'no'}"
        ),
        "passed": completed.returncode != 0 and listings == 0 and companies == 0 and named,
        "details": completed.stderr.strip().splitlines()[-4:],
    }


# -- 7. Cached pages at 64 connections -----------------------------------------------------------


def step_cached(context: dict) -> dict:
    arguments, work, facts = context["arguments"], context["work"], context["facts"]
    port = PORTS["cached"]
    environment = server_environment(
        context["board_url"], context["secret"], context["static_root"], port, arguments.cache
    )
    server = Server(environment, port, work / "gunicorn-cached.log")
    server.start()
    try:
        paths = [
            "/",
            "/jobs/",
            "/jobs/?q=pytorch",
            "/jobs/?seniority=SE&workplace=remote&country=DE",
            "/jobs/?salary_min=150000&currency=EUR&sort=salary",
            "/careers/",
            facts["article"],
            facts["role"],
            "/salaries/",
            facts["salary"],
            "/jobs/feed/rss/?seniority=SE&workplace=remote",
            "/sitemap.xml",
            *facts["job_paths"][:200],
            *facts["company_paths"][:100],
        ]
        for path in paths:  # warm the cache
            fetch(port, path)
        paths_file = work / "cached-paths.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        wrk = ensure_wrk()
        target = {"path": paths[0], "headers": {}, "paths_file": str(paths_file), "size": None}
        result = run_wrk(wrk, port, target, 64, arguments.cached_seconds, 30)
    finally:
        server.stop()
    if "failure" in result:
        return {
            "name": "Cached pages, 64 connections",
            "requirement": f"{arguments.cached_seconds:.0f} s: 0 errors",
            "measured": result["failure"],
            "passed": False,
            "details": [],
        }
    hits = result.get("cache_hits", 0)
    return {
        "name": "Cached pages, 64 connections",
        "requirement": f"{arguments.cached_seconds:.0f} s: 0 errors",
        "measured": (
            f"{result['requests']:,} requests, {result['rps']:,.0f} req/s, p50 "
            f"{result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, {result['errors']} errors, "
            f"{hits / max(1, result['checked']):.1%} cache hits"
        ),
        "passed": result["errors"] == 0 and result["requests"] > 0,
        "details": [],
    }


# -- The run -------------------------------------------------------------------------------------


STEPS = {
    "fuzz": step_fuzz,
    "hostile": step_hostile,
    "logins": step_logins,
    "restart": step_restart,
    "kill": step_kill,
    "import": step_import,
    "cached": step_cached,
}


def report(context: dict, results: list[dict], started: datetime, seconds: float) -> str:
    lines = [
        "# Reliability suite: the production stack at 100,000 listings",
        "",
        f"- Generated by `bench/reliability.py` (`make bench-reliability`) on "
        f"{started:%Y-%m-%d %H:%M} UTC on `{platform.node()}` in {seconds / 60:.0f} min.",
        f"- Git commit: {context['commit']}.",
        f"- CPUs: {os.cpu_count()}; load average at the end {load_average()}.",
        "- Server: gunicorn, 3 sync workers, DEBUG off, `bench.settings`, the 50-day board "
        f"(`{context['arguments'].board}`: {context['facts']['listings']:,} listings, "
        f"{context['facts']['visible']:,} visible), the page cache off (`dummy://`) except in "
        "the last step (Redis).",
        "",
        "| check | requirement | measured | passed |",
        "|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result['name']} | {result['requirement']} | {result['measured']} | "
            f"{'yes' if result['passed'] else '**no**'} |"
        )
    for result in results:
        if result.get("details"):
            lines += ["", f"## {result['name']}: details", ""]
            lines += [f"- `{detail}`" for detail in result["details"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    arguments = parse_arguments()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()] or list(STEPS)
    unknown = set(chosen) - set(STEPS)
    if unknown:
        sys.exit(f"Unknown steps: {', '.join(sorted(unknown))}")
    started = datetime.now(UTC)
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
    work.chmod(0o755)
    static_root = work / "static"
    context = {
        "arguments": arguments,
        "work": work,
        "secret": secrets.token_urlsafe(64),
        "static_root": static_root,
        "commit": subprocess.run(
            ["git", "log", "-1", "--format=%h (%s)"], cwd=PROJECT, capture_output=True, text=True
        ).stdout.strip(),
    }
    print(f"Building or reusing the 50-day board ({arguments.board})...")
    board_url = f"{arguments.server.rstrip('/')}/{arguments.board}"
    facts_file = work / "facts.json"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "load_data.py"),
            "--database-url",
            board_url,
            "--days",
            "50",
            "--facts",
            str(facts_file),
        ],
        check=True,
        cwd=PROJECT,
        timeout=3600,
    )
    context["facts"] = json.loads(facts_file.read_text(encoding="utf-8"))
    context["board_url"] = board_url
    environment = server_environment(board_url, context["secret"], static_root, 0, "dummy://")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env={**environment, "SITE_URL": "http://127.0.0.1"},
        check=True,
        timeout=600,
    )
    context["failure_limit"] = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
    board = Server(
        server_environment(board_url, context["secret"], static_root, PORTS["board"], "dummy://"),
        PORTS["board"],
        work / "gunicorn-board.log",
    )
    context["board_server"], context["board_port"] = board, PORTS["board"]
    results = []
    needs_board = {"fuzz", "logins", "kill"}
    try:
        if needs_board & set(chosen):
            board.start()
        for name in chosen:
            print(f"== {name}", flush=True)
            step_started = time.monotonic()
            try:
                result = STEPS[name](context)
            except Exception as error:  # a step that breaks is a failed check, not a crash
                result = {
                    "name": name,
                    "requirement": "runs",
                    "measured": f"{type(error).__name__}: {error}"[:300],
                    "passed": False,
                    "details": [],
                }
            result["seconds"] = time.monotonic() - step_started
            print(f"   {result['measured']} -> {'passed' if result['passed'] else 'FAILED'}")
            for detail in result.get("details", [])[:5]:
                print(f"     {detail}")
            results.append(result)
    finally:
        board.stop()
    text = report(context, results, started, time.monotonic() - clock)
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    suffix = "" if chosen == list(STEPS) else "-" + "-".join(chosen)
    output = arguments.output_dir / f"{started:%Y-%m-%d}-{platform.node()}-reliability{suffix}.md"
    output.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Written to {output}")
    shutil.rmtree(work, ignore_errors=True)
    if not all(result["passed"] for result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()

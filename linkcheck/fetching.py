"""Checking apply links over HTTP with the site's one client (core/outbound.py), politely.

One URL: HEAD first, which costs the server nothing but headers. A direct 2xx is a working
link. GET follows when HEAD cannot be trusted or does not say enough:

- HEAD answered 400, 403, 405 or 501, or failed (many servers answer HEAD poorly);
- HEAD answered 404 or 410: a failure counts towards unpublishing, so GET confirms it;
- HEAD was redirected: the page it ends on is read (at most ``MAX_BYTES``) for the phrases
  that say the job is closed (linkcheck/pages.py).

The phrases are looked for only on a page the link *redirected* to. A job's own page that
answers 200 at its own address is an open job's page as far as the checker can tell: its text
is never read (an open job's page may well carry such words in a banner, a template or a list
of other jobs, and a false "closed" could unpublish a listing), and a HEAD is then enough,
which halves the requests. Applicant tracking systems send a closed job's link to their board
or to an error page, which is what a redirect catches.

Many URLs: grouped by host name; each host's URLs are checked one after the other with
``LINKCHECK_HOST_DELAY`` seconds between two requests to it (a HEAD and its GET too), and up to
``LINKCHECK_CONCURRENCY`` hosts at once in a small thread pool. The threads only fetch: every
database read and write happens in the calling thread.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from core import outbound
from linkcheck.models import Outcome
from linkcheck.pages import closed_phrase

logger = logging.getLogger(__name__)

# The most of a page that GET reads.
MAX_BYTES = 1_000_000
MAX_REDIRECTS = 5
# Statuses of a HEAD that many servers give to HEAD alone: GET decides.
HEAD_ANSWERED_POORLY = frozenset({400, 403, 405, 501})
# The statuses that say the page is gone.
GONE = frozenset({404, 410})


@dataclass(frozen=True)
class Result:
    outcome: str
    status: int | None = None
    final_url: str = ""
    detail: str = ""


def judged(response: outbound.Response, *, read: bool = False) -> Result:
    """What an answer says of the link; ``read``: whether its body was read (a GET)."""
    status = response.status
    if status in GONE:
        return Result(Outcome.BROKEN_STATUS, status, response.url, f"HTTP {status}")
    if 200 <= status < 300:
        if read and response.redirects:
            phrase = closed_phrase(response.text(), response.content_type)
            if phrase:
                return Result(Outcome.CLOSED_PAGE, status, response.url, f"“{phrase}”")
        return Result(Outcome.OK, status, response.url)
    # 5xx, 429, 401, 403 to GET too, a redirect without a Location: the checker cannot tell.
    return Result(Outcome.ERROR, status, response.url, f"HTTP {status}")


def check_url(url: str, *, pause: Callable[[], None] = lambda: None) -> Result:
    """Check one link; ``pause`` is called before a second request to its host."""
    timeout = settings.LINKCHECK_TIMEOUT
    limits = {"timeout": timeout, "max_bytes": MAX_BYTES, "max_redirects": MAX_REDIRECTS}
    try:
        head = outbound.fetch(url, method="HEAD", **limits)
    except outbound.BlockedAddress as error:  # GET would be refused the same way
        return Result(Outcome.ERROR, detail=error.reason)
    except outbound.OutboundError:
        head = None
    if head is not None:
        if 200 <= head.status < 300 and not head.redirects:
            return judged(head)
        if not (head.redirects or head.status in HEAD_ANSWERED_POORLY | GONE):
            return judged(head)  # 5xx, 429...: not asked again today
    pause()
    try:
        page = outbound.fetch(url, method="GET", **limits)
    except outbound.OutboundError as error:
        return Result(Outcome.ERROR, detail=error.reason)
    return judged(page, read=True)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def check_host(urls: list[str]) -> dict[str, Result]:
    """Check one host's URLs one after the other, pausing between requests."""
    delay = settings.LINKCHECK_HOST_DELAY

    def pause() -> None:
        if delay > 0:
            time.sleep(delay)

    results = {}
    for index, url in enumerate(urls):
        if index:
            pause()
        try:
            results[url] = check_url(url, pause=pause)
        except Exception as error:  # a bug must not lose the other links' results
            logger.exception("link check of %s failed", url)
            results[url] = Result(Outcome.ERROR, detail=f"Not checked ({type(error).__name__}).")
    return results


def check_all(urls: Iterable[str]) -> dict[str, Result]:
    """Check every URL once (a URL shared by listings too): each URL's result."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[host_of(url)].append(url)
    if not by_host:
        return {}
    results: dict[str, Result] = {}
    workers = min(settings.LINKCHECK_CONCURRENCY, len(by_host))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="linkcheck") as pool:
        # The hosts with the most links first: they take longest, one link at a time.
        for found in pool.map(check_host, sorted(by_host.values(), key=len, reverse=True)):
            results.update(found)
    return results

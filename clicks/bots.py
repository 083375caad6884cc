"""Which requests for an Apply link are not counted: obvious robots and link checkers.

A visitor's browser sends its own User-Agent; scripts, crawlers, link checkers, uptime monitors
and link previews name themselves with one of the words below (compared in lower case), or
send none. They are still redirected: only the count leaves them out. The list is data, in
this one place; it catches the obvious, not a robot that passes itself off as a browser.
"""

# Words (lower case) found in the User-Agent of robots, never in a current browser's.
BOT_MARKERS = (
    "bot",  # Googlebot, bingbot, DuckDuckBot, Applebot, Slackbot, Twitterbot, ...
    "crawl",
    "spider",
    "slurp",  # Yahoo
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "python-httpx",
    "aiohttp",
    "scrapy",
    "httpclient",  # Apache HttpClient, ...
    "okhttp",
    "go-http-client",
    "java/",
    "libwww",
    "node-fetch",
    "axios",
    "headless",  # HeadlessChrome
    "phantomjs",
    "lighthouse",
    "pingdom",
    "uptime",
    "monitor",
    "facebookexternalhit",
    "embedly",
    "preview",  # link previews of chat programs
    "validator",
    "checker",  # link checkers (this site's own among them)
)

# Headers of a request a browser makes ahead of a click that may never come.
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Moz", "X-Purpose")


def is_bot_agent(user_agent: str) -> bool:
    """No User-Agent at all, or one that names a robot."""
    agent = (user_agent or "").strip().lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def is_counted(request) -> bool:
    """A person's click: a GET (HEAD is what link checkers send), not a prefetch, from a
    User-Agent that does not name a robot."""
    if request.method != "GET":
        return False
    if any("prefetch" in request.headers.get(name, "").lower() for name in PREFETCH_HEADERS):
        return False
    return not is_bot_agent(request.headers.get("User-Agent", ""))

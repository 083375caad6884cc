"""The link checker's test set-up: an HTTP server on 127.0.0.1 (port 0) whose routes play the
apply pages (working, gone, redirected to a "job closed" page, slow, ...), loopback allowed as
only tests do, no pause between requests to a host unless a test sets one, and editors."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import JobFactory
from tests.local_http import LocalHandler, LocalServer, serving

CLOSED_PAGE = b"""<!DOCTYPE html><html><head><title>Careers at Larchfield</title>
<style>.banner{color:red}</style></head><body><h1>Careers</h1>
<div class="flash">The job you are looking for is no longer open.</div>
<p>See our other openings below.</p></body></html>"""
OPEN_PAGE = b"""<!DOCTYPE html><html><head><title>Senior Data Engineer</title></head><body>
<h1>Senior Data Engineer</h1><p>Build pipelines. <a href="#apply">Apply now</a></p>
<script>var messages = {gone: "This job is no longer available"};</script></body></html>"""
# An open job's page that happens to carry a "closed" phrase in its visible text (a list of
# other, closed jobs): at its own address it is never read.
OPEN_PAGE_WITH_PHRASE = b"""<html><body><h1>ML Engineer</h1><p>Apply below.</p>
<aside>Other roles: Data Analyst (this position has been filled)</aside></body></html>"""


class Handler(LocalHandler):
    def do_GET(self):
        server = self.server
        self.host = host = self.headers.get("Host", "")
        path = urlsplit(self.path).path
        with server.lock:
            server.requests.append(
                (self.command, path, host, self.headers.get("User-Agent"), time.monotonic())
            )
            server.in_flight[host] = server.in_flight.get(host, 0) + 1
            server.most_in_flight[host] = max(
                server.most_in_flight.get(host, 0), server.in_flight[host]
            )
            server.most_at_once = max(server.most_at_once, sum(server.in_flight.values()))
        self.answered = False
        try:
            route = path.rsplit("/", 1)[0] if path.count("/") > 1 else path
            status = server.statuses.get(path)
            if status is not None:
                self.reply(status, b"<p>as set by the test</p>")
            else:
                ROUTES.get(route, ROUTES.get(path, not_found))(self)
        finally:
            self.before_send()

    def before_send(self):
        """A request is in progress until its answer starts: the checker has it then and may
        send the next one before this thread gets to run again."""
        if not self.answered:
            self.answered = True
            with self.server.lock:
                self.server.in_flight[self.host] -= 1

    def do_HEAD(self):
        self.do_GET()


def not_found(handler):
    handler.reply(404, b"<p>Not found</p>")


def head_refused(handler, then):
    if handler.command == "HEAD":
        handler.reply(405, b"", Allow="GET")
    else:
        then(handler)


def slow(handler):
    time.sleep(1.5)
    handler.reply(200, b"<p>too late</p>")


ROUTES = {
    "/ok": lambda h: h.reply(200, OPEN_PAGE),
    "/gone": lambda h: h.reply(410, b"<p>Gone</p>"),
    "/missing": not_found,
    "/server-error": lambda h: h.reply(500, b"<p>Oops</p>"),
    "/busy": lambda h: h.reply(429, b"<p>Slow down</p>", Retry_After="3600"),
    "/slow": slow,
    "/to-closed": lambda h: h.redirect("/board/closed?error=true"),
    "/to-open": lambda h: h.redirect("/board/open", status=301),
    "/to-missing": lambda h: h.redirect("/board/nothing-here"),
    "/board/closed": lambda h: h.reply(200, CLOSED_PAGE),
    "/board/open": lambda h: h.reply(200, OPEN_PAGE),
    "/board/nothing-here": not_found,
    "/closed-words-here": lambda h: h.reply(200, OPEN_PAGE_WITH_PHRASE),
    "/to-closed-words": lambda h: h.redirect("/closed-words-here"),
    "/to-script-words": lambda h: h.redirect("/ok"),
    "/head-405": lambda h: head_refused(h, lambda g: g.reply(200, OPEN_PAGE)),
    "/head-405-gone": lambda h: head_refused(h, not_found),
    "/head-404-get-200": lambda h: not_found(h) if h.command == "HEAD" else h.reply(200, OPEN_PAGE),
    "/to-private": lambda h: h.redirect("http://10.0.0.1/jobs/1"),
}


class Server(LocalServer):
    def __init__(self):
        super().__init__(Handler)
        self.reset()

    def reset(self):
        self.requests = []
        self.statuses: dict[str, int] = {}  # path -> the status it answers, set by a test
        self.in_flight: dict[str, int] = {}
        self.most_in_flight: dict[str, int] = {}
        self.most_at_once = 0
        self.delay = 0.0

    def paths(self, method=None):
        return [path for command, path, *_ in self.requests if method in (None, command)]


@pytest.fixture(scope="session")
def server():
    with serving(Server()) as server:
        yield server


@pytest.fixture(autouse=True)
def _linkcheck_settings(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    settings.OUTBOUND_USER_AGENT = "AIJobsBoard/1.0 (+https://jobs.example.org; link checker)"
    settings.LINKCHECK_HOST_DELAY = 0
    settings.LINKCHECK_TIMEOUT = 0.5
    settings.LINKCHECK_CONCURRENCY = 4
    settings.LINKCHECK_NOTIFY_EMAILS = []
    settings.LINKCHECK_UNPUBLISH_BROKEN = False
    settings.SITE_URL = "https://jobs.example.org"


@pytest.fixture
def base(server):
    server.reset()
    return server.base_url


@pytest.fixture
def hosts(monkeypatch, server):
    """Host names of their own for the local server: ``hosts("a.example")`` gives its base URL;
    the name resolves to 127.0.0.1."""
    real = socket.getaddrinfo
    names = set()

    def fake(host, port, *args, **kwargs):
        if host in names:
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)

    def named(name: str) -> str:
        names.add(name)
        return f"http://{name}:{server.server_port}"

    return named


@pytest.fixture
def listing():
    """``listing(url, **fields)``: an open listing applying at ``url``."""

    def make(url: str, **fields):
        return JobFactory(apply_url=url, **fields)

    return make


@pytest.fixture
def editor():
    user = User.objects.create_user(
        "edith", email="edith@example.org", password="unused-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client

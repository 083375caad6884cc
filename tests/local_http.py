"""Local HTTP servers for tests: a server on 127.0.0.1 (a port of its own, port 0) whose request
handler the test module writes, served from a daemon thread.

A module subclasses ``LocalHandler`` (its ``do_GET`` and routes) and ``LocalServer`` (the
attributes of its own), then serves it for as long as a fixture lasts::

    @pytest.fixture(scope="module")
    def server():
        with serving(Server()) as server:
            yield server
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator


class LocalHandler(http.server.BaseHTTPRequestHandler):
    """A handler that logs nothing and answers with ``reply`` and ``redirect``."""

    protocol_version = "HTTP/1.1"
    redirect_body = b""  # what a redirect's body says, unless the call gives one

    def log_message(self, *args):
        pass

    def reply(self, status=200, body=b"", content_type="text/html; charset=utf-8", **headers):
        """Answer with ``body`` (none to a HEAD request) after the server's ``delay``; a header
        ``Retry_After="3600"`` is sent as ``Retry-After: 3600``."""
        if self.server.delay:
            time.sleep(self.server.delay)
        self.before_send()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def before_send(self):
        """Called once the answer is ready, before its first byte is sent (a handler that
        counts requests in progress ends one here: the client may send its next request as
        soon as it has the answer, before this thread runs on)."""

    def redirect(self, location, status=302, body=None):
        self.reply(status, self.redirect_body if body is None else body, Location=location)


class LocalServer(http.server.ThreadingHTTPServer):
    """A server on 127.0.0.1, port 0, for ``handler_class``: ``requests`` is for the handler to
    record what it was asked (under ``lock`` where that matters), ``delay`` the seconds each
    ``reply`` waits first."""

    daemon_threads = True

    def __init__(self, handler_class: type[LocalHandler]):
        super().__init__(("127.0.0.1", 0), handler_class)
        self.lock = threading.Lock()
        self.requests: list = []
        self.delay = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request, client_address):
        """A client that gave up or hung up (a timeout, a refused body) is expected in these
        tests: no traceback."""


@contextlib.contextmanager
def serving(server: LocalServer) -> Iterator[LocalServer]:
    """Serve ``server`` from a daemon thread until the block ends, then shut it down."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()

"""HTTP as the steps need it: one request sent exactly as written, and many clients at once."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import quote

REQUEST_TIMEOUT = 30.0


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

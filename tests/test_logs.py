"""Structured logs: one JSON line per request and per error with the request id (also in the
X-Request-ID header), nothing secret in them, and error reports to Sentry when SENTRY_DSN is
set (sent to a local server the test starts)."""

import io
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.test import Client

from config.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cret-token-value"


@pytest.fixture
def json_lines():
    """Every record logged during the test, as the production formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_has_an_id_in_its_header_and_one_json_line(client, json_lines):
    first = client.get(f"/livez?token={SECRET}", HTTP_COOKIE=f"sessionid={SECRET}")
    second = client.get("/livez")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(first["X-Request-ID"]) == 32
    lines = [line for line in json_lines() if line["logger"] == "jobboard.requests"]
    assert [line["request_id"] for line in lines] == [
        first["X-Request-ID"],
        second["X-Request-ID"],
    ]
    line = lines[0]
    assert list(line)[:4] == ["time", "level", "logger", "request_id"]
    assert line["time"].endswith("+00:00") and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/livez", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    # Neither the query string nor a cookie reaches the log.
    assert SECRET not in json.dumps(json_lines())


@pytest.mark.django_db
def test_a_request_id_is_taken_from_the_proxy_only(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    from_proxy = client.get("/livez", HTTP_X_REQUEST_ID="nginx-abc123456", REMOTE_ADDR="10.0.0.2")
    assert from_proxy["X-Request-ID"] == "nginx-abc123456"
    forged = client.get("/livez", HTTP_X_REQUEST_ID="forged-abc123456", REMOTE_ADDR="10.9.9.9")
    assert forged["X-Request-ID"] != "forged-abc123456"
    junk = client.get("/livez", HTTP_X_REQUEST_ID="bad id\n{}", REMOTE_ADDR="10.0.0.2")
    assert len(junk["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_an_error_is_one_json_line_with_its_traceback_and_request_id(json_lines, monkeypatch):
    from config import views

    def broken(*args, **kwargs):
        raise ValueError("the home page broke")

    monkeypatch.setattr(views, "render", broken)
    response = Client(raise_request_exception=False).get(
        f"/?email={SECRET}", HTTP_COOKIE=f"sessionid={SECRET}"
    )
    assert response.status_code == 500
    errors = [line for line in json_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["path"] == "/"
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert "ValueError: the home page broke" in error["exc_info"]
    assert SECRET not in json.dumps(json_lines())


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.headers.get("Content-Encoding") == "gzip":
            import gzip

            body = gzip.decompress(body)
        _Collector.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_errors_are_reported_to_sentry_when_sentry_dsn_is_set(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received = []
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/42"
    code = (
        "import os, config.wsgi, sentry_sdk\n"
        "from django.test import Client\n"
        "from config import views\n"
        "def broken(*a, **k):\n    raise RuntimeError('reported to sentry')\n"
        "views.JsonResponse = broken\n"
        "url = '/livez?token=' + os.environ['TEST_TOKEN']\n"
        "print(Client(raise_request_exception=False).get(url).status_code)\n"
        "sentry_sdk.flush(5)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "SENTRY_DSN": dsn,
            "TEST_TOKEN": SECRET,
            "DJANGO_DEBUG": "1",
            "DJANGO_ENV_FILE": "-",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_LOG_LEVEL": "CRITICAL",
        }
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
    assert result.stdout.strip() == "500", result.stderr
    payload = b"\n".join(_Collector.received).decode()
    assert "reported to sentry" in payload
    assert '"type":"RuntimeError"' in payload.replace(" ", "")
    assert SECRET not in payload, payload[
        max(0, payload.find(SECRET) - 300) : payload.find(SECRET) + 50
    ]

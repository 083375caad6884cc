"""Database faults: 503 with Retry-After and the site's layout during an outage, liveness and
readiness probes, a connect timeout, and a statement timeout for web processes only."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does while PostgreSQL restarts or its host is unreachable."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def visitor():
    """A client that gets the error page a visitor gets, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/jobs/", "/jobs/?q=python", "/careers/", "/salaries/"])
def test_pages_answer_503_with_retry_after_and_the_layout_while_the_database_is_down(
    visitor, database_down, live_pages, path
):
    response = visitor.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "We\u2019ll be right back" in html
    assert '<main id="main"' in html and 'aria-label="Main"' in html
    # The security headers of every other page.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_any_other_error_is_still_a_500(visitor, monkeypatch):
    from config import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "render", broken)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_livez_needs_no_database_and_readyz_names_what_is_down(client, database_down):
    assert client.get("/livez").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_answers_ok_when_both_answer_and_503_when_the_cache_fails(client, monkeypatch):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    from django.core.cache import cache

    def fail(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", fail)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"


@pytest.mark.django_db
def test_health_checks_are_never_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for path in ["/livez", "/readyz", "/healthz"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/jobs/").status_code == 301


def _settings_in(code: str, env_overrides: dict, entry_point: str | None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_DEBUG": "1", "DJANGO_ENV_FILE": "-", **env_overrides})
    prefix = f"import {entry_point}; " if entry_point else "import django; django.setup(); "
    if not entry_point:
        env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", prefix + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


SERVER_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_web_processes_get_a_statement_timeout_and_commands_do_not(entry_point):
    postgres = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"}
    web = _settings_in(SERVER_OPTIONS, postgres, entry_point)
    assert "statement_timeout=5000" in web.stdout, web.stderr
    assert "'connect_timeout': 3" in web.stdout
    command = _settings_in(SERVER_OPTIONS, postgres, None)
    assert "statement_timeout" not in command.stdout, command.stderr
    assert "'connect_timeout': 3" in command.stdout


def test_an_unreachable_database_host_fails_fast():
    # 192.0.2.1 (TEST-NET-1) is never routed: without a connect timeout this hangs.
    code = (
        "import time; from django.db import connection\n"
        "start = time.monotonic()\n"
        "try:\n    connection.ensure_connection()\n"
        "except Exception as error:\n    print('FAILED', type(error).__name__)\n"
        "print('SECONDS', round(time.monotonic() - start, 1))"
    )
    started = time.monotonic()
    result = _settings_in(
        code,
        {
            "DATABASE_URL": "postgres://postgres@192.0.2.1:5432/jobboard",
            "DJANGO_DB_CONNECT_TIMEOUT": "1",
        },
        None,
    )
    assert "FAILED OperationalError" in result.stdout, result.stdout + result.stderr
    assert time.monotonic() - started < 20


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="a PostgreSQL setting"
)
def test_the_statement_timeout_cancels_a_slow_query_of_a_web_process():
    code = (
        "from django.db import connection\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(2)')\n"
        "    print('FINISHED')\n"
        "except Exception as error:\n"
        "    print('CANCELLED', type(error).__name__, 'statement timeout' in str(error))"
    )
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    result = _settings_in(
        code,
        {"DATABASE_URL": f"{server}/postgres", "DJANGO_DB_STATEMENT_TIMEOUT_MS": "200"},
        "config.wsgi",
    )
    assert "CANCELLED OperationalError True" in result.stdout, result.stdout + result.stderr

"""EMAIL_URL and TASKS_URL as settings: what each form gives, and a clear error for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_config
from config.security import parse_rate
from config.tasks_url import tasks_config

HOME = Path("/srv/app/var/mail")


def test_unset_is_a_mail_folder_in_development_and_the_console_in_production():
    assert email_config(None, HOME, debug=True) == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(HOME)},
    }
    assert email_config(None, HOME, debug=False) == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize(
    ("url", "options"),
    [
        (
            "smtp://user:pass@mail.example.org:587",
            {"host": "mail.example.org", "port": 587, "username": "user", "password": "pass"}
            | {"use_tls": True, "use_ssl": False, "timeout": 10.0},
        ),
        (
            "smtp://relay.internal",
            {"host": "relay.internal", "port": 25, "username": "", "password": ""}
            | {"use_tls": False, "use_ssl": False, "timeout": 10.0},
        ),
        (
            "smtp://a%40b.org:p%2Fw%3Ad@relay:2525?tls=yes&timeout=3.5",
            {"host": "relay", "port": 2525, "username": "a@b.org", "password": "p/w:d"}
            | {"use_tls": True, "use_ssl": False, "timeout": 3.5},
        ),
        (
            "smtps://user:pass@mail.example.org",
            {"host": "mail.example.org", "port": 465, "username": "user", "password": "pass"}
            | {"use_tls": False, "use_ssl": True, "timeout": 10.0},
        ),
    ],
)
def test_smtp_urls(url, options):
    config = email_config(url, HOME, debug=False)
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"] == options


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "console"),
        ("locmem://", "locmem"),
        ("dummy://", "dummy"),
        ("file:///var/spool/jobs-mail", "filebased"),
    ],
)
def test_other_backends(url, backend):
    config = email_config(url, HOME, debug=False)
    assert config["BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp://:25", "needs a host"),
        ("smtp://host:notaport", "Port could not be cast"),
        ("smtp://host?timeout=soon", "could not convert"),
        ("file://relative/path", "absolute path"),
        ("sendgrid://key", "use smtp://"),
        ("mail.example.org", "use smtp://"),
    ],
)
def test_a_bad_email_url_is_a_clear_configuration_error(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        email_config(url, HOME, debug=False)


def test_tasks_default_to_the_database_queue():
    tasks, queues, apps = tasks_config(None)
    assert tasks == {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert (queues, apps) == ({}, [])


def test_a_redis_tasks_url_is_an_rq_queue_with_its_apps():
    tasks, queues, apps = tasks_config("redis://127.0.0.1:6379/3")
    assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert queues["default"]["URL"] == "redis://127.0.0.1:6379/3"
    assert apps == ["django_rq", "django_tasks_rq"]


def test_immediate_tasks_run_where_they_are_enqueued():
    tasks, _, _ = tasks_config("immediate://")
    assert tasks["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"


@pytest.mark.parametrize("url", ["memcached://x", "amqp://broker", "locmem://"])
def test_a_bad_tasks_url_is_a_clear_configuration_error(url):
    with pytest.raises(ImproperlyConfigured, match="TASKS_URL"):
        tasks_config(url)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("10/hour", (10, 3600)),
        ("3/day", (3, 86400)),
        ("20/min", (20, 60)),
        ("5/s", (5, 1)),
        (" 7 / H ", (7, 3600)),
        ("0", (0, 0)),
        ("", (0, 0)),
    ],
)
def test_subscription_rates_are_read_as_the_api_rate_is(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["ten/hour", "10/fortnight", "10", "10/"])
def test_a_bad_rate_is_a_clear_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured, match="N/hour"):
        parse_rate(rate)

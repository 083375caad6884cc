"""Every public page passes the checks of Mozilla's HTTP Observatory, with production's
settings (https, HSTS, secure cookies), and carries the headers the hardening issue names:
CSP with frame-ancestors 'none', Permissions-Policy, Cross-Origin-Opener-Policy and
Cross-Origin-Resource-Policy. The 404, 503 and lockout pages and static files too.

The Observatory's checks, one function each: content-security-policy, cookies,
cross-origin-resource-sharing, redirection, referrer-policy, strict-transport-security,
subresource-integrity, x-content-type-options, x-frame-options, cross-origin-resource-policy.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from tests.factories import ComparisonFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = ["jobs.example.org"]
    # Static files from the apps' folders, as WhiteNoise serves them after collectstatic
    # (a fresh clone has not run it).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return settings


@pytest.fixture
def https():
    return Client(HTTP_HOST="jobs.example.org", HTTP_X_FORWARDED_PROTO="https")


@pytest.fixture
def public_paths(db):
    job = JobFactory(featured_until=timezone.now() + timedelta(days=3))
    comparison = ComparisonFactory()
    return [
        "/",
        "/jobs/",
        "/jobs/?q=data&seniority=SE",
        job.get_absolute_url(),
        job.company.get_absolute_url(),
        "/careers/",
        comparison.get_absolute_url(),
        comparison.role_a.get_absolute_url(),
        "/salaries/",
        "/jobs/feed/rss/",
        "/jobs/feed/atom/",
        "/careers/feed/rss/",
        "/careers/feed/atom/",
        "/sitemap.xml",
        "/sitemap-jobs.xml",
        "/robots.txt",
        "/livez",
        "/readyz",
        "/admin/login/",
        "/no-such-page/",
        "/static/css/site.css",
    ]


def directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def check_content_security_policy(response):
    policy = directives(response["Content-Security-Policy"])
    sources = policy.get("script-src", policy.get("default-src"))
    assert policy["default-src"] in (["'self'"], ["'none'"])
    for directive in ("script-src", "style-src", "default-src"):
        values = policy.get(directive, [])
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values
        assert not any(v in {"*", "http:", "https:", "data:"} for v in values), directive
    assert sources and "'self'" in sources
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def check_cross_origin_resource_sharing(response):
    assert response.get("Access-Control-Allow-Origin") in (None, "")


def check_referrer_policy(response):
    assert response["Referrer-Policy"] in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }


def check_strict_transport_security(response):
    match = re.search(r"max-age=(\d+)", response["Strict-Transport-Security"])
    assert match and int(match.group(1)) >= 15768000  # six months


def check_subresource_integrity(response):
    # Every script the page loads is its own (same origin): nothing to pin with integrity.
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        for source in re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html):
            assert source.startswith("/") and not source.startswith("//"), source


def check_x_content_type_options(response):
    assert response["X-Content-Type-Options"] == "nosniff"


def check_x_frame_options(response):
    assert response["X-Frame-Options"] == "DENY"


def check_cross_origin_resource_policy(response):
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def check_hardening_headers(response):
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


OBSERVATORY = [
    check_content_security_policy,
    check_cross_origin_resource_sharing,
    check_referrer_policy,
    check_strict_transport_security,
    check_subresource_integrity,
    check_x_content_type_options,
    check_x_frame_options,
    check_cross_origin_resource_policy,
    check_hardening_headers,
]


# A static file (WhiteNoise answers before the page middleware): the checks that apply to a
# stylesheet or a script; CSP and frame options govern documents.
STATIC_FILE_CHECKS = [
    check_cross_origin_resource_sharing,
    check_strict_transport_security,
    check_x_content_type_options,
    check_cross_origin_resource_policy,
    check_hardening_headers,
]


def check_everything(response, where):
    checks = STATIC_FILE_CHECKS if where.startswith("/static/") else OBSERVATORY
    for check in checks:
        try:
            check(response)
        except (AssertionError, KeyError) as error:
            raise AssertionError(f"{where}: {check.__name__}: {error!r}") from error


def test_every_public_page_passes_the_observatory_checks(production, https, public_paths):
    for path in public_paths:
        response = https.get(path)
        expected = 404 if path == "/no-such-page/" else 200
        assert response.status_code == expected, path
        check_everything(response, path)
        # A second request, from the page cache where the page is cached: the same headers.
        check_everything(https.get(path), f"{path} (again)")


def test_redirection_sends_plain_http_to_https_on_the_same_host(production, public_paths):
    plain = Client(HTTP_HOST="jobs.example.org")
    for path in public_paths:
        if path in {"/livez", "/readyz"}:
            continue
        response = plain.get(path)
        assert response.status_code == 301, path
        assert response["Location"] == f"https://jobs.example.org{path}"


def test_cookies_are_secure_http_only_where_they_can_be_and_same_site(production, https):
    login_page = https.get("/admin/login/")
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    User.objects.create_superuser("root", password="a long admin passphrase")
    response = https.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": "a long admin passphrase"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_error_and_lockout_pages_carry_the_same_headers(production, https, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        https.raise_request_exception = False
        outage = https.get("/jobs/?q=outage")
    assert outage.status_code == 503
    check_everything(outage, "503 page")
    for _ in range(production.AXES_FAILURE_LIMIT):
        https.post("/admin/login/", {"username": "root", "password": "wrong"})
    locked = https.post("/admin/login/", {"username": "root", "password": "wrong"})
    assert locked.status_code == 429
    check_everything(locked, "lockout page")

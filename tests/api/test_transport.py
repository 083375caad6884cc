"""How the API answers: cached like the pages, rate limited per client, CORS, read-only."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from config import page_cache
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    page_cache.invalidate()


@pytest.mark.parametrize(
    "url", ["/api/v1/jobs/?seniority=SE", "/api/v1/jobs/{pk}/", "/api/v1/companies/{slug}/"]
)
def test_a_second_anonymous_get_is_a_cache_hit_and_an_edit_invalidates_it(file_cache, url):
    job = JobFactory(title="Cached Engineer")
    url = url.format(pk=job.pk, slug=job.company.slug)
    visitor = Client()
    first = visitor.get(url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    second = visitor.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"
    job.title = "Renamed Engineer"
    job.save()
    third = visitor.get(url)
    assert third["X-Cache"] == "miss"
    if "companies" in url:
        job.expires_at = timezone.now() - timedelta(seconds=1)
        job.save()
        assert '"open_listings":0' in visitor.get(url).content.decode()
    else:
        assert "Renamed Engineer" in third.content.decode()


def test_a_cached_listing_ends_when_it_expires(file_cache, time_machine):
    job = JobFactory(expires_at=timezone.now() + timedelta(hours=1))
    visitor = Client()
    assert visitor.get(f"/api/v1/jobs/{job.pk}/").status_code == 200
    assert visitor.get(f"/api/v1/jobs/{job.pk}/")["X-Cache"] == "hit"
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert visitor.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert visitor.get("/api/v1/jobs/").json()["results"] == []


def test_answers_carry_etag_and_304(file_cache):
    JobFactory()
    visitor = Client()
    first = visitor.get("/api/v1/jobs/")
    assert first["Cache-Control"] == "max-age=0, s-maxage=1"
    again = visitor.get("/api/v1/jobs/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_rate_limit_is_per_client_address_cache_hits_included(file_cache, settings):
    settings.API_RATE_LIMIT = "3/min"
    cache.clear()
    JobFactory()
    one, two = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    answers = [one.get("/api/v1/jobs/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[1]["X-Cache"] == "hit"
    limited = answers[3]
    assert int(limited["Retry-After"]) >= 1
    assert limited.json()["detail"].startswith("Request was throttled.")
    assert limited["Access-Control-Allow-Origin"] == "*"
    assert two.get("/api/v1/jobs/").status_code == 200  # another address has its own count


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(file_cache, settings):
    settings.API_RATE_LIMIT = "2/min"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(2):
        assert proxy.get("/api/v1/jobs/", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    assert proxy.get("/api/v1/jobs/", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert proxy.get("/api/v1/jobs/", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200
    # Anyone else's forged header is not believed: it is counted as its own address.
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    for forged in ("1.1.1.1", "2.2.2.2"):
        assert stranger.get("/api/v1/jobs/", HTTP_X_FORWARDED_FOR=forged).status_code == 200
    assert stranger.get("/api/v1/jobs/", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 429


def test_no_limit_with_zero(file_cache, settings):
    settings.API_RATE_LIMIT = "0"
    visitor = Client()
    assert all(visitor.get("/api/v1/jobs/").status_code == 200 for _ in range(5))


def test_the_rate_comes_from_the_environment():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.API_RATE_LIMIT)"
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "DJANGO_API_RATE_LIMIT": "5/s"}
    import os

    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "5/s"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(api, method):
    JobFactory()
    response = getattr(api, method)("/api/v1/jobs/", {"title": "x"}, format="json")
    assert response.status_code in (403, 405)
    assert response.status_code == 405 or "detail" in response.json()


def test_head_and_options(api):
    JobFactory()
    assert api.head("/api/v1/jobs/").status_code == 200
    options = api.options("/api/v1/jobs/")
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_cors_for_get_without_credentials(api):
    JobFactory()
    response = api.get("/api/v1/jobs/", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = api.options(
        "/api/v1/jobs/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # The site's pages stay same-origin.
    assert "Access-Control-Allow-Origin" not in api.get("/jobs/")


def test_errors_are_json_too(api):
    assert api.get("/api/v1/jobs/?seniority=XX")["Access-Control-Allow-Origin"] == "*"
    missing = api.get("/api/v1/companies/nobody/")
    assert missing.status_code == 404 and missing.json() == {
        "detail": "No Company matches the given query."
    }

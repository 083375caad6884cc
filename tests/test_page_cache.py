"""The page cache (config/page_cache.py): pages come from the cache and are never stale.

Every test runs on both backends a deployment uses: the embedded file cache and Redis (the
machine's Redis on 127.0.0.1:6379, under a key prefix of this run, never flushed). A page
served from the cache sends no query; a page that must be fresh shows the change.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careers.models import Comparison
from config import page_cache, page_clock, page_store
from jobs.models import ExchangeRate, Job
from tests.factories import (
    CompanyFactory,
    ComparisonFactory,
    JobFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_PREFIX = f"test-page-cache-{os.getpid()}-{secrets.token_hex(4)}"


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["file", "redis"])
def backend(request, settings, tmp_path):
    """The cache of the test: the embedded file cache or Redis."""
    if request.param == "redis":
        if not redis_answers():
            if os.environ.get("REQUIRE_REDIS"):
                pytest.fail(f"Redis does not answer at {REDIS_URL}")
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": RUN_PREFIX,
                "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    page_cache.invalidate()
    yield request.param
    page_store._unavailable_until = 0.0


@pytest.fixture
def visitor():
    return Client()


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def served_from_cache(client, url, **extra) -> bool:
    return queries_of(client, url, **extra)[1] == 0


# -- Served from the cache ---------------------------------------------------------------


PAGES = [
    "/",
    "/jobs/",
    "/jobs/?seniority=SE&workplace=remote",
    "/jobs/feed/rss/?seniority=SE",
    "/jobs/feed/atom/",
    "/careers/",
    "/careers/feed/rss/",
    "/salaries/",
    "/sitemap.xml",
    "/sitemap-jobs.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_second_visit_is_served_from_the_cache_with_the_same_answer(backend, visitor, url):
    JobFactory(title="Vision Engineer")
    first, first_queries = queries_of(visitor, url)
    second, second_queries = queries_of(visitor, url)

    assert first.status_code == second.status_code == 200
    assert first_queries > 0 or url == "/robots.txt"
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_job_company_article_and_role_pages_are_cached(backend, visitor):
    job = JobFactory()
    comparison = ComparisonFactory()
    for url in (
        job.get_absolute_url(),
        job.company.get_absolute_url(),
        comparison.get_absolute_url(),
        comparison.role_a.get_absolute_url(),
    ):
        assert visitor.get(url).status_code == 200, url
        assert served_from_cache(visitor, url), url


def test_a_cached_answer_carries_the_same_security_headers_as_a_live_one(backend, visitor):
    job = JobFactory()
    live = visitor.get(job.get_absolute_url())
    cached, queries = queries_of(visitor, job.get_absolute_url())

    assert queries == 0
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cache-Control",
        "ETag",
        "Vary",
    ):
        assert cached.get(header) == live.get(header), header
    assert "nonce" not in cached["Content-Security-Policy"]
    assert "nonce" not in cached.text


def test_spellings_of_one_search_share_an_entry(backend, visitor):
    JobFactory(seniority="SE")
    canonical = visitor.get("/jobs/?seniority=SE")
    other = visitor.get("/jobs/?seniority=se&page=1")
    assert other.content == canonical.content

    # One page, stored once: after an edit both spellings render anew, and the first of
    # them to be rendered again serves the other.
    JobFactory(seniority="SE", title="Second Senior Role")
    assert "Second Senior Role" in visitor.get("/jobs/?seniority=se&page=1").text
    again, queries = queries_of(visitor, "/jobs/?seniority=SE")
    assert queries == 0
    assert "Second Senior Role" in again.text


def test_spellings_of_one_search_share_its_feeds(backend, visitor):
    JobFactory(seniority="SE", title="Feed Role")
    for feed in ("/jobs/feed/rss/", "/jobs/feed/atom/"):
        canonical = visitor.get(f"{feed}?seniority=SE")
        other = visitor.get(f"{feed}?seniority=se&workplace=nowhere")
        assert other.content == canonical.content
        JobFactory(seniority="SE", title=f"Later Feed Role {feed[11:14]}")
        assert "Later Feed Role" in visitor.get(f"{feed}?seniority=se&workplace=nowhere").text
        again, queries = queries_of(visitor, f"{feed}?seniority=SE")
        assert queries == 0 and "Later Feed Role" in again.text


def test_a_search_with_a_notice_is_kept_apart_from_the_clean_one(backend, visitor):
    JobFactory()
    noticed = visitor.get("/jobs/?seniority=XX")
    assert "Ignored seniority=XX" in noticed.text
    clean = visitor.get("/jobs/")
    assert "Ignored seniority=XX" not in clean.text
    assert served_from_cache(visitor, "/jobs/?seniority=XX")
    assert "Ignored seniority=XX" in visitor.get("/jobs/?seniority=XX").text


def test_the_htmx_fragment_and_the_page_are_separate_entries(backend, visitor):
    JobFactory()
    page = visitor.get("/jobs/?workplace=onsite")
    fragment = visitor.get("/jobs/?workplace=onsite", HTTP_HX_REQUEST="true")
    assert "<html" in page.text and "<html" not in fragment.text
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    cached_fragment, queries = queries_of(
        visitor, "/jobs/?workplace=onsite", HTTP_HX_REQUEST="true"
    )
    assert queries == 0 and cached_fragment.content == fragment.content
    assert "<html" in visitor.get("/jobs/?workplace=onsite").text


def test_a_logged_in_editor_sees_live_pages_never_stored(backend, visitor):
    job = JobFactory()
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "x"))
    for _ in range(2):
        response, queries = queries_of(editor, job.get_absolute_url())
        assert queries > 0
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_editor_preview_of_a_draft_is_never_stored(backend):
    draft = JobFactory(status=Job.Status.DRAFT, published_at=None)
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "x"))
    response = editor.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


# -- HTTP caching ------------------------------------------------------------------------


def test_browsers_revalidate_with_the_etag_and_get_304(backend, visitor):
    JobFactory()
    response = visitor.get("/jobs/")
    etag = response["ETag"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"max-age=0", "s-maxage=1"} <= cache_control
    assert "Cookie" in response["Vary"]

    not_modified = visitor.get("/jobs/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    JobFactory(title="A New Role")
    changed = visitor.get("/jobs/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


# -- Never stale: every write path -------------------------------------------------------


def test_a_model_save_and_delete_show_at_the_next_request(backend, visitor):
    job = JobFactory(title="Original Title")
    assert "Original Title" in visitor.get("/jobs/").text
    job.title = "Renamed Title"
    job.save()
    assert "Renamed Title" in visitor.get("/jobs/").text
    assert "Renamed Title" in visitor.get(job.get_absolute_url()).text
    job.delete()
    assert "Renamed Title" not in visitor.get("/jobs/").text


def test_a_company_rename_shows_on_its_listings_pages(backend, visitor):
    job = JobFactory(company=CompanyFactory(name="Old Name Labs"))
    assert "Old Name Labs" in visitor.get(job.get_absolute_url()).text
    company = job.company
    company.name = "New Name Labs"
    company.save()
    assert "New Name Labs" in visitor.get(job.get_absolute_url()).text


def test_a_bulk_update_and_a_skill_change_show_at_the_next_request(backend, visitor):
    from tests.factories import SkillFactory

    job = JobFactory(title="Bulk Role")
    assert "Bulk Role" in visitor.get("/jobs/").text
    Job.objects.filter(pk=job.pk).update(title="Bulk Renamed")
    assert "Bulk Renamed" in visitor.get("/jobs/").text

    job.skills.add(SkillFactory(name="Triton"))
    assert "Triton" in visitor.get(job.get_absolute_url()).text


def test_the_admin_save_delete_and_actions_show_at_the_next_request(backend, visitor):
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "x"))
    company = CompanyFactory(name="Acme Analytics")
    assert "Acme Analytics" in visitor.get(company.get_absolute_url()).text

    response = admin.post(
        f"/admin/jobs/company/{company.pk}/change/",
        {"name": "Acme Insights", "slug": company.slug, "website": "", "description": ""},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert "Acme Insights" in visitor.get(f"/companies/{company.slug}/").text

    job = JobFactory(title="Actioned Role")
    assert "is-featured" not in visitor.get("/jobs/").text
    admin.post("/admin/jobs/job/", {"action": "feature", "_selected_action": [job.pk], "index": 0})
    assert "is-featured" in visitor.get("/jobs/").text
    admin.post(
        "/admin/jobs/job/", {"action": "expire_now", "_selected_action": [job.pk], "index": 0}
    )
    assert "Actioned Role" not in visitor.get("/jobs/").text

    other = JobFactory(title="Deleted Role")
    assert "Deleted Role" in visitor.get("/jobs/").text
    admin.post(f"/admin/jobs/job/{other.pk}/delete/", {"post": "yes"})
    assert not Job.objects.filter(pk=other.pk).exists()
    assert "Deleted Role" not in visitor.get("/jobs/").text


def test_exchange_rate_changes_show_at_the_next_request(backend, visitor):
    """The salary filter offers the currencies that have a rate: adding, bulk-deleting and
    bulk-creating rates shows in the list page's form at once."""
    assert "<option>CHF</option>" in visitor.get("/jobs/").text  # a rate of the migrations
    ExchangeRate.objects.get(currency="CHF").delete()
    assert "<option>CHF</option>" not in visitor.get("/jobs/").text
    ExchangeRate(currency="CHF", usd_per_unit=Decimal("1.13")).save()
    assert "<option>CHF</option>" in visitor.get("/jobs/").text
    ExchangeRate.objects.filter(currency="CHF").delete()
    assert "<option>CHF</option>" not in visitor.get("/jobs/").text
    ExchangeRate.objects.bulk_create([ExchangeRate(currency="CHF", usd_per_unit=Decimal("1.1"))])
    assert "<option>CHF</option>" in visitor.get("/jobs/").text


def test_import_jobs_shows_at_the_next_request(backend, visitor, tmp_path):
    header = (DATA / "jobs" / "valid.csv").read_text(encoding="utf-8").splitlines()[0]
    csv = tmp_path / "jobs.csv"
    csv.write_text(
        header + "\nImported Cache Role,Cache Labs,,Text.,SQL,https://cache.example/apply,,"
        "FT,SE,remote,,,GB,,,,,published,,,,\n",
        encoding="utf-8",
    )
    assert "Imported Cache Role" not in visitor.get("/jobs/").text
    call_command("import_jobs", str(csv), stdout=io.StringIO())
    assert "Imported Cache Role" in visitor.get("/jobs/").text


def test_import_salaries_shows_at_the_next_request(backend, visitor):
    before = visitor.get("/salaries/").text
    call_command(
        "import_salaries", str(DATA / "salaries" / "survey_small.csv"), stdout=io.StringIO()
    )
    after = visitor.get("/salaries/").text
    assert after != before
    assert "from 15 reports" in after


def test_import_comparison_and_seed_demo_show_at_the_next_request(backend, visitor):
    before = visitor.get("/careers/").text
    call_command("seed_demo", stdout=io.StringIO())
    seeded = visitor.get("/careers/").text
    assert seeded != before
    assert Comparison.objects.published().first().title in seeded

    assert "Data Analyst vs. Analytics Engineer" not in seeded
    call_command(
        "import_comparison", str(DATA / "careers" / "mixed_decoding.txt"), stdout=io.StringIO()
    )
    assert "Data Analyst vs. Analytics Engineer" in visitor.get("/careers/").text


def test_a_page_rendered_before_a_commit_is_not_served_after_it(
    backend, visitor, django_capture_on_commit_callbacks
):
    """The generation changes when the write is made and again when it commits: a page that
    another request stored in between, from the data before the commit, is not served."""
    job = JobFactory(title="Before Commit")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job.title = "After Commit"
        job.save()
        visitor.get("/jobs/")  # stored during the transaction
        assert served_from_cache(visitor, "/jobs/")
    assert not served_from_cache(visitor, "/jobs/")


# -- Never stale: the clock --------------------------------------------------------------


def test_a_scheduled_listing_appears_within_a_second_of_its_publication(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Scheduled Role", published_at=now + timedelta(minutes=10))
        assert "Scheduled Role" not in visitor.get("/jobs/").text
        assert served_from_cache(visitor, "/jobs/")
    with time_machine.travel(now + timedelta(minutes=10, seconds=1), tick=False):
        assert "Scheduled Role" in visitor.get("/jobs/").text


def test_an_expiry_and_the_end_of_a_featured_period_show_within_a_second(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        job = JobFactory(
            title="Expiring Role",
            expires_at=now + timedelta(hours=2),
            featured_until=now + timedelta(hours=1),
        )
        page = visitor.get("/jobs/").text
        assert "Expiring Role" in page and "is-featured" in page
        assert "Expiring Role" in visitor.get("/").text
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        page = visitor.get("/jobs/").text
        assert "Expiring Role" in page and "is-featured" not in page
        assert "Expiring Role" not in visitor.get("/").text
    with time_machine.travel(now + timedelta(hours=2, seconds=1), tick=False):
        assert "Expiring Role" not in visitor.get("/jobs/").text
        assert "This listing has expired" in visitor.get(job.get_absolute_url()).text


def test_a_scheduled_article_goes_live_on_its_day(backend, visitor):
    today = timezone.localdate()
    midnight = page_clock.start_of_day(today + timedelta(days=1))
    with time_machine.travel(midnight - timedelta(minutes=5), tick=False):
        comparison = ComparisonFactory(
            role_a=RoleFactory(name="Prompt Engineer"),
            role_b=RoleFactory(name="Data Steward"),
            published_on=today + timedelta(days=1),
        )
        assert comparison.title not in visitor.get("/careers/").text
        assert served_from_cache(visitor, "/careers/")
    with time_machine.travel(midnight + timedelta(seconds=1), tick=False):
        assert comparison.title in visitor.get("/careers/").text


def test_a_card_age_moves_on_with_the_clock(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Aging Role", published_at=now - timedelta(days=3, hours=23))
        assert "3d ago" in visitor.get("/jobs/").text
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        assert "4d ago" in visitor.get("/jobs/").text


def test_a_posted_within_search_loses_a_listing_as_it_ages(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Week Old Role", published_at=now - timedelta(days=7) + timedelta(hours=1))
        assert "Week Old Role" in visitor.get("/jobs/?posted=7").text
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        assert "Week Old Role" not in visitor.get("/jobs/?posted=7").text


# -- A cache that is down ----------------------------------------------------------------


def test_a_dead_cache_is_not_an_outage_and_is_logged_once(settings, visitor, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    page_store._unavailable_until = 0.0
    JobFactory(title="Still Served")
    try:
        with caplog.at_level(logging.WARNING, logger="config.page_cache"):
            for _ in range(3):
                response = visitor.get("/jobs/")
                assert response.status_code == 200
                assert "Still Served" in response.text
        warnings = [r for r in caplog.records if r.name == "config.page_cache"]
        assert len(warnings) == 1
        assert "unavailable" in warnings[0].getMessage()
    finally:
        page_store._unavailable_until = 0.0


# -- Pages that change only with what they show ------------------------------------------


def test_a_job_page_shows_a_similar_listing_going_live_and_ignores_other_expiries(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        job = JobFactory(title="Vision Engineer", seniority="SE")
        JobFactory(title="Accountant", seniority="EN", expires_at=now + timedelta(minutes=5))
        JobFactory(
            title="Senior Vision Engineer",
            seniority="SE",
            published_at=now + timedelta(minutes=10),
        )
        page = visitor.get(job.get_absolute_url()).text
        assert "Senior Vision Engineer" not in page
    # Another listing expiring changes neither the page's listing nor its similar listings.
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert served_from_cache(visitor, job.get_absolute_url())
    with time_machine.travel(now + timedelta(minutes=10, seconds=1), tick=False):
        assert "Senior Vision Engineer" in visitor.get(job.get_absolute_url()).text


def test_a_company_page_follows_its_own_listings_only(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        company = CompanyFactory(name="Quiet Labs")
        JobFactory(company=company, title="First Quiet Role")
        JobFactory(company=company, title="Later Quiet Role", published_at=now + timedelta(hours=1))
        JobFactory(title="Elsewhere Role", expires_at=now + timedelta(minutes=5))
        page = visitor.get(company.get_absolute_url()).text
        assert "First Quiet Role" in page and "Later Quiet Role" not in page
        assert "(1)" in page
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert served_from_cache(visitor, company.get_absolute_url())
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        page = visitor.get(company.get_absolute_url()).text
        assert "Later Quiet Role" in page and "(2)" in page


def test_the_home_page_shows_a_featured_listing_going_live(backend, visitor):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Plain Role", published_at=now + timedelta(minutes=5))
        JobFactory(
            title="Featured Soon Role",
            published_at=now + timedelta(minutes=20),
            featured_until=now + timedelta(days=7),
        )
        assert "Featured Soon Role" not in visitor.get("/").text
    # A listing that is not featured going live changes nothing on the home page.
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert served_from_cache(visitor, "/")
    with time_machine.travel(now + timedelta(minutes=20, seconds=1), tick=False):
        assert "Featured Soon Role" in visitor.get("/").text


def test_a_page_another_request_is_rendering_is_waited_for_then_rendered(
    backend, visitor, monkeypatch
):
    """While one request renders a missing page, the others wait for it; when that render
    never arrives (its worker died) they render the page themselves."""
    from django.core.cache import cache
    from django.test import RequestFactory

    JobFactory(title="Locked Role")
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    key = page_cache._key(RequestFactory().get("/jobs/"), "/jobs/")
    assert cache.add(page_cache.LOCK_PREFIX + key, 1, 30)
    waits = []
    real_sleep = page_cache.time.sleep
    monkeypatch.setattr(page_cache.time, "sleep", lambda s: (waits.append(s), real_sleep(s)))

    response = visitor.get("/jobs/")
    assert response.status_code == 200 and "Locked Role" in response.text
    assert waits  # it waited for the other render first
    assert response["X-Cache"] == "miss"


def _hold_render_lock(url: str):
    """Another request is rendering ``url`` (its render lock is taken)."""
    from django.core.cache import cache
    from django.test import RequestFactory

    key = page_cache._key(RequestFactory().get(url), url)
    cache.set(page_cache.LOCK_PREFIX + key, 1, 30)
    return lambda: cache.delete(page_cache.LOCK_PREFIX + key)


def test_a_page_the_clock_changed_is_served_at_most_half_a_second_while_another_renders_it(
    backend, visitor, monkeypatch, request
):
    request_cleanup = request.addfinalizer
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Expiring Role", expires_at=now + timedelta(hours=1))
        assert "Expiring Role" in visitor.get("/jobs/").text
    # 0.3 s after the expiry, while another request renders the page: the last page, said so.
    # (The lock is taken in the travelled time: the file cache's TTLs follow the clock.)
    with time_machine.travel(now + timedelta(hours=1, seconds=0.3), tick=False):
        request_cleanup(_hold_render_lock("/jobs/"))
        response, queries = queries_of(visitor, "/jobs/")
        assert response["X-Cache"] == "stale" and queries == 0
        assert "Expiring Role" in response.text
    # 0.6 s after: never that page again; it waits for the render, then renders it itself.
    with time_machine.travel(now + timedelta(hours=1, seconds=0.6), tick=False):
        request_cleanup(_hold_render_lock("/jobs/"))
        response = visitor.get("/jobs/")
        assert response["X-Cache"] == "miss" and "Expiring Role" not in response.text


def test_nobody_rendering_means_no_stale_page(backend, visitor):
    _hold_render_lock("/jobs/")()  # (a lock an earlier test left is gone)
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        JobFactory(title="Expiring Role", expires_at=now + timedelta(hours=1))
        visitor.get("/jobs/")
    with time_machine.travel(now + timedelta(hours=1, seconds=0.1), tick=False):
        response = visitor.get("/jobs/")
        assert response["X-Cache"] == "miss" and "Expiring Role" not in response.text


def test_a_page_a_write_changed_is_never_served_stale(backend, visitor, monkeypatch, request):
    request_cleanup = request.addfinalizer
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    job = JobFactory(title="Renamed Role")
    assert "Renamed Role" in visitor.get("/jobs/").text
    request_cleanup(_hold_render_lock("/jobs/"))
    job.title = "New Title"
    job.save()
    response = visitor.get("/jobs/")
    assert response["X-Cache"] == "miss"
    assert "New Title" in response.text and "Renamed Role" not in response.text

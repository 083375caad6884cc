"""Checking apply links against a local server: what each answer records, the streak that
flags a listing after two failures in a row, which listings are checked, and politeness."""

from __future__ import annotations

import time
from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from jobs.models import Job
from linkcheck import checking
from linkcheck.models import ApplyLinkCheck, Outcome

pytestmark = pytest.mark.django_db


def check(job) -> ApplyLinkCheck:
    return ApplyLinkCheck.objects.get(job=job)


def run_twice():
    first = checking.check_links()
    second = checking.check_links()
    return first, second


@pytest.mark.parametrize(
    ("path", "status", "outcome", "failure"),
    [
        ("/ok/1", 200, Outcome.OK, ""),
        ("/missing/1", 404, Outcome.BROKEN_STATUS, "404"),
        ("/gone/1", 410, Outcome.BROKEN_STATUS, "410"),
        ("/to-closed/1", 200, Outcome.CLOSED_PAGE, "closed page"),
        ("/to-missing/1", 404, Outcome.BROKEN_STATUS, "404"),
        ("/to-open/1", 200, Outcome.OK, ""),
        ("/head-405/1", 200, Outcome.OK, ""),
        ("/head-405-gone/1", 404, Outcome.BROKEN_STATUS, "404"),
        ("/head-404-get-200/1", 200, Outcome.OK, ""),
    ],
)
def test_each_answer_is_recorded_with_its_status_and_outcome(
    base, listing, path, status, outcome, failure
):
    job = listing(base + path)
    summary = checking.check_links()
    found = check(job)
    assert (found.status, found.outcome, found.last_failure) == (status, outcome, failure)
    assert found.url == job.apply_url
    assert found.checked_at is not None
    assert summary.checked == 1
    # One failure is not enough to flag a listing.
    assert found.failures_in_row == (1 if failure else 0)
    assert not found.is_broken and found.broken_since is None


def test_a_redirect_to_a_closed_page_records_where_it_went_and_the_phrase(base, listing):
    job = listing(base + "/to-closed/2")
    checking.check_links()
    found = check(job)
    assert found.final_url == base + "/board/closed?error=true"
    assert found.detail == "“the job you are looking for is no longer open”"


def test_closed_words_count_only_on_a_page_the_link_redirected_to(base, listing, server):
    """An open job's page at its own address is never read (its text may name closed roles);
    the same page reached through a redirect is read and flagged."""
    here = listing(base + "/closed-words-here/1")
    redirected = listing(base + "/to-closed-words/1")
    checking.check_links()
    assert check(here).outcome == Outcome.OK
    assert check(redirected).outcome == Outcome.CLOSED_PAGE
    assert check(redirected).detail == "“this position has been filled”"
    # The page at its own address was asked for with HEAD only.
    assert ("GET", "/closed-words-here/1") not in [(m, p) for m, p, *_ in server.requests]


def test_words_in_a_script_are_not_what_the_page_says(base, listing):
    job = listing(base + "/to-script-words/1")  # redirects to /ok, whose script holds the words
    checking.check_links()
    assert check(job).outcome == Outcome.OK


def test_head_then_get_only_when_needed(base, listing, server):
    listing(base + "/ok/3")
    listing(base + "/head-405/3")
    listing(base + "/to-open/3")
    checking.check_links()
    requests = sorted((method, path) for method, path, *_ in server.requests)
    assert requests == [
        ("GET", "/board/open"),  # the redirect's page, read
        ("GET", "/head-405/3"),  # HEAD refused: GET decides
        ("GET", "/to-open/3"),
        ("HEAD", "/board/open"),
        ("HEAD", "/head-405/3"),
        ("HEAD", "/ok/3"),  # a direct 200 to HEAD is enough: no GET
        ("HEAD", "/to-open/3"),
    ]


def test_requests_name_the_site_in_their_user_agent(base, listing, server):
    listing(base + "/ok/4")
    checking.check_links()
    agents = {agent for *_, agent, _ in server.requests}
    assert agents == {"AIJobsBoard/1.0 (+https://jobs.example.org; link checker)"}


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/server-error/1", 500, "HTTP 500"),
        ("/busy/1", 429, "HTTP 429"),
        ("/slow/1", None, "timed out after 0.5 seconds"),
        ("/to-private/1", None, "10.0.0.1 is a private address"),
    ],
)
def test_errors_neither_count_nor_reset_the_streak(base, listing, server, path, status, detail):
    job = listing(base + path)
    server.statuses[path] = 404
    checking.check_links()
    assert check(job).failures_in_row == 1
    del server.statuses[path]

    summary = checking.check_links()  # the error
    found = check(job)
    assert (found.outcome, found.status) == (Outcome.ERROR, status)
    assert detail in found.detail
    assert found.failures_in_row == 1  # unchanged: not counted, not reset
    assert found.last_failure == "404"
    assert (summary.errors, summary.ok, summary.broken) == (1, 0, 0)

    server.statuses[path] = 404
    checking.check_links()
    assert check(job).is_broken  # the next failure is the second in a row


def test_a_timeout_is_bounded_by_the_setting(base, listing):
    listing(base + "/slow/2")
    started = time.monotonic()
    checking.check_links()
    # HEAD and the GET it falls back to, each given 0.5 s (the server takes 1.5 s).
    assert time.monotonic() - started < 1.4


def test_two_failures_in_a_row_flag_a_listing_and_a_working_check_resets(base, listing, server):
    job = listing(base + "/ok/5")
    server.statuses["/ok/5"] = 404

    first = checking.check_links()
    assert (first.broken, first.newly_broken) == (0, 0)
    assert check(job).failures_in_row == 1

    server.statuses["/ok/5"] = 410
    second = checking.check_links()
    found = check(job)
    assert (second.broken, second.newly_broken) == (1, 1)
    assert found.is_broken and found.failures_in_row == 2 and found.last_failure == "410"
    since = found.broken_since
    assert since is not None

    third = checking.check_links()
    assert (third.broken, third.newly_broken) == (1, 0)  # still broken, not new
    assert check(job).broken_since == since

    del server.statuses["/ok/5"]
    fourth = checking.check_links()
    found = check(job)
    assert (fourth.ok, fourth.broken) == (1, 0)
    assert (found.failures_in_row, found.broken_since, found.last_failure) == (0, None, "")


def test_a_failure_then_a_working_check_starts_over(base, listing, server):
    job = listing(base + "/ok/6")
    server.statuses["/ok/6"] = 404
    checking.check_links()
    del server.statuses["/ok/6"]
    checking.check_links()
    server.statuses["/ok/6"] = 404
    checking.check_links()
    assert check(job).failures_in_row == 1 and not check(job).is_broken


def test_a_closed_page_and_a_404_both_count(base, listing, server):
    job = listing(base + "/to-closed/7")
    checking.check_links()
    server.statuses["/to-closed/7"] = 404
    checking.check_links()
    assert check(job).is_broken


def test_a_new_apply_url_starts_a_new_streak(base, listing, server):
    job = listing(base + "/missing/8")
    run_twice()
    assert check(job).is_broken
    job.apply_url = base + "/missing/9"
    job.save()
    checking.check_links()
    found = check(job)
    assert found.url == base + "/missing/9"
    assert found.failures_in_row == 1 and not found.is_broken


def test_only_open_listings_with_an_apply_url_are_checked(base, listing, server):
    now = timezone.now()
    open_one = listing(base + "/ok/10")
    listing(base + "/ok/11", status=Job.Status.DRAFT, published_at=None)
    listing(
        base + "/ok/12", published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1)
    )
    listing(base + "/ok/13", published_at=now + timedelta(days=2))  # scheduled
    mail_only = listing("", apply_email="jobs@example.org")
    summary = checking.check_links()
    assert summary.checked == 1
    assert list(ApplyLinkCheck.objects.values_list("job_id", flat=True)) == [open_one.pk]
    assert server.paths() == ["/ok/10"]
    assert not ApplyLinkCheck.objects.filter(job=mail_only).exists()


def test_a_url_shared_by_listings_is_requested_once(base, listing, server):
    one, two = listing(base + "/missing/14"), listing(base + "/missing/14")
    checking.check_links()
    assert check(one).failures_in_row == check(two).failures_in_row == 1
    assert server.paths("HEAD") == ["/missing/14"]


@pytest.mark.parametrize(("concurrency", "at_once"), [(4, 2), (1, 1)])
def test_one_request_at_a_time_per_host_and_hosts_at_once(
    hosts, listing, server, settings, concurrency, at_once
):
    """Politeness: never two requests at once to a host, whatever the concurrency; up to
    LINKCHECK_CONCURRENCY hosts at once."""
    settings.LINKCHECK_CONCURRENCY = concurrency
    server.reset()
    server.delay = 0.15
    a, b = hosts("jobs-a.example"), hosts("jobs-b.example")
    for number in range(3):
        listing(f"{a}/ok/a{number}")
        listing(f"{b}/ok/b{number}")
    summary = checking.check_links()
    assert summary.ok == 6
    port = server.server_port
    assert server.most_in_flight == {f"jobs-a.example:{port}": 1, f"jobs-b.example:{port}": 1}
    assert server.most_at_once == at_once


def test_a_pause_between_two_requests_to_one_host(hosts, listing, server, settings):
    server.reset()
    settings.LINKCHECK_HOST_DELAY = 0.2
    a = hosts("jobs-c.example")
    for number in range(3):
        listing(f"{a}/head-405/c{number}")  # HEAD then GET: two requests each
    checking.check_links()
    moments = sorted(moment for *_, moment in server.requests)
    assert len(moments) == 6
    gaps = [later - earlier for earlier, later in pairwise(moments)]
    assert min(gaps) >= 0.19


def test_a_failing_check_of_one_link_does_not_stop_the_others(base, listing, monkeypatch):
    from core import outbound

    real = outbound.fetch

    def fetch(url, **kwargs):
        if "/ok/16" in url:
            raise RuntimeError("a bug")
        return real(url, **kwargs)

    monkeypatch.setattr(outbound, "fetch", fetch)
    bad, good = listing(base + "/ok/16"), listing(base + "/missing/16")
    checking.check_links()
    assert check(bad).outcome == Outcome.ERROR
    assert check(bad).detail == "Not checked (RuntimeError)."
    assert check(good).outcome == Outcome.BROKEN_STATUS


def test_a_listing_deleted_during_the_check_is_left_out(base, listing, monkeypatch):
    from linkcheck import fetching

    doomed, kept = listing(base + "/ok/17"), listing(base + "/ok/18")
    real = fetching.check_all

    def check_all(urls):
        results = real(urls)
        Job.objects.filter(pk=doomed.pk).delete()
        return results

    monkeypatch.setattr(fetching, "check_all", check_all)
    summary = checking.check_links()
    assert summary.checked == 2
    assert list(ApplyLinkCheck.objects.values_list("job_id", flat=True)) == [kept.pk]

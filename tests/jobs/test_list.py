"""The job list at /jobs/: filters, facet counts, garbage parameters, pagination, ordering."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """What a reader sees: the page's text without tags, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def listed_titles(response) -> list[str]:
    """The titles of the listing cards on the page, in order."""
    return [job.title for job in response.context["jobs"]]


def ago(days: float):
    return timezone.now() - timedelta(days=days)


# -- Each filter alone ---------------------------------------------------------------------


def test_without_parameters_every_visible_listing_is_listed(client):
    JobFactory(title="Data Engineer")
    JobFactory(title="ML Engineer")

    response = client.get("/jobs/")

    assert response.status_code == 200
    assert sorted(listed_titles(response)) == ["Data Engineer", "ML Engineer"]
    assert "2 jobs" in page_text(response)


def test_keyword_matches_title_company_or_skill_in_any_case(client):
    pytorch = SkillFactory(name="PyTorch")
    torchvision = SkillFactory(name="TorchVision")
    JobFactory(title="Torch Wrangler", company=CompanyFactory(name="Acme"))
    JobFactory(title="ML Engineer", company=CompanyFactory(name="TorchWorks"))
    JobFactory(title="Vision Engineer", skills=[pytorch, torchvision])
    JobFactory(title="Data Analyst", skills=[SkillFactory(name="SQL")])

    response = client.get("/jobs/?q=TORCH")

    # The listing with two matching skills appears once.
    assert sorted(listed_titles(response)) == ["ML Engineer", "Torch Wrangler", "Vision Engineer"]
    assert "3 jobs" in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("seniority=SE", ["Senior A", "Senior B"]),
        ("seniority=SE&seniority=EN", ["Junior", "Senior A", "Senior B"]),
        ("employment_type=CT", ["Senior B"]),
        ("employment_type=CT&employment_type=IN", ["Junior", "Senior B"]),
        ("workplace=remote", ["Senior A"]),
        ("workplace=remote&workplace=hybrid", ["Mid", "Senior A"]),
        ("country=DE", ["Mid", "Senior B"]),
        ("location=berlin", ["Senior B"]),
        ("location=Bavaria", ["Mid"]),
        ("location=Germany", ["Mid", "Senior B"]),
        ("posted=1", ["Senior A"]),
        ("posted=7", ["Mid", "Senior A"]),
        ("posted=30", ["Junior", "Mid", "Senior A"]),
    ],
)
def test_each_filter_alone(client, query, expected):
    JobFactory(
        title="Senior A",
        seniority="SE",
        workplace="remote",
        country="US",
        city="",
        published_at=ago(0.5),
    )
    JobFactory(
        title="Senior B",
        seniority="SE",
        employment_type="CT",
        country="DE",
        city="Berlin",
        region="Berlin",
        published_at=ago(40),
        expires_at=timezone.now() + timedelta(days=5),
    )
    JobFactory(
        title="Mid",
        seniority="MI",
        workplace="hybrid",
        country="DE",
        city="Munich",
        region="Bavaria",
        published_at=ago(3),
    )
    JobFactory(
        title="Junior",
        seniority="EN",
        employment_type="IN",
        country="GB",
        city="London",
        region="England",
        published_at=ago(20),
    )

    response = client.get(f"/jobs/?{query}")

    assert response.status_code == 200
    assert sorted(listed_titles(response)) == expected
    assert response.context["notices"] == []


def test_filters_combined(client):
    pandas = SkillFactory(name="pandas")
    JobFactory(title="Match", seniority="SE", workplace="remote", country="DE", skills=[pandas])
    JobFactory(
        title="Wrong seniority", seniority="MI", workplace="remote", country="DE", skills=[pandas]
    )
    JobFactory(
        title="Wrong workplace", seniority="SE", workplace="onsite", country="DE", skills=[pandas]
    )
    JobFactory(
        title="Wrong country", seniority="SE", workplace="remote", country="FR", skills=[pandas]
    )
    JobFactory(title="No keyword", seniority="SE", workplace="remote", country="DE")
    JobFactory(
        title="Too cheap",
        seniority="SE",
        workplace="remote",
        country="DE",
        salary_min=Decimal("50000"),
        salary_max=Decimal("60000"),
        skills=[pandas],
    )

    response = client.get(
        "/jobs/?q=Pandas&seniority=SE&workplace=remote&country=DE&salary_min=100000&posted=7"
    )

    assert listed_titles(response) == ["Match"]
    assert response.context["headline"] == (
        "Senior-level / Expert remote jobs in Germany matching “Pandas” "
        "paying at least USD 100,000 a year posted in the last 7 days"
    )


# -- Salary: one yearly USD scale for every currency and period ------------------------------


@pytest.fixture
def salaried_listings():
    exchange_rate("EUR", "1.05")
    # EUR 60,000 - 80,000 a year = USD 63,000 - 84,000 a year.
    JobFactory(
        title="Euro",
        salary_min=Decimal("60000"),
        salary_max=Decimal("80000"),
        salary_currency_id="EUR",
        salary_period="year",
    )
    # USD 50 - 60 an hour = USD 104,000 - 124,800 a year (2,080 hours).
    JobFactory(
        title="Hourly",
        salary_min=Decimal("50"),
        salary_max=Decimal("60"),
        salary_currency_id="USD",
        salary_period="hour",
    )
    # Only a minimum: USD 100,000 is the top of its range.
    JobFactory(title="Minimum only", salary_min=Decimal("100000"), salary_max=None)
    JobFactory(title="No salary", salary_min=None, salary_max=None, salary_currency_id=None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("salary_min=63000", ["Euro", "Hourly", "Minimum only"]),
        ("salary_min=84000", ["Euro", "Hourly", "Minimum only"]),
        ("salary_min=84000.01", ["Hourly", "Minimum only"]),
        ("salary_min=100000", ["Hourly", "Minimum only"]),
        ("salary_min=100001", ["Hourly"]),
        ("salary_min=124800", ["Hourly"]),
        ("salary_min=124800.01", []),
        # In EUR: 80,000 EUR = 84,000 USD reaches the top of the EUR listing exactly.
        ("salary_min=80000&currency=EUR", ["Euro", "Hourly", "Minimum only"]),
        ("salary_min=80001&currency=EUR", ["Hourly", "Minimum only"]),
        ("salary_min=1", ["Euro", "Hourly", "Minimum only"]),
    ],
)
def test_salary_minimum_compares_the_yearly_usd_top_of_each_range(
    client, salaried_listings, query, expected
):
    response = client.get(f"/jobs/?{query}")

    assert sorted(listed_titles(response)) == expected
    assert "No salary" not in listed_titles(response)


def test_salary_minimum_of_zero_means_no_minimum(client, salaried_listings):
    response = client.get("/jobs/?salary_min=0")

    assert sorted(listed_titles(response)) == ["Euro", "Hourly", "Minimum only", "No salary"]


# -- Facet counts ----------------------------------------------------------------------------


@pytest.fixture
def facet_listings():
    """Six visible listings, counted by hand in the tests, and two that must never count."""
    JobFactory(title="A", seniority="SE", employment_type="FT", workplace="remote", country="US")
    JobFactory(title="B", seniority="SE", employment_type="CT", workplace="onsite", country="DE")
    JobFactory(title="C", seniority="MI", employment_type="FT", workplace="hybrid", country="DE")
    JobFactory(title="D", seniority="EN", employment_type="IN", workplace="onsite", country="GB")
    JobFactory(title="E", seniority="SE", employment_type="FT", workplace="remote", country="DE")
    JobFactory(title="F", seniority="EX", employment_type="FT", workplace="onsite", country="US")
    JobFactory(title="Draft", status="draft", published_at=None, workplace="remote")
    JobFactory(title="Expired", workplace="remote", published_at=ago(40), expires_at=ago(10))


def facet_counts(response, name):
    return {option.value: option.count for option in response.context["search"].facets[name]}


def test_facet_counts_without_filters(client, facet_listings):
    response = client.get("/jobs/")

    assert facet_counts(response, "seniority") == {"EN": 1, "MI": 1, "SE": 3, "EX": 1}
    assert facet_counts(response, "employment_type") == {
        "FT": 4,
        "PT": 0,
        "CT": 1,
        "FL": 0,
        "IN": 1,
    }
    assert facet_counts(response, "workplace") == {"onsite": 3, "hybrid": 1, "remote": 2}
    assert facet_counts(response, "country") == {"DE": 3, "GB": 1, "US": 2}
    text = page_text(response)
    assert "Senior-level / Expert (3)" in text
    assert "Part Time (0)" in text
    assert "Germany (3)" in text
    assert "United Kingdom (1)" in text


def test_a_facets_own_selection_does_not_narrow_its_counts(client, facet_listings):
    response = client.get("/jobs/?seniority=SE&workplace=remote")

    assert sorted(listed_titles(response)) == ["A", "E"]
    # Seniority counted among remote listings: A and E (both SE).
    assert facet_counts(response, "seniority") == {"EN": 0, "MI": 0, "SE": 2, "EX": 0}
    # Workplace counted among senior listings: A, E remote; B on-site.
    assert facet_counts(response, "workplace") == {"onsite": 1, "hybrid": 0, "remote": 2}
    # Employment type and country under both filters: A and E.
    assert facet_counts(response, "employment_type") == {
        "FT": 2,
        "PT": 0,
        "CT": 0,
        "FL": 0,
        "IN": 0,
    }
    # Every country with visible listings stays an option, counted under the filters.
    assert facet_counts(response, "country") == {"DE": 1, "GB": 0, "US": 1}
    text = page_text(response)
    assert "Senior-level / Expert (2)" in text
    assert "On-site (1)" in text
    assert "Remote (2)" in text
    assert "Germany (1)" in text
    assert "2 jobs" in text


def test_country_options_are_only_countries_with_visible_listings_by_name(client, facet_listings):
    response = client.get("/jobs/?country=DE")

    labels = [option.label for option in response.context["search"].facets["country"]]
    assert labels == [
        "Germany",
        "United Kingdom",
        "United States of America",
    ]
    assert sorted(listed_titles(response)) == ["B", "C", "E"]
    assert facet_counts(response, "country") == {"DE": 3, "GB": 1, "US": 2}
    assert facet_counts(response, "seniority") == {"EN": 0, "MI": 1, "SE": 2, "EX": 0}


# -- Garbage parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("garbage", "parameter"),
    [
        ("seniority=XX", "seniority"),
        ("employment_type=ZZ", "employment_type"),
        ("workplace=moon", "workplace"),
        ("salary_min=abc", "salary_min"),
        ("salary_min=-5", "salary_min"),
        ("salary_min=NaN", "salary_min"),
        ("salary_min=Infinity", "salary_min"),
        ("salary_min=1e400", "salary_min"),
        ("posted=3", "posted"),
        ("country=ZZ", "country"),
        ("currency=FOO", "currency"),
        ("q=" + "x" * 101, "q"),
        ("location=" + "y" * 101, "location"),
        ("q=%00", "q"),
        ("sort=bogus", "sort"),
    ],
)
def test_an_invalid_value_is_ignored_with_a_notice_and_the_other_filters_still_apply(
    client, garbage, parameter
):
    JobFactory(title="Remote", workplace="remote")
    JobFactory(title="On-site", workplace="onsite")

    response = client.get(f"/jobs/?{garbage}&workplace=remote")

    assert response.status_code == 200
    assert listed_titles(response) == ["Remote"]
    notices = response.context["notices"]
    assert len(notices) == 1
    assert notices[0].startswith(f"Ignored {parameter}=")
    assert f"Ignored {parameter}=" in page_text(response)


def test_unknown_codes_are_dropped_but_known_ones_kept(client):
    JobFactory(title="Senior", seniority="SE")
    JobFactory(title="Mid", seniority="MI")

    response = client.get("/jobs/?seniority=XX&seniority=SE")

    assert listed_titles(response) == ["Senior"]
    assert response.context["notices"] == ["Ignored seniority=XX: not one of EN, MI, SE, EX."]


def test_an_invalid_currency_reads_the_minimum_as_usd(client):
    JobFactory(title="Rich", salary_min=Decimal("150000"), salary_max=Decimal("200000"))
    JobFactory(title="Modest", salary_min=Decimal("50000"), salary_max=Decimal("90000"))

    response = client.get("/jobs/?salary_min=100000&currency=FOO")

    assert listed_titles(response) == ["Rich"]
    assert response.context["notices"] == [
        "Ignored currency=FOO: no exchange rate for this currency; read as USD."
    ]


def test_many_bad_parameters_at_once_give_a_page_not_an_error(client):
    JobFactory(title="Anything")

    response = client.get(
        "/jobs/?seniority=XX&salary_min=abc&posted=3&country=ZZ&currency=FOO&sort=bogus"
        "&page=abc&q=%ff%fe&workplace=&unknown=1"
    )

    assert response.status_code == 200
    assert len(response.context["notices"]) == 7
    # The pages this search links to carry only what was used.
    assert response.context["query"] == "q=%EF%BF%BD%EF%BF%BD"


# -- Pagination ------------------------------------------------------------------------------


@pytest.fixture
def thirty_remote_listings():
    for number in range(30):
        JobFactory(title=f"Remote {number:02}", workplace="remote", published_at=ago(number / 10))
    JobFactory(title="On-site", workplace="onsite")


def test_25_per_page_and_the_links_keep_the_filters(client, thirty_remote_listings):
    first = client.get("/jobs/?workplace=remote")
    second = client.get("/jobs/?workplace=remote&page=2")

    assert len(first.context["jobs"]) == 25
    assert listed_titles(first)[0] == "Remote 00"
    assert 'href="?workplace=remote&amp;page=2" rel="next"' in first.content.decode()
    assert listed_titles(second) == [
        "Remote 25",
        "Remote 26",
        "Remote 27",
        "Remote 28",
        "Remote 29",
    ]
    assert 'href="?workplace=remote" rel="prev"' in second.content.decode()
    assert "30 jobs" in page_text(second)
    assert "page 2 of 2" in page_text(second)


def test_a_page_past_the_end_shows_the_last_page_with_a_notice(client, thirty_remote_listings):
    response = client.get("/jobs/?workplace=remote&page=7")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["jobs"]) == 5
    assert response.context["notices"] == [
        "There are 2 pages of results: showing page 2 instead of 7."
    ]


@pytest.mark.parametrize("page", ["abc", "0", "-3", "1.5", "9" * 5000])
def test_a_page_that_is_not_a_page_number_shows_the_first_page(
    client, thirty_remote_listings, page
):
    response = client.get(f"/jobs/?page={page}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert response.context["notices"][0].startswith("Ignored page=")


def test_an_empty_result_explains_itself_and_offers_to_clear_the_filters(client):
    JobFactory(title="Senior", seniority="SE", workplace="onsite")

    response = client.get("/jobs/?seniority=SE&workplace=remote")

    assert listed_titles(response) == []
    text = page_text(response)
    assert "No jobs match this search: Senior-level / Expert remote jobs." in text
    assert '<a href="/jobs/">clear all filters</a>' in response.content.decode()


def test_the_filter_pages_link_the_same_search_without_each_filter(client):
    JobFactory(title="Senior", seniority="SE", workplace="remote")

    response = client.get("/jobs/?seniority=SE&workplace=remote")

    html = response.content.decode()
    assert (
        'href="/jobs/?workplace=remote" aria-label="Remove filter: Senior-level / Expert"' in html
    )
    assert 'href="/jobs/?seniority=SE" aria-label="Remove filter: Remote"' in html


# -- Visibility and ordering -----------------------------------------------------------------


def test_only_visible_listings_are_listed(client):
    JobFactory(title="Visible")
    JobFactory(title="Draft", status=Job.Status.DRAFT, published_at=None)
    JobFactory(title="Scheduled", published_at=timezone.now() + timedelta(days=2))
    JobFactory(title="Expired", published_at=ago(40), expires_at=ago(1))

    response = client.get("/jobs/")

    assert listed_titles(response) == ["Visible"]


def test_featured_listings_come_first_then_the_newest(client):
    JobFactory(
        title="Old featured",
        published_at=ago(20),
        featured_until=timezone.now() + timedelta(days=3),
    )
    JobFactory(title="Featured long ago", published_at=ago(1), featured_until=ago(2))
    JobFactory(title="Newest", published_at=ago(0.1))
    JobFactory(
        title="Older featured",
        published_at=ago(25),
        featured_until=timezone.now() + timedelta(days=9),
    )
    JobFactory(title="Middle", published_at=ago(5))

    response = client.get("/jobs/")

    assert listed_titles(response) == [
        "Old featured",
        "Older featured",
        "Newest",
        "Featured long ago",
        "Middle",
    ]
    html = response.content.decode()
    assert html.count('<span class="badge">Featured</span>') == 2


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Every word, anywhere, in any case; a short word whole only ("ai" is not in "Email").
        ("torch ENGINEER", ["Featured PyTorch engineer", "PyTorch engineer"]),
        ("ai", ["Featured AI lead", "AI lead"]),
        # Signs a LIKE pattern would read as wildcards are plain characters.
        ("100%", ["Featured 100% remote analyst", "100% remote analyst"]),
        ("r_d", ["Featured R_D scientist", "R_D scientist"]),
    ],
)
def test_a_keyword_search_lists_its_featured_matches_first_by_the_same_rule(client, q, expected):
    """The featured listings of a keyword search are read apart from the others (a few
    hundred tested one by one, jobs.search.keywords.keyword_test): they match by exactly the
    rule of the rest of the list."""
    soon = timezone.now() + timedelta(days=3)
    for title in [
        "PyTorch engineer",
        "AI lead",
        "Email marketer",
        "100% remote analyst",
        "100 remote analyst",
        "R_D scientist",
        "RXD scientist",
    ]:
        JobFactory(title=title, published_at=ago(1))
        JobFactory(title=f"Featured {title}", published_at=ago(2), featured_until=soon)

    response = client.get("/jobs/", {"q": q})

    assert listed_titles(response) == expected
    assert response.content.decode().count('<span class="badge">Featured</span>') == 1


def test_salary_sort_puts_the_highest_first_and_listings_without_salary_last(client):
    exchange_rate("EUR", "1.05")
    JobFactory(title="No salary", salary_min=None, salary_max=None, published_at=ago(0.1))
    JobFactory(title="USD 150K", salary_min=Decimal("120000"), salary_max=Decimal("150000"))
    JobFactory(
        title="EUR 150K",
        salary_min=Decimal("100000"),
        salary_max=Decimal("150000"),
        salary_currency_id="EUR",
    )
    JobFactory(
        title="Featured cheap",
        salary_min=Decimal("40000"),
        salary_max=Decimal("50000"),
        featured_until=timezone.now() + timedelta(days=3),
    )

    response = client.get("/jobs/?sort=salary")

    assert listed_titles(response) == ["EUR 150K", "USD 150K", "Featured cheap", "No salary"]


# -- The page itself -------------------------------------------------------------------------


def test_the_card_shows_what_a_job_seeker_decides_on(client):
    JobFactory(
        title="Remote Data Scientist",
        company=CompanyFactory(name="Deep Thought"),
        workplace="remote",
        country="US",
        employment_type="CT",
        seniority="MI",
        salary_min=Decimal("60"),
        salary_max=Decimal("80"),
        salary_period="hour",
        published_at=ago(3.2),
        featured_until=timezone.now() + timedelta(days=1),
        skills=[SkillFactory(name="Spark")],
    )

    text = page_text(client.get("/jobs/"))

    assert (
        "Remote Data Scientist Featured Deep Thought · Remote (US) Contract "
        "Mid-level / Intermediate USD 60 - 80 / hour Pay range posted 3d ago Spark"
    ) in text


def test_title_heading_canonical_and_feed_links_follow_the_search(client):
    JobFactory(seniority="SE", workplace="remote")

    response = client.get("/jobs/?workplace=remote&seniority=SE&sort=newest&currency=EUR&page=1")

    html = response.content.decode()
    assert "<title>Senior-level / Expert remote jobs · AI Jobs Board</title>" in html
    assert "<h1>Senior-level / Expert remote jobs</h1>" in html
    assert (
        '<link rel="canonical" href="http://testserver/jobs/?seniority=SE&amp;workplace=remote">'
        in html
    )
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Senior-level / Expert remote jobs'
        ' (RSS)" href="/jobs/feed/rss/?seniority=SE&amp;workplace=remote">'
    ) in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/jobs/feed/atom/?seniority=SE&amp;workplace=remote">Atom feed' in html


def test_remote_only_is_one_click_that_keeps_the_rest(client):
    JobFactory(seniority="SE", workplace="onsite")

    response = client.get("/jobs/?seniority=SE&workplace=onsite&workplace=hybrid")

    assert 'href="?seniority=SE&amp;workplace=remote" data-hx-boost="true">Remote only</a>' in (
        response.content.decode()
    )
    remote = client.get("/jobs/?seniority=SE&workplace=remote")
    assert ">Remote only</a>" not in remote.content.decode()


def test_the_form_works_without_javascript_and_shows_the_search(client):
    JobFactory()

    response = client.get("/jobs/?q=data&seniority=SE&salary_min=90000&currency=EUR&posted=7")

    html = response.content.decode()
    assert (
        '<form id="job-search" class="job-filters is-collapsed" action="/jobs/" method="get"'
        in html
    )
    assert 'name="q" value="data"' in html
    assert 'name="seniority" value="SE" checked>' in html
    assert 'name="salary_min" min="0" step="any" inputmode="decimal" value="90000"' in html
    assert "<option selected>EUR</option>" in html
    assert '<option value="7" selected>Last 7 days</option>' in html
    assert '<button type="submit">Show jobs</button>' in html
    # Scripts only enhance: they are external files, none inline.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/js/vendor/htmx.min.js" defer>',
        '<script src="/static/js/job-search.js" defer>',
    ]
    assert ' style="' not in html


def test_an_htmx_request_gets_the_search_region_alone(client):
    JobFactory(title="Fragment Engineer", seniority="SE")
    JobFactory(title="Junior Fragment Analyst", seniority="EN")

    response = client.get("/jobs/?seniority=SE", headers={"HX-Request": "true"})

    html = response.content.decode()
    # htmx takes a <title> at the top of the fragment for the document title.
    assert re.match(r'\s*<title>[^<]*</title>\s*<div id="search-region"', html)
    assert "<html" not in html and "<header" not in html
    # The title, heading, facet counts and results all come with it.
    assert "<title>Senior-level / Expert jobs · " in html
    assert "<h1>Senior-level / Expert jobs</h1>" in html
    assert 'Entry-level / Junior <span class="facet-count">(1)</span>' in html
    assert "Fragment Engineer" in html and "Junior Fragment Analyst" not in html
    assert "HX-Request" in response["Vary"]
    # The address bar gets the clean URL of the search.
    assert response["HX-Push-Url"] == "/jobs/?seniority=SE"


def test_the_pushed_url_leaves_out_empty_fields_and_defaults(client):
    JobFactory()
    response = client.get(
        "/jobs/?q=&location=&seniority=SE&workplace=remote&country=&salary_min=&currency=USD"
        "&posted=&sort=newest",
        headers={"HX-Request": "true"},
    )
    assert response["HX-Push-Url"] == "/jobs/?seniority=SE&workplace=remote"


def test_an_htmx_history_restore_gets_the_whole_page(client):
    JobFactory()
    response = client.get(
        "/jobs/?seniority=SE",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<title>") == 1


def test_the_results_partial_renders_alone_for_a_later_swap(client):
    JobFactory(title="Partial Engineer")
    response = client.get("/jobs/")

    page_context = response.context[0].flatten()  # the context of jobs/job_list.html
    fragment = render_to_string("jobs/job_list.html#results", page_context)

    assert fragment.strip().startswith('<section id="results"')
    assert "Partial Engineer" in fragment
    assert "<h1>" not in fragment


# -- Speed -----------------------------------------------------------------------------------


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/",
        "/jobs/?q=data&seniority=SE&workplace=remote&country=US&location=San&salary_min=1000"
        "&currency=EUR&pay_range=1&posted=30&sort=salary&page=2",
        "/jobs/?eligible=DE&workplace=remote&q=data",
    ],
)
def test_the_list_takes_the_same_few_queries_for_5_and_for_50_listings(client, assert_queries, url):
    skills = [SkillFactory(name="Spark"), SkillFactory(name="dbt")]
    for number in range(5):
        JobFactory(title=f"Data Engineer {number}", workplace="remote", skills=skills)
    # Exchange rates, facet counts (with the result and featured counts), the page with its
    # companies and skill names.
    with assert_queries(3):
        few = queries_of(client, url)

    for number in range(5, 50):
        JobFactory(
            title=f"Data Engineer {number}",
            workplace="remote",
            skills=skills,
            company=CompanyFactory(),
            country="US" if number % 2 else "DE",
        )
    # Exchange rates, facet counts (with the result and featured counts), the page with its
    # companies and skill names.
    with assert_queries(3):
        many = queries_of(client, url)

    assert few == many


# -- Keywords: every word, whole words when short ------------------------------------------


@pytest.fixture
def keyword_listings():
    """Listings whose titles, companies and skills hold (or only seem to hold) the words."""
    pytorch = SkillFactory(name="PyTorch")
    JobFactory(title="Machine Learning Engineer", skills=[pytorch])
    JobFactory(title="Research Scientist", skills=[pytorch])
    JobFactory(title="Data Engineer")
    JobFactory(title="Data Engineer at Mainframe")
    JobFactory(title="AI Engineer")
    JobFactory(title="Head of AI")
    JobFactory(title="Lead Developer (AI)")
    JobFactory(title="Email Marketing Specialist")
    JobFactory(title="Platform Engineer", company=CompanyFactory(name="Acme AI"))
    JobFactory(title="MLOps Engineer", skills=[SkillFactory(name="Vertex AI")])
    JobFactory(title="Data Analyst", company=CompanyFactory(name="Airbnb"))
    JobFactory(title="Workflow Engineer", skills=[SkillFactory(name="Airflow")])
    JobFactory(title="Backend Developer", skills=[SkillFactory(name="Go")])
    JobFactory(title="Google Cloud Engineer")
    JobFactory(title="Web Developer", skills=[SkillFactory(name="Django")])
    JobFactory(title="Biostatistician", skills=[SkillFactory(name="R")])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A skill for one word, the title for the other.
        ("q=pytorch+engineer", ["Machine Learning Engineer"]),
        ("q=engineer+data", ["Data Engineer", "Data Engineer at Mainframe"]),
        ("q=data++engineer", ["Data Engineer", "Data Engineer at Mainframe"]),
        (
            "q=ai",
            [
                "AI Engineer",
                "Head of AI",
                "Lead Developer (AI)",
                "MLOps Engineer",
                "Platform Engineer",
            ],
        ),
        (
            "q=AI",
            [
                "AI Engineer",
                "Head of AI",
                "Lead Developer (AI)",
                "MLOps Engineer",
                "Platform Engineer",
            ],
        ),
        ("q=ai+engineer", ["AI Engineer", "MLOps Engineer", "Platform Engineer"]),
        (
            "q=%28AI%29%2C",
            [
                "AI Engineer",
                "Head of AI",
                "Lead Developer (AI)",
                "MLOps Engineer",
                "Platform Engineer",
            ],
        ),
        ("q=go", ["Backend Developer"]),
        ("q=r", ["Biostatistician"]),
        ("q=goo", ["Google Cloud Engineer"]),
        ("q=air", ["Data Analyst", "Workflow Engineer"]),
        ("q=ai+astronaut", []),
    ],
)
def test_every_keyword_must_match_and_short_ones_as_whole_words(
    client, keyword_listings, query, expected
):
    response = client.get(f"/jobs/?{query}")

    assert response.status_code == 200
    assert sorted(listed_titles(response)) == expected
    assert response.context["notices"] == []
    assert f"{len(expected)} job" in page_text(response)


def test_the_words_of_a_search_count_once_each_and_at_most_eight(client):
    JobFactory(title="Senior Data Engineer")

    same = client.get("/jobs/?q=Data+data+DATA")
    many = client.get("/jobs/?q=senior+data+engineer+a1+a2+a3+a4+a5+a6+a7")

    assert listed_titles(same) == ["Senior Data Engineer"]
    assert same.context["notices"] == []
    assert listed_titles(many) == []
    assert many.context["notices"] == ["Ignored the keywords after the first 8: a6 a7."]


def test_a_search_of_several_words_keeps_the_query_budget(client, assert_queries):
    skills = [SkillFactory(name="PyTorch"), SkillFactory(name="Go")]
    for number in range(5):
        JobFactory(title=f"AI Data Engineer {number}", skills=skills)
    url = "/jobs/?q=ai+data+pytorch+go&seniority=SE&country=US"
    # Exchange rates, facet counts (with the result and featured counts), the page with its
    # companies and skill names.
    with assert_queries(3):
        few = queries_of(client, url)
    for number in range(5, 50):
        JobFactory(title=f"AI Data Engineer {number}", skills=skills, company=CompanyFactory())
    # Exchange rates, facet counts (with the result and featured counts), the page with its
    # companies and skill names.
    with assert_queries(3):
        many = queries_of(client, url)

    assert few == many
    assert len(client.get(url).context["jobs"]) == 25


# -- Location: city or region text, or a country's full name --------------------------------


@pytest.fixture
def located_listings():
    JobFactory(title="Munich", country="DE", city="Munich", region="Bavaria")
    JobFactory(title="Remote Germany", country="DE", city="", region="", workplace="remote")
    JobFactory(title="Manchester", country="GB", city="Manchester", region="England")
    JobFactory(title="Seattle", country="US", city="Seattle", region="Washington")


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("many", []),
        ("germ", []),
        ("Germany", ["Munich", "Remote Germany"]),
        ("  germany ", ["Munich", "Remote Germany"]),
        ("United States", ["Seattle"]),
        ("united states of america", ["Seattle"]),
        ("United Kingdom", ["Manchester"]),
        ("man", ["Manchester"]),
        ("bavaria", ["Munich"]),
    ],
)
def test_location_matches_city_or_region_text_and_only_full_country_names(
    client, located_listings, location, expected
):
    response = client.get("/jobs/", {"location": location})

    assert sorted(listed_titles(response)) == expected


# -- Parameters given twice, codes in any case, numbers written differently -----------------


@pytest.mark.parametrize(
    ("query", "expected", "notice"),
    [
        (
            "country=US&country=DE",
            ["Junior US"],
            "Ignored country=DE: country takes one value; the first, US, is used.",
        ),
        (
            "salary_min=100000&salary_min=abc",
            ["Senior DE"],
            "Ignored salary_min=abc: salary_min takes one value; the first, 100000, is used.",
        ),
        (
            "currency=EUR&currency=GBP&salary_min=90000",
            ["Senior DE"],
            "Ignored currency=GBP: currency takes one value; the first, EUR, is used.",
        ),
        (
            "posted=1&posted=30",
            ["Junior US"],
            "Ignored posted=30: posted takes one value; the first, 1, is used.",
        ),
        (
            "q=senior&q=junior",
            ["Senior DE"],
            "Ignored q=junior: q takes one value; the first, senior, is used.",
        ),
        (
            "location=Berlin&location=Boston",
            ["Senior DE"],
            "Ignored location=Boston: location takes one value; the first, Berlin, is used.",
        ),
        (
            "sort=salary&sort=newest",
            ["Senior DE", "Junior US"],
            "Ignored sort=newest: sort takes one value; the first, salary, is used.",
        ),
        (
            "page=1&page=2",
            ["Junior US", "Senior DE"],
            "Ignored page=2: page takes one value; the first, 1, is used.",
        ),
    ],
)
def test_a_one_value_parameter_given_twice_keeps_its_first_value_with_a_notice(
    client, query, expected, notice
):
    exchange_rate("EUR", "1.05")
    JobFactory(
        title="Senior DE",
        country="DE",
        city="Berlin",
        salary_min=Decimal("100000"),
        salary_max=Decimal("120000"),
        published_at=ago(3),
    )
    JobFactory(
        title="Junior US",
        country="US",
        city="Boston",
        salary_min=Decimal("50000"),
        salary_max=Decimal("60000"),
        published_at=ago(0.5),
    )

    response = client.get(f"/jobs/?{query}")

    assert response.status_code == 200
    assert listed_titles(response) == expected
    assert response.context["notices"] == [notice]


def test_a_value_given_twice_keeps_the_first_even_with_an_empty_one_after_it(client):
    JobFactory(title="German", country="DE")
    JobFactory(title="American", country="US")

    response = client.get("/jobs/?country=DE&country=")

    assert listed_titles(response) == ["German"]
    assert response.context["notices"] == []


def test_codes_are_read_in_any_case_and_linked_canonically(client):
    exchange_rate("EUR", "1.05")
    JobFactory(
        title="Match",
        seniority="SE",
        employment_type="FT",
        workplace="remote",
        salary_max=Decimal("160000"),
    )
    JobFactory(title="Mid", seniority="MI", employment_type="FT", workplace="remote")
    JobFactory(title="German", seniority="SE", employment_type="FT", country="DE")
    # USD 120,000 - 160,000 a year: 160,000 USD is more than 150,000 EUR (157,500 USD).
    JobFactory(
        title="Too cheap for EUR",
        seniority="SE",
        workplace="remote",
        salary_max=Decimal("150000"),
    )

    response = client.get(
        "/jobs/?seniority=se&employment_type=ft&workplace=Remote&country=us"
        "&currency=eur&salary_min=150000&sort=SALARY"
    )

    assert listed_titles(response) == ["Match"]
    assert response.context["notices"] == []
    assert response.context["query"] == (
        "seniority=SE&employment_type=FT&workplace=remote&country=US&salary_min=150000"
        "&currency=EUR&sort=salary"
    )
    html = response.content.decode()
    assert "<option selected>EUR</option>" in html


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1E5", "100000"),
        ("%EF%BC%91%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90", "100000"),
        ("100000.50", "100000.5"),
        ("+100000", "100000"),
    ],
)
def test_canonical_pagination_and_feed_links_carry_the_cleaned_salary(client, raw, canonical):
    for number in range(26):
        JobFactory(
            title=f"Rich {number:02}",
            published_at=ago(number / 10),
            salary_min=Decimal("150000"),
            salary_max=Decimal("200000"),
        )
    JobFactory(title="Cheap", salary_min=Decimal("50000"), salary_max=Decimal("60000"))

    response = client.get(f"/jobs/?salary_min={raw}")

    assert len(response.context["jobs"]) == 25
    assert response.context["notices"] == []
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver/jobs/?salary_min={canonical}">' in html
    assert f'href="?salary_min={canonical}&amp;page=2" rel="next"' in html
    assert f'href="/jobs/feed/rss/?salary_min={canonical}"' in html
    assert response.context["search"].headline() == (
        "Jobs paying at least USD 100,000 a year"
        if canonical == "100000"
        else "Jobs paying at least USD 100,000.50 a year"
    )


# -- Control characters and other garbage ----------------------------------------------------


@pytest.mark.parametrize(
    ("garbage", "notice"),
    [
        (
            "q=%01",
            "Ignored q=\N{REPLACEMENT CHARACTER}: contains control characters (U+0001); "
            "remove them.",
        ),
        (
            "q=data%1B",
            "Ignored q=data\N{REPLACEMENT CHARACTER}: contains control characters "
            "(U+001B); remove them.",
        ),
        (
            "location=a%01b",
            "Ignored location=a\N{REPLACEMENT CHARACTER}b: contains control "
            "characters (U+0001); remove them.",
        ),
        (
            "location=%EF%BF%BF",
            "Ignored location=\N{REPLACEMENT CHARACTER}: contains control "
            "characters (U+FFFF); remove them.",
        ),
        (
            "q=%00",
            "Ignored q=\N{REPLACEMENT CHARACTER}: contains control characters (U+0000); "
            "remove them.",
        ),
        (
            "salary_min=1e400",
            "Ignored salary_min=1e400: ensure that there are no more than 12 digits in total.",
        ),
    ],
)
def test_control_characters_in_text_parameters_are_ignored_with_a_notice(client, garbage, notice):
    JobFactory(title="Remote", workplace="remote")
    JobFactory(title="On-site", workplace="onsite")

    response = client.get(f"/jobs/?{garbage}&workplace=remote")

    assert response.status_code == 200
    assert listed_titles(response) == ["Remote"]
    assert response.context["notices"] == [notice]
    assert response.context["query"] == "workplace=remote"


def test_a_page_holding_the_last_featured_and_the_first_other_listings(client, assert_queries):
    """Featured first, then newest: a page that starts among the featured listings and ends
    among the others shows both, in that order, in the same four queries."""
    now = timezone.now()
    featured = [
        JobFactory(
            title=f"Featured {number}",
            published_at=now - timedelta(hours=number),
            featured_until=now + timedelta(days=3),
        )
        for number in range(27)
    ]
    others = [
        JobFactory(title=f"Other {number}", published_at=now - timedelta(minutes=number))
        for number in range(30)
    ]
    # A featured period that has ended counts as not featured.
    JobFactory(
        title="Was featured",
        published_at=now - timedelta(seconds=30),
        featured_until=now - timedelta(seconds=1),
    )
    with assert_queries(3):
        response = client.get("/jobs/", {"page": 2})
    titles = listed_titles(response)
    assert titles[:2] == [job.title for job in featured[25:]]
    assert titles[2:5] == ["Other 0", "Was featured", "Other 1"]
    assert len(titles) == 25
    assert response.context["paginator"].count == 58
    with assert_queries(3):
        last = client.get("/jobs/", {"page": 3})
    assert listed_titles(last) == [job.title for job in others[22:]]


def test_a_country_named_in_the_location_is_found_as_django_countries_finds_it():
    """The location's country names are looked up in a table built once per process; it
    answers every name, old name and spelling as ``countries.by_name`` does."""
    from django_countries import countries

    from jobs.countries import country_named

    names = [str(name) for _code, name in countries]
    names += [str(name) for old in countries.shadowed_names.values() for name in old]
    for name in names:
        for text in (name, name.upper(), f"  {name.lower()} "):
            assert country_named(text) == countries.by_name(" ".join(text.split())), text
    assert country_named("Germany") == "DE"
    assert country_named("Swaziland") == "SZ"  # its old name
    assert country_named("many") == ""
    assert country_named("United States") == "US"

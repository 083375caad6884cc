""" "Pay range posted": the generated column, the filter and its facet count, its words and URLs,
the badge on the card and the job page, the API and the list page's query budget.

A listing posts a pay range when it gives a minimum and a maximum salary in a currency (equal
for a fixed pay); "from 100K" (a minimum only) is open-ended and does not.
"""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape
from itertools import product

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.sending import canonical_query, search_of
from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge badge-pay-range">Pay range posted</span>'


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def stored(job: Job) -> bool:
    """The listing's pay_range_posted as the database has it."""
    return Job.objects.values_list("pay_range_posted", flat=True).get(pk=job.pk)


def listed_titles(response) -> list[str]:
    return sorted(job.title for job in response.context["jobs"])


def page_text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def minimum_only(**fields):
    return JobFactory(salary_min=Decimal("100000"), salary_max=None, **fields)


def no_salary(**fields):
    return JobFactory(salary_min=None, salary_max=None, salary_currency_id=None, **fields)


# -- The generated column ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        ({"salary_min": Decimal("90000"), "salary_max": Decimal("120000")}, True),
        ({"salary_min": Decimal("95000"), "salary_max": Decimal("95000")}, True),  # fixed pay
        ({"salary_min": Decimal("100000"), "salary_max": None}, False),  # "from 100K"
        ({"salary_min": None, "salary_max": None}, False),
        ({"salary_min": None, "salary_max": None, "salary_currency_id": None}, False),
    ],
    ids=["both", "min-equals-max", "min-only", "none-with-currency", "none"],
)
def test_the_column_says_whether_a_minimum_and_a_maximum_are_given(salary, expected):
    job = JobFactory(**salary)

    assert job.pay_range_posted is expected  # returned by the save
    assert stored(job) is expected
    assert Job.objects.get(pk=job.pk).pay_range_posted is expected


def test_a_maximum_without_a_minimum_cannot_be_stored():
    """So it never counts as a range: the salary's constraints refuse it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        JobFactory(salary_min=None, salary_max=Decimal("120000"))


def test_the_column_follows_an_edit():
    job = JobFactory(salary_min=Decimal("90000"), salary_max=Decimal("120000"))

    job.salary_max = None
    job.save()
    assert job.pay_range_posted is False
    assert stored(job) is False

    job = Job.objects.get(pk=job.pk)
    job.salary_max = Decimal("90000")
    job.save(update_fields=["salary_max"])
    assert job.pay_range_posted is True
    assert stored(job) is True


def test_the_column_follows_a_bulk_update_and_a_queryset_update():
    ranged = JobFactory(salary_min=Decimal("90000"), salary_max=Decimal("120000"))
    open_ended = minimum_only()

    ranged.salary_max = None
    open_ended.salary_max = Decimal("150000")
    Job.objects.bulk_update([ranged, open_ended], ["salary_max"])

    assert stored(ranged) is False
    assert stored(open_ended) is True

    Job.objects.filter(pk=ranged.pk).update(salary_max=Decimal("90000"))
    Job.objects.filter(pk=open_ended.pk).update(salary_max=None)
    assert stored(ranged) is True
    assert stored(open_ended) is False


# -- The filter -------------------------------------------------------------------------------


@pytest.fixture
def kinds():
    """A listing of each kind: a range, a fixed pay, a minimum only, no salary."""
    JobFactory(title="Range", salary_min=Decimal("90000"), salary_max=Decimal("120000"))
    JobFactory(title="Fixed", salary_min=Decimal("95000"), salary_max=Decimal("95000"))
    minimum_only(title="From 100K")
    no_salary(title="No salary")
    # Never listed nor counted.
    JobFactory(title="Draft", status=Job.Status.DRAFT, published_at=None)
    JobFactory(title="Expired", published_at=ago(40), expires_at=ago(10))


def test_the_filter_keeps_the_listings_with_a_range(client, kinds):
    everything = client.get("/jobs/")
    assert listed_titles(everything) == ["Fixed", "From 100K", "No salary", "Range"]

    response = client.get("/jobs/?pay_range=1")

    assert response.status_code == 200
    assert response.context["notices"] == []
    assert listed_titles(response) == ["Fixed", "Range"]
    assert response.context["paginator"].count == 2
    assert "2 jobs" in page_text(response)


def test_the_checkbox_shows_its_count_and_state(client, kinds):
    html = client.get("/jobs/").content.decode()
    assert (
        '<label class="facet-option"><input type="checkbox" id="pay_range-1" name="pay_range"'
        ' value="1"> Pay range posted <span class="facet-count">(2)</span></label>'
    ) in html

    html = client.get("/jobs/?pay_range=1").content.decode()
    assert 'name="pay_range" value="1" checked> Pay range posted' in html
    assert '<span class="facet-count">(2)</span></label>' in html


def test_words_chip_and_canonical_place_of_the_filter(client, kinds):
    exchange_rate("EUR", "1.10")

    response = client.get("/jobs/?pay_range=1")
    html = response.content.decode()
    assert response.context["headline"] == "Jobs with a pay range posted"
    assert "<h1>Jobs with a pay range posted</h1>" in html
    assert '<link rel="canonical" href="http://testserver/jobs/?pay_range=1">' in html
    assert 'href="/jobs/feed/rss/?pay_range=1"' in html
    assert '<a href="/jobs/" aria-label="Remove filter: Pay range posted">Pay range posted' in html

    response = client.get(
        "/jobs/?posted=30&pay_range=1&workplace=onsite&salary_min=50000&currency=eur"
    )
    assert response.context["notices"] == []
    assert response.context["query"] == (
        "workplace=onsite&salary_min=50000&currency=EUR&pay_range=1&posted=30"
    )
    assert response.context["headline"] == (
        "On-site jobs paying at least EUR 50,000 a year posted in the last 30 days "
        "with a pay range posted"
    )
    removes = {
        active.label: active.remove_query for active in response.context["search"].active_filters
    }
    assert removes["Pay range posted"] == (
        "workplace=onsite&salary_min=50000&currency=EUR&posted=30"
    )
    assert removes["On-site"] == "salary_min=50000&currency=EUR&pay_range=1&posted=30"


def test_the_htmx_fragment_and_the_feeds_honour_the_filter(client, kinds):
    response = client.get("/jobs/?pay_range=1", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response["HX-Push-Url"] == "/jobs/?pay_range=1"
    assert "<h1>Jobs with a pay range posted</h1>" in html
    assert 'name="pay_range" value="1" checked>' in html
    assert listed_titles(response) == ["Fixed", "Range"]

    rss = client.get("/jobs/feed/rss/?pay_range=1")
    assert rss.status_code == 200
    titles = re.findall(r"<item><title>(.*?) at ", rss.content.decode())
    assert sorted(titles) == ["Fixed", "Range"]
    assert "Jobs with a pay range posted" in rss.content.decode()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("pay_range=yes", "Ignored pay_range=yes: choose 1 (listings with a pay range posted)."),
        ("pay_range=2", "Ignored pay_range=2: choose 1 (listings with a pay range posted)."),
        ("pay_range=0", "Ignored pay_range=0: choose 1 (listings with a pay range posted)."),
        ("pay_range=true", "Ignored pay_range=true: choose 1 (listings with a pay range posted)."),
        (
            "pay_range=1&pay_range=1",
            "Ignored pay_range=1: pay_range takes one value; the first, 1, is used.",
        ),
        (
            "pay_range=1&pay_range=yes",
            "Ignored pay_range=yes: pay_range takes one value; the first, 1, is used.",
        ),
    ],
)
def test_an_invalid_value_is_ignored_with_a_notice(client, kinds, query, notice):
    response = client.get(f"/jobs/?{query}&seniority=SE")

    assert response.status_code == 200
    assert response.context["notices"] == [notice]
    assert notice in page_text(response)
    filtered = query.startswith("pay_range=1")
    expected = ["Fixed", "Range"] if filtered else ["Fixed", "From 100K", "No salary", "Range"]
    assert listed_titles(response) == expected  # the other filters still apply
    assert response.context["query"] == ("seniority=SE&pay_range=1" if filtered else "seniority=SE")


def test_an_invalid_first_value_given_twice_leaves_two_notices_and_no_filter(client, kinds):
    response = client.get("/jobs/?pay_range=yes&pay_range=1")

    assert response.status_code == 200
    assert response.context["notices"] == [
        "Ignored pay_range=1: pay_range takes one value; the first, yes, is used.",
        "Ignored pay_range=yes: choose 1 (listings with a pay range posted).",
    ]
    assert len(response.context["jobs"]) == 4


def test_spaces_around_the_value_are_read_without_a_notice(client, kinds):
    response = client.get("/jobs/?pay_range=%201%20")

    assert response.context["notices"] == []
    assert listed_titles(response) == ["Fixed", "Range"]
    assert response.context["query"] == "pay_range=1"


# -- Facet counts -----------------------------------------------------------------------------


@pytest.fixture
def board():
    """Visible listings across seniority, workplace, country and every kind of salary, some
    featured; and listings that must never count."""
    soon = timezone.now() + timedelta(days=2)
    salaries = [
        {"salary_min": Decimal("90000"), "salary_max": Decimal("130000")},
        {"salary_min": Decimal("150000"), "salary_max": Decimal("150000")},
        {"salary_min": Decimal("110000"), "salary_max": None},
        {"salary_min": None, "salary_max": None, "salary_currency_id": None},
    ]
    combinations = product(
        ("SE", "MI", "EN"), ("remote", "onsite", "hybrid"), ("US", "DE"), range(len(salaries))
    )
    for number, (seniority, workplace, country, salary) in enumerate(combinations):
        if number % 5 == 3:  # not every combination: uneven counts
            continue
        JobFactory(
            title=f"{'Vision' if number % 3 == 0 else 'Data'} Engineer {number}",
            seniority=seniority,
            workplace=workplace,
            country=country,
            employment_type="CT" if number % 7 == 0 else "FT",
            featured_until=soon if number % 5 == 1 else None,
            **salaries[salary],
        )
    for title in ("Draft", "Expired"):
        JobFactory(
            title=f"{title} range",
            status=Job.Status.DRAFT if title == "Draft" else Job.Status.PUBLISHED,
            published_at=None if title == "Draft" else ago(40),
            expires_at=None if title == "Draft" else ago(10),
        )


# The listing's own columns, not the generated one: what "a range is there" means.
HAS_RANGE = Q(salary_min__isnull=False, salary_max__isnull=False, salary_currency__isnull=False)


def conditions(query: str) -> dict[str, Q]:
    """The condition of each filter of the query, written directly against the columns."""
    data = QueryDict(query)
    found: dict[str, Q] = {}
    for name in ("seniority", "workplace", "employment_type"):
        if values := data.getlist(name):
            found[name] = Q(**{f"{name}__in": values})
    if country := data.get("country"):
        found["country"] = Q(country=country)
    if data.get("pay_range") == "1":
        found["pay_range"] = HAS_RANGE
    if amount := data.get("salary_min"):
        found["salary_min"] = Q(salary_max_usd_yearly__gte=Decimal(amount))
    if word := data.get("q"):
        found["q"] = Q(title__icontains=word)
    return found


def orm_count(query: str, *, without: str = "", extra: Q | None = None, featured=False) -> int:
    listings = Job.objects.visible()
    for name, condition in conditions(query).items():
        if name != without:
            listings = listings.filter(condition)
    if extra is not None:
        listings = listings.filter(extra)
    if featured:
        listings = listings.filter(featured_until__gt=timezone.now())
    return listings.count()


QUERIES = [
    "",
    "pay_range=1",
    "seniority=SE",
    "pay_range=1&seniority=SE",
    "pay_range=1&seniority=SE&seniority=EN&workplace=remote",
    "pay_range=1&workplace=hybrid&country=DE",
    "workplace=onsite&workplace=hybrid&country=US&employment_type=FT",
    "pay_range=1&employment_type=CT",
    "pay_range=1&salary_min=120000",
    "salary_min=120000",
    "pay_range=1&q=vision",
    "q=vision&seniority=MI&country=US",
    "pay_range=1&q=vision&seniority=MI&workplace=remote&workplace=onsite&country=DE",
]


@pytest.mark.parametrize("query", QUERIES)
def test_every_count_equals_a_direct_count(client, board, query):
    response = client.get(f"/jobs/?{query}")
    search = response.context["search"]
    assert response.context["notices"] == []

    # Its own selection does not narrow its own count; every other filter does.
    pay_range = search.facets["pay_range"][0]
    assert pay_range.count == orm_count(query, without="pay_range", extra=HAS_RANGE)
    assert pay_range.selected is ("pay_range=1" in query)
    # Every other facet honours the pay range (when it is selected) and the rest.
    for name, values in (
        ("seniority", ("EN", "MI", "SE", "EX")),
        ("workplace", ("onsite", "hybrid", "remote")),
        ("employment_type", ("FT", "PT", "CT", "FL", "IN")),
        ("country", ("US", "DE")),
    ):
        counts = {option.value: option.count for option in search.facets[name]}
        expected = {
            value: orm_count(
                query,
                without=name,
                extra=Q(**{name: value}),
            )
            for value in values
        }
        assert counts == expected, name
    # The result and featured counts, and the listings shown.
    results = orm_count(query)
    assert search.result_count() == results == response.context["paginator"].count
    assert search.featured_count() == orm_count(query, featured=True)
    assert len(response.context["jobs"]) == min(results, 25)


def test_the_counts_mean_something(client, board):
    """The comparison above can fail: the filter and its count move the others."""
    everything = client.get("/jobs/").context["search"]
    ranged = client.get("/jobs/?pay_range=1").context["search"]
    assert 0 < ranged.result_count() < everything.result_count()
    assert ranged.facets["pay_range"][0].count == everything.facets["pay_range"][0].count
    assert ranged.facets["pay_range"][0].count == ranged.result_count()
    assert 0 < ranged.featured_count() < everything.featured_count()
    senior = {o.value: o.count for o in ranged.facets["seniority"]}
    senior_all = {o.value: o.count for o in everything.facets["seniority"]}
    assert 0 < senior["SE"] < senior_all["SE"]
    # With seniority selected, the pay range counts among senior listings only.
    both = client.get("/jobs/?pay_range=1&seniority=SE").context["search"]
    assert 0 < both.facets["pay_range"][0].count < ranged.facets["pay_range"][0].count
    assert both.result_count() == both.facets["pay_range"][0].count


def test_hand_counted_facets(client, kinds):
    JobFactory(title="Remote range", workplace="remote", seniority="MI")
    minimum_only(title="Remote from", workplace="remote", seniority="MI")

    response = client.get("/jobs/?workplace=remote")
    search = response.context["search"]
    # Among remote listings: one range.
    assert search.facets["pay_range"][0].count == 1
    assert {o.value: o.count for o in search.facets["workplace"]} == {
        "onsite": 4,
        "hybrid": 0,
        "remote": 2,
    }

    response = client.get("/jobs/?workplace=remote&pay_range=1")
    search = response.context["search"]
    assert listed_titles(response) == ["Remote range"]
    assert search.facets["pay_range"][0].count == 1
    # Workplace counted among listings with a range: Range and Fixed on-site, one remote.
    assert {o.value: o.count for o in search.facets["workplace"]} == {
        "onsite": 2,
        "hybrid": 0,
        "remote": 1,
    }
    assert {o.value: o.count for o in search.facets["seniority"]} == {
        "EN": 0,
        "MI": 1,
        "SE": 0,
        "EX": 0,
    }
    assert "Pay range posted (1)" in page_text(response)


# -- The badge --------------------------------------------------------------------------------


def test_the_card_shows_the_badge_only_with_a_range(client, kinds):
    html = client.get("/jobs/").content.decode()

    assert html.count(BADGE) == 2
    cards = re.findall(r'<article class="job-card.*?</article>', html, re.S)
    badged = sorted(
        re.search(r'">([^<]+)</a></h3>', card).group(1) for card in cards if BADGE in card
    )
    assert badged == ["Fixed", "Range"]
    range_card = next(card for card in cards if ">Range</a>" in card)
    assert ('<li class="salary">USD 90K - 120K</li>\n      <li>' + BADGE + "</li>") in range_card
    assert " style=" not in range_card


def test_other_lists_of_cards_show_it_too(client):
    company = CompanyFactory(name="Badge Co")
    JobFactory(title="Range", company=company)
    minimum_only(title="From", company=company)

    html = client.get(company.get_absolute_url()).content.decode()

    assert html.count(BADGE) == 1


@pytest.mark.parametrize(
    ("salary", "shown"),
    [
        ({"salary_min": Decimal("90000"), "salary_max": Decimal("120000")}, True),
        ({"salary_min": Decimal("95000"), "salary_max": Decimal("95000")}, True),
        ({"salary_min": Decimal("100000"), "salary_max": None}, False),
        ({"salary_min": None, "salary_max": None, "salary_currency_id": None}, False),
    ],
)
def test_the_job_page_shows_the_badge_beside_the_salary(client, salary, shown):
    job = JobFactory(**salary)

    html = client.get(job.get_absolute_url()).content.decode()

    assert (BADGE in html) is shown
    if shown:
        salary_section = html.split('<section class="job-salary"', 1)[1].split("</section>", 1)[0]
        assert f'<p class="pay-range">{BADGE}</p>' in salary_section


# -- The API, email alerts, the query budget ---------------------------------------------------


@pytest.fixture
def api(settings):
    settings.API_RATE_LIMIT = "0"
    return APIClient()


def test_the_api_filters_as_the_page_does(api, client, kinds):
    response = api.get("/api/v1/jobs/?pay_range=1")

    assert response.status_code == 200
    titles = sorted(item["title"] for item in response.json()["results"])
    assert titles == ["Fixed", "Range"] == listed_titles(client.get("/jobs/?pay_range=1"))
    everything = api.get("/api/v1/jobs/").json()["results"]
    assert len(everything) == 4


@pytest.mark.parametrize("query", ["pay_range=yes", "pay_range=2", "pay_range=1&pay_range=1"])
def test_the_api_refuses_an_invalid_value_naming_it(api, kinds, query):
    response = api.get(f"/api/v1/jobs/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["pay_range"]
    assert body["pay_range"][0].startswith("pay_range=")


def test_the_schema_documents_the_parameter(api):
    schema = api.get("/api/v1/schema/").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/jobs/"]["get"]["parameters"]}

    assert parameters["pay_range"]["in"] == "query"
    assert parameters["pay_range"]["schema"]["enum"] == ["1"]


def test_email_alerts_keep_the_filter_in_their_canonical_query(kinds):
    query, search = canonical_query(QueryDict("sort=salary&pay_range=1&seniority=se"))

    assert query == "seniority=SE&pay_range=1"
    assert search.headline() == "Senior-level / Expert jobs with a pay range posted"
    titles = sorted(search_of(query).narrowed().values_list("title", flat=True))
    assert titles == ["Fixed", "Range"]


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/?pay_range=1",
        "/jobs/?pay_range=1&seniority=SE&workplace=remote&q=data",
        "/jobs/?pay_range=1&sort=salary&page=2",
    ],
)
def test_the_list_keeps_its_query_budget_with_the_filter(client, assert_queries, url):
    skills = [SkillFactory(name="Spark"), SkillFactory(name="dbt")]
    for number in range(30):
        JobFactory(
            title=f"Data Engineer {number}",
            workplace="remote",
            skills=skills,
            salary_max=None if number % 3 == 0 else Decimal("160000"),
            featured_until=timezone.now() + timedelta(days=1) if number % 4 == 0 else None,
        )
    # Exchange rates, facet counts (with the pay range, the result and featured counts), the
    # page with its companies and skill names.
    with assert_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["jobs"]

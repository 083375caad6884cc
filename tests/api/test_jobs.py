"""/api/v1/jobs/: the page's search, the same listings, strict about invalid values."""

from urllib.parse import urlencode

import pytest

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory

pytestmark = pytest.mark.django_db


def api_ids(api, query: str) -> list[int]:
    """Every listing of the API's answer, following the cursor to the end."""
    url = f"/api/v1/jobs/?{query}"
    ids = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.json()
        body = response.json()
        ids.extend(item["id"] for item in body["results"])
        url = body["next"]
    return ids


def page_ids(client, query: str) -> set[int]:
    """Every listing the job list page shows for the query, over all its pages."""
    first = client.get(f"/jobs/?{query}")
    assert first.status_code == 200
    assert not first.context["notices"], first.context["notices"]
    ids = {job.pk for job in first.context["jobs"]}
    for number in range(2, first.context["paginator"].num_pages + 1):
        page = client.get(f"/jobs/?{query}&page={number}" if query else f"/jobs/?page={number}")
        ids |= {job.pk for job in page.context["jobs"]}
    return ids


QUERIES = [
    "",
    "seniority=SE",
    "seniority=SE&seniority=EN",
    "seniority=se&seniority=MI&seniority=EX",
    "employment_type=CT",
    "employment_type=FT&employment_type=PT",
    "workplace=remote",
    "workplace=remote&workplace=hybrid",
    "country=DE",
    "country=us",
    "eligible=DE",
    "eligible=US",
    "eligible=CA&workplace=remote",
    "eligible=JP",
    "eligible=FR&seniority=SE",
    "location=Berlin",
    "location=germany",
    "location=bav",
    "q=pytorch",
    "q=data engineer",
    "q=vision",
    "q=spark analyst",
    "salary_min=100000",
    "salary_min=150000",
    "salary_min=90000&currency=EUR",
    "salary_min=60000&currency=gbp",
    "salary_min=0",
    "posted=1",
    "posted=7",
    "posted=30",
    "posted=7&workplace=remote&salary_min=50000",
    "q=data&seniority=MI&employment_type=FL&eligible=JP",
    "seniority=SE&country=US&salary_min=100000&currency=USD",
    "unknown=whatever",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_answers_the_same_listings_as_the_page(api, client, live_pages, board, query):
    ids = api_ids(api, query)
    assert len(ids) == len(set(ids))  # no listing twice across cursor pages
    assert set(ids) == page_ids(client, query)


def test_the_queries_cover_every_kind_of_answer(api, board):
    """The comparison above means something: some queries find a few, none finds nothing."""
    counts = {query: len(api_ids(api, query)) for query in QUERIES}
    visible = Job.objects.visible().count()
    assert counts[""] == visible == 32
    assert counts["eligible=DE"] < visible and counts["eligible=DE"] > 0
    assert counts["eligible=JP"] == 4  # the worldwide listings only
    assert counts["salary_min=60000&currency=gbp"] > counts["salary_min=90000&currency=EUR"] > 0
    assert 0 < counts["q=pytorch"] < visible
    assert 0 < counts["posted=1"] < counts["posted=7"] < counts["posted=30"] < visible


def test_remote_listing_open_to_the_eu_is_found_by_de_not_by_us(api, board):
    eu = {job.pk for job in board if job.eligible == "EU"}
    assert eu
    assert eu <= set(api_ids(api, "eligible=DE"))
    assert not eu & set(api_ids(api, "eligible=US"))


def test_listings_newest_first_with_cursor_pages_of_25(api, board):
    response = api.get("/api/v1/jobs/")
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 25 and body["previous"] is None and body["next"]
    ids = api_ids(api, "")
    expected = list(
        Job.objects.visible().order_by("-published_at", "-id").values_list("id", flat=True)
    )
    assert ids == expected  # featured listings are not put first: the order is -published_at
    second = api.get(body["next"]).json()
    assert second["previous"] and len(second["results"]) == 7


def test_a_listing_has_stable_field_names(api, board):
    job = next(job for job in board if job.eligible == "EU")
    item = next(item for item in api.get("/api/v1/jobs/").json()["results"] if item["id"] == job.pk)
    assert set(item) == {
        "id", "title", "url", "company", "location", "seniority", "employment_type",
        "workplace", "eligibility", "salary", "skills", "published_at", "expires_at",
        "featured", "apply_url", "apply_email",
    }  # fmt: skip
    assert item["url"] == f"http://testserver{job.get_absolute_url()}"
    assert item["company"] == {
        "name": "Acme Data" if job.company.slug == "acme-data" else "Vision Works",
        "slug": job.company.slug,
        "url": f"http://testserver/companies/{job.company.slug}/",
    }
    assert item["seniority"] == "MI" and item["employment_type"] == "FT"
    assert item["workplace"] == "remote"
    assert item["location"] == {"city": "", "region": "Bavaria", "country": "DE",
                                "display": "Remote (EU)"}  # fmt: skip
    assert item["eligibility"]["codes"] == ["EU"]
    assert item["eligibility"]["label"] == "EU"
    assert item["eligibility"]["countries"] == job.eligible_countries()
    assert "DE" in item["eligibility"]["countries"] and "US" not in item["eligibility"]["countries"]
    assert item["salary"] == {
        "min": 70000.0,
        "max": 90000.0,
        "currency": "EUR",
        "period": "year",
        "yearly_usd_min": 77000.0,
        "yearly_usd_max": 99000.0,
    }
    assert item["skills"] == ["Spark"]
    assert item["featured"] is False
    assert item["apply_url"] == job.apply_url and item["apply_email"] is None
    assert item["apply_url"].startswith("https://example.com/apply/")
    assert item["published_at"].startswith(job.published_at.strftime("%Y-%m-%dT%H:%M"))


def test_without_salary_the_salary_is_null_and_onsite_eligibility_is_its_country(api, board):
    job = next(job for job in board if job.title == "Head of Data")
    item = api.get(f"/api/v1/jobs/{job.pk}/").json()
    assert item["salary"] is None
    assert item["featured"] is True
    assert item["eligibility"] == {"codes": [], "label": "", "countries": ["GB"]}
    assert item["location"]["display"] == "London, GB"
    assert "<p>" in item["description_html"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("seniority=XX", "seniority"),
        ("seniority=SE&seniority=XX", "seniority"),
        ("employment_type=nope", "employment_type"),
        ("workplace=moon", "workplace"),
        ("country=ZZ", "country"),
        ("eligible=Europe", "eligible"),
        ("country=US&country=DE", "country"),
        ("salary_min=lots", "salary_min"),
        ("salary_min=-5", "salary_min"),
        ("salary_min=100000&currency=XYZ", "currency"),
        ("posted=3", "posted"),
        ("q=" + "x" * 101, "q"),
        ("q=a b c d e f g h i j", "q"),
        ("location=Ber%00lin", "location"),
        ("sort=salary", "sort"),
        ("page=2", "page"),
    ],
)
def test_what_the_page_ignores_with_a_notice_the_api_refuses_naming_it(
    api, client, live_pages, board, query, parameter
):
    response = api.get(f"/api/v1/jobs/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter]
    assert all(isinstance(message, str) and message for message in body[parameter])
    if parameter not in ("sort", "page"):
        page = client.get(f"/jobs/?{query}")
        assert page.status_code == 200
        named = "keywords" if query.startswith("q=a b") else f"{parameter}="
        assert any(named in notice for notice in page.context["notices"])


def test_several_invalid_parameters_are_all_named(api, board):
    query = urlencode({"seniority": "XX", "posted": "2", "country": "QQ"})
    body = api.get(f"/api/v1/jobs/?{query}").json()
    assert set(body) == {"seniority", "posted", "country"}
    assert body["seniority"] == ["seniority=XX: not one of EN, MI, SE, EX."]


def test_a_listing_by_id_is_visible_ones_only(api, board):
    job = board[0]
    assert api.get(f"/api/v1/jobs/{job.pk}/").json()["id"] == job.pk
    for title in ("Draft Engineer", "Future Engineer", "Expired Engineer"):
        hidden = Job.objects.get(title=title)
        response = api.get(f"/api/v1/jobs/{hidden.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Job matches the given query."}
    assert api.get("/api/v1/jobs/999999/").status_code == 404


# -- Query budgets -------------------------------------------------------------------------

# The exchange rates (the search reads amounts in any currency), then one page of listings
# with their companies and skill names.
BUDGET = 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=data&seniority=SE&workplace=remote&country=US&location=San&salary_min=1000"
        "&currency=EUR&posted=30",
        "eligible=DE&workplace=remote&q=data",
    ],
)
def test_the_list_takes_the_same_few_queries_for_5_and_for_60_listings(api, assert_queries, query):
    """The same count whatever the number of listings, on a first page and a cursor's next."""
    skills = [SkillFactory(name="Spark"), SkillFactory(name="dbt")]
    for number in range(5):
        JobFactory(title=f"Data Engineer {number}", workplace="remote", skills=skills)
    with assert_queries(BUDGET):
        assert api.get(f"/api/v1/jobs/?{query}").status_code == 200
    for number in range(5, 60):
        JobFactory(
            title=f"Data Engineer {number}",
            workplace="remote",
            skills=skills,
            company=CompanyFactory(),
            country="US" if number % 2 else "DE",
        )
    with assert_queries(BUDGET):
        first = api.get(f"/api/v1/jobs/?{query}")
    assert first.status_code == 200
    if first.json()["next"]:
        with assert_queries(BUDGET):
            assert api.get(first.json()["next"]).status_code == 200

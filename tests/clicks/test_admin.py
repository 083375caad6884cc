"""Editors see the apply clicks per listing and per company for the last 7, 30 and 90 days, and
download each table as CSV with formula injection neutralised; nobody else on the staff does."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth.models import User

from clicks import stats
from clicks.models import ApplyClick
from core.csvfile import spreadsheet_safe
from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/clicks/applyclick/"
LISTINGS_CSV = "/admin/clicks/applyclick/listings.csv"
COMPANIES_CSV = "/admin/clicks/applyclick/companies.csv"
NOW = datetime(2026, 6, 30, 15, 0, tzinfo=UTC)
TODAY = date(2026, 6, 30)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def clicks(job, **by_day: int) -> None:
    """``clicks(job, d0=1, d6=2)``: 1 click today, 2 six days ago."""
    ApplyClick.objects.bulk_create(
        ApplyClick(job=job, day=days_ago(int(key[1:])), count=count)
        for key, count in by_day.items()
    )


@pytest.fixture
def board(frozen):
    """Clicks on both sides of each period's first day (7 days: today and 6 before)."""
    larch = CompanyFactory(name="Larchfield Data")
    quill = CompanyFactory(name="Quillon AI")
    engineer = JobFactory(title="Data Engineer", company=larch)
    scientist = JobFactory(title="Data Scientist", company=larch)
    researcher = JobFactory(title="Research Scientist", company=quill)
    forgotten = JobFactory(title="Forgotten Analyst", company=quill)
    # 7 days: 1 + 2; 30 days: + 4 + 8; 90 days: + 16 + 32; never: 64 (91st day), 128 (tomorrow).
    clicks(engineer, d0=1, d6=2, d7=4, d29=8, d30=16, d89=32, d90=64)
    ApplyClick.objects.create(job=engineer, day=TODAY + timedelta(days=1), count=128)
    clicks(scientist, d10=100)
    clicks(researcher, d0=5)
    clicks(forgotten, d90=1000, d200=7)
    return {"engineer": engineer, "scientist": scientist, "researcher": researcher}


class Tables(HTMLParser):
    """The cells' text of each table with an id, row by row (header row first)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[str]] = {}
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table], self.links[self._table] = [], []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = ""
        elif self._table and tag == "a":
            self.links[self._table].append(attrs["href"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "table":
            self._table = None


def tables(response) -> Tables:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


# -- The page -------------------------------------------------------------------------------


def test_an_editor_sees_clicks_per_listing_for_7_30_and_90_days(editor_client, board):
    response = editor_client.get(PAGE)

    assert response.status_code == 200
    page = tables(response)
    assert page.tables["clicks-by-listing"] == [
        ["Listing", "Company", "Last 7 days", "Last 30 days", "Last 90 days"],
        ["Data Scientist", "Larchfield Data", "0", "100", "100"],
        ["Data Engineer", "Larchfield Data", "3", "15", "63"],
        ["Research Scientist", "Quillon AI", "5", "5", "5"],
    ]
    # Each title links to its listing's admin page.
    assert page.links["clicks-by-listing"] == [
        f"/admin/jobs/job/{board['scientist'].pk}/change/",
        f"/admin/jobs/job/{board['engineer'].pk}/change/",
        f"/admin/jobs/job/{board['researcher'].pk}/change/",
    ]


def test_an_editor_sees_each_companys_totals(editor_client, board):
    page = tables(editor_client.get(PAGE))

    assert page.tables["clicks-by-company"] == [
        ["Company", "Listings clicked in 90 days", "Last 7 days", "Last 30 days", "Last 90 days"],
        ["Larchfield Data", "2", "3", "115", "163"],
        ["Quillon AI", "1", "5", "5", "5"],
    ]
    larch = board["engineer"].company
    assert page.links["clicks-by-company"][0] == f"/admin/jobs/company/{larch.pk}/change/"


def test_the_page_says_which_days_each_period_counts(editor_client, board):
    html = editor_client.get(PAGE).content.decode()

    assert "Each period ends today (June 30, 2026, counted so far)" in html
    assert "the last 7 days from June 24, 2026" in html
    assert "the last 30 days from June 1, 2026" in html
    assert "the last 90 days from April 2, 2026" in html
    assert "Every listing clicked in the last 90 days, the most clicks in 30 days first." in html


def test_the_page_is_accessible_and_has_no_inline_script_or_style(editor_client, board):
    response = editor_client.get(PAGE)
    html = response.content.decode()

    assert html.count("<h1>") == 1 and "<h1>Apply statistics</h1>" in html
    assert '<h2 id="by-listing-heading">Clicks by listing</h2>' in html
    assert '<h2 id="by-company-heading">Clicks by company</h2>' in html
    assert 'aria-labelledby="by-listing-heading"' in html
    content = html.split('<div id="content-main">')[1].rsplit("</section>", 1)[0]
    header_cells = re.findall(r"<th[ >][^>]*>", content)
    assert set(header_cells) == {'<th scope="col">', '<th scope="row">'}
    assert content.count('<th scope="col">') == 10
    assert content.count('<th scope="row">') == 5
    assert "<script" not in content and "style=" not in content
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_without_clicks_the_page_says_so(editor_client, frozen):
    html = editor_client.get(PAGE).content.decode()

    assert "No listing was clicked in the last 90 days." in html
    assert "No company had a listing clicked in the last 90 days." in html
    assert "<table" not in html.split('<div id="content-main">')[1]


def test_the_page_shows_the_listings_with_most_clicks_in_90_days(editor_client, board, monkeypatch):
    monkeypatch.setattr(stats, "LIMIT", 2)

    response = editor_client.get(PAGE)

    page = tables(response)
    # Of the three, the two with most clicks in 90 days (Research Scientist has 5), shown
    # with the most clicks in 30 days first.
    assert [row[0] for row in page.tables["clicks-by-listing"][1:]] == [
        "Data Scientist",
        "Data Engineer",
    ]
    html = response.content.decode()
    assert "The 2 listings with the most clicks in the last 90 days" in html
    # The CSV file has them all.
    assert len(csv_rows(editor_client.get(LISTINGS_CSV))) == 1 + 3


def test_query_budget_of_the_page(editor_client, board, assert_queries):
    # Session, user, the user's and its groups' permissions, the two tables.
    with assert_queries(6):
        assert editor_client.get(PAGE).status_code == 200
    with assert_queries(5):
        assert editor_client.get(LISTINGS_CSV).status_code == 200
    with assert_queries(5):
        assert editor_client.get(COMPANIES_CSV).status_code == 200


def test_query_budget_does_not_grow_with_the_clicks(editor_client, frozen, assert_queries):
    for number in range(30):
        job = JobFactory(company=CompanyFactory(name=f"Company {number % 7}"))
        clicks(job, d0=1, d8=2, d40=3)

    with assert_queries(6):
        response = editor_client.get(PAGE)
    assert len(tables(response).tables["clicks-by-listing"]) == 1 + 30
    assert len(tables(response).tables["clicks-by-company"]) == 1 + 7


# -- Who sees it ----------------------------------------------------------------------------


def test_the_editors_admin_index_links_to_the_statistics(editor_client, board):
    html = editor_client.get("/admin/").content.decode()

    assert "Apply statistics" in html
    assert f'href="{PAGE}"' in html
    assert "/admin/clicks/applyclick/add/" not in html


def test_staff_without_the_permission_get_403(client, board):
    clerk = User.objects.create_user("clerk", password="unused-password", is_staff=True)
    client.force_login(clerk)

    for url in (PAGE, LISTINGS_CSV, COMPANIES_CSV):
        assert client.get(url).status_code == 403, url
    assert "Apply statistics" not in client.get("/admin/").content.decode()


def test_visitors_are_sent_to_the_login_page(client, board):
    for url in (PAGE, LISTINGS_CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_nothing_can_be_added_changed_or_deleted_here(editor_client, board):
    row = ApplyClick.objects.first()

    assert editor_client.post(PAGE, {"action": "delete_selected"}).status_code == 405
    assert editor_client.get(f"{PAGE}add/").status_code == 404
    assert editor_client.get(f"{PAGE}{row.pk}/change/").status_code == 404
    assert editor_client.get(f"{PAGE}{row.pk}/delete/").status_code == 404
    assert ApplyClick.objects.filter(pk=row.pk).exists()


def test_a_clicked_listing_can_still_be_deleted_with_its_counts(client, board):
    client.force_login(User.objects.create_superuser("root", password="unused-password"))
    job = board["engineer"]

    response = client.post(f"/admin/jobs/job/{job.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not ApplyClick.objects.filter(job_id=job.pk).exists()


# -- CSV ------------------------------------------------------------------------------------


def test_the_listings_csv(editor_client, board):
    response = editor_client.get(LISTINGS_CSV)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="apply-clicks-by-listing-2026-06-30.csv"'
    )
    assert csv_rows(response) == [
        [
            "listing id",
            "listing",
            "company",
            "clicks, last 7 days",
            "clicks, last 30 days",
            "clicks, last 90 days",
        ],
        [str(board["scientist"].pk), "Data Scientist", "Larchfield Data", "0", "100", "100"],
        [str(board["engineer"].pk), "Data Engineer", "Larchfield Data", "3", "15", "63"],
        [str(board["researcher"].pk), "Research Scientist", "Quillon AI", "5", "5", "5"],
    ]


def test_the_companies_csv(editor_client, board):
    response = editor_client.get(COMPANIES_CSV)

    assert response["Content-Disposition"] == (
        'attachment; filename="apply-clicks-by-company-2026-06-30.csv"'
    )
    assert csv_rows(response) == [
        [
            "company",
            "listings clicked in 90 days",
            "clicks, last 7 days",
            "clicks, last 30 days",
            "clicks, last 90 days",
        ],
        ["Larchfield Data", "2", "3", "115", "163"],
        ["Quillon AI", "1", "5", "5", "5"],
    ]


def test_formulas_in_names_come_out_as_text(editor_client, frozen):
    hostile = CompanyFactory(name='=HYPERLINK("http://x","Click")')
    clicks(JobFactory(title="@SUM(1)", company=hostile), d0=3)
    clicks(JobFactory(title="-2+3", company=CompanyFactory(name="+cmd|' /C calc'!A0")), d0=2)
    clicks(JobFactory(title="\tTabbed", company=CompanyFactory(name="\rReturned")), d0=1)

    listings = csv_rows(editor_client.get(LISTINGS_CSV))
    companies = csv_rows(editor_client.get(COMPANIES_CSV))

    assert [row[1:3] for row in listings[1:]] == [
        ["'@SUM(1)", '\'=HYPERLINK("http://x","Click")'],
        ["'-2+3", "'+cmd|' /C calc'!A0"],
        ["'\tTabbed", "'\rReturned"],
    ]
    assert [row[0] for row in companies[1:]] == [
        '\'=HYPERLINK("http://x","Click")',
        "'+cmd|' /C calc'!A0",
        "'\rReturned",
    ]
    # Counts stay numbers, and the page shows the names as they are, escaped.
    assert [row[3:] for row in listings[1:]] == [["3", "3", "3"], ["2", "2", "2"], ["1", "1", "1"]]
    html = editor_client.get(PAGE).content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;Click&quot;)" in html


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Data Engineer", "Data Engineer"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (-3, -3),
    ],
)
def test_spreadsheet_safe(value, written):
    assert spreadsheet_safe(value) == written

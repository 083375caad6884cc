"""RSS and Atom feeds of a job search: the same parameters as /jobs/, newest first."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def rss_items(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def rss_titles(response) -> list[str]:
    return [item.findtext("title") for item in rss_items(response)]


@pytest.fixture
def listings():
    JobFactory(
        title="Remote Senior",
        company=CompanyFactory(name="Acme"),
        seniority="SE",
        workplace="remote",
        published_at=ago(1),
    )
    JobFactory(
        title="Onsite Senior",
        company=CompanyFactory(name="Acme"),
        seniority="SE",
        workplace="onsite",
        published_at=ago(2),
    )
    JobFactory(
        title="Remote Junior",
        company=CompanyFactory(name="Beta"),
        seniority="EN",
        workplace="remote",
        published_at=ago(3),
        skills=[SkillFactory(name="PyTorch")],
    )
    JobFactory(title="Draft Remote", status=Job.Status.DRAFT, published_at=None, workplace="remote")
    JobFactory(title="Expired Remote", workplace="remote", published_at=ago(40), expires_at=ago(1))


def test_rss_feed_lists_visible_listings_newest_first(client, listings):
    response = client.get("/jobs/feed/rss/")

    assert rss_titles(response) == [
        "Remote Senior at Acme",
        "Onsite Senior at Acme",
        "Remote Junior at Beta",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("workplace=remote", ["Remote Senior at Acme", "Remote Junior at Beta"]),
        ("seniority=SE&workplace=remote", ["Remote Senior at Acme"]),
        ("q=pytorch", ["Remote Junior at Beta"]),
        ("q=acme&workplace=onsite", ["Onsite Senior at Acme"]),
        ("posted=1", []),
    ],
)
def test_feeds_honour_the_list_parameters(client, listings, query, expected):
    assert rss_titles(client.get(f"/jobs/feed/rss/?{query}")) == expected

    atom = ET.fromstring(client.get(f"/jobs/feed/atom/?{query}").content)
    assert [entry.findtext(f"{ATOM}title") for entry in atom.findall(f"{ATOM}entry")] == expected


def test_the_feed_describes_its_search_and_links_back_to_it(client, listings):
    channel = ET.fromstring(client.get("/jobs/feed/rss/?workplace=remote&seniority=SE").content)

    assert (
        channel.findtext("./channel/title") == "Senior-level / Expert remote jobs · AI Jobs Board"
    )
    assert channel.findtext("./channel/link") == (
        "http://testserver/jobs/?seniority=SE&workplace=remote"
    )


def test_an_item_carries_title_link_description_date_and_a_stable_id(client):
    published = timezone.now() - timedelta(days=2)
    job = JobFactory(
        title="Data Engineer",
        company=CompanyFactory(name="Acme"),
        workplace="remote",
        country="DE",
        seniority="MI",
        salary_min=Decimal("120000"),
        salary_max=Decimal("160000"),
        published_at=published,
    )

    (item,) = rss_items(client.get("/jobs/feed/rss/"))

    assert item.findtext("title") == "Data Engineer at Acme"
    assert item.findtext("link") == f"http://testserver/jobs/{job.pk}/data-engineer/"
    assert item.findtext("description") == (
        "Acme · Remote (DE) · Mid-level / Intermediate · Full Time · USD 120K - 160K"
    )
    assert item.findtext("pubDate") == published.strftime("%a, %d %b %Y %H:%M:%S +0000")
    assert item.findtext("guid") == f"http://testserver/jobs/{job.pk}/"


def test_atom_entries_have_an_id_link_and_dates(client):
    job = JobFactory(
        title="ML Engineer", company=CompanyFactory(name="Beta"), salary_min=None, salary_max=None
    )

    response = client.get("/jobs/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"http://testserver/jobs/{job.pk}/"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/jobs/{job.pk}/ml-engineer/"
    assert entry.findtext(f"{ATOM}summary") == (
        "Beta · San Francisco, US · Senior-level / Expert · Full Time · No salary given"
    )
    assert entry.findtext(f"{ATOM}published")


def test_a_feed_holds_the_50_newest(client):
    for number in range(52):
        JobFactory(title=f"Job {number:02}", published_at=ago(number / 10))

    titles = rss_titles(client.get("/jobs/feed/rss/"))

    assert len(titles) == 50
    assert titles[0].startswith("Job 00 at ")
    assert titles[-1].startswith("Job 49 at ")


@pytest.mark.parametrize(
    "garbage",
    [
        "seniority=XX",
        "salary_min=abc",
        "posted=3",
        "country=ZZ",
        "currency=FOO",
        "sort=bogus",
        "q=" + "x" * 300,
        "page=abc",
    ],
)
def test_invalid_parameters_in_a_feed_url_are_ignored(client, listings, garbage):
    response = client.get(f"/jobs/feed/rss/?{garbage}&workplace=remote")

    assert rss_titles(response) == ["Remote Senior at Acme", "Remote Junior at Beta"]


def test_a_feed_takes_the_same_two_queries_for_5_and_for_50_listings(
    client, django_assert_num_queries
):
    for _ in range(5):
        JobFactory(workplace="remote", skills=[SkillFactory(name="Spark")])
    with django_assert_num_queries(2):
        client.get("/jobs/feed/rss/?workplace=remote")
    for _ in range(45):
        JobFactory(workplace="remote", company=CompanyFactory())
    with django_assert_num_queries(2):
        client.get("/jobs/feed/atom/?workplace=remote")


# -- Control characters, escaped descriptions, the request's host ----------------------------


@pytest.mark.parametrize("path", ["/jobs/feed/rss/", "/jobs/feed/atom/"])
@pytest.mark.parametrize("garbage", ["q=%01", "location=a%01b", "q=%EF%BF%BE"])
def test_control_characters_in_the_search_are_ignored_not_a_500(client, listings, path, garbage):
    response = client.get(f"{path}?{garbage}&workplace=remote")

    assert response.status_code == 200
    if path.endswith("/rss/"):
        assert rss_titles(response) == ["Remote Senior at Acme", "Remote Junior at Beta"]


def test_a_listing_with_control_characters_saved_anyway_does_not_break_the_feeds(client):
    # Saved without validation (as rows from before the validators were): the feed drops the
    # characters instead of failing for every search that includes the listing.
    JobFactory(
        title="Ctrl\x01Char\x1b Engineer",
        company=CompanyFactory(name="Acme\x0b"),
        city="Ber\x7flin",
        country="DE",
    )

    rss = client.get("/jobs/feed/rss/")
    atom = client.get("/jobs/feed/atom/?q=engineer")

    (item,) = rss_items(rss)
    assert item.findtext("title") == "CtrlChar Engineer at Acme"
    assert item.findtext("description").startswith("Acme · Berlin, DE · ")
    assert atom.status_code == 200
    (entry,) = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "CtrlChar Engineer at Acme"


def test_the_item_description_is_escaped_html(client):
    JobFactory(
        title="Data Engineer",
        company=CompanyFactory(name="<b>Evil</b> & Co"),
        salary_min=None,
        salary_max=None,
    )

    (item,) = rss_items(client.get("/jobs/feed/rss/"))
    atom = ET.fromstring(client.get("/jobs/feed/atom/").content)

    # The reader takes the description for HTML: the markup shows as text, it does not apply.
    escaped = (
        "&lt;b&gt;Evil&lt;/b&gt; &amp; Co · San Francisco, US · Senior-level / Expert · "
        "Full Time · No salary given"
    )
    assert item.findtext("description") == escaped
    assert atom.find(f"{ATOM}entry").findtext(f"{ATOM}summary") == escaped
    # The title is plain text.
    assert item.findtext("title") == "Data Engineer at <b>Evil</b> & Co"


def test_guids_and_links_use_the_requests_host_not_site_url(client, settings):
    settings.ALLOWED_HOSTS = ["jobs.example.org"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    job = JobFactory(title="ML Engineer")

    rss = client.get("/jobs/feed/rss/", headers={"host": "jobs.example.org"}, secure=True)
    atom = client.get("/jobs/feed/atom/", headers={"host": "jobs.example.org"})

    (item,) = rss_items(rss)
    assert item.findtext("guid") == f"https://jobs.example.org/jobs/{job.pk}/"
    assert item.findtext("link") == f"https://jobs.example.org/jobs/{job.pk}/ml-engineer/"
    entry = ET.fromstring(atom.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"http://jobs.example.org/jobs/{job.pk}/"

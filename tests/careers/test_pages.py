"""The article list, role profiles, feeds and sitemap entries of the careers app."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ComparisonFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db


def titles_on(html):
    return re.findall(r'<h2><a href="/careers/[^"]+/">([^<]+)</a></h2>', html)


@pytest.fixture
def articles():
    today = timezone.localdate()
    engineer = RoleFactory(name="Data Engineer", slug="data-engineer")
    scientist = RoleFactory(name="Data Scientist", slug="data-scientist")
    analyst = RoleFactory(name="Data Analyst", slug="data-analyst")
    researcher = RoleFactory(name="Research Scientist", slug="research-scientist")
    return {
        "old": ComparisonFactory(
            role_a=engineer, role_b=scientist, published_on=today - timedelta(days=40)
        ),
        "new": ComparisonFactory(
            role_a=analyst, role_b=scientist, published_on=today - timedelta(days=2)
        ),
        "middle": ComparisonFactory(
            role_a=researcher, role_b=engineer, published_on=today - timedelta(days=20)
        ),
        "draft": ComparisonFactory(
            role_a=analyst, role_b=engineer, status="draft", published_on=None
        ),
        "scheduled": ComparisonFactory(
            role_a=analyst, role_b=researcher, published_on=today + timedelta(days=3)
        ),
    }


def test_list_shows_published_articles_newest_first(client, articles):
    response = client.get("/careers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_on(html) == [
        "Data Analyst vs. Data Scientist",
        "Research Scientist vs. Data Engineer",
        "Data Engineer vs. Data Scientist",
    ]
    assert html.count("<h1") == 1
    assert '<label for="careers-q">Search by role</label>' in html
    assert 'href="/careers/feed/rss/"' in html and 'href="/careers/feed/atom/"' in html


def test_list_searches_role_names(client, articles):
    html = client.get("/careers/", {"q": "  research  "}).content.decode()
    assert titles_on(html) == ["Research Scientist vs. Data Engineer"]
    assert 'value="research"' in html
    html = client.get("/careers/", {"q": "data scientist"}).content.decode()
    assert titles_on(html) == [
        "Data Analyst vs. Data Scientist",
        "Data Engineer vs. Data Scientist",
    ]
    html = client.get("/careers/", {"q": "astronaut"}).content.decode()
    assert titles_on(html) == []
    assert "No article compares a role matching \u201castronaut\u201d." in html


def test_list_is_paginated_12_a_page(client):
    today = timezone.localdate()
    for number in range(14):
        ComparisonFactory(title=f"Article {number:02}", published_on=today - timedelta(days=number))
    first = client.get("/careers/").content.decode()
    assert titles_on(first) == [f"Article {number:02}" for number in range(12)]
    assert "Page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get("/careers/?page=2").content.decode()
    assert titles_on(second) == ["Article 12", "Article 13"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999999999999999999",
        "q=%00data",
        "q=" + "x" * 5000,
        "q=%ZZ&page=%00",
        "q[]=a&q[]=b",
    ],
)
def test_garbage_parameters_never_break_the_list(client, articles, query):
    response = client.get(f"/careers/?{query}")
    assert response.status_code == 200


def test_role_page_shows_the_profile_its_articles_and_its_open_listings(client, articles):
    engineer = articles["old"].role_a
    engineer.keywords = ["data engineer"]
    engineer.responsibilities = ["Keep pipelines healthy"]
    engineer.industries = []
    engineer.save()
    JobFactory(title="Senior Data Engineer")
    JobFactory(title="Data Engineer (draft)", status="draft", published_at=None)
    JobFactory(title="Chef")

    response = client.get("/careers/roles/data-engineer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Data Engineer</h1>" in html
    assert "<li>Keep pipelines healthy</li>" in html
    assert "Common industries" not in html  # an empty list is left out
    assert "Research Scientist vs. Data Engineer" in html
    assert "Data Engineer vs. Data Scientist" in html
    assert "Data Analyst vs. Data Engineer" not in html  # the draft
    assert "Senior Data Engineer" in html
    assert "Data Engineer (draft)" not in html and "Chef" not in html
    assert '<a href="/jobs/?q=Data+Engineer">Data Engineer jobs</a>' in html
    assert client.get("/careers/roles/no-such-role/").status_code == 404


def test_role_page_query_count_does_not_grow_with_listings(
    client, articles, django_assert_num_queries
):
    for number in range(12):
        JobFactory(title=f"Data Engineer {number}")
    # Role, its articles, listings with their skill names, the salary summary.
    with django_assert_num_queries(4):
        client.get("/careers/roles/data-engineer/")


def test_rss_and_atom_feeds_list_published_articles(client, articles):
    rss = client.get("/careers/feed/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert body.index("Data Analyst vs. Data Scientist") < body.index(
        "Data Engineer vs. Data Scientist"
    )
    assert "http://testserver/careers/" in body
    assert "Data Analyst vs. Data Engineer" not in body  # the draft
    assert "Data Analyst vs. Research Scientist" not in body  # scheduled
    atom = client.get("/careers/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Research Scientist vs. Data Engineer" in atom.content.decode()


def test_sitemap_lists_published_articles_and_roles(client, articles):
    body = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("comparisons", "roles")
    )
    assert f"<loc>http://testserver{articles['new'].get_absolute_url()}</loc>" in body
    assert "<loc>http://testserver/careers/roles/data-engineer/</loc>" in body
    assert articles["draft"].get_absolute_url() not in body
    assert articles["scheduled"].get_absolute_url() not in body


def test_list_query_count_does_not_grow_with_articles(client, django_assert_num_queries):
    for number in range(15):
        ComparisonFactory(title=f"Article {number}")
    # The count for the paginator, then one page of articles with their roles.
    with django_assert_num_queries(2):
        client.get("/careers/?q=role")


@pytest.mark.parametrize(
    "path",
    ["/", "/careers/", "/careers/roles/data-scientist/"],
    ids=["home", "careers list", "role page"],
)
def test_lists_of_articles_read_only_what_they_show(client, articles, path):
    """A list of articles shows titles, dates, addresses (and on the careers list an
    introduction and the roles' names): it reads none of an article's sections or a role's
    profile, the long text and JSON columns that made these pages slow (bench/README.md)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert articles["new"].title in response.content.decode()
    article_queries = [q["sql"] for q in queries if 'FROM "careers_comparison"' in q["sql"]]
    assert article_queries
    for sql in article_queries:
        for column in ("outlook", "conclusion", "definition", "responsibilities", "tools"):
            assert f'."{column}"' not in sql, (path, column)

"""The comparison article page: the seed's sections in order, what is left out, read time,
table of contents, related articles, featured jobs, meta tags and JSON-LD, visibility and
preview, and a constant number of queries."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careers.models import Comparison
from tests.factories import ComparisonFactory, JobFactory, RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db


def page(client, comparison):
    response = client.get(comparison.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def h2_headings(html):
    return re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", html)


def h3_headings(html):
    return re.findall(r"<h3>([^<]+)</h3>", html)


def section(html, heading_id):
    """The HTML of the <section> whose heading has this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def comparison():
    role_a = RoleFactory(
        name="Data Engineer",
        slug="data-engineer",
        definition="Builds the pipelines.",
        responsibilities=["Build pipelines", "Keep them running"],
        skills=["SQL", "Python"],
        education=["Computer science degree"],
        tools=["Spark", "Airflow"],
        industries=["Finance"],
        tips=["Build a small pipeline"],
    )
    role_b = RoleFactory(
        name="Data Scientist",
        slug="data-scientist",
        definition="Builds the models.",
        responsibilities=["Train models"],
        skills=["Statistics"],
        education=["Statistics degree"],
        tools=["Jupyter"],
        industries=[],
        tips=["Enter a Kaggle competition"],
    )
    return ComparisonFactory(
        role_a=role_a,
        role_b=role_b,
        title="Data Engineer vs. Data Scientist",
        slug="data-engineer-vs-data-scientist",
        subtitle="Which Career Path Should You Choose?",
        intro="Two data careers.",
        outlook="Both are **growing**.",
        conclusion="Choose by the work you enjoy.",
        published_on=timezone.localdate() - timedelta(days=3),
    )


def test_sections_in_the_seed_order_with_per_role_headings(client, comparison):
    html = page(client, comparison)
    assert html.count("<h1") == 1
    assert '<h1 id="article-title">Data Engineer vs. Data Scientist</h1>' in html
    assert h2_headings(html)[:10] == [
        "Table of contents",
        "Definitions",
        "Responsibilities",
        "Required Skills",
        "Educational Backgrounds",
        "Tools and Software Used",
        "Common Industries",
        "Outlooks",
        "Practical Tips for Getting Started",
        "Conclusion",
    ]
    assert h2_headings(html)[10:] == [
        "Side by side",
        "Featured jobs",
        "Salary insights",
        "Related articles",
    ]
    assert h3_headings(html) == [
        "Data Engineer Responsibilities",
        "Data Scientist Responsibilities",
        "Data Engineer Skills",
        "Data Scientist Skills",
        "Data Engineer Educational Background",
        "Data Scientist Educational Background",
        "Data Engineer Tools and Software",
        "Data Scientist Tools and Software",
        "Data Engineer Industries",
    ]
    # Title, subtitle, read time and date come before the table of contents and the intro.
    html = html[html.index("<main") :]
    positions = [
        html.index("<h1"),
        html.index("Which Career Path Should You Choose?"),
        html.index(" min read \u00b7 "),
        html.index("Table of contents"),
        html.index("Two data careers."),
        html.index("Builds the pipelines."),
    ]
    assert positions == sorted(positions)
    assert "<strong>growing</strong>" in html  # Markdown rendered


def test_an_empty_list_is_left_out_without_a_heading(client, comparison):
    html = page(client, comparison)
    industries = section(html, "common-industries-heading")
    assert "Data Engineer Industries" in industries
    assert "Data Scientist Industries" not in html


def test_a_section_empty_for_both_roles_is_left_out_with_its_toc_entry(client, comparison):
    comparison.role_a.industries = []
    comparison.role_a.save()
    comparison.outlook = ""
    comparison.save()
    html = page(client, comparison)
    assert "Common Industries" not in html
    assert 'href="#common-industries"' not in html
    assert "Outlooks" not in html
    assert 'href="#outlooks"' not in html
    assert "Required Skills" in html


def test_table_of_contents_anchors_exist_on_the_page(client, comparison):
    html = page(client, comparison)
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [
        "definitions",
        "responsibilities",
        "required-skills",
        "educational-backgrounds",
        "tools-and-software",
        "common-industries",
        "outlooks",
        "practical-tips",
        "conclusion",
    ]
    for anchor in anchors:
        assert html.count(f'id="{anchor}"') == 1


def test_read_time_rounds_the_words_up_at_250_a_minute(client):
    # Roles with nothing written: the article is its title (3 words) and its intro.
    role_a = RoleFactory(name="Alpha", slug="alpha", definition="", **{f: [] for f in LISTS})
    role_b = RoleFactory(name="Beta", slug="beta", definition="", **{f: [] for f in LISTS})
    comparison = ComparisonFactory(
        role_a=role_a,
        role_b=role_b,
        title="Alpha vs. Beta",
        subtitle="",
        intro="word " * 497,
        outlook="",
        conclusion="",
        published_on=timezone.localdate().replace(year=2023, month=12, day=6),
    )
    assert "2 min read \u00b7 " in page(client, comparison)  # 500 words
    comparison.intro = "word " * 498
    comparison.save()
    html = page(client, comparison)
    assert '3 min read \u00b7 <time datetime="2023-12-06">Dec. 6, 2023</time>' in html  # 501


LISTS = ["responsibilities", "skills", "education", "tools", "industries", "tips"]


def test_side_by_side_table_and_salary_links(client, comparison):
    html = page(client, comparison)
    table = section(html, "side-by-side-heading")
    assert '<th scope="row">Skills</th>' in table
    assert "<li>SQL</li>" in table and "<li>Statistics</li>" in table
    assert '<th scope="row">Typical pay</th>' in table
    assert table.count("Not enough data yet") == 2
    links = section(html, "salary-insights-heading")
    # Not in the survey: the link opens a job search, and says so.
    assert '<a href="/jobs/?q=Data+Engineer">Data Engineer jobs</a>' in links
    assert '<a href="/jobs/?q=Data+Scientist">Data Scientist jobs</a>' in links
    assert "View salary info" not in links


def test_related_articles_share_a_role_first_then_the_newest(client, comparison):
    today = timezone.localdate()
    engineer, scientist = comparison.role_a, comparison.role_b

    def article(title, days_ago, role_a, role_b, **kwargs):
        return ComparisonFactory(
            title=title,
            role_a=role_a,
            role_b=role_b,
            published_on=today - timedelta(days=days_ago),
            **kwargs,
        )

    article("Old sharing", 300, engineer, RoleFactory())
    article("Recent sharing", 10, RoleFactory(), scientist)
    article("Middle sharing", 100, scientist, RoleFactory())
    for number in range(5):
        article(f"Unrelated {number}", 1 + number, RoleFactory(), RoleFactory())
    article("Sharing but draft", 5, engineer, RoleFactory(), status="draft")
    article("Sharing but scheduled", -5, engineer, RoleFactory())

    related = section(page(client, comparison), "related-heading")
    titles = re.findall(r'<a href="/careers/[^"]+/">([^<]+)</a>', related)
    assert titles == [
        "Recent sharing",
        "Middle sharing",
        "Old sharing",
        "Unrelated 0",
        "Unrelated 1",
        "Unrelated 2",
    ]


def test_featured_jobs_matching_either_role_come_first(client, comparison):
    soon = timezone.now() + timedelta(days=10)
    later = timezone.now() + timedelta(days=20)
    for number in range(5):
        JobFactory(title=f"Marketing Lead {number}", featured_until=later)
    JobFactory(title="Senior Data Engineer", featured_until=soon)
    spark = SkillFactory(name="Spark")
    comparison.role_a.keywords = ["Data Engineer", "spark"]
    comparison.role_a.save()
    JobFactory(title="Platform Builder", featured_until=soon, skills=[spark])
    JobFactory(title="Data Scientist II", featured_until=soon)  # matches the salary title
    JobFactory(title="Data Engineer, not featured")

    box = section(page(client, comparison), "featured-jobs-heading")
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', box)
    assert len(titles) == 6
    assert set(titles[:3]) == {"Senior Data Engineer", "Platform Builder", "Data Scientist II"}
    assert all(title.startswith("Marketing Lead") for title in titles[3:])
    assert "not featured" not in box


def test_meta_description_open_graph_and_article_json_ld(client, comparison):
    comparison.title = 'Engineer </script><script>alert("x")</script> & <b>Scientist</b>'
    comparison.save()
    html = page(client, comparison)
    assert '<meta name="description" content="Two data careers.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:url" content="http://testserver/careers/'
        'data-engineer-vs-data-scientist/">' in html
    )
    assert '<meta property="og:title" content="Engineer &lt;/script&gt;' in html
    assert '<link rel="canonical" href="http://testserver/careers/' in html

    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    raw = match.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003C/script\\u003E" in raw
    data = json.loads(raw)
    assert data["@type"] == "Article"
    assert data["headline"] == 'Engineer </script><script>alert("x")</script> & <b>Scientist</b>'
    assert data["datePublished"] == comparison.published_on.isoformat()
    assert data["dateModified"].startswith(comparison.updated_at.date().isoformat())
    # The only script element is the JSON-LD, without a per-request nonce (the page is cached).
    assert html.count("<script") == 1
    assert "nonce" not in match.group(0)


def test_drafts_and_scheduled_articles_are_404_for_the_public(client, comparison):
    draft = ComparisonFactory(slug="a-draft", status="draft", published_on=None)
    scheduled = ComparisonFactory(
        slug="scheduled", published_on=timezone.localdate() + timedelta(days=1)
    )
    for hidden in (draft, scheduled):
        response = client.get(f"/careers/{hidden.slug}/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()  # the site's layout
    listing = client.get("/careers/").content.decode()
    assert comparison.title in listing
    assert draft.title not in listing and scheduled.title not in listing


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="secret-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_previews_a_draft_that_the_public_cannot_see(client, editor):
    draft = ComparisonFactory(
        title="Secret draft", slug="secret-draft", status="draft", published_on=None
    )
    preview_url = f"/careers/preview/{draft.pk}/"

    anonymous = client.get(preview_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/admin/login/?next={preview_url}"

    reader = User.objects.create_user("reader", password="secret-pass-123")
    client.force_login(reader)
    assert client.get(preview_url).status_code == 404

    client.force_login(editor)
    response = client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="article-title">Secret draft</h1>' in html
    assert "This article is a draft; the public cannot see it." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "not yet published" in html
    assert 'type="application/ld+json"' not in html
    # Even logged in, the public URL stays 404 for a draft.
    assert client.get("/careers/secret-draft/").status_code == 404


def test_an_editor_previews_a_scheduled_article(client, editor):
    day = timezone.localdate() + timedelta(days=30)
    scheduled = ComparisonFactory(title="Coming soon", published_on=day)
    client.force_login(editor)
    html = client.get(f"/careers/preview/{scheduled.pk}/").content.decode()
    assert "This article is scheduled for" in html
    assert client.get(f"/careers/preview/{scheduled.pk + 1000}/").status_code == 404
    assert client.get("/careers/preview/99999999999999999999999/").status_code == 404


def _related_and_jobs(comparison, related_count):
    for number in range(related_count):
        ComparisonFactory(role_a=comparison.role_a, title=f"Related {number}")
    spark = SkillFactory(name="Spark")
    for number in range(related_count):
        JobFactory(
            title=f"Data Engineer {number}",
            featured_until=timezone.now() + timedelta(days=5),
            skills=[spark, SkillFactory(name=f"Skill {number}")],
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_the_same_with_2_and_with_20_related_articles(
    client, comparison, assert_queries
):
    url = comparison.get_absolute_url()
    _related_and_jobs(comparison, 2)
    with_2 = count_queries(client, url)
    _related_and_jobs(comparison, 18)
    assert Comparison.objects.published().count() == 21
    with_20 = count_queries(client, url)
    assert with_2 == with_20
    # The article and its roles, featured jobs with their skill names, related articles, the two
    # roles' salary summaries.
    with assert_queries(4):
        client.get(url)

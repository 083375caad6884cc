"""The listing page: what a job seeker sees, its JSON-LD, expired and draft listings, speed."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
EXPIRES = datetime(2100, 1, 1, 0, 0, tzinfo=UTC)
JSON_LD_SCRIPT = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)


def linked_listings(html: str) -> list[int]:
    """The ids of the listings the HTML links to, in order (whatever the card looks like)."""
    ids: list[int] = []
    for found in re.findall(r'href="/jobs/(\d+)/', html):
        if int(found) not in ids:
            ids.append(int(found))
    return ids


def json_ld_blocks(html: str) -> list[str]:
    return JSON_LD_SCRIPT.findall(html)


def job_posting_of(client, job) -> dict:
    response = client.get(f"/jobs/{job.pk}/{job.slug}/")
    assert response.status_code == 200
    blocks = json_ld_blocks(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


def editor(*, staff=True, may_view=True) -> User:
    user = User.objects.create_user("editor", password="a long enough password", is_staff=staff)
    if may_view:
        user.user_permissions.add(Permission.objects.get(codename="view_job"))
    return user


# -- What the page shows ------------------------------------------------------------------


def test_visible_listing_shows_everything_a_job_seeker_needs(client):
    company = CompanyFactory(name="Deep Signal Labs", slug="deep-signal-labs")
    job = JobFactory(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        company=company,
        description="Build **data pipelines** for our models.",
        apply_url="https://deepsignal.example/careers/42",
        employment_type="CT",
        seniority="MI",
        published_at=PUBLISHED,
        expires_at=EXPIRES,
        skills=[SkillFactory(name="PyTorch"), SkillFactory(name="Spark")],
    )

    response = client.get(f"/jobs/{job.pk}/machine-learning-engineer/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<h1 id="job-title">Machine Learning Engineer</h1>' in html
    assert '<a href="/companies/deep-signal-labs/">Deep Signal Labs</a>' in html
    assert '<span class="company-initials" aria-hidden="true">DS</span>' in html
    assert "San Francisco, US" in html
    assert "<dd>Contract</dd>" in html
    assert "<dd>Mid-level / Intermediate</dd>" in html
    assert '<p class="salary">USD 120K - 160K</p>' in html
    assert "About USD" not in html  # already USD per year
    assert "<li>PyTorch</li>" in html
    assert "<li>Spark</li>" in html
    assert "<p>Build <strong>data pipelines</strong> for our models.</p>" in html
    # The Apply button goes through the counted redirect to the listing's own URL.
    assert f'href="/jobs/{job.pk}/apply/"' in html
    assert client.get(f"/jobs/{job.pk}/apply/")["Location"] == (
        "https://deepsignal.example/careers/42"
    )
    assert '<time datetime="2025-01-06T09:30:00+0000">Jan. 6, 2025</time>' in html
    assert '<time datetime="2100-01-01T00:00:00+0000">Jan. 1, 2100</time>' in html
    assert '<a href="/jobs/">← Back to all jobs</a>' in html
    assert "<img" not in html
    assert 'name="robots"' not in html
    assert "no longer accepts applications" not in html
    assert "Preview: not public" not in html


def test_meta_description_canonical_url_and_open_graph(client):
    job = JobFactory(
        title="Data Engineer",
        slug="data-engineer",
        company=CompanyFactory(name="Acme"),
        description="## Role\n\nBuild *pipelines* & dashboards for <b>analysts</b>.",
    )

    html = client.get(f"/jobs/{job.pk}/data-engineer/").content.decode()

    url = f"http://testserver/jobs/{job.pk}/data-engineer/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Data Engineer at Acme">' in html
    description = "Role Build pipelines &amp; dashboards for analysts."
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert "<title>Data Engineer at Acme · AI Jobs Board</title>" in html


def test_long_description_is_cut_for_the_meta_description(client):
    job = JobFactory(slug="long", description="word " * 100)

    html = client.get(f"/jobs/{job.pk}/long/").content.decode()

    meta = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert len(meta) == 160
    assert meta.endswith("word…")


def test_salary_in_another_currency_shows_its_yearly_usd_equivalent(client):
    exchange_rate("EUR", "1.05")
    job = JobFactory(
        slug="eur",
        salary_min=Decimal("65000"),
        salary_max=Decimal("80000"),
        salary_currency_id="EUR",
    )

    html = client.get(f"/jobs/{job.pk}/eur/").content.decode()

    assert '<p class="salary">EUR 65K - 80K</p>' in html
    # 65,000 x 1.05 and 80,000 x 1.05
    assert "About USD 68.3K - 84K a year" in html


def test_hourly_usd_salary_shows_its_yearly_equivalent(client):
    job = JobFactory(
        slug="hourly",
        salary_min=Decimal("60"),
        salary_max=Decimal("80"),
        salary_period="hour",
    )

    html = client.get(f"/jobs/{job.pk}/hourly/").content.decode()

    assert '<p class="salary">USD 60 - 80 / hour</p>' in html
    # 60 x 2,080 and 80 x 2,080
    assert "About USD 124.8K - 166.4K a year" in html


def test_listing_without_salary_says_so(client):
    job = JobFactory(slug="no-salary", salary_min=None, salary_max=None)

    html = client.get(f"/jobs/{job.pk}/no-salary/").content.decode()

    assert "Not stated in the listing." in html
    assert 'class="salary"' not in html


def test_apply_by_email_links_to_mailto(client):
    job = JobFactory(slug="email", apply_url="", apply_email="jobs@acme.example")

    html = client.get(f"/jobs/{job.pk}/email/").content.decode()

    assert f'href="/jobs/{job.pk}/apply/"' in html
    assert "Apply by email" in html
    assert client.get(f"/jobs/{job.pk}/apply/")["Location"] == "mailto:jobs@acme.example"


def test_description_cannot_inject_markup(client):
    job = JobFactory(
        slug="xss",
        description=(
            'Hi <img src="https://evil.example/x.png" onerror="alert(1)"> [x](javascript:alert(1))'
        ),
    )

    html = client.get(f"/jobs/{job.pk}/xss/").content.decode()

    assert "evil.example" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


# -- JSON-LD ------------------------------------------------------------------------------


def test_json_ld_of_an_onsite_listing_field_by_field(client):
    company = CompanyFactory(name="Deep Signal Labs", website="https://deepsignal.example")
    job = JobFactory(
        title="Senior Data Scientist",
        slug="senior-data-scientist",
        company=company,
        description="Model **churn**.",
        employment_type="FT",
        workplace="hybrid",
        city="Berlin",
        region="Berlin",
        country="DE",
        salary_min=Decimal("70000"),
        salary_max=Decimal("90000"),
        salary_currency_id="EUR",
        salary_period="year",
        published_at=PUBLISHED,
        expires_at=EXPIRES,
    )

    posting = job_posting_of(client, job)

    assert posting == {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Senior Data Scientist",
        "description": "<p>Model <strong>churn</strong>.</p>",
        "datePosted": "2025-01-06T09:30:00+00:00",
        "validThrough": "2100-01-01T00:00:00+00:00",
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Deep Signal Labs",
            "sameAs": "https://deepsignal.example",
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Berlin",
                "addressRegion": "Berlin",
                "addressCountry": "DE",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 70000,
                "maxValue": 90000,
                "unitText": "YEAR",
            },
        },
        "employmentType": "FULL_TIME",
        "identifier": {"@type": "PropertyValue", "name": "AI Jobs Board", "value": str(job.pk)},
        "directApply": False,
    }


def test_json_ld_of_a_remote_listing_names_the_applicants_country(client):
    job = JobFactory(
        slug="remote",
        company=CompanyFactory(name="Nowhere Inc", website=""),
        workplace="remote",
        city="",
        region="",
        country="DE",
        salary_min=None,
        salary_max=None,
        published_at=PUBLISHED,
        expires_at=EXPIRES,
    )

    posting = job_posting_of(client, job)

    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "Germany"}
    assert "jobLocation" not in posting
    assert "baseSalary" not in posting  # no salary given
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Nowhere Inc"}


def test_json_ld_of_an_hourly_salary_with_only_a_minimum(client):
    job = JobFactory(
        slug="hourly",
        salary_min=Decimal("62.50"),
        salary_max=None,
        salary_period="hour",
        city="",
        region="",
        country="GB",
    )

    posting = job_posting_of(client, job)

    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "value": 62.5, "unitText": "HOUR"},
    }
    assert posting["jobLocation"]["address"] == {"@type": "PostalAddress", "addressCountry": "GB"}


def test_json_ld_of_a_monthly_salary(client):
    job = JobFactory(
        slug="monthly",
        salary_min=Decimal("5000"),
        salary_max=Decimal("6000"),
        salary_period="month",
    )

    posting = job_posting_of(client, job)

    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 5000,
        "maxValue": 6000,
        "unitText": "MONTH",
    }


@pytest.mark.parametrize(
    ("employment_type", "expected"),
    [
        ("FT", "FULL_TIME"),
        ("PT", "PART_TIME"),
        ("CT", "CONTRACTOR"),
        ("FL", "CONTRACTOR"),
        ("IN", "INTERN"),
    ],
)
def test_json_ld_employment_types(client, employment_type, expected):
    job = JobFactory(slug="job", employment_type=employment_type)

    assert job_posting_of(client, job)["employmentType"] == expected


def test_editor_text_cannot_break_out_of_the_json_ld_script(client):
    attack = "</script><script>alert(1)</script>"
    job = JobFactory(
        title=f"Engineer {attack} & <b>",
        slug="engineer",
        description=f"Hello {attack} world\n\nUse `</script>` & `<!--` in code.",
    )

    response = client.get(f"/jobs/{job.pk}/engineer/")

    html = response.content.decode()
    # One script element on the page, the JSON-LD, so one closing tag.
    assert html.lower().count("</script") == 1
    assert "<script>alert(1)" not in html
    (block,) = json_ld_blocks(html)
    assert "<" not in block
    assert ">" not in block
    assert "&" not in block
    posting = json.loads(block)
    assert posting["title"] == "Engineer </script><script>alert(1)</script> & <b>"
    assert posting["description"] == (
        "<p>Hello  world</p>\n<p>Use <code>&lt;/script&gt;</code> &amp; <code>&lt;!--</code>"
        " in code.</p>"
    )
    # The visible title is escaped text.
    assert (
        '<h1 id="job-title">Engineer &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; '
        "&amp; &lt;b&gt;</h1>"
    ) in html


def test_json_ld_carries_no_nonce_and_the_policy_allows_no_inline_script(client):
    """The page is cached and served to many visitors: its markup carries no per-request nonce
    (a JSON-LD block is data, which browsers never run), and the policy names none."""
    job = JobFactory(slug="structured-data")

    response = client.get(f"/jobs/{job.pk}/structured-data/")

    assert '<script type="application/ld+json">' in response.text
    assert "nonce" not in response.text
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "nonce" not in policy
    assert "unsafe-inline" not in policy


# -- Expired, draft and scheduled listings, slugs ----------------------------------------


def test_expired_listing_answers_but_takes_no_applications(client):
    now = timezone.now()
    job = JobFactory(
        slug="expired",
        apply_url="https://acme.example/apply/7",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=10),
    )

    response = client.get(f"/jobs/{job.pk}/expired/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This listing has expired and no longer accepts applications." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html
    assert "https://acme.example/apply/7" not in html
    assert "Apply" not in html
    assert "<dt>Closed</dt>" in html


def test_draft_is_not_found_for_the_public(client):
    job = JobFactory(slug="draft", status=Job.Status.DRAFT, published_at=None)

    response = client.get(f"/jobs/{job.pk}/draft/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<a class="site-name" href="/">' in html  # the site's layout
    assert job.title not in html


def test_scheduled_listing_is_not_found_for_the_public(client):
    job = JobFactory(slug="later", published_at=timezone.now() + timedelta(days=2))

    assert client.get(f"/jobs/{job.pk}/later/").status_code == 404


def test_draft_with_a_stale_slug_does_not_redirect_for_the_public(client):
    job = JobFactory(slug="draft", status=Job.Status.DRAFT, published_at=None)

    assert client.get(f"/jobs/{job.pk}/old-name/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_staff_editor_previews_a_draft(client):
    job = JobFactory(
        title="Draft Role", slug="draft-role", status=Job.Status.DRAFT, published_at=None
    )
    client.force_login(editor())

    response = client.get(f"/jobs/{job.pk}/draft-role/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not public." in html
    assert "This listing is a draft." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html
    assert "Draft Role" in html


def test_staff_editor_previews_a_scheduled_listing(client):
    job = JobFactory(
        slug="later",
        published_at=datetime(2099, 3, 1, 8, 0, tzinfo=UTC),
        expires_at=datetime(2099, 4, 1, 8, 0, tzinfo=UTC),
    )
    client.force_login(editor())

    html = client.get(f"/jobs/{job.pk}/later/").content.decode()

    assert "Preview: not public." in html
    assert "This listing goes live on" in html
    assert "March 1, 2099" in html
    assert "application/ld+json" not in html


@pytest.mark.parametrize(("staff", "may_view"), [(False, True), (True, False)])
def test_preview_needs_staff_and_the_view_permission(client, staff, may_view):
    job = JobFactory(slug="draft", status=Job.Status.DRAFT, published_at=None)
    client.force_login(editor(staff=staff, may_view=may_view))

    assert client.get(f"/jobs/{job.pk}/draft/").status_code == 404


def test_stale_slug_redirects_permanently_to_the_current_one(client):
    job = JobFactory(slug="ml-engineer")

    response = client.get(f"/jobs/{job.pk}/old-title/")

    assert response.status_code == 301
    assert response["Location"] == f"/jobs/{job.pk}/ml-engineer/"


def test_url_without_slug_redirects_permanently(client):
    job = JobFactory(slug="ml-engineer")

    response = client.get(f"/jobs/{job.pk}/")

    assert response.status_code == 301
    assert response["Location"] == f"/jobs/{job.pk}/ml-engineer/"


def test_expired_listing_with_a_stale_slug_redirects_too(client):
    now = timezone.now()
    job = JobFactory(
        slug="gone", published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1)
    )

    response = client.get(f"/jobs/{job.pk}/old/")

    assert response.status_code == 301
    assert response["Location"] == f"/jobs/{job.pk}/gone/"


@pytest.mark.parametrize(
    "path",
    ["/jobs/999999/x/", "/jobs/999999/", "/jobs/99999999999999999999999999/x/", "/jobs/0/x/"],
)
def test_unknown_listing_is_not_found(client, path):
    JobFactory(slug="x")

    assert client.get(path).status_code == 404


def test_garbage_query_parameters_are_ignored(client):
    job = JobFactory(slug="job")

    response = client.get(f"/jobs/{job.pk}/job/?page=abc&q=%00%ff&x[]=1")

    assert response.status_code == 200


# -- Similar listings --------------------------------------------------------------------


def test_similar_listings_share_title_words_or_seniority(client):
    now = timezone.now()
    job = JobFactory(title="Machine Learning Engineer", slug="mle", seniority="SE")
    platform = JobFactory(
        title="ML Platform Engineer", seniority="MI", published_at=now - timedelta(days=1)
    )
    lead = JobFactory(title="Lead Machine Learning Engineer", seniority="EX")
    accountant = JobFactory(
        title="Senior Accountant", seniority="SE", published_at=now - timedelta(days=9)
    )
    JobFactory(title="Office Manager", seniority="MI")
    JobFactory(title="Machine Learning Engineer II", status=Job.Status.DRAFT, published_at=None)
    JobFactory(
        title="Machine Learning Engineer III",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=10),
    )

    html = client.get(f"/jobs/{job.pk}/mle/").content.decode()

    similar = html[html.index('id="similar-heading"') :]
    # Three shared words, then one, then only the same seniority; unrelated, draft and
    # expired listings are left out, and so is the listing itself.
    assert linked_listings(similar) == [lead.pk, platform.pk, accountant.pk]
    assert "Office Manager" not in html


def test_at_most_four_similar_listings(client):
    job = JobFactory(title="Data Engineer", slug="de")
    for number in range(6):
        JobFactory(title=f"Data Engineer {number}")

    html = client.get(f"/jobs/{job.pk}/de/").content.decode()

    similar = html[html.index('id="similar-heading"') :]
    assert len(linked_listings(similar)) == 4


def test_same_survey_title_makes_listings_similar(client):
    job = JobFactory(
        title="Applied Scientist", slug="as", seniority="EN", survey_title="Research Scientist"
    )
    JobFactory(title="Quant Researcher", seniority="EX", survey_title="research scientist")
    JobFactory(title="Office Manager", seniority="EX")

    html = client.get(f"/jobs/{job.pk}/as/").content.decode()

    assert "Quant Researcher" in html
    assert "Office Manager" not in html


def test_no_similar_listings_section_when_there_are_none(client):
    job = JobFactory(title="Data Engineer", slug="de", seniority="EN")
    JobFactory(title="Office Manager", seniority="EX")

    html = client.get(f"/jobs/{job.pk}/de/").content.decode()

    assert "Similar jobs" not in html


# -- Speed -------------------------------------------------------------------------------


def detail_queries(client, job) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/jobs/{job.pk}/{job.slug}/")
    assert response.status_code == 200
    return len(queries)


def test_detail_page_query_count_does_not_grow(client, assert_queries):
    skills = [SkillFactory(name=f"Skill {number}") for number in range(10)]
    job = JobFactory(title="Data Engineer", slug="data-engineer", skills=skills[:1])
    for number in range(4):
        JobFactory(title=f"Data Engineer {number}", skills=skills[:2])

    # The listing with its company and skill names, the salary survey's figures for its
    # title, the similar listings with their skill names.
    with assert_queries(3):
        small = detail_queries(client, job)

    job.skills.set(skills)
    for number in range(45):
        JobFactory(title=f"Data Engineer {number + 4}", skills=skills)
    assert Job.objects.count() == 50

    with assert_queries(3):
        large = detail_queries(client, job)
    assert small == large


def test_expired_page_query_count(client, assert_queries):
    now = timezone.now()
    job = JobFactory(
        slug="gone", published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1)
    )
    for _ in range(10):
        JobFactory()

    with assert_queries(3):
        assert client.get(f"/jobs/{job.pk}/gone/").status_code == 200

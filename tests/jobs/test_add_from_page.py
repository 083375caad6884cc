"""“Add from a job page” in the admin (jobs/admin/from_page.py, jobs/importing/jobposting.py).

The job pages are files under tests/data/jobposting/, shaped like the pages of real
applicant-tracking systems, served by an HTTP server the tests start on 127.0.0.1 (loopback is
allowed as only tests do: ``OUTBOUND_ALLOW_LOOPBACK``). Refused addresses are refused before
any socket connects.
"""

import re
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django import forms
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.utils import timezone

from jobs.admin import from_page
from jobs.importing import jobposting
from jobs.markup import render_markdown
from jobs.models import ExchangeRate, Job
from tests.factories import CompanyFactory, SkillFactory
from tests.local_http import LocalHandler, LocalServer, serving

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent.parent / "data" / "jobposting"
LIST_URL = "/admin/jobs/job/"
ADD_URL = "/admin/jobs/job/add/"
FROM_PAGE_URL = "/admin/jobs/job/add-from-page/"


# -- The job pages' server -----------------------------------------------------------------


class PageHandler(LocalHandler):
    protocol_version = "HTTP/1.0"  # one request a connection

    def do_GET(self):
        self.server.requests.append(self.path)
        path = urlsplit(self.path).path
        if path.startswith("/jobs/"):
            page = PAGES / path.removeprefix("/jobs/")
            if page.parent == PAGES and page.is_file():
                return self.reply(200, page.read_bytes())
        elif path == "/brochure.pdf":
            return self.reply(200, b"%PDF-1.7", "application/pdf")
        elif path == "/moved":
            return self.redirect("/jobs/greenhouse.html", status=301)
        elif path == "/to-private":
            return self.redirect("http://10.0.0.1/jobs/1")
        elif path == "/big":
            return self.reply(200, b"<html>" + b"x" * 50_000)
        elif path == "/slow":
            time.sleep(2)
            return self.reply(200, b"<html></html>")
        return self.reply(404, b"<h1>Not found</h1>")


@pytest.fixture(scope="module")
def page_server():
    with serving(LocalServer(PageHandler)) as server:
        yield server


@pytest.fixture
def site(page_server, settings):
    """The job pages' base address; loopback allowed (tests only)."""
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    page_server.requests.clear()
    return page_server.base_url


@pytest.fixture(autouse=True)
def _november_2026():
    """The pages' validThrough dates lie ahead of this moment (the clock moves on from it)."""
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=True):
        yield


# -- Editors -------------------------------------------------------------------------------


def read_page(client, url, **options):
    return client.post(FROM_PAGE_URL, {"url": url}, **options)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def add_form_of(response):
    return response.context["adminform"].form


MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def save(client, data):
    """Post the add form; it must save (a redirect), else its errors fail the test."""
    response = client.post(ADD_URL, data)
    if response.status_code != 302:
        form = response.context["adminform"].form
        raise AssertionError(f"not saved: {form.errors.as_data()} {messages_of(response)}")
    return Job.objects.get()


def submitted_as_is(form, **changes):
    """What the add form posts when the editor changes nothing but ``changes``."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.time()
        elif name in ("published_at", "expires_at", "featured_until"):
            data[f"{name}_0"] = data[f"{name}_1"] = ""
        elif isinstance(value, list) or isinstance(form.fields[name], MULTIPLE):
            data[name] = [str(item) for item in value or []]  # none chosen: nothing sent
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


# -- The button and the page ---------------------------------------------------------------


def test_the_listings_list_has_the_button(editor_client):
    response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{FROM_PAGE_URL}" class="addlink">Add from a job page</a>' in html
    assert f'href="{ADD_URL}"' in html  # Django's own "Add" is still there


def test_the_page_has_a_heading_a_labelled_field_and_no_inline_code(editor_client):
    response = editor_client.get(FROM_PAGE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Add a listing from a job page</h1>" in html
    assert '<label class="required" for="id_url">Address of the job&#x27;s page:</label>' in html
    field = re.search(r"<input [^>]*name=\"url\"[^>]*>", html).group(0)
    assert 'type="url"' in field
    assert 'id="id_url"' in field
    assert 'aria-describedby="id_url_helptext"' in field
    assert 'id="id_url_helptext"' in html
    assert '<input type="submit" value="Read the page" class="default">' in html
    assert '<li aria-current="page">Add from a job page</li>' in html
    # No inline script or style (the CSP has no unsafe-inline, and these pages use no nonce).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


# -- End to end: page, filled form, saved listing --------------------------------------------


def test_a_greenhouse_page_becomes_a_saved_listing_in_five_interactions(
    client, editor, site, page_server
):
    company = CompanyFactory(name="ACME AI", website="https://acme.example")
    client.force_login(editor)

    # 1: the button; 2 and 3: paste the address and submit.
    assert client.get(LIST_URL).status_code == 200
    response = read_page(client, f"{site}/jobs/greenhouse.html")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == ADD_URL
    assert list(parse_qs(target.query)) == ["from_page"]
    assert page_server.requests == ["/jobs/greenhouse.html"]

    # 4: the add form, filled.
    response = client.get(response["Location"])
    assert response.status_code == 200
    form = add_form_of(response)
    assert form["title"].value() == "Senior Machine Learning Engineer"
    assert form["company"].value() == company.pk
    assert form["description"].value() == (
        "## **About Acme AI**\n\n"
        "We build ranking models for R&D teams.\n\n"
        "### What you will do\n\n"
        "- Train and ship *recommendation* models\n"
        "- Own the feature store\n\n"
        "Read about our [engineering blog](https://acme.example/blog)."
    )
    assert form["employment_type"].value() == "FT"
    assert form["seniority"].value() == "SE"
    assert form["workplace"].value() == "onsite"
    assert (form["city"].value(), form["region"].value()) == ("San Francisco", "CA")
    assert form["country"].value() == "US"
    assert form["salary_min"].value() == "185000"
    assert form["salary_max"].value() == "230000"
    assert form["salary_currency"].value() == "USD"
    assert form["salary_period"].value() == "year"
    # Valid through 30 June 2030: it expires when 1 July begins.
    assert form["expires_at"].value() == datetime(2030, 7, 1, tzinfo=UTC)
    assert form["apply_url"].value() == f"{site}/jobs/greenhouse.html"
    assert form["status"].value() == "draft"
    notes = messages_of(response)
    assert notes == [
        f"Read the job page {site}/jobs/greenhouse.html: check every field, then save.",
        "Company “Acme AI” is taken as the existing “ACME AI”.",
        "Seniority “Senior-level / Expert” is guessed from the title: check it.",
    ]
    html = response.content.decode()
    assert "guessed from the title: check it." in html  # shown above the form
    assert 'value="Senior Machine Learning Engineer"' in html

    # 5: save, changing nothing.
    job = save(client, submitted_as_is(form))
    assert job.title == "Senior Machine Learning Engineer"
    assert job.slug == "senior-machine-learning-engineer"
    assert job.company == company
    assert job.status == Job.Status.DRAFT
    assert (job.city, job.region, str(job.country)) == ("San Francisco", "CA", "US")
    assert (job.salary_min, job.salary_max) == (Decimal("185000"), Decimal("230000"))
    assert (job.salary_currency_id, job.salary_period) == ("USD", "year")
    assert job.salary_max_usd_yearly == Decimal("230000.00")
    assert job.expires_at == datetime(2030, 7, 1, tzinfo=UTC)
    assert job.apply_url == f"{site}/jobs/greenhouse.html"
    assert "<h2><strong>About Acme AI</strong></h2>" in job.description_html
    assert '<a href="https://acme.example/blog" rel="nofollow noopener">' in job.description_html


def test_the_values_are_taken_once(editor_client, site):
    CompanyFactory(name="Acme AI")
    location = read_page(editor_client, f"{site}/jobs/greenhouse.html")["Location"]
    assert add_form_of(editor_client.get(location))["title"].value()

    again = editor_client.get(location)
    assert again.status_code == 200
    assert add_form_of(again)["title"].value() in (None, "")
    assert messages_of(again) == [
        "The values read from the job page were used already (or the session ended): add "
        "from the page again to fill the form."
    ]


def test_a_redirect_is_followed_and_the_final_address_is_the_apply_url(editor_client, site):
    response = read_page(editor_client, f"{site}/moved", follow=True)
    assert add_form_of(response)["apply_url"].value() == f"{site}/jobs/greenhouse.html"


def test_an_address_without_a_scheme_is_read_as_https(editor_client, no_connections, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    response = read_page(editor_client, "10.0.0.1/jobs/1")
    assert response.context["form"].errors["url"] == [
        "10.0.0.1 is a private address: it is not fetched."
    ]
    assert response.context["form"]["url"].value() == "10.0.0.1/jobs/1"  # as typed
    assert no_connections == []


# -- Pages of other systems ------------------------------------------------------------------


def test_a_lever_page_with_a_graph(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/lever.html", follow=True)
    form = add_form_of(response)
    assert form["title"].value() == "Machine Learning Researcher"
    assert form["company"].value() in (None, "")
    assert form["employment_type"].value() == "FT"  # "full-time"
    assert form["workplace"].value() == "onsite"
    assert (form["city"].value(), form["region"].value()) == ("Toronto", "Ontario")
    assert form["country"].value() == "CA"
    assert form["apply_url"].value() == "https://jobs.lever.example/borealis/7f3c/apply"
    assert form["description"].value() == (
        "**Borealis** builds perception for warehouse robots.\n\n"
        "You will:\n\n"
        "- Design 3D detection models\n"
        "- Publish at CVPR & NeurIPS\n\n"
        "Experience with &lt;canvas> and WebGL is a plus."
    )
    assert "Experience with &lt;canvas&gt; and WebGL" in render_markdown(
        form["description"].value()
    )
    notes = messages_of(response)
    assert notes[1].startswith("Company “Borealis Robotics” is new: create it first")
    assert "The page does not say the seniority: choose it." in notes
    assert "Skills not on the site, left out: PyTorch, Computer Vision, ROS." in notes


def test_a_new_company_is_proposed_with_a_link_to_a_filled_company_form(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/remote.html", follow=True)
    html = response.content.decode()
    link = (
        '<a href="/admin/jobs/company/add/?name=Northwind+Analytics&amp;website='
        'https%3A%2F%2Fnorthwind.example" target="_blank" rel="noopener">Add “Northwind '
        "Analytics” as a company (opens in a new tab)</a>"
    )
    assert link in html
    assert (
        "Company “Northwind Analytics” (https://northwind.example) is new: create it first, "
        "then choose it." in html
    )

    company_form = editor_client.get(
        "/admin/jobs/company/add/?name=Northwind+Analytics&website=https%3A%2F%2Fnorthwind.example"
    )
    form = company_form.context["adminform"].form
    assert form["name"].value() == "Northwind Analytics"
    assert form["website"].value() == "https://northwind.example"


def test_a_workday_page_with_arrays(editor_client, site):
    initech = CompanyFactory(name="Initech Corp", website="https://initech.example")
    response = read_page(editor_client, f"{site}/jobs/workday.html", follow=True)
    form = add_form_of(response)
    assert form["title"].value() == "Data Scientist II"
    assert form["company"].value() == initech.pk  # by its website: www.initech.example
    assert form["employment_type"].value() == "FT"
    assert (form["city"].value(), form["region"].value(), form["country"].value()) == (
        "Austin",
        "TX",
        "US",
    )
    assert form["salary_min"].value() == "9500"
    assert form["salary_max"].value() in (None, "")
    assert (form["salary_currency"].value(), form["salary_period"].value()) == ("USD", "month")
    assert form["expires_at"].value() == datetime(2030, 1, 15, 23, 59, 59, tzinfo=UTC)
    assert form["description"].value() == (
        "**Job Description**\n\n"
        "Initech's analytics team is hiring.\n\n"
        "**Qualifications**\n\n"
        "- 3+ years of Python & SQL\n"
        "- Experience with A/B tests"
    )
    assert messages_of(response)[1:] == [
        "Company “Initech” is taken as the existing “Initech Corp”.",
        "The page gives several employment types: Full Time is chosen (also: Contract).",
        "The page does not say the seniority: choose it.",
        "The page names several places; the form has the first (also: Dublin, IE).",
    ]


def test_hourly_pay_in_euros_is_saved_as_hourly(editor_client, site):
    tulip = CompanyFactory(name="Tulip Data B.V.")
    response = read_page(editor_client, f"{site}/jobs/hourly_eur.html", follow=True)
    form = add_form_of(response)
    assert form["company"].value() == tulip.pk  # "TULIP DATA B.V." on the page
    assert form["employment_type"].value() == "PT"
    assert (form["salary_min"].value(), form["salary_max"].value()) == ("45.50", "62.50")
    assert (form["salary_currency"].value(), form["salary_period"].value()) == ("EUR", "hour")
    assert form["description"].value() == (
        "Bouw onze datapijplijnen in Amsterdam. Café-vergoeding inbegrepen."
    )
    assert form["expires_at"].value() == datetime(2030, 3, 31, 16, 0, tzinfo=UTC)
    assert form["apply_url"].value() == "https://tulipdata.example/vacatures/data-engineer"

    # The one thing left to choose: the seniority.
    job = save(editor_client, submitted_as_is(form, seniority="MI"))
    assert (job.salary_min, job.salary_max, job.salary_period) == (
        Decimal("45.50"),
        Decimal("62.50"),
        "hour",
    )
    rate = ExchangeRate.objects.get(currency="EUR").usd_per_unit
    assert job.salary_max_usd_yearly == (Decimal("62.50") * 2080 * rate).quantize(Decimal("0.01"))


def test_a_remote_page_with_applicant_locations(editor_client, site):
    northwind = CompanyFactory(name="Northwind Analytics")
    response = read_page(editor_client, f"{site}/jobs/remote.html", follow=True)
    form = add_form_of(response)
    assert form["company"].value() == northwind.pk
    assert form["workplace"].value() == "remote"
    assert form["eligible"].value() == "GB; EU"
    assert form["country"].value() == "GB"
    assert form["city"].value() in (None, "")
    assert form["apply_url"].value() == (
        "https://northwind.example/careers/staff-data-engineer/apply"
    )
    assert (form["salary_min"].value(), form["salary_currency"].value()) == ("95000", "GBP")
    assert (
        "Applicants' locations not recognised (add them to “Open to applicants in” if they "
        "matter): Atlantis." in messages_of(response)
    )

    job = save(editor_client, submitted_as_is(form))
    assert (job.workplace, job.eligible, str(job.country)) == ("remote", "GB EU", "GB")


# -- Pages without a JobPosting, and errors ----------------------------------------------------


def error_of(response):
    assert response.status_code == 200  # the form again, never a 500
    errors = response.context["form"].errors["url"]
    assert len(errors) == 1
    return errors[0]


def test_a_page_without_json_ld_says_so_and_offers_the_empty_form(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/no_jsonld.html")
    assert error_of(response) == (
        "The page has no JobPosting (no JSON-LD structured data at all). Write the listing in "
        "the empty form instead."
    )
    html = response.content.decode()
    assert (
        f'<p><a href="{ADD_URL}">Open the empty add form</a> to write the listing by hand.</p>'
        in html
    )
    assert '<ul class="errorlist" id="id_url_error">' in html
    assert 'aria-invalid="true"' in html
    kept = dict(editor_client.session.items())
    assert not [key for key in kept if key.startswith(from_page.SESSION_PREFIX)]


def test_a_page_with_broken_json_says_so(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/broken_json.html")
    assert error_of(response).startswith(
        "The page's structured data (JSON-LD) is not valid JSON, so no JobPosting could be read"
    )
    assert "Open the empty add form" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://10.0.0.1/", "10.0.0.1 is a private address: it is not fetched."),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address: it is not fetched.",
        ),
        ("file:///etc/passwd", "Only http:// and https:// addresses can be fetched."),
        ("ftp://example.org/job", "Only http:// and https:// addresses can be fetched."),
        ("javascript:alert(1)", "Only http:// and https:// addresses can be fetched."),
        (
            "https://user:pass@example.org/",
            "Addresses with a user name or password are not fetched.",
        ),
        ("http://[::1]:8000/", "::1 is a loopback address: it is not fetched."),
    ],
)
def test_refused_addresses_are_a_form_error_without_connecting(
    editor_client, settings, no_connections, url, error
):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    response = read_page(editor_client, url)
    assert error_of(response) == error
    assert no_connections == []
    assert Job.objects.count() == 0


def test_a_redirect_to_a_private_address_is_refused(editor_client, site, page_server):
    response = read_page(editor_client, f"{site}/to-private")
    assert error_of(response) == "10.0.0.1 is a private address: it is not fetched."
    assert page_server.requests == ["/to-private"]


def test_an_error_status_is_a_form_error(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/gone.html")
    assert error_of(response) == (
        "The page answered with status 404 (Not Found), not the job's page: check the address."
    )


def test_a_file_that_is_not_a_web_page_is_refused(editor_client, site):
    response = read_page(editor_client, f"{site}/brochure.pdf")
    assert error_of(response) == (
        "The address gives a file of type application/pdf, not a web page: paste the address "
        "of the job's page."
    )


def test_a_page_over_the_size_limit_is_refused(editor_client, site, monkeypatch):
    monkeypatch.setattr(from_page, "PAGE_MAX_BYTES", 10_000)
    response = read_page(editor_client, f"{site}/big")
    assert error_of(response) == "The page is larger than 10 kB (50.006 kB)."


def test_a_slow_page_times_out(editor_client, site, monkeypatch):
    monkeypatch.setattr(from_page, "PAGE_TIMEOUT_SECONDS", 0.3)
    started = time.monotonic()
    response = read_page(editor_client, f"{site}/slow")
    assert error_of(response).startswith("timed out after 0.3 seconds")
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("url", ["", "   "])
def test_an_empty_address_is_a_form_error(editor_client, url):
    assert error_of(read_page(editor_client, url)) == "This field is required."


def test_an_overlong_address_is_a_form_error(editor_client, no_connections):
    response = read_page(editor_client, "https://example.org/" + "a" * 2000)
    assert error_of(response) == ("Ensure this value has at most 2000 characters (it has 2020).")


# -- Permissions -------------------------------------------------------------------------------


def test_only_editors_who_may_add_listings_may_use_it(client, site, page_server):
    viewer = User.objects.create_user("vera", password="unused-password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(viewer)

    assert client.get(FROM_PAGE_URL).status_code == 403
    assert read_page(client, f"{site}/jobs/greenhouse.html").status_code == 403
    assert page_server.requests == []
    assert "Add from a job page" not in client.get(LIST_URL).content.decode()


def test_visitors_are_sent_to_the_login(client, site, page_server):
    response = read_page(client, f"{site}/jobs/greenhouse.html")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert page_server.requests == []


def test_without_add_company_the_note_asks_for_someone_who_may(client, site):
    user = User.objects.create_user("ada", password="unused-password", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_job", "view_job", "view_company"])
    )
    client.force_login(user)
    response = read_page(client, f"{site}/jobs/remote.html", follow=True)
    assert (
        "Company “Northwind Analytics” (https://northwind.example) is new: create it first, "
        "then choose it. Ask an editor who may add companies to add it." in messages_of(response)
    )
    assert "/admin/jobs/company/add/" not in response.content.decode()


# -- Hostile pages -----------------------------------------------------------------------------


def test_hostile_text_in_every_field_stays_text(editor_client, site):
    response = read_page(editor_client, f"{site}/jobs/hostile.html", follow=True)
    html = response.content.decode()
    for hostile in ("<script>alert(", "<img src=x", "<iframe", "javascript:alert"):
        assert hostile not in html
    # No event handler in any tag (as text, escaped, "onerror=alert" is fine).
    assert not re.search(r"<[^>]*\son(error|click)=", html)
    form = add_form_of(response)
    assert form["title"].value() in (None, "")  # nothing but markup: the editor writes one
    assert form["apply_url"].value() == f"{site}/jobs/hostile.html"  # not javascript:
    assert form["city"].value() in (None, "")
    assert form["region"].value() in (None, "")
    assert form["expires_at"].value() is None
    description = form["description"].value()
    assert description == (
        "Hello\n\nClick\n\na link\n\n"
        "Text that says &lt;script>alert('text')&lt;/script> and "
        "&lt;img src=x onerror=alert('text')>"
    )
    notes = messages_of(response)
    assert "Company “Evil Corp” is new: create it first, then choose it." in notes[2]

    evil = CompanyFactory(name="Evil Corp")
    data = submitted_as_is(form, title="Engineer", company=evil.pk, seniority="MI")
    job = save(editor_client, data)
    assert job.description_html == (
        "<p>Hello</p>\n<p>Click</p>\n<p>a link</p>\n"
        "<p>Text that says &lt;script&gt;alert('text')&lt;/script&gt; and "
        "&lt;img src=x onerror=alert('text')&gt;</p>"
    )


# -- The reading of JobPosting data, case by case ----------------------------------------------


def read(posting, url="https://jobs.example.org/1"):
    return jobposting.read_job_posting({"@type": "JobPosting", **posting}, url)


def test_a_job_posting_is_found_in_a_list_in_a_graph_and_with_a_type_list():
    page = (
        '<script type="application/ld+json">[{"@type": "WebSite"}, {"@graph": [{"@type": '
        '"Organization"}, {"@type": ["schema:JobPosting"], "title": "Found"}]}]</script>'
    )
    assert jobposting.find_job_posting(page)["title"] == "Found"


def test_a_job_posting_as_a_web_pages_main_entity_is_found():
    page = (
        '<script type="application/ld+json">{"@type": "WebPage", "mainEntity": '
        '{"@type": "JobPosting", "title": "Main"}}</script>'
    )
    assert jobposting.find_job_posting(page)["title"] == "Main"


def test_a_broken_block_beside_a_good_one_is_skipped():
    page = (
        '<script type="application/ld+json">{"@type": "JobPosting",}</script>'
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Second"}</script>'
    )
    assert jobposting.find_job_posting(page)["title"] == "Second"


def test_json_ld_without_a_job_posting_says_so():
    page = '<script type="application/ld+json">{"@type": "Organization"}</script>'
    with pytest.raises(jobposting.NoJobPosting) as raised:
        jobposting.find_job_posting(page)
    assert raised.value.reason == (
        "The page has structured data (JSON-LD), but no JobPosting in it."
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("FULL_TIME", "FT"),
        ("full-time", "FT"),
        ("Full Time", "FT"),
        (["PART_TIME"], "PT"),
        ("CONTRACTOR", "CT"),
        ("TEMPORARY", "CT"),
        ("INTERN", "IN"),
        ("part-time, full-time", "PT"),
    ],
)
def test_employment_types(written, code):
    assert read({"employmentType": written}).initial["employment_type"] == code


def test_an_unknown_employment_type_is_a_note():
    reading = read({"employmentType": "VOLUNTEER"})
    assert "employment_type" not in reading.initial
    assert "Employment type “VOLUNTEER” is not one of the site's: choose it." in reading.notes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"minValue": 100000, "maxValue": 120000, "unitText": "YEAR"}, ("100000", "120000")),
        ({"minValue": "120,000", "maxValue": "100,000", "unitText": "YEAR"}, ("100000", "120000")),
        ({"value": "$85k", "unitText": "YEAR"}, ("85000", None)),
        ({"minValue": "1.234,56", "unitText": "MONTH"}, ("1234.56", None)),
        ({"minValue": 62.5, "maxValue": 62.5, "unitText": "HOUR"}, ("62.50", None)),
    ],
)
def test_salary_amounts(value, expected):
    salary = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    initial = read({"baseSalary": salary}).initial
    assert (initial["salary_min"], initial.get("salary_max")) == expected


def test_a_salary_per_week_is_a_note_not_a_guess():
    salary = {"currency": "USD", "value": {"minValue": 1000, "maxValue": 1200, "unitText": "WEEK"}}
    reading = read({"baseSalary": salary})
    assert "salary_min" not in reading.initial
    assert reading.notes[-1] == (
        "The salary (USD 1,000\u20131,200 per week) is per a period the site does not have (hour, "
        "month, year): convert it or leave it out."
    )


def test_a_salary_currency_without_a_rate_is_a_note():
    ExchangeRate.objects.filter(currency="GBP").delete()
    reading = read({"baseSalary": {"currency": "GBP", "value": 50000}})
    assert "salary_currency" not in reading.initial
    assert reading.initial["salary_min"] == "50000"
    assert (
        "The salary currency GBP has no exchange rate: add the rate under Exchange rates, or "
        "leave the salary out." in reading.notes
    )
    reading = read({"baseSalary": {"currency": "XYZ", "value": 50000}})
    assert "The page's salary currency “XYZ” is not an ISO 4217 code: choose it." in reading.notes


def test_a_past_valid_through_is_left_out():
    reading = read({"validThrough": "2026-11-01"})
    assert "expires_at" not in reading.initial
    assert "The page says the job closed on 2026-11-01: the expiry is left empty." in reading.notes
    reading = read({"validThrough": "2026-02-30"})
    assert "The page's validThrough “2026-02-30” is not a date: not used." in reading.notes


def test_remote_work_with_an_office_is_hybrid():
    reading = read(
        {
            "jobLocationType": "TELECOMMUTE",
            "jobLocation": {"address": {"addressLocality": "Berlin", "addressCountry": "DEU"}},
        }
    )
    assert (reading.initial["workplace"], reading.initial["city"]) == ("hybrid", "Berlin")
    assert reading.initial["country"] == "DE"


def test_a_place_named_remote_is_remote():
    reading = read(
        {"jobLocation": {"address": {"addressLocality": "Remote", "addressCountry": "US"}}}
    )
    assert reading.initial["workplace"] == "remote"
    assert reading.initial["country"] == "US"
    assert "city" not in reading.initial


def test_worldwide_and_regions_by_name():
    reading = read(
        {
            "jobLocationType": "TELECOMMUTE",
            "applicantLocationRequirements": ["Anywhere", {"name": "the European Union"}],
        }
    )
    assert reading.initial["eligible"] == "WORLDWIDE; EU"


def test_a_company_named_by_a_string_is_matched():
    acme = CompanyFactory(name="Acme")
    assert read({"hiringOrganization": " acme "}).initial["company"] == acme.pk


def test_existing_skills_are_chosen():
    python = SkillFactory(name="Python")
    reading = read({"skills": ["python", "Rust"]})
    assert reading.initial["skills"] == [python.pk]
    assert "Skills not on the site, left out: Rust." in reading.notes


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "<a href='javascript:alert(1)'>x</a>",
        "<svg><script>alert(1)</script></svg>",
        "<p style='x' onmouseover='alert(1)'>text</p>",
        "<!-- <script>alert(1)</script> -->",
        "[x](javascript:alert(1))",
    ],
)
def test_hostile_descriptions_render_as_text(hostile):
    rendered = render_markdown(jobposting.description_markdown(f"<p>Intro</p>{hostile}"))
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "javascript:" not in rendered.replace("&lt;", "")
    assert not re.search(r"<[^>]+\son[a-z]+=", rendered)
    assert " style=" not in rendered
    assert rendered.startswith("<p>Intro</p>")

"""The editors' admin, used through its forms as an editor (or a superuser) would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Company, ExchangeRate, Job, Skill
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate

pytestmark = pytest.mark.django_db

JOB_ADD_URL = "/admin/jobs/job/add/"
JOB_LIST_URL = "/admin/jobs/job/"


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="unused-password"))
    return client


def listing_form(company, /, **changes):
    """What an editor types into the "add listing" form (empty date fields: defaults)."""
    data = {
        "title": "Senior Data Engineer",
        "slug": "",
        "company": company.pk,
        "status": "published",
        "description": "Build **pipelines** with Spark.",
        "seniority": "SE",
        "employment_type": "FT",
        "survey_title": "",
        "workplace": "hybrid",
        "city": "Berlin",
        "region": "",
        "country": "DE",
        "salary_min": "65000",
        "salary_max": "80000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "apply_url": "https://example.com/apply",
        "apply_email": "",
    }
    for field in ("published_at", "expires_at", "featured_until"):
        data[f"{field}_0"] = data[f"{field}_1"] = ""
    data.update(changes)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# -- Adding and refusing listings -------------------------------------------------------------


def test_editor_adds_a_listing_with_defaults_filled_in(editor_client, settings):
    settings.JOB_DEFAULT_DURATION_DAYS = 30
    exchange_rate("EUR", "1.05")
    company = CompanyFactory(name="Larchfield Data")
    spark = SkillFactory(name="Spark")
    before = timezone.now()

    response = editor_client.post(
        JOB_ADD_URL, listing_form(company, skills=[spark.pk]), follow=True
    )

    assert response.status_code == 200
    job = Job.objects.get()
    assert job.title == "Senior Data Engineer"
    assert job.slug == "senior-data-engineer"  # filled without JavaScript
    assert job.company == company
    assert list(job.skills.all()) == [spark]
    assert job.salary_min_usd_yearly == Decimal("68250.00")  # 65,000 x 1.05
    assert job.salary_max_usd_yearly == Decimal("84000.00")  # 80,000 x 1.05
    assert before <= job.published_at <= timezone.now()
    assert job.expires_at == job.published_at + timedelta(days=30)
    assert job.is_visible()
    assert any("was added successfully" in message for message in messages_of(response))


def test_the_seed_typo_salary_is_refused_with_its_message_on_the_field(editor_client):
    # The page this project started from showed "USD 1111111K - 1111111K".
    company = CompanyFactory(name="University Hospital")
    response = editor_client.post(
        JOB_ADD_URL,
        listing_form(
            company,
            title="Lead Developer (AI)",
            salary_min="1111111000",
            salary_max="1111111000",
            salary_currency="USD",
        ),
    )

    assert response.status_code == 200
    expected = (
        "USD 1,111,111,000 per year is about USD 1,111,111,000 a year, which is not "
        "plausible: the yearly USD equivalent must lie between 1,000 and 2,000,000."
    )
    errors = response.context["adminform"].form.errors
    assert errors["salary_min"] == [expected]
    assert errors["salary_max"] == [expected]
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_salary_min_error">' in html
    assert expected in html
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"salary_min": "90000", "salary_max": "60000"},
            "salary_max",
            "The maximum must not be below the minimum.",
        ),
        (
            {"salary_min": "-5", "salary_max": ""},
            "salary_min",
            "The salary must be a positive amount.",
        ),
        (
            {"salary_min": "", "salary_max": "80000"},
            "salary_min",
            "Give a minimum when you give a maximum.",
        ),
        ({"salary_currency": ""}, "salary_currency", "Choose the salary's currency."),
        ({"salary_currency": "XYZ"}, "salary_currency", "Select a valid choice."),
        ({"salary_min": "12 000"}, "salary_min", "Enter a number."),
        (
            {"salary_min": "0.40", "salary_max": "", "salary_period": "hour"},
            "salary_min",
            "USD 0.40 per hour is about USD 832 a year, which is not plausible",
        ),
        (
            {"salary_min": "50", "salary_max": "", "salary_period": "year"},
            "salary_min",
            "not plausible",
        ),
        ({"apply_url": "", "apply_email": ""}, "apply_url", "Give an apply URL or an apply email."),
        (
            {"apply_url": "ftp://example.com/jobs"},
            "apply_url",
            "Use an http:// or https:// address.",
        ),
        (
            {
                "published_at_0": "2025-03-10",
                "published_at_1": "09:00",
                "expires_at_0": "2025-03-01",
                "expires_at_1": "09:00",
            },
            "expires_at",
            "The expiry must come after the publication.",
        ),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"seniority": "ZZ"}, "seniority", "Select a valid choice."),
        ({"company": "999999"}, "company", "Select a valid choice."),
    ],
)
def test_wrong_listings_come_back_as_field_errors_never_a_500(
    editor_client, changes, field, message
):
    data = listing_form(CompanyFactory(), **{"salary_currency": "USD", **changes})
    response = editor_client.post(JOB_ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field]), errors
    assert not Job.objects.exists()


def test_a_plausible_hourly_salary_is_accepted(editor_client):
    response = editor_client.post(
        JOB_ADD_URL,
        listing_form(
            CompanyFactory(),
            salary_min="62.50",
            salary_max="",
            salary_currency="USD",
            salary_period="hour",
        ),
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.salary_min_usd_yearly == Decimal("130000.00")  # 62.50 x 2,080
    assert job.salary_display == "USD 62.50 / hour"


def test_the_change_form_shows_the_yearly_usd_figures_read_only(editor_client):
    exchange_rate("GBP", "1.27")
    job = JobFactory(
        salary_min=Decimal("50000"), salary_max=Decimal("60000"), salary_currency_id="GBP"
    )
    response = editor_client.get(f"/admin/jobs/job/{job.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "63500.00" in html and "76200.00" in html  # 50,000 and 60,000 x 1.27
    assert 'name="salary_min_usd_yearly"' not in html
    for legend in ("Listing", "Role", "Location", "Salary", "Apply", "Dates"):
        assert f">{legend}</h2>" in html or f">{legend}</legend>" in html


def test_editor_finds_companies_by_autocomplete_and_adds_a_skill(editor_client):
    CompanyFactory(name="Larchfield Data")
    CompanyFactory(name="Bluefen Labs")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "jobs", "model_name": "job", "field_name": "company", "term": "larch"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Larchfield Data"]

    assert editor_client.get("/admin/jobs/skill/add/?_popup=1").status_code == 200
    response = editor_client.post("/admin/jobs/skill/add/", {"name": "dbt", "slug": ""})
    assert response.status_code == 302
    assert Skill.objects.get(name="dbt").slug == "dbt"

    response = editor_client.post("/admin/jobs/skill/add/", {"name": "DBT", "slug": "dbt-2"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["The skill “dbt” already exists."]


def test_a_company_slug_is_made_from_its_name_and_stays_unique(editor_client):
    response = editor_client.post(
        "/admin/jobs/company/add/",
        {
            "name": "Bluefen Labs",
            "slug": "",
            "website": "https://bluefen.example",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert Company.objects.get().slug == "bluefen-labs"
    response = editor_client.post(
        "/admin/jobs/company/add/",
        {"name": "Bluefen Labs!", "slug": "", "website": "", "description": ""},
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Company.objects.count() == 1


# -- Actions ---------------------------------------------------------------------------------


def run_action(client, action, listings):
    return client.post(
        JOB_LIST_URL,
        {"action": action, "_selected_action": [job.pk for job in listings], "index": "0"},
        follow=True,
    )


def test_publish_action_sets_dates_and_reports_the_count(editor_client, settings):
    settings.JOB_DEFAULT_DURATION_DAYS = 30
    drafts = JobFactory.create_batch(2, status=Job.Status.DRAFT, published_at=None)
    already = JobFactory()
    before = timezone.now()

    response = run_action(editor_client, "publish", [*drafts, already])

    assert response.status_code == 200
    assert "Published 2 listings." in messages_of(response)
    for job in drafts:
        job.refresh_from_db()
        assert job.status == "published"
        assert before <= job.published_at <= timezone.now()
        assert job.expires_at == job.published_at + timedelta(days=30)
        assert job.is_visible()


def test_feature_stop_featuring_and_expire_actions(editor_client):
    listings = JobFactory.create_batch(3)
    before = timezone.now()

    response = run_action(editor_client, "feature", listings[:2])
    assert any(message.startswith("Featured 2 listings until") for message in messages_of(response))
    featured = Job.objects.featured()
    assert set(featured) == set(listings[:2])
    for job in featured:
        assert (
            before + timedelta(days=30) <= job.featured_until <= timezone.now() + timedelta(days=30)
        )

    response = run_action(editor_client, "stop_featuring", listings)
    assert "Stopped featuring 2 listings." in messages_of(response)
    assert not Job.objects.featured().exists()

    response = run_action(editor_client, "expire_now", listings[:1])
    assert "Expired 1 listing." in messages_of(response)
    assert set(Job.objects.visible()) == set(listings[1:])


def test_expire_now_leaves_scheduled_listings_alone(editor_client):
    scheduled = JobFactory(published_at=timezone.now() + timedelta(days=2))
    response = run_action(editor_client, "expire_now", [scheduled])
    assert response.status_code == 200
    assert "Expired 0 listings." in messages_of(response)
    assert any("scheduled for later publication: 1 listing" in m for m in messages_of(response))
    scheduled.refresh_from_db()
    assert scheduled.expires_at > scheduled.published_at


def test_publishing_an_expired_draft_warns_that_it_stays_hidden(editor_client):
    past = timezone.now() - timedelta(days=60)
    job = JobFactory(
        status=Job.Status.DRAFT, published_at=past, expires_at=past + timedelta(days=30)
    )
    response = run_action(editor_client, "publish", [job])
    assert "Published 1 listing." in messages_of(response)
    assert any("already expired: 1 listing" in m for m in messages_of(response))


# -- Exchange rates --------------------------------------------------------------------------


def rate_change_url(currency):
    return f"/admin/jobs/exchangerate/{ExchangeRate.objects.get(currency=currency).pk}/change/"


def test_a_rate_change_that_makes_a_listing_implausible_is_refused_naming_it(editor_client):
    exchange_rate("EUR", "1.05")
    job = JobFactory(
        title="Senior ML Engineer",
        salary_min=Decimal("65000"),
        salary_max=Decimal("80000"),
        salary_currency_id="EUR",
    )

    response = editor_client.post(
        rate_change_url("EUR"), {"usd_per_unit": "100", "valid_on": "2025-02-01"}
    )

    assert response.status_code == 200
    expected = (
        "At USD 100 per EUR, the salary of 1 listing would lie outside the plausible 1,000 to "
        f"2,000,000 USD a year: “Senior ML Engineer” (#{job.pk}). Check the rate, or correct "
        "those listings first."
    )
    assert response.context["adminform"].form.errors["usd_per_unit"] == [expected]
    assert expected in response.content.decode()
    assert ExchangeRate.objects.get(currency="EUR").usd_per_unit == Decimal("1.05")
    job.refresh_from_db()
    assert job.salary_max_usd_yearly == Decimal("84000.00")


def test_a_refused_rate_change_names_ten_listings_then_counts_the_rest(editor_client):
    exchange_rate("INR", "0.012")
    listings = [
        JobFactory(
            title=f"Data Analyst {number:02d}",
            salary_min=Decimal("1500000"),
            salary_max=None,
            salary_currency_id="INR",
        )
        for number in range(12)
    ]
    response = editor_client.post(
        rate_change_url("INR"), {"usd_per_unit": "0.0001", "valid_on": "2025-02-01"}
    )
    message = response.context["adminform"].form.errors["usd_per_unit"][0]
    assert message.startswith("At USD 0.0001 per INR, the salary of 12 listings would lie")
    assert f"“Data Analyst 09” (#{listings[9].pk}) and 2 more." in message
    assert "Data Analyst 10" not in message


def test_an_accepted_rate_change_recomputes_the_listings_in_that_currency(editor_client):
    exchange_rate("EUR", "1.05")
    yearly = JobFactory(
        salary_min=Decimal("65000"), salary_max=Decimal("80000"), salary_currency_id="EUR"
    )
    hourly = JobFactory(
        salary_min=Decimal("50"),
        salary_max=None,
        salary_currency_id="EUR",
        salary_period="hour",
    )
    dollars = JobFactory(salary_min=Decimal("120000"), salary_max=Decimal("160000"))
    no_salary = JobFactory(salary_min=None, salary_max=None, salary_currency_id=None)

    response = editor_client.post(
        rate_change_url("EUR"), {"usd_per_unit": "1.10", "valid_on": "2025-02-01"}, follow=True
    )

    assert response.status_code == 200
    assert (
        "EUR: the yearly USD figures of 2 listings were recomputed at USD 1.1 per unit."
        in messages_of(response)
    )
    rate = ExchangeRate.objects.get(currency="EUR")
    assert rate.usd_per_unit == Decimal("1.10")
    assert str(rate.valid_on) == "2025-02-01"
    for job in (yearly, hourly, dollars, no_salary):
        job.refresh_from_db()
    assert (yearly.salary_min_usd_yearly, yearly.salary_max_usd_yearly) == (
        Decimal("71500.00"),
        Decimal("88000.00"),
    )
    assert hourly.salary_min_usd_yearly == Decimal("114400.00")  # 50 x 2,080 x 1.10
    assert dollars.salary_max_usd_yearly == Decimal("160000.00")
    assert no_salary.salary_min_usd_yearly is None


def test_rate_changes_in_the_change_list_are_checked_too(editor_client):
    exchange_rate("GBP", "1.27")
    job = JobFactory(
        title="Analytics Engineer", salary_min=Decimal("60000"), salary_currency_id="GBP"
    )
    page = editor_client.get("/admin/jobs/exchangerate/")
    formset = page.context["cl"].formset
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "_save": "Save",
    }
    for index, form in enumerate(formset.forms):
        data[f"form-{index}-id"] = form.instance.pk
        data[f"form-{index}-usd_per_unit"] = form.instance.usd_per_unit
        data[f"form-{index}-valid_on"] = form.instance.valid_on.isoformat()
        if form.instance.currency == "GBP":
            gbp_index = index

    data[f"form-{gbp_index}-usd_per_unit"] = "0.001"
    response = editor_client.post("/admin/jobs/exchangerate/", data)
    assert response.status_code == 200
    assert f"“Analytics Engineer” (#{job.pk})" in response.content.decode()
    assert ExchangeRate.objects.get(currency="GBP").usd_per_unit == Decimal("1.27")

    data[f"form-{gbp_index}-usd_per_unit"] = "1.30"
    response = editor_client.post("/admin/jobs/exchangerate/", data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.salary_min_usd_yearly == Decimal("78000.00")  # 60,000 x 1.30


def test_a_rate_must_be_positive_and_its_code_cannot_change(editor_client):
    response = editor_client.post(
        rate_change_url("CAD"), {"usd_per_unit": "0", "valid_on": "2025-02-01", "currency": "XXX"}
    )
    assert response.context["adminform"].form.errors["usd_per_unit"] == [
        "The rate must be a positive amount."
    ]
    response = editor_client.post(
        rate_change_url("CAD"),
        {"usd_per_unit": "0.73", "valid_on": "2025-02-01", "currency": "XXX"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(currency="CAD", usd_per_unit=Decimal("0.73")).exists()
    assert not ExchangeRate.objects.filter(currency="XXX").exists()


# -- Permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/", "/admin/auth/group/add/"],
)
def test_editors_may_not_touch_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_editors_may_not_change_their_own_account_or_group(editor_client, editor):
    group = Group.objects.get(name="Editors")
    assert editor_client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403
    response = editor_client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "Admins", "permissions": []}
    )
    assert response.status_code == 403
    assert Group.objects.filter(name="Editors").exists()


def test_the_admin_index_shows_editors_only_their_models(editor_client):
    html = editor_client.get("/admin/").content.decode()
    for model in ("jobs/job/", "jobs/company/", "jobs/exchangerate/", "jobs/skill/"):
        assert f'href="/admin/{model}"' in html
    assert "/admin/auth/user/" not in html


# -- Change lists: garbage parameters and query budgets ---------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "featured=garbage&expired=maybe",
        "country=ZZ",
        "status=nonsense",
        "published_at__year=abc",
        "published_at__year=2025&published_at__month=13",
        "o=99",
        "p=abc",
        "q=" + "x" * 5000,
        "salary_min__gt=1",
    ],
)
def test_garbage_change_list_parameters_never_give_a_500(superuser_client, query):
    JobFactory()
    response = superuser_client.get(f"{JOB_LIST_URL}?{query}")
    if response.status_code == 302:
        # Django's answer to an impossible lookup: the change list again, with ?e=1 (never
        # the login page, which a lost session would give).
        assert response["Location"] == f"{JOB_LIST_URL}?e=1"
        response = superuser_client.get(response["Location"])
    assert response.status_code == 200
    assert "<h1>Select job to change</h1>" in response.content.decode()


def test_garbage_object_ids_never_give_a_500(editor_client):
    for url in ("/admin/jobs/job/abc/change/", "/admin/jobs/exchangerate/999999/change/"):
        response = editor_client.get(url, follow=True)
        assert response.redirect_chain == [("/admin/", 302)], url
        assert response.status_code == 200
        assert "doesn\u2019t exist. Perhaps it was deleted?" in response.content.decode()


def test_change_list_filters_by_featured_and_expired(editor_client):
    now = timezone.now()
    featured = JobFactory(title="Featured One", featured_until=now + timedelta(days=2))
    expired = JobFactory(
        title="Expired One",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=1),
    )
    plain = JobFactory(title="Plain One")

    def titles(query):
        response = editor_client.get(f"{JOB_LIST_URL}?{query}")
        return {job.title for job in response.context["cl"].result_list}

    assert titles("featured=yes") == {featured.title}
    assert titles("featured=no") == {expired.title, plain.title}
    assert titles("expired=yes") == {expired.title}
    assert titles("expired=no") == {featured.title, plain.title}
    assert titles("q=featured") == {featured.title}
    assert titles(f"q={plain.company.name}") == {plain.title}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_listings(count):
    skills = [SkillFactory(name="PyTorch"), SkillFactory(name="Spark")]
    now = timezone.now()
    for number in range(count):
        JobFactory(
            title=f"Machine Learning Engineer {number}",
            company=CompanyFactory(name=f"Company {number % 7}"),
            salary_currency_id=["USD", "EUR", "GBP"][number % 3],
            featured_until=now + timedelta(days=1) if number % 4 == 0 else None,
            skills=skills,
        )


@pytest.mark.parametrize("who", ["superuser", "editor"])
@pytest.mark.parametrize(
    "url",
    [
        JOB_LIST_URL,
        f"{JOB_LIST_URL}?status=published&featured=yes&country=US&q=engineer",
        "/admin/jobs/company/",
        "/admin/jobs/exchangerate/",
        "/admin/jobs/skill/",
    ],
)
def test_change_list_queries_do_not_grow_with_rows(request, who, url):
    client = request.getfixturevalue(f"{who}_client")
    make_listings(5)
    with_5 = count_queries(client, url)
    make_listings(45)  # 50 in all
    with_50 = count_queries(client, url)
    assert with_5 == with_50
    assert with_50 <= 12


# -- The listing's salary survey title ------------------------------------------------------


@pytest.fixture
def small_survey():
    from pathlib import Path

    from jobs.salaries.importing import import_survey

    import_survey(Path(__file__).resolve().parent.parent / "data" / "salaries" / "survey_small.csv")


@pytest.mark.parametrize(
    ("entered", "stored"),
    [("Data Engineer", "Data Engineer"), ("  data   ENGINEER ", "Data Engineer"), ("", "")],
)
def test_a_survey_title_of_the_survey_is_accepted_in_its_spelling(
    editor_client, small_survey, entered, stored
):
    exchange_rate("EUR", "1.05")
    response = editor_client.post(JOB_ADD_URL, listing_form(CompanyFactory(), survey_title=entered))
    assert response.status_code == 302, response.content.decode()
    assert Job.objects.get().survey_title == stored


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        (
            "Data Enginer",
            "\u201cData Enginer\u201d is not a job title of the salary survey. "
            "Close matches: Data Engineer, Engineer.",
        ),
        (
            "engineering",
            "\u201cengineering\u201d is not a job title of the salary survey. "
            "Close matches: Engineer, Data Engineer.",
        ),
        (
            "Astronaut",
            "\u201cAstronaut\u201d is not a job title of the salary survey, nor close to one. "
            "Leave it empty to use the survey title in the listing\u2019s title.",
        ),
    ],
)
def test_a_survey_title_not_in_the_survey_is_a_field_error_with_close_matches(
    editor_client, small_survey, entered, message
):
    response = editor_client.post(JOB_ADD_URL, listing_form(CompanyFactory(), survey_title=entered))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"survey_title": [message]}
    assert Job.objects.count() == 0


def test_close_matches_are_at_most_five(editor_client, tmp_path):
    from jobs.salaries.importing import import_survey

    header = (
        "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
        "salary_in_usd,employee_residence,remote_ratio,company_location,company_size"
    )
    survey = tmp_path / "survey.csv"
    survey.write_text(
        f"{header}\n"
        + "".join(
            f"2024,SE,FT,Data Engineer {n},150000,USD,150000,US,0,US,M\n" for n in range(1, 9)
        )
    )
    import_survey(survey)
    response = editor_client.post(
        JOB_ADD_URL, listing_form(CompanyFactory(), survey_title="Data Engineer")
    )
    [message] = response.context["adminform"].form.errors["survey_title"]
    assert message.startswith("\u201cData Engineer\u201d is not a job title of the salary survey.")
    assert message.count("Data Engineer ") == 5


def test_without_a_survey_loaded_a_survey_title_is_refused_with_the_reason(editor_client):
    response = editor_client.post(
        JOB_ADD_URL, listing_form(CompanyFactory(), survey_title="Data Engineer")
    )
    assert response.context["adminform"].form.errors == {
        "survey_title": [
            "No salary survey is loaded, so no survey title can be chosen yet. "
            "Leave it empty to use the survey title in the listing\u2019s title."
        ]
    }


# -- Review findings: control characters, far dates, date hierarchy, one error per field -------


def test_a_title_with_a_control_character_is_a_field_error(editor_client):
    exchange_rate("EUR", "1.05")
    response = editor_client.post(
        JOB_ADD_URL,
        listing_form(CompanyFactory(), title="Ctrl\x01Char Engineer", city="Ber\x0blin"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title"] == ["Contains control characters (U+0001); remove them."]
    assert errors["city"] == ["Contains control characters (U+000B); remove them."]
    assert not Job.objects.exists()


def test_company_and_skill_names_with_control_characters_are_refused(editor_client):
    company = editor_client.post(
        "/admin/jobs/company/add/",
        {"name": "Acme\x02", "slug": "", "website": "", "description": ""},
    )
    skill = editor_client.post("/admin/jobs/skill/add/", {"name": "Py\x03Torch", "slug": ""})

    assert company.context["adminform"].form.errors == {
        "name": ["Contains control characters (U+0002); remove them."]
    }
    assert skill.context["adminform"].form.errors == {
        "name": ["Contains control characters (U+0003); remove them."]
    }
    assert not Company.objects.exists() and not Skill.objects.exists()


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"published_at_0": "9999-12-31", "published_at_1": "23:00"}, "published_at"),
        ({"published_at_0": "0001-01-01", "published_at_1": "00:00"}, "published_at"),
        (
            {
                "published_at_0": "2026-11-01",
                "published_at_1": "10:00",
                "expires_at_0": "9999-12-31",
                "expires_at_1": "23:59",
            },
            "expires_at",
        ),
        ({"featured_until_0": "2101-01-01", "featured_until_1": "00:00"}, "featured_until"),
    ],
)
def test_a_date_outside_the_years_2000_to_2100_is_a_field_error_not_a_500(
    editor_client, dates, field
):
    exchange_rate("EUR", "1.05")
    response = editor_client.post(JOB_ADD_URL, listing_form(CompanyFactory(), **dates))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field] == ["Give a date between the years 2000 and 2100."]
    assert not Job.objects.exists()


def test_a_currency_that_is_not_an_option_gives_one_error(editor_client):
    response = editor_client.post(
        JOB_ADD_URL, listing_form(CompanyFactory(), salary_currency="XYZ")
    )

    assert response.context["adminform"].form.errors == {
        "salary_currency": [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    }


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=9999&published_at__month=12",
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "published_at__year=99999999999",
        "published_at__year=" + "9" * 5000,
        "published_at__year=2025&published_at__month=13",
    ],
)
def test_a_date_hierarchy_filter_outside_the_calendar_shows_the_whole_list(editor_client, query):
    JobFactory(title="This year")
    JobFactory(title="Two years ago", published_at=timezone.now() - timedelta(days=730))

    response = editor_client.get(f"{JOB_LIST_URL}?{query}")

    assert response.status_code == 200
    assert {job.title for job in response.context["cl"].result_list} == {
        "This year",
        "Two years ago",
    }
    assert messages_of(response) == ["Ignored the date filter: no such date in the calendar."]


def test_the_date_hierarchy_still_filters_by_a_real_year(editor_client):
    now = timezone.now()
    JobFactory(title="This year", published_at=now)
    JobFactory(title="Long ago", published_at=now - timedelta(days=3 * 366))

    response = editor_client.get(f"{JOB_LIST_URL}?published_at__year={now.year}")

    assert [job.title for job in response.context["cl"].result_list] == ["This year"]
    assert messages_of(response) == []

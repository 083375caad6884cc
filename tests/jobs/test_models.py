"""Listings' salary arithmetic, validation and visibility."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import Company, Job, Skill
from tests.factories import CompanyFactory, JobFactory, exchange_rate

pytestmark = pytest.mark.django_db


def test_yearly_usd_equivalents_of_a_eur_monthly_salary():
    exchange_rate("EUR", "1.05")
    job = JobFactory(
        salary_min=Decimal("5000"),
        salary_max=Decimal("6000"),
        salary_currency_id="EUR",
        salary_period="month",
    )
    job.refresh_from_db()
    # 5,000 x 12 x 1.05 and 6,000 x 12 x 1.05
    assert job.salary_min_usd_yearly == Decimal("63000.00")
    assert job.salary_max_usd_yearly == Decimal("75600.00")


def test_hourly_salary_counts_2080_hours_and_max_defaults_to_min():
    job = JobFactory(
        salary_min=Decimal("62.50"),
        salary_max=None,
        salary_currency_id="USD",
        salary_period="hour",
    )
    job.refresh_from_db()
    assert job.salary_min_usd_yearly == Decimal("130000.00")
    assert job.salary_max_usd_yearly == Decimal("130000.00")


@pytest.mark.parametrize(
    ("minimum", "maximum", "currency", "period", "expected"),
    [
        ("120000", "160000", "USD", "year", "USD 120K - 160K"),
        ("65000", None, "EUR", "year", "EUR 65K"),
        ("60", "80", "USD", "hour", "USD 60 - 80 / hour"),
        ("62.50", None, "USD", "hour", "USD 62.50 / hour"),
        ("62500", "70000", "GBP", "year", "GBP 62.5K - 70K"),
        ("5000", "6000", "EUR", "month", "EUR 5K - 6K / month"),
    ],
)
def test_salary_is_shown_as_people_write_it(minimum, maximum, currency, period, expected):
    job = JobFactory(
        salary_min=Decimal(minimum),
        salary_max=Decimal(maximum) if maximum else None,
        salary_currency_id=currency,
        salary_period=period,
    )
    assert job.salary_display == expected


def test_the_seed_typo_salary_is_refused_with_the_plausible_range():
    job = JobFactory.build(
        company=CompanyFactory(),
        salary_min=Decimal("1111111000"),
        salary_max=Decimal("1111111000"),
    )
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    message = " ".join(caught.value.message_dict["salary_min"])
    assert "not plausible" in message
    assert "between 1,000 and 2,000,000" in message


def test_min_above_max_is_refused_by_the_model_and_the_database():
    job = JobFactory.build(
        company=CompanyFactory(), salary_min=Decimal("9"), salary_max=Decimal("1")
    )
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert "salary_max" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=JobFactory().pk).update(salary_max=Decimal("1"))


def test_a_currency_without_a_rate_is_refused():
    job = JobFactory.build(company=CompanyFactory(), salary_currency_id="XYZ")
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert "salary_currency" in caught.value.message_dict


def test_expiry_defaults_to_publication_plus_configured_days(settings):
    settings.JOB_DEFAULT_DURATION_DAYS = 45
    published = timezone.now() - timedelta(days=1)
    job = JobFactory(published_at=published, expires_at=None)
    assert job.expires_at == published + timedelta(days=45)


def test_expiry_before_publication_is_refused():
    now = timezone.now()
    job = JobFactory.build(
        company=CompanyFactory(), published_at=now, expires_at=now - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert "expires_at" in caught.value.message_dict


def test_visibility_and_featured():
    now = timezone.now()
    visible = JobFactory()
    JobFactory(status=Job.Status.DRAFT, published_at=None)
    JobFactory(published_at=now + timedelta(days=1))  # scheduled
    JobFactory(published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1))
    featured = JobFactory(featured_until=now + timedelta(days=3))
    JobFactory(featured_until=now - timedelta(days=1))  # featuring ended
    visible_ids = set(Job.objects.visible().values_list("pk", flat=True))
    assert visible.pk in visible_ids and featured.pk in visible_ids
    assert len(visible_ids) == 3
    assert list(Job.objects.featured()) == [featured]


@pytest.mark.parametrize("url", ["ftp://example.com/apply", "javascript:alert(1)"])
def test_apply_url_and_company_website_must_be_web_links(url):
    company = CompanyFactory(website=url)
    with pytest.raises(ValidationError) as caught:
        company.full_clean()
    assert "website" in caught.value.message_dict
    job = JobFactory.build(company=CompanyFactory(), apply_url=url)
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert "apply_url" in caught.value.message_dict


# -- Control characters, implausible dates, the USD columns of a salary ----------------------


@pytest.mark.parametrize(
    ("field", "text", "codes"),
    [
        ("title", "Data\x01 Engineer", "U+0001"),
        ("city", "Ber\x00lin", "U+0000"),
        ("region", "Bava\x1bria\x1b", "U+001B"),
        ("description", "Build \x7fpipelines\x0c", "U+007F, U+000C"),
        ("survey_title", "Data Engineer\x85", "U+0085"),
        ("title", "Data Engineer\ufffe", "U+FFFE"),
        ("title", "Data Engineer\uffff", "U+FFFF"),
    ],
)
def test_control_characters_are_refused_in_a_listings_text(field, text, codes):
    job = JobFactory.build(company=CompanyFactory(), **{field: text})

    with pytest.raises(ValidationError) as caught:
        job.full_clean()

    assert caught.value.message_dict == {
        field: [f"Contains control characters ({codes}); remove them."]
    }


def test_tabs_and_line_breaks_are_text_not_control_characters():
    text = "Line one\r\n\tLine two\nLine three"
    job = JobFactory.build(company=CompanyFactory(), description=text, city="San\tFrancisco")
    job.full_clean()  # raises ValidationError if a tab or a line break were refused
    job.save()
    job.refresh_from_db()
    assert job.description == text
    assert "Line two" in job.description_html and "Line three" in job.description_html


def test_control_characters_are_refused_in_company_and_skill_names():
    with pytest.raises(ValidationError) as caught:
        Company(name="Acme\x01", slug="acme").full_clean()
    assert caught.value.message_dict == {
        "name": ["Contains control characters (U+0001); remove them."]
    }
    with pytest.raises(ValidationError) as caught:
        Skill(name="Py\x02Torch", slug="pytorch").full_clean()
    assert caught.value.message_dict == {
        "name": ["Contains control characters (U+0002); remove them."]
    }


@pytest.mark.parametrize("field", ["published_at", "expires_at", "featured_until"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        datetime(2101, 1, 1, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
    ],
)
def test_dates_outside_the_years_2000_to_2100_are_refused_without_overflow(field, moment):
    values = {"published_at": None, "expires_at": None, "status": "draft", field: moment}
    job = JobFactory.build(company=CompanyFactory(), **values)

    with pytest.raises(ValidationError) as caught:
        job.full_clean()

    assert caught.value.message_dict[field] == ["Give a date between the years 2000 and 2100."]


def test_the_first_and_last_plausible_years_are_accepted():
    job = JobFactory.build(
        company=CompanyFactory(),
        published_at=datetime(2000, 1, 1, tzinfo=UTC),
        expires_at=datetime(2100, 12, 31, 23, 59, tzinfo=UTC),
        featured_until=datetime(2100, 12, 31, 23, 59, tzinfo=UTC),
    )
    job.full_clean()  # raises ValidationError if either year were refused
    job.save()
    job.refresh_from_db()
    assert job.published_at == datetime(2000, 1, 1, tzinfo=UTC)
    assert job.expires_at == datetime(2100, 12, 31, 23, 59, tzinfo=UTC)
    assert job.featured_until == datetime(2100, 12, 31, 23, 59, tzinfo=UTC)


def test_a_publication_at_the_end_of_the_calendar_gets_no_overflowing_expiry():
    job = JobFactory.build(
        company=CompanyFactory(), published_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    )

    job.apply_defaults()

    assert job.expires_at is None


@pytest.mark.parametrize("column", ["salary_min_usd_yearly", "salary_max_usd_yearly"])
def test_the_database_refuses_a_salary_without_its_yearly_usd_figures(column):
    job = JobFactory(salary_min=Decimal("120000"), salary_max=Decimal("160000"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(**{column: None})

    # Without a salary, no USD figures are needed.
    updated = Job.objects.filter(pk=job.pk).update(
        salary_min=None,
        salary_max=None,
        salary_currency=None,
        salary_min_usd_yearly=None,
        salary_max_usd_yearly=None,
    )
    assert updated == 1
    job.refresh_from_db()
    assert job.salary_min is None and job.salary_min_usd_yearly is None


def test_a_published_listing_always_has_an_expiry(db):
    """The database refuses a published listing without an expiry ("visible" is a range on
    expires_at), even when written around the model's defaults."""
    from django.db import IntegrityError, transaction

    job = JobFactory()
    assert job.expires_at is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(expires_at=None)
    draft = JobFactory(status=Job.Status.DRAFT, published_at=None)
    assert Job.objects.filter(pk=draft.pk).update(expires_at=None) == 1


def test_publish_and_expire_now_follow_the_models_rules():
    """The admin's actions are jobs.services' operations: the default expiry of the model,
    "not expired" of the QuerySet."""
    from django.conf import settings as django_settings

    from jobs import services
    from jobs.models import default_expiry

    now = timezone.now()
    draft = JobFactory(status="draft", published_at=None, expires_at=None)
    scheduled = JobFactory(published_at=now + timedelta(days=2))
    published, hidden = services.publish(Job.objects.filter(pk=draft.pk), now)
    draft.refresh_from_db()
    assert [job.pk for job in published] == [draft.pk] and hidden == []
    assert draft.published_at == now
    assert draft.expires_at == default_expiry(now)
    assert draft.expires_at == now + timedelta(days=django_settings.JOB_DEFAULT_DURATION_DAYS)

    later = now + timedelta(minutes=5)
    listings = Job.objects.filter(pk__in=[draft.pk, scheduled.pk])
    expired, left = services.expire_now(listings, later)
    assert (expired, left) == (1, 1)
    assert set(Job.objects.not_expired(later)) == {scheduled}
    assert set(Job.objects.expired(later)) == {draft}


def test_checking_and_saving_a_salary_read_the_currency_rate_once_each():
    """An editor's save: full_clean() reads the rate once for the USD figures and the salary's
    checks, save() once more (under a share lock on PostgreSQL); no third lookup."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    exchange_rate("EUR", "1.05")
    job = JobFactory.build(
        company=CompanyFactory(),
        salary_min=Decimal("5000"),
        salary_max=Decimal("6000"),
        salary_currency_id="EUR",
        salary_period="month",
    )
    with CaptureQueriesContext(connection) as checked:
        job.full_clean()
    with CaptureQueriesContext(connection) as saved:
        job.save()

    def rate_reads(queries):  # the rate itself (the foreign key's check reads no rate)
        return [q["sql"] for q in queries if '"usd_per_unit"' in q["sql"]]

    assert len(rate_reads(checked.captured_queries)) == 1
    assert len(rate_reads(saved.captured_queries)) == 1
    assert job.salary_max_usd_yearly == Decimal("75600.00")


def test_an_implausible_salary_names_its_yearly_usd_figure_and_the_range():
    exchange_rate("EUR", "1.05")
    job = JobFactory.build(
        company=CompanyFactory(),
        salary_min=Decimal("5"),
        salary_currency_id="EUR",
        salary_period="year",
    )
    with pytest.raises(ValidationError) as raised:
        job.full_clean()
    assert raised.value.message_dict["salary_min"] == [
        "EUR 5 per year is about USD 5 a year, which is not plausible: the yearly USD "
        "equivalent must lie between 1,000 and 2,000,000."
    ]

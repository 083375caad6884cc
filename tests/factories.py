"""factory_boy factories for the site's models."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from jobs.models import Company, EmploymentType, ExchangeRate, Job, Seniority, Skill, Workplace


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.LazyAttribute(lambda company: company.name.lower().replace(" ", "-"))
    website = "https://example.com"
    description = "Builds useful things with data."


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


def exchange_rate(currency: str, usd_per_unit: str) -> ExchangeRate:
    """Set a currency's rate to an exact value (the migration ships approximate ones)."""
    rate, _ = ExchangeRate.objects.update_or_create(
        currency=currency, defaults={"usd_per_unit": Decimal(usd_per_unit)}
    )
    return rate


class JobFactory(factory.django.DjangoModelFactory):
    """A visible, published listing with a yearly USD salary unless told otherwise."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Data Engineer {n}")
    slug = factory.LazyAttribute(lambda job: job.title.lower().replace(" ", "-"))
    company = factory.SubFactory(CompanyFactory)
    description = "Build **data pipelines**."
    apply_url = "https://example.com/apply"
    employment_type = EmploymentType.FULL_TIME
    seniority = Seniority.SENIOR
    workplace = Workplace.ONSITE
    city = "San Francisco"
    region = "California"
    country = "US"
    salary_min = Decimal("120000")
    salary_max = Decimal("160000")
    salary_currency_id = "USD"
    salary_period = "year"
    status = Job.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    expires_at = None
    featured_until = None

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.add(*extracted)

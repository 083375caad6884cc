"""factory_boy factories for the site's models."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.models import Company, ExchangeRate, Job, Skill


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.LazyAttribute(lambda company: slugify(company.name))
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
    slug = factory.LazyAttribute(lambda job: slugify(job.title))
    company = factory.SubFactory(CompanyFactory)
    description = "Build **data pipelines**."
    apply_url = factory.Sequence(lambda n: f"https://example.com/apply/{n}")
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


# -- Careers ---------------------------------------------------------------------------------


class RoleFactory(factory.django.DjangoModelFactory):
    """A role with a definition and a few items in every list."""

    class Meta:
        model = "careers.Role"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.LazyAttribute(lambda role: slugify(role.name))
    definition = factory.LazyAttribute(lambda role: f"A {role.name} turns data into decisions.")
    responsibilities = factory.LazyAttribute(lambda role: [f"{role.name} responsibility"])
    skills = factory.LazyAttribute(lambda role: [f"{role.name} skill"])
    education = factory.LazyAttribute(lambda role: [f"{role.name} degree"])
    tools = factory.LazyAttribute(lambda role: [f"{role.name} tool"])
    industries = factory.LazyAttribute(lambda role: [f"{role.name} industry"])
    tips = factory.LazyAttribute(lambda role: [f"{role.name} tip"])
    salary_title = ""
    keywords = factory.List([])


class ComparisonFactory(factory.django.DjangoModelFactory):
    """A published comparison of two new roles, dated a week ago unless told otherwise."""

    class Meta:
        model = "careers.Comparison"

    role_a = factory.SubFactory(RoleFactory)
    role_b = factory.SubFactory(RoleFactory)
    title = factory.LazyAttribute(lambda c: f"{c.role_a.name} vs. {c.role_b.name}")
    slug = factory.Sequence(lambda n: f"comparison-{n}")
    intro = "Two roles, one decision."
    outlook = "Both roles are in demand."
    conclusion = "Pick the one whose daily work you enjoy."
    status = "published"
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))

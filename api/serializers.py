"""The API's field names: stable, documented in the schema (drf-spectacular reads them).

A listing: ``id``, ``title``, ``url`` (its page), ``company`` {name, slug, url}, ``location``
{city, region, country, display}, ``seniority``, ``employment_type``, ``workplace`` (codes),
``eligibility`` {codes, label, countries}, ``salary`` {min, max, currency, period,
yearly_usd_min, yearly_usd_max} or null, ``skills``, ``published_at``, ``expires_at``,
``featured``, ``apply_url``, ``apply_email`` (null when absent).
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs import eligibility
from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.models import Company


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class CompanyRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField(help_text="The company's page on the site.")

    def get_url(self, company) -> str:
        return absolute(self.context.get("request"), company.get_absolute_url())


class LocationSerializer(serializers.Serializer):
    city = serializers.CharField(help_text="Empty for a remote listing.")
    region = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 alpha-2: where the job is.")
    display = serializers.CharField(help_text='As the site shows it: "Remote (EU)".')


class EligibilitySerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="As stored: country codes and regions (EU, EEA, EUROPE, AMERICAS, "
        "NORTH_AMERICA, LATIN_AMERICA, EMEA, APAC, WORLDWIDE); empty for on-site and hybrid.",
    )
    label = serializers.CharField(help_text='"EU", "worldwide", "US, CA"; empty when not remote.')
    countries = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every country whose residents may apply (the listing's own when not remote).",
    )


class SalarySerializer(serializers.Serializer):
    min = serializers.DecimalField(max_digits=12, decimal_places=2)
    max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(help_text="ISO 4217.")
    period = serializers.ChoiceField(choices=SalaryPeriod.choices)
    yearly_usd_min = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    yearly_usd_max = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The listing's page on the site.")
    company = CompanyRefSerializer()
    location = serializers.SerializerMethodField()
    seniority = serializers.ChoiceField(choices=Seniority.choices)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    workplace = serializers.ChoiceField(choices=Workplace.choices)
    eligibility = serializers.SerializerMethodField()
    salary = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    featured = serializers.SerializerMethodField()
    apply_url = serializers.SerializerMethodField()
    apply_email = serializers.SerializerMethodField()

    def get_url(self, job) -> str:
        return absolute(self.context.get("request"), job.get_absolute_url())

    @extend_schema_field(LocationSerializer)
    def get_location(self, job):
        return {
            "city": job.city,
            "region": job.region,
            "country": str(job.country),
            "display": job.location_display,
        }

    @extend_schema_field(EligibilitySerializer)
    def get_eligibility(self, job):
        return {
            "codes": eligibility.tokens_of(job.eligible),
            "label": eligibility.label(job.eligible) if job.eligible else "",
            "countries": job.eligible_countries(),
        }

    @extend_schema_field(SalarySerializer(allow_null=True))
    def get_salary(self, job):
        if not job.has_salary:
            return None
        return SalarySerializer(
            {
                "min": job.salary_min,
                "max": job.salary_max,
                "currency": job.salary_currency_id,
                "period": job.salary_period,
                "yearly_usd_min": job.salary_min_usd_yearly,
                "yearly_usd_max": job.salary_max_usd_yearly,
            }
        ).data

    def get_skills(self, job) -> list[str]:
        return job.card_skill_names()

    def get_featured(self, job) -> bool:
        return job.is_featured(timezone.now())

    def get_apply_url(self, job) -> str | None:
        return job.apply_url or None

    def get_apply_email(self, job) -> str | None:
        return job.apply_email or None


class JobDetailSerializer(JobSerializer):
    description_html = serializers.CharField(help_text="The description, rendered and sanitized.")


class CompanySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField(help_text="The company's page, with its listings.")
    website = serializers.CharField()
    description = serializers.CharField()
    open_listings = serializers.IntegerField(help_text="Its visible listings.")

    def get_url(self, company: Company) -> str:
        return absolute(self.context.get("request"), company.get_absolute_url())


class FiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    median = serializers.DecimalField(max_digits=12, decimal_places=2)
    p10 = serializers.DecimalField(max_digits=12, decimal_places=2)
    p25 = serializers.DecimalField(max_digits=12, decimal_places=2)
    p75 = serializers.DecimalField(max_digits=12, decimal_places=2)
    p90 = serializers.DecimalField(max_digits=12, decimal_places=2)
    too_few = serializers.BooleanField(help_text="Fewer than 5 reports.")


class LevelSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Seniority.choices)
    label = serializers.CharField()
    figures = FiguresSerializer(allow_null=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    median = serializers.DecimalField(max_digits=12, decimal_places=2)
    too_few = serializers.BooleanField()


class BinSerializer(serializers.Serializer):
    low = serializers.IntegerField()
    high = serializers.IntegerField(allow_null=True, help_text="null: the open-ended last bin.")
    count = serializers.IntegerField()


class SalarySurveySerializer(serializers.Serializer):
    """A survey title's figures in USD a year, as its page shows them (jobs.salaries.stats)."""

    title = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.URLField(help_text="The title's salary page.")
    filters = serializers.DictField(child=serializers.CharField(), help_text="The filters used.")
    figures = FiguresSerializer(allow_null=True, help_text="null: no report matches.")
    levels = LevelSerializer(many=True)
    years = YearSerializer(many=True)
    histogram = BinSerializer(many=True)
    attribution = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """400: the problems by parameter name, e.g. {"seniority": ["seniority=XX: ..."]}."""

    parameter = serializers.ListField(child=serializers.CharField())

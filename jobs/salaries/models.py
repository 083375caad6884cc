"""The salary survey's models: a loaded snapshot, its job titles with their figures, and its
reports.

The ai-jobs.net salary survey is loaded by ``manage.py import_salaries``
(jobs.salaries.importing). One snapshot is loaded at a time; its titles, reports and per-title
figures are replaced together when a newer snapshot arrives. The models belong to the ``jobs``
app (jobs.models imports them), with its table names.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from config.page_content import PageContent, PageContentQuerySet
from jobs.choices import EmploymentType, Seniority
from jobs.models.rates import currency_code_validator

# The survey's employment types: those of listings without the internship.
SURVEY_EMPLOYMENT_TYPES = [
    EmploymentType.FULL_TIME,
    EmploymentType.PART_TIME,
    EmploymentType.CONTRACT,
    EmploymentType.FREELANCE,
]


class RemoteRatio(models.IntegerChoices):
    """How much of the work a survey report says is done remotely."""

    ONSITE = 0, "On-site (0% remote)"
    HYBRID = 50, "Hybrid (50% remote)"
    REMOTE = 100, "Fully remote (100%)"


class CompanySize(models.TextChoices):
    SMALL = "S", "Small (under 50 employees)"
    MEDIUM = "M", "Medium (50 to 250 employees)"
    LARGE = "L", "Large (over 250 employees)"


class SalarySnapshot(PageContent, models.Model):
    """One loaded copy of the salary survey file."""

    source_name = models.CharField("file name", max_length=255)
    checksum = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the file's CSV text (after gunzip)."
    )
    report_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(default=timezone.now)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.source_name} ({self.report_count:,} reports)"


class SalaryFigures(PageContent, models.Model):
    """Precomputed pay figures of a group of reports, in USD a year.

    Percentiles interpolate linearly between closest ranks (PostgreSQL's percentile_cont,
    NumPy's default) and are computed in Python at import, so every database shows the same.
    """

    report_count = models.PositiveIntegerField()
    median_usd = models.DecimalField("median (USD)", max_digits=12, decimal_places=2)
    p10_usd = models.DecimalField("10th percentile (USD)", max_digits=12, decimal_places=2)
    p25_usd = models.DecimalField("25th percentile (USD)", max_digits=12, decimal_places=2)
    p75_usd = models.DecimalField("75th percentile (USD)", max_digits=12, decimal_places=2)
    p90_usd = models.DecimalField("90th percentile (USD)", max_digits=12, decimal_places=2)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        abstract = True


class SalaryTitleQuerySet(PageContentQuerySet):
    def most_reported(self):
        return self.order_by("-report_count", "title")

    def search(self, text: str):
        return self.filter(title__icontains=text) if text else self


class SalaryTitle(SalaryFigures):
    """A job title of the survey with the figures of all its reports."""

    snapshot = models.ForeignKey(SalarySnapshot, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(max_length=200)
    # The title in lower case with its words and signs separated by single spaces
    # ("admin & data analyst"): what a listing's title is matched against, case-insensitively.
    title_key = models.CharField(max_length=400, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    # What the title page's filters offer: company countries and years present in its reports.
    countries = models.JSONField(default=list, blank=True)
    years = models.JSONField(default=list, blank=True)

    objects = SalaryTitleQuerySet.as_manager()

    class Meta:
        ordering = ["-report_count", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_count__gt=0), name="salary_title_has_reports"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:salary_detail", kwargs={"slug": self.slug})


class SalaryLevelFigures(SalaryFigures):
    """The figures of one title's reports at one experience level (for listings' comparison)."""

    title = models.ForeignKey(SalaryTitle, on_delete=models.CASCADE, related_name="levels")
    experience_level = models.CharField(max_length=2, choices=Seniority.choices)

    class Meta:
        ordering = ["title", "experience_level"]
        verbose_name_plural = "salary level figures"
        constraints = [
            models.UniqueConstraint(
                fields=["title", "experience_level"], name="salary_level_unique"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_experience_level_display()})"


class SalaryReport(PageContent, models.Model):
    """One row of the survey: one person's pay in one year."""

    title = models.ForeignKey(
        SalaryTitle, on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    work_year = models.PositiveSmallIntegerField()
    experience_level = models.CharField(max_length=2, choices=Seniority.choices)
    employment_type = models.CharField(max_length=2, choices=EmploymentType.choices)
    salary = models.PositiveBigIntegerField(help_text="In the report's own currency, per year.")
    salary_currency = models.CharField(max_length=3, validators=[currency_code_validator])
    salary_in_usd = models.PositiveIntegerField("salary in USD")
    employee_residence = CountryField()
    remote_ratio = models.PositiveSmallIntegerField(choices=RemoteRatio.choices)
    company_location = CountryField()
    company_size = models.CharField(max_length=1, choices=CompanySize.choices)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        # A title page reads one title's reports, filtered by experience level or by country;
        # either index also serves the title alone. On PostgreSQL both end with the amount
        # and hold the other filters' columns: the page reads them in amount order from the
        # index alone (migration 0026).
        indexes = [
            models.Index(fields=["title", "experience_level"], name="salary_title_level_idx"),
            models.Index(fields=["title", "company_location"], name="salary_title_country_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(salary__gt=0), name="salary_report_positive"),
            models.CheckConstraint(
                condition=Q(salary_in_usd__gt=0), name="salary_report_usd_positive"
            ),
            models.CheckConstraint(
                condition=Q(remote_ratio__in=RemoteRatio.values),
                name="salary_report_remote_ratio",
            ),
            models.CheckConstraint(
                condition=Q(experience_level__in=Seniority.values),
                name="salary_report_experience_level",
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=[code.value for code in SURVEY_EMPLOYMENT_TYPES]),
                name="salary_report_employment_type",
            ),
        ]

    def __str__(self):
        return f"{self.title_id} {self.work_year} {self.salary_in_usd} USD"

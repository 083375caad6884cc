"""Job listings.

A listing's salary is stored as the editor wrote it (min, max, currency, period) and, beside
it, as yearly USD equivalents (jobs.money), so that one indexed column answers "at least 100K
USD a year" for listings in any currency and period.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, IntegerField, Q
from django.utils import timezone
from django_countries.fields import CountryField

from config import page_cache
from config.page_clock import next_age_change
from config.page_content import PageContent
from core.links import http_url_validator
from core.slugs import slug_of
from jobs import duplicates, eligibility, pay_transparency
from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.markup import render_markdown
from jobs.models.companies import Company, Skill
from jobs.models.facet_key import facet_key_expression
from jobs.models.querysets import SKILL_NAME_SEPARATOR, JobQuerySet
from jobs.models.rates import ExchangeRate
from jobs.models.salary import ListingSalary
from jobs.models.validators import reject_control_characters, validate_plausible_year
from jobs.money import (
    PLAUSIBLE_YEARLY_USD_MAX,
    PLAUSIBLE_YEARLY_USD_MIN,
)
from jobs.search import search_text
from jobs.urling import fast_reverse


def yearly_usd_field(label: str) -> models.DecimalField:
    """A yearly USD figure of the salary, computed on save (Job.compute_salary_usd)."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )


def default_expiry(published_at):
    """When a listing published at ``published_at`` expires unless an editor says otherwise:
    ``JOB_DEFAULT_DURATION_DAYS`` later (None for a publication at the end of the calendar,
    which its validator refuses: the sum would overflow)."""
    with suppress(OverflowError):
        return published_at + timedelta(days=settings.JOB_DEFAULT_DURATION_DAYS)
    return None


class Job(ListingSalary, PageContent, models.Model):
    """A job listing."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, validators=[reject_control_characters])
    slug = models.SlugField(max_length=200)
    # The title as possible duplicates compare it (jobs.duplicates): lower case, without
    # gender markers such as "(m/f/d)"; written on every save.
    title_key = models.CharField(max_length=200, editable=False, default="")
    # Indexed by job_company_newest_idx (company first), not by an index of its own.
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="jobs", db_index=False
    )
    description = models.TextField(
        validators=[reject_control_characters],
        help_text="Markdown. Rendered and sanitized on the page.",
    )
    # The description rendered and sanitized (jobs.markup), written with it on every save.
    description_html = models.TextField(editable=False, default="")
    # Title, company name and skill names as a keyword search reads them (jobs.search),
    # written on every save and whenever the skills, the company's or a skill's name change.
    search_text = models.TextField(editable=False, default="")
    skills = models.ManyToManyField(Skill, blank=True, related_name="jobs")
    apply_url = models.URLField(
        "apply URL", max_length=500, blank=True, validators=[http_url_validator]
    )
    apply_email = models.EmailField(blank=True)

    employment_type = models.CharField(
        max_length=2, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    seniority = models.CharField(max_length=2, choices=Seniority.choices)
    workplace = models.CharField(max_length=6, choices=Workplace.choices)
    city = models.CharField(max_length=100, blank=True, validators=[reject_control_characters])
    region = models.CharField(
        max_length=100,
        blank=True,
        validators=[reject_control_characters],
        help_text="State, province or region.",
    )
    country = CountryField(help_text="Where the job is; for a remote listing, the employer's.")
    # What pay-transparency rules key on (jobs.pay_transparency); the region stays as written.
    subdivision = models.CharField(
        "state or province (ISO 3166-2)",
        max_length=6,
        blank=True,
        help_text=(
            "Such as US-CA or CA-ON: what pay-transparency rules key on. Empty: read from the "
            "region for US and Canadian locations."
        ),
    )
    # Remote listings only: where applicants may live (jobs.eligibility), stored canonically
    # ("EU US"); empty for on-site and hybrid listings, which have their one location.
    eligible = models.CharField(
        "open to applicants in",
        max_length=300,
        blank=True,
        validators=[eligibility.validate],
        help_text=(
            "Remote listings: country codes and regions (EU, EEA, Europe, Americas, North "
            "America, Latin America, EMEA, APAC, worldwide) separated by semicolons, e.g. "
            "\u201cEU; GB\u201d. Empty: the listing's country."
        ),
    )

    benefits = models.TextField(
        blank=True,
        max_length=2000,
        validators=[reject_control_characters],
        help_text=(
            "A general description of benefits (health insurance, retirement, leave, equity). "
            "Pay-transparency laws of several states ask for it."
        ),
    )
    # Why an editor published the listing although a pay-transparency rule refused it
    # (jobs.pay_transparency); also in the listing's history.
    pay_rule_override = models.TextField("pay-transparency override", blank=True, editable=False)

    salary_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.ForeignKey(
        ExchangeRate,
        to_field="currency",
        db_column="salary_currency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name="currency",
    )
    salary_period = models.CharField(
        max_length=5, choices=SalaryPeriod.choices, blank=True, default=SalaryPeriod.YEAR
    )
    # Derived from the four fields above and the currency's rate; never edited by hand. The
    # top of the range is the maximum, or the minimum where no maximum is given.
    salary_min_usd_yearly = yearly_usd_field("yearly USD minimum")
    salary_max_usd_yearly = yearly_usd_field("yearly USD maximum")
    survey_title = models.CharField(
        "salary survey title",
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=(
            "The job title to compare pay with in the salary survey, e.g. “Data Engineer”. "
            "Empty: the longest survey title contained in the listing's title, as whole words."
        ),
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_year])
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_plausible_year],
        help_text="Empty: the publication date plus the default duration.",
    )
    featured_until = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_year]
    )
    # When the listing became visible on the board: its publication, or the moment it was
    # published if later (a listing imported or published with an old publication date becomes
    # visible only then). Empty while not published. What email alerts send "since".
    visible_since = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Seniority, employment type, workplace and country as one number, computed by the
    # database from those columns (whatever writes them): what the facet counts group by.
    facet_key = models.GeneratedField(
        expression=facet_key_expression(),
        output_field=IntegerField(null=True),
        db_persist=True,
    )
    # The listing gives a pay range: a minimum and a maximum (equal for a fixed pay) in a
    # currency; "from 100K" is open-ended and is not one. Computed by the database (whatever
    # writes the salary): the "Pay range posted" filter, facet count and badge.
    pay_range_posted = models.GeneratedField(
        expression=Q(
            salary_min__isnull=False, salary_max__isnull=False, salary_currency__isnull=False
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            (
                "publish_despite_pay_rules",
                "Can publish listings that fail a pay-transparency check, with a reason",
            )
        ]
        indexes = [
            # Expiry before publication: nearly every published listing has published_at <= now,
            # so expires_at is what narrows "visible" (measured in bench/explain_jobs.txt).
            models.Index(fields=["status", "expires_at", "published_at"], name="job_visible_idx"),
            # On PostgreSQL it also holds what the featured listings are filtered by
            # (migration 0027).
            models.Index(fields=["featured_until"], name="job_featured_idx"),
            models.Index(fields=["seniority"], name="job_seniority_idx"),
            models.Index(fields=["employment_type"], name="job_employment_type_idx"),
            models.Index(fields=["workplace"], name="job_workplace_idx"),
            models.Index(fields=["country"], name="job_country_idx"),
            models.Index(fields=["salary_max_usd_yearly"], name="job_salary_usd_idx"),
            # "Newest first" (-published_at, -id) read in order: the default list after its
            # featured listings, the feeds, company pages and the sitemap. On PostgreSQL it
            # also holds what a page's filters and the similar listings test, so that a walk
            # newest first reads no table page (migration 0025).
            models.Index(fields=["published_at", "id"], name="job_newest_idx"),
            # A company's page: its visible listings newest first, and how many there are,
            # read from the index alone (the company's 12,000 rows were read from the table
            # for its count, 18 ms, at 100,000 listings). It serves the foreign key too.
            # (Expiry and status as key columns: SQLite has no INCLUDE.)
            models.Index(
                fields=["company", "published_at", "id", "expires_at", "status"],
                name="job_company_newest_idx",
            ),
            # What became visible since an alert's last email (alerts.sending).
            models.Index(fields=["visible_since"], name="job_visible_since_idx"),
            # Listings with the same apply URL: possible duplicates (jobs.duplicates).
            models.Index(fields=["apply_url"], name="job_apply_url_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_min__gt=0),
                name="job_salary_min_positive",
            ),
            models.CheckConstraint(
                condition=Q(salary_max__isnull=True) | Q(salary_max__gt=0),
                name="job_salary_max_positive",
            ),
            models.CheckConstraint(
                condition=Q(salary_max__isnull=True)
                | (Q(salary_min__isnull=False) & Q(salary_max__gte=F("salary_min"))),
                name="job_salary_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | (Q(salary_currency__isnull=False) & ~Q(salary_period="")),
                name="job_salary_has_currency_and_period",
            ),
            # NOT NULL spelled out: a comparison with NULL is unknown, which a CHECK lets pass.
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(
                    salary_min_usd_yearly__isnull=False,
                    salary_max_usd_yearly__isnull=False,
                    salary_min_usd_yearly__gte=PLAUSIBLE_YEARLY_USD_MIN,
                    salary_max_usd_yearly__lte=PLAUSIBLE_YEARLY_USD_MAX,
                ),
                name="job_salary_usd_plausible",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="job_expires_after_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="job_published_has_date",
            ),
            # apply_defaults() gives every published listing an expiry (the publication plus
            # the default duration): "visible" is then a plain range on expires_at.
            models.CheckConstraint(
                condition=~Q(status="published") | Q(expires_at__isnull=False),
                name="job_published_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}" if self.company_id else self.title

    def save(self, *args, **kwargs):
        # The yearly USD columns are a denormalisation that every filter relies on: they are
        # recomputed on every save so that they can never go stale, from the rate read under a
        # share lock in the same transaction (read_rates).
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Job)):
            self.apply_defaults(lock_rate=True)
            self.search_text = self.current_search_text()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("jobs:detail", pk=self.pk, slug=self.slug)

    def card_skill_names(self) -> list[str]:
        """The skills' names in name order: from ``with_card_data()``'s column when the listing
        was read so, else from its skills."""
        if not hasattr(self, "card_skill_text"):
            return [skill.name for skill in self.skills.all()]
        if not self.card_skill_text:
            return []
        names = self.card_skill_text.split(SKILL_NAME_SEPARATOR)
        # Without ORDER BY inside an aggregate (SQLite before 3.44), the order is the one of
        # SQLite's own ORDER BY name (binary: code points), which sorted() gives.
        return names if self.card_skills_ordered else sorted(names)

    def current_search_text(self) -> str:
        """The search text that the title, company and stored skills make now."""
        company_name = self.company.name if self.company_id else ""
        if self.pk is None:
            skills: list[str] = []
        elif "skills" in getattr(self, "_prefetched_objects_cache", {}):
            skills = [skill.name for skill in self.skills.all()]
        else:
            skills = list(self.skills.values_list("name", flat=True))
        return search_text(self.title, company_name, skills)

    # -- Location and time ---------------------------------------------------------------

    @property
    def location_display(self) -> str:
        """ "San Francisco, US", "Remote (US)", "Berlin, DE (Hybrid)"."""
        code = str(self.country)
        if self.workplace == Workplace.REMOTE:
            return f"Remote ({eligibility.label(self.eligible) or code})"
        place = ", ".join(part for part in (self.city, code) if part)
        if self.workplace == Workplace.HYBRID:
            return f"{place} (Hybrid)"
        return place

    @property
    def age_display(self) -> str:
        """How long ago the listing was published: "today", "3d ago", "5w ago"."""
        if not self.published_at:
            return ""
        now = timezone.now()
        if page_cache.collecting():
            page_cache.changes_at(next_age_change(self.published_at, now))
        days = (now - self.published_at).days
        if days < 1:
            return "today"
        if days < 28:
            return f"{days}d ago"
        if days < 365:
            return f"{days // 7}w ago"
        return f"{days // 365}y ago"

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not self.is_expired(now)
        )

    def is_expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.expires_at is not None and self.expires_at <= now

    def is_featured(self, now=None) -> bool:
        now = now or timezone.now()
        return self.featured_until is not None and self.featured_until > now

    # -- Validation and derived fields ---------------------------------------------------

    def apply_defaults(self, *, lock_rate: bool = False) -> None:
        """Fill what an editor may leave empty: slug, publication date, expiry, USD figures."""
        if not self.slug:
            self.slug = slug_of(self.title)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.description_html = render_markdown(self.description)
        if self.published_at is not None and self.expires_at is None:
            self.expires_at = default_expiry(self.published_at)
        self.apply_visible_since()
        self.title_key = duplicates.title_key(self.title)
        if not self.subdivision:
            self.subdivision = pay_transparency.subdivision_of(self.country, self.region)
        self.compute_salary_usd(lock_rate=lock_rate)
        self.apply_eligibility()

    def apply_visible_since(self, now=None) -> None:
        """When a published listing is (or will be) visible from: kept from when it was
        published, or its publication if that is later; empty while it is not published."""
        if self.status != self.Status.PUBLISHED or self.published_at is None:
            self.visible_since = None
            return
        if self.visible_since is None:
            self.visible_since = max(self.published_at, now or timezone.now())
        elif self.published_at > self.visible_since:  # rescheduled to a later publication
            self.visible_since = self.published_at

    def apply_eligibility(self) -> None:
        """A remote listing's eligibility in its canonical form (its country when empty);
        none for on-site and hybrid listings, which have their one location."""
        if self.workplace != Workplace.REMOTE:
            self.eligible = ""
            return
        with suppress(ValidationError):  # refused by the field's validator, not here
            self.eligible = eligibility.parse(self.eligible)
        if not self.eligible and self.country:
            self.eligible = str(self.country)

    def eligible_countries(self) -> list[str]:
        """Where applicants may live: every country of a remote listing's eligibility, or the
        listing's own country."""
        if self.workplace == Workplace.REMOTE and self.eligible:
            return eligibility.countries_of(self.eligible)
        return [str(self.country)] if self.country else []

    def clean(self):
        self.apply_defaults()
        # The rate just read for the USD figures serves the salary's checks too.
        errors = self.salary_errors(self.rate_used)
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = ["Give an apply URL or an apply email."]
        if self.published_at and self.expires_at and self.expires_at <= self.published_at:
            errors["expires_at"] = ["The expiry must come after the publication."]
        try:
            pay_transparency.validate_subdivision(self.subdivision, self.country)
        except ValidationError as error:
            errors["subdivision"] = error.messages
        if errors:
            raise ValidationError(errors)

"""Companies, job listings, skills and exchange rates.

A listing's salary is stored as the editor wrote it (min, max, currency, period) and, beside
it, as yearly USD equivalents, so that one indexed column answers "at least 100K USD a year"
for listings in any currency and period.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models, router, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Ord, Substr
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from config import page_cache
from config.page_cache import (
    PageContent,
    PageContentQuerySet,
    invalidate_on_relation_change,
    next_age_change,
)
from core import text as text_rules
from core.links import http_url_validator
from core.slugs import slug_of
from jobs.markup import render_markdown
from jobs.search import search_text
from jobs.urling import fast_reverse


class Seniority(models.TextChoices):
    """Experience levels, with the codes and labels of the ai-jobs.net salary survey."""

    ENTRY = "EN", "Entry-level / Junior"
    MID = "MI", "Mid-level / Intermediate"
    SENIOR = "SE", "Senior-level / Expert"
    EXECUTIVE = "EX", "Executive-level / Director"


class EmploymentType(models.TextChoices):
    FULL_TIME = "FT", "Full Time"
    PART_TIME = "PT", "Part Time"
    CONTRACT = "CT", "Contract"
    FREELANCE = "FL", "Freelance"
    INTERNSHIP = "IN", "Internship"


class Workplace(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


# get_FOO_display() without its per-call work (a hashable copy of the value, a lookup in a
# freshly flattened dict): each code's label, for the lists and feeds that print hundreds.
SENIORITY_LABELS = {code: str(label) for code, label in Seniority.choices}
EMPLOYMENT_LABELS = {code: str(label) for code, label in EmploymentType.choices}
WORKPLACE_LABELS = {code: str(label) for code, label in Workplace.choices}


def label_of(labels: dict[str, str], code: str) -> str:
    """A code's label, or the code itself when it is not a known one (as get_FOO_display)."""
    return labels.get(code, code)


class SalaryPeriod(models.TextChoices):
    HOUR = "hour", "per hour"
    MONTH = "month", "per month"
    YEAR = "year", "per year"


# How many periods make a year: a month counts 12 times, an hour 2,080 times (40 h x 52 weeks).
PERIODS_PER_YEAR = {SalaryPeriod.HOUR: 2080, SalaryPeriod.MONTH: 12, SalaryPeriod.YEAR: 1}

# A yearly USD equivalent outside this range is an editor's typo, not a salary.
PLAUSIBLE_YEARLY_USD_MIN = Decimal("1000")
PLAUSIBLE_YEARLY_USD_MAX = Decimal("2000000")

currency_code_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter ISO 4217 currency code, such as USD or EUR."
)


# Joins a card's skill names in one column (JobQuerySet.with_card_data): a control character,
# which no name may hold.
SKILL_NAME_SEPARATOR = "\x1f"


def reject_control_characters(text: str) -> None:
    """Validator of editors' text (core.text's rule), under the name the migrations know."""
    text_rules.reject_control_characters(text)


# Listing dates outside these years are typos (0025 for 2025, 9999 for "never"); the far end of
# the calendar also overflows date arithmetic such as the default expiry.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def validate_plausible_year(moment) -> None:
    """Validator of listing dates: refuses a year outside EARLIEST_YEAR to LATEST_YEAR."""
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValidationError(
            f"Give a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.",
            code="implausible_year",
        )


class RenameAware:
    """A model whose ``name`` other rows copy (the listings' search text): ``is_renamed()``
    before a save says whether the stored name differs from the one being saved."""

    def is_renamed(self) -> bool:
        if self.pk is None:
            return False
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("name", flat=True)
        return stored.first() not in (None, self.name)


class Company(RenameAware, PageContent, models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[reject_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(
        blank=True,
        validators=[http_url_validator],
        help_text="The company's own site (http or https).",
    )
    description = models.TextField(
        "short description",
        max_length=1000,
        blank=True,
        validators=[reject_control_characters],
        help_text="One or two sentences.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        # "Acme" and "ACME" are one company: the importer matches names in any case.
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="company_name_unique_ci",
                violation_error_message="A company with this name already exists.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = self.is_renamed()
        super().save(*args, **kwargs)
        if renamed:
            # The listings' search text holds the company's name (jobs.search).
            self.jobs.all().refresh_search_text()

    def get_absolute_url(self):
        return fast_reverse("jobs:company", slug=self.slug)

    def clean(self):
        self.name = " ".join(self.name.split())
        clash = Company.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
        if self.name and clash:
            raise ValidationError(
                {
                    "name": f"The company \u201c{clash.name}\u201d already exists (names are "
                    "the same company in any case)."
                }
            )

    @property
    def initials(self) -> str:
        """Up to two letters that stand for the company where a logo would be."""
        words = [word for word in self.name.replace("-", " ").split() if word[:1].isalnum()]
        letters = "".join(word[0] for word in words[:2]).upper()
        return letters or self.name[:1].upper()


class Skill(RenameAware, PageContent, models.Model):
    """A tag on listings, such as PyTorch or Spark."""

    name = models.CharField(max_length=60, validators=[reject_control_characters])
    slug = models.SlugField(max_length=60, unique=True)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_ci")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_of(self.name, 60)
        renamed = self.is_renamed()
        super().save(*args, **kwargs)
        if renamed:
            # The listings' search text holds the skill's name (jobs.search).
            self.jobs.all().refresh_search_text()


class ExchangeRate(PageContent, models.Model):
    """What one unit of a currency is worth in USD, on a given date."""

    currency = models.CharField(
        max_length=3, unique=True, validators=[currency_code_validator], help_text="ISO 4217 code."
    )
    usd_per_unit = models.DecimalField(
        "USD per unit", max_digits=14, decimal_places=6, help_text="For example 1.05 for EUR."
    )
    valid_on = models.DateField("rate as of", default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self):
        return self.currency


def read_rates(currencies=None, *, share_lock: bool = False) -> dict[str, Decimal]:
    """USD per unit of each currency (all, or those given). With ``share_lock`` inside a
    transaction on PostgreSQL, the rows are read ``FOR SHARE`` until it ends: an exchange-rate
    change (``jobs.services.change_exchange_rate``, which locks its rate ``FOR UPDATE`` and then
    recomputes every listing in that currency) either commits before this read, or waits until
    the listing written with this rate has committed and then recomputes it too. A listing's
    USD figures can never come from a rate that is being replaced."""
    rates = ExchangeRate.objects.order_by()
    if currencies is not None:
        rates = rates.filter(currency__in=list(currencies))
    rates = rates.values_list("currency", "usd_per_unit")
    alias = router.db_for_write(ExchangeRate)
    connection = connections[alias]
    if share_lock and connection.vendor == "postgresql" and connection.in_atomic_block:
        sql, params = rates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} FOR SHARE", params)
            return dict(cursor.fetchall())
    return dict(rates.using(alias))


# The four facet columns of a listing packed into one integer (``Job.facet_key``), so that the
# facet counts of the job list group visible listings by one small number instead of four text
# columns (bench/README.md): seniority, employment type and workplace by their position among
# the choices, the country by its two letters (A-Z each). A value outside the choices (never
# written by the admin or the importer) gives no key.
FACET_CODES = (
    ("seniority", tuple(Seniority.values)),
    ("employment_type", tuple(EmploymentType.values)),
    ("workplace", tuple(Workplace.values)),
)
COUNTRY_KEYS = 26 * 26


def _position_of(field: str, codes: tuple[str, ...]):
    return Case(
        *(When(**{field: code}, then=Value(number)) for number, code in enumerate(codes)),
        default=Value(None),
        output_field=IntegerField(),
    )


def _facet_key_expression():
    key = Value(0)
    for field, codes in FACET_CODES:
        key = key * Value(len(codes)) + _position_of(field, codes)
    letter = Value(ord("A"))
    first = Ord(Substr("country", 1, 1)) - letter
    second = Ord(Substr("country", 2, 1)) - letter
    return key * Value(COUNTRY_KEYS) + first * Value(26) + second


@cache
def facet_values(key: int) -> tuple[str, str, str, str]:
    """(seniority, employment type, workplace, country) of a ``Job.facet_key``."""
    key, country = divmod(key, COUNTRY_KEYS)
    letters = chr(ord("A") + country // 26) + chr(ord("A") + country % 26)
    values = []
    for _field, codes in reversed(FACET_CODES):
        key, position = divmod(key, len(codes))
        values.append(codes[position])
    return (*reversed(values), letters)


def default_expiry(published_at):
    """When a listing published at ``published_at`` expires unless an editor says otherwise:
    ``JOB_DEFAULT_DURATION_DAYS`` later (None for a publication at the end of the calendar,
    which its validator refuses: the sum would overflow)."""
    with suppress(OverflowError):
        return published_at + timedelta(days=settings.JOB_DEFAULT_DURATION_DAYS)
    return None


class JobQuerySet(PageContentQuerySet):
    """The query vocabulary of listings."""

    def visible(self, now=None):
        """Published, published at or before now, and not expired."""
        # A published listing always has an expiry (the job_published_has_expiry constraint):
        # one range on expires_at, which the facet index serves as such.
        now = now or timezone.now()
        return self.filter(status=Job.Status.PUBLISHED, published_at__lte=now, expires_at__gt=now)

    def featured(self, now=None):
        """Visible and featured until a moment still in the future."""
        now = now or timezone.now()
        return self.visible(now).filter(featured_until__gt=now)

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(expires_at__lte=now)

    def not_expired(self, now=None):
        """No expiry yet (a draft), or an expiry still to come."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def among(self, *slices):
        """The listings of several sliced, ordered querysets, as one ``id IN (...)`` condition:
        each slice is read in its own order and stopped after its rows (an index walk), which
        neither ``|`` nor Django's union of sliced querysets (refused on SQLite) can express.
        A slice may also be given compiled, as the (sql, params) of its ``values("pk")``."""
        compiled = [
            part if isinstance(part, tuple) else part.values("pk").query.sql_with_params()
            for part in slices
        ]
        ids = RawSQL(
            " UNION ALL ".join(
                f"SELECT pk FROM ({sql}) AS part_{number}"
                for number, (sql, _params) in enumerate(compiled)
            ),
            [param for _sql, params in compiled for param in params],
        )
        return self.filter(pk__in=ids)

    def refresh_search_text(self) -> int:
        """Rewrite the search text (jobs.search) of these listings where it is not what
        their title, company and skills make now; the number rewritten."""
        listings = (
            self.select_related("company")
            .only("title", "search_text", "company__name")
            .prefetch_related(models.Prefetch("skills", Skill.objects.only("name")))
            .order_by()
        )
        changed = []
        for job in listings:
            text = job.current_search_text()
            if text != job.search_text:
                job.search_text = text
                changed.append(job)
        Job.objects.bulk_update(changed, ["search_text"], batch_size=500)
        return len(changed)

    def card_page(self, start: int | None = None, stop: int | None = None) -> list[Job]:
        """The listings of this ordered queryset from ``start`` to ``stop`` (or of its slice),
        with their card data. The card's columns are computed in an outer query over the
        page's ids: a subquery in the select list runs for every row that an OFFSET skips
        (2,500 of them for page 100)."""
        if start is not None and stop is not None and stop <= start:
            return []  # an empty page (a company without open listings)
        page = self[start:stop] if start is not None or stop is not None else self
        ordering = page.query.order_by or page.model._meta.ordering
        return list(Job.objects.among(page).with_card_data().order_by(*ordering))

    def with_card_data(self):
        """What a listing card shows, in one query: the company joined, the skills' names as
        one column (``Job.card_skill_names()``), without the descriptions and the search text,
        which no card shows."""
        return (
            self.select_related("company")
            .defer("description", "description_html", "search_text")
            .with_skill_names()
        )

    def with_skill_names(self):
        """The skills' names as one column of each listing (``Job.card_skill_names()``).

        A correlated subquery per listing (a page is 25 listings, each an index lookup)
        rather than ``prefetch_related("skills")``: a second query, and a Skill instance per
        name, cost more than the rest of a card. Written as SQL: the ORM took longer to build
        and compile the aggregate subquery than the database to run it.
        """
        connection = connections[self.db]
        ordered = connection.features.supports_aggregate_order_by_clause
        table = connection.ops.quote_name(Job._meta.db_table)
        links = connection.ops.quote_name(Job.skills.through._meta.db_table)
        skills = connection.ops.quote_name(Skill._meta.db_table)
        if connection.vendor == "postgresql":
            aggregate = "STRING_AGG(skill.name, %s ORDER BY skill.name)"
        else:  # SQLite: GROUP_CONCAT, ordered where the database can (see card_skill_names)
            aggregate = (
                "GROUP_CONCAT(skill.name, %s ORDER BY skill.name)"
                if ordered
                else "GROUP_CONCAT(skill.name, %s)"
            )
        names = RawSQL(
            f"SELECT {aggregate} FROM {links} link "
            f"INNER JOIN {skills} skill ON skill.id = link.skill_id "
            f"WHERE link.job_id = {table}.id",
            [SKILL_NAME_SEPARATOR],
            output_field=models.TextField(),
        )
        return self.annotate(card_skill_text=names, card_skills_ordered=Value(ordered))


class Job(PageContent, models.Model):
    """A job listing."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, validators=[reject_control_characters])
    slug = models.SlugField(max_length=200)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="jobs")
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
    country = CountryField(
        help_text="For a remote listing: the country where applicants must live."
    )

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
    # Derived from the four fields above and the currency's rate; never edited by hand.
    salary_min_usd_yearly = models.DecimalField(
        "yearly USD minimum",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    # The top of the range in yearly USD: the maximum, or the minimum where no maximum is given.
    salary_max_usd_yearly = models.DecimalField(
        "yearly USD maximum",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Seniority, employment type, workplace and country as one number, computed by the
    # database from those columns (whatever writes them): what the facet counts group by.
    facet_key = models.GeneratedField(
        expression=_facet_key_expression(),
        output_field=IntegerField(null=True),
        db_persist=True,
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Expiry before publication: nearly every published listing has published_at <= now,
            # so expires_at is what narrows "visible" (measured in bench/explain_jobs.txt).
            models.Index(fields=["status", "expires_at", "published_at"], name="job_visible_idx"),
            models.Index(fields=["featured_until"], name="job_featured_idx"),
            models.Index(fields=["seniority"], name="job_seniority_idx"),
            models.Index(fields=["employment_type"], name="job_employment_type_idx"),
            models.Index(fields=["workplace"], name="job_workplace_idx"),
            models.Index(fields=["country"], name="job_country_idx"),
            models.Index(fields=["salary_max_usd_yearly"], name="job_salary_usd_idx"),
            # "Newest first" (-published_at, -id) read in order: the default list after its
            # featured listings, the feeds, company pages and the sitemap.
            models.Index(fields=["published_at", "id"], name="job_newest_idx"),
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

    # -- Salary --------------------------------------------------------------------------

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None

    def yearly_usd(self, amount: Decimal | None, usd_per_unit: Decimal) -> Decimal | None:
        """An amount of this listing's currency and period as USD per year."""
        if amount is None:
            return None
        yearly = Decimal(amount) * PERIODS_PER_YEAR[self.salary_period] * usd_per_unit
        return yearly.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def compute_salary_usd(
        self, usd_per_unit: Decimal | None = None, *, lock_rate: bool = False
    ) -> None:
        """Set the yearly USD equivalents from the salary and the currency's rate (read under
        a share lock with ``lock_rate``, see read_rates)."""
        if self.salary_min is None or not self.salary_currency_id or not self.salary_period:
            self.salary_min_usd_yearly = self.salary_max_usd_yearly = None
            return
        if usd_per_unit is None:
            currency = self.salary_currency_id
            usd_per_unit = read_rates([currency], share_lock=lock_rate).get(currency)
        if usd_per_unit is None:
            self.salary_min_usd_yearly = self.salary_max_usd_yearly = None
            return
        self.salary_min_usd_yearly = self.yearly_usd(self.salary_min, usd_per_unit)
        top = self.salary_max if self.salary_max is not None else self.salary_min
        self.salary_max_usd_yearly = self.yearly_usd(top, usd_per_unit)

    def salary_errors(self, usd_per_unit: Decimal | None = None) -> dict[str, list[str]]:
        """Field errors of the salary, with a rate given or looked up (empty: all plausible)."""
        errors: dict[str, list[str]] = {}
        if self.salary_min is None:
            if self.salary_max is not None:
                errors["salary_min"] = ["Give a minimum when you give a maximum."]
            return errors
        if self.salary_min <= 0:
            errors["salary_min"] = ["The salary must be a positive amount."]
        if self.salary_max is not None:
            if self.salary_max <= 0:
                errors["salary_max"] = ["The salary must be a positive amount."]
            elif self.salary_max < self.salary_min:
                errors["salary_max"] = ["The maximum must not be below the minimum."]
        if not self.salary_period:
            errors["salary_period"] = ["Say whether the salary is per hour, month or year."]
        if not self.salary_currency_id:
            errors["salary_currency"] = ["Choose the salary's currency."]
            return errors
        if usd_per_unit is None:
            usd_per_unit = (
                ExchangeRate.objects.filter(currency=self.salary_currency_id)
                .values_list("usd_per_unit", flat=True)
                .first()
            )
        if usd_per_unit is None:
            errors["salary_currency"] = [
                f"There is no exchange rate for {self.salary_currency_id}: add one first."
            ]
            return errors
        if errors:
            return errors
        period = self.get_salary_period_display()
        for field, amount in (("salary_min", self.salary_min), ("salary_max", self.salary_max)):
            yearly = self.yearly_usd(amount, usd_per_unit)
            if yearly is None:
                continue
            if not PLAUSIBLE_YEARLY_USD_MIN <= yearly <= PLAUSIBLE_YEARLY_USD_MAX:
                errors[field] = [
                    f"{self.salary_currency_id} {amount:,} {period} is about USD {yearly:,.0f} a "
                    f"year, which is not plausible: the yearly USD equivalent must lie between "
                    f"{PLAUSIBLE_YEARLY_USD_MIN:,.0f} and {PLAUSIBLE_YEARLY_USD_MAX:,.0f}."
                ]
        return errors

    @property
    def salary_display(self) -> str:
        """The salary as people write it: "USD 120K - 160K", "EUR 65K", "USD 60 - 80 / hour"."""
        if not self.has_salary:
            return ""
        amounts = [self.salary_min]
        if self.salary_max is not None and self.salary_max != self.salary_min:
            amounts.append(self.salary_max)
        text = " - ".join(format_amount(amount, self.salary_period) for amount in amounts)
        suffix = "" if self.salary_period == SalaryPeriod.YEAR else f" / {self.salary_period}"
        return f"{self.salary_currency_id} {text}{suffix}"

    @property
    def salary_usd_display(self) -> str:
        """The yearly USD equivalent, e.g. "about USD 68K - 79K a year"."""
        if self.salary_min_usd_yearly is None:
            return ""
        amounts = [self.salary_min_usd_yearly]
        if self.salary_max_usd_yearly != self.salary_min_usd_yearly:
            amounts.append(self.salary_max_usd_yearly)
        text = " - ".join(format_amount(amount, SalaryPeriod.YEAR) for amount in amounts)
        return f"USD {text} a year"

    # -- Location and time ---------------------------------------------------------------

    @property
    def location_display(self) -> str:
        """ "San Francisco, US", "Remote (US)", "Berlin, DE (Hybrid)"."""
        code = str(self.country)
        if self.workplace == Workplace.REMOTE:
            return f"Remote ({code})"
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
        self.compute_salary_usd(lock_rate=lock_rate)

    def clean(self):
        self.apply_defaults()
        errors = self.salary_errors()
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = ["Give an apply URL or an apply email."]
        if self.published_at and self.expires_at and self.expires_at <= self.published_at:
            errors["expires_at"] = ["The expiry must come after the publication."]
        if errors:
            raise ValidationError(errors)


def format_amount(amount: Decimal, period: str) -> str:
    """One amount as people write it: 120000 -> "120K", 62500 -> "62.5K", 62.50 -> "62.50"."""
    amount = Decimal(amount)
    if period != SalaryPeriod.HOUR and amount >= 1000:
        thousands = (amount / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = f"{thousands:,.1f}".removesuffix(".0")
        return f"{text}K"
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


# -- Salary survey ---------------------------------------------------------------------------
# The ai-jobs.net salary survey, loaded by ``manage.py import_salaries`` (see jobs/salaries.py).
# One snapshot is loaded at a time; its titles, reports and per-title figures are replaced
# together when a newer snapshot arrives.

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
        # either index also serves the title alone.
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


# -- Keeping the search text true (jobs.search) ----------------------------------------------


@receiver(m2m_changed, sender=Job.skills.through)
def skills_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A listing's skills changed (``job.skills.set()``, the admin's form, ``skill.jobs.add()``):
    its search text follows."""
    if action == "pre_clear" and reverse:
        instance.cleared_job_ids = list(instance.jobs.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        job_ids = [instance.pk]
    elif action == "post_clear":
        job_ids = getattr(instance, "cleared_job_ids", [])
    else:
        job_ids = list(pk_set or ())
    if job_ids:
        Job.objects.filter(pk__in=job_ids).refresh_search_text()


@receiver(pre_delete, sender=Skill)
def remember_listings_of_skill(sender, instance, **kwargs):
    instance.deleted_job_ids = list(instance.jobs.values_list("pk", flat=True))


@receiver(post_delete, sender=Skill)
def skill_deleted(sender, instance, **kwargs):
    """A deleted skill leaves its listings (the links go with it): their search text too."""
    if job_ids := getattr(instance, "deleted_job_ids", None):
        Job.objects.filter(pk__in=job_ids).refresh_search_text()


# A listing's skills show on its page, its cards and its search: their changes invalidate the
# cached pages as every other write does (config.page_cache).
m2m_changed.connect(
    invalidate_on_relation_change, sender=Job.skills.through, dispatch_uid="skills_pages"
)

"""Companies and skills (the tags on listings)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower

from config.page_content import PageContent, PageContentQuerySet
from core.links import http_url_validator
from core.slugs import slug_of
from jobs.models.validators import reject_control_characters
from jobs.urling import fast_reverse


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
    # What pay-transparency rules key on (jobs.pay_transparency): unknown counts as covered.
    employees = models.PositiveIntegerField(
        "approximate number of employees",
        null=True,
        blank=True,
        validators=[MaxValueValidator(5_000_000)],
        help_text="Empty: unknown, which every pay-transparency rule counts as covered.",
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

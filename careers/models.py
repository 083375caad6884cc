"""Roles and role-comparison articles.

A role (say "Data Engineer") is written once: its definition and its lists of
responsibilities, skills, education, tools, industries and tips. A comparison article puts two
roles side by side and adds the text that belongs to the pair: intro, outlook and conclusion.

Role lists are stored as JSON lists of strings. Editors edit each one in a plain textarea, one
item per line (see ``careers.forms.ItemListField``); code and templates get real lists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Lower
from django.urls import reverse
from django.utils import timezone

from config.page_content import PageContent, PageContentQuerySet
from core.slugs import available_slug
from jobs.urling import fast_reverse

DEFAULT_SUBTITLE = "Which Career Path Should You Choose?"


def validate_item_list(value):
    """A role list must be a list of non-empty strings."""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ValidationError("Give a list of items, one per line.", code="invalid_list")


def item_list_field(verbose_name: str, help_text: str = "") -> models.JSONField:
    return models.JSONField(
        verbose_name,
        default=list,
        blank=True,
        validators=[validate_item_list],
        help_text=help_text or "One item per line.",
    )


class RoleQuerySet(PageContentQuerySet):
    def published(self, today=None):
        """Roles that are a side of a published comparison: the only ones with a public
        page and a sitemap entry."""
        live = Comparison.objects.published(today)
        return self.filter(Q(pk__in=live.values("role_a")) | Q(pk__in=live.values("role_b")))


# A role's lists, in the order an article shows them (the form, the admin and the importer
# read this).
ROLE_LIST_FIELDS = ("responsibilities", "skills", "education", "tools", "industries", "tips")


class Role(PageContent, models.Model):
    """A career role, written once and shown in every comparison it appears in."""

    name = models.CharField(max_length=120, help_text='As readers say it: "Data Engineer".')
    slug = models.SlugField(max_length=120, unique=True)
    definition = models.TextField(
        blank=True, help_text="One or two sentences: what people in this role do."
    )
    responsibilities = item_list_field("responsibilities")
    skills = item_list_field("required skills")
    education = item_list_field("educational background")
    tools = item_list_field("tools and software")
    industries = item_list_field("common industries")
    tips = item_list_field("practical tips for getting started")
    tips_intro = models.TextField(
        "tips introduction",
        blank=True,
        help_text=(
            "The sentence before the tips. Empty: \u201cIf you\u2019re interested in pursuing a "
            "career as a \u2026, here are some practical tips to help you get started:\u201d"
        ),
    )
    salary_title = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            'The job title to look up in the salary data, e.g. "Data Engineer" for '
            '"Software Data Engineer". Empty: the role\u2019s name.'
        ),
    )
    keywords = item_list_field(
        "listing keywords",
        "Words that find this role\u2019s open listings by title or skill, one per line "
        '(e.g. "data engineer", "Spark"). Empty: the salary title.',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="role_name_unique_ci")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = available_slug(Role, self.name, 120, exclude_pk=self.pk, fallback="role")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("careers:role", slug=self.slug)

    def clean(self):
        self.name = " ".join(self.name.split())
        if self.name and Role.objects.filter(name__iexact=self.name).exclude(pk=self.pk).exists():
            raise ValidationError({"name": "A role with this name already exists."})

    @property
    def salary_lookup_title(self) -> str:
        """The job title to look up in the salary data."""
        return self.salary_title or self.name

    @property
    def listing_keywords(self) -> list[str]:
        """What finds this role's open listings: the keywords, else the salary title."""
        return [word for word in self.keywords if word.strip()] or [self.salary_lookup_title]

    @property
    def tips_introduction(self) -> str:
        if self.tips_intro:
            return self.tips_intro
        article = "an" if self.name[:1].lower() in "aeiou" else "a"
        return (
            f"If you\u2019re interested in pursuing a career as {article} {self.name}, here are "
            "some practical tips to help you get started:"
        )


class ComparisonQuerySet(PageContentQuerySet):
    """The query vocabulary of comparison articles."""

    def published(self, today=None):
        """Published, with a publication date today or earlier."""
        today = today or timezone.localdate()
        return self.filter(status=Comparison.Status.PUBLISHED, published_on__lte=today)

    def with_roles(self):
        return self.select_related("role_a", "role_b")

    def as_links(self):
        """What a list of links to articles shows (a title, an address, a date): without the
        roles and the article's own fields, whose JSON columns cost more to read than the
        query to run (measured in bench/README.md)."""
        return self.only("title", "slug", "published_on")

    def as_cards(self):
        """What an article's card in the careers list shows: its title, address, date and
        introduction, and the names and addresses of its two roles."""
        return self.with_roles().only(
            "title",
            "slug",
            "published_on",
            "intro",
            "role_a__name",
            "role_a__slug",
            "role_b__name",
            "role_b__slug",
        )

    def newest_first(self):
        return self.order_by("-published_on", "-pk")

    def of_pair(self, role_a, role_b):
        """The comparison of these two roles (or role ids), in either order."""
        return self.filter(Q(role_a=role_a, role_b=role_b) | Q(role_a=role_b, role_b=role_a))

    def involving(self, roles):
        """Comparisons in which any of ``roles`` is one of the two sides."""
        return self.filter(Q(role_a__in=roles) | Q(role_b__in=roles))

    def search(self, text: str):
        """Comparisons whose role names (or title) contain the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(role_a__name__icontains=text)
            | Q(role_b__name__icontains=text)
            | Q(title__icontains=text)
        )


class Comparison(PageContent, models.Model):
    """An "X vs. Y" article: two roles side by side and the text that belongs to the pair."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    role_a = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="comparisons_as_a", verbose_name="role A"
    )
    role_b = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="comparisons_as_b", verbose_name="role B"
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Empty: \u201cRole A vs. Role B\u201d."
    )
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Empty: made from the title."
    )
    subtitle = models.CharField(max_length=200, blank=True, default=DEFAULT_SUBTITLE)
    intro = models.TextField(blank=True, help_text="Markdown. Rendered and sanitized on the page.")
    outlook = models.TextField(
        blank=True, help_text="Markdown. Empty: the Outlooks section is left out."
    )
    conclusion = models.TextField(
        blank=True, help_text="Markdown. Empty: the Conclusion section is left out."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(
        "publication date",
        null=True,
        blank=True,
        help_text="A future date keeps a published article hidden until that day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_on"], name="comparison_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role_a=F("role_b")),
                name="comparison_roles_differ",
                violation_error_message="Choose two different roles.",
            ),
            models.UniqueConstraint(
                Least("role_a", "role_b"),
                Greatest("role_a", "role_b"),
                name="comparison_pair_unique",
                violation_error_message="A comparison of these two roles already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="comparison_published_has_date",
                violation_error_message="A published comparison needs a publication date.",
            ),
        ]

    def __str__(self):
        return self.title or self.default_title()

    def save(self, *args, **kwargs):
        self.apply_defaults()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("careers:detail", slug=self.slug)

    def get_preview_url(self):
        return reverse("careers:preview", kwargs={"pk": self.pk})

    def default_title(self) -> str:
        if self.role_a_id and self.role_b_id:
            return f"{self.role_a.name} vs. {self.role_b.name}"
        return "Comparison"

    @property
    def roles(self) -> tuple[Role, Role]:
        return (self.role_a, self.role_b)

    def is_public(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_on is not None
            and self.published_on <= today
        )

    def apply_defaults(self) -> None:
        """Fill what an editor may leave empty: title, slug and a published article's date."""
        if not self.title and self.role_a_id and self.role_b_id:
            self.title = self.default_title()
        if not self.slug and self.title:
            self.slug = available_slug(
                Comparison, self.title, exclude_pk=self.pk, fallback="article"
            )
        if self.status == self.Status.PUBLISHED and self.published_on is None:
            self.published_on = timezone.localdate()

    def clean(self):
        self.apply_defaults()
        if not (self.role_a_id and self.role_b_id):
            return
        if self.role_a_id == self.role_b_id:
            raise ValidationError({"role_b": "Choose a role different from role A."})
        existing = (
            Comparison.objects.of_pair(self.role_a_id, self.role_b_id).exclude(pk=self.pk).first()
        )
        if existing is not None:
            raise ValidationError(
                {"role_b": f"These two roles are already compared in \u201c{existing}\u201d."}
            )

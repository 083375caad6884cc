"""The query vocabulary of listings: visible, featured, expired, and what cards need."""

from __future__ import annotations

from django.db import connections, models
from django.db.models import Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from config.page_content import PageContentQuerySet
from jobs.models.companies import Skill

# Joins a card's skill names in one column (JobQuerySet.with_card_data): a control character,
# which no name may hold.
SKILL_NAME_SEPARATOR = "\x1f"


class JobQuerySet(PageContentQuerySet):
    """The query vocabulary of listings."""

    def visible(self, now=None):
        """Published, published at or before now, and not expired."""
        # A published listing always has an expiry (the job_published_has_expiry constraint):
        # one range on expires_at, which the facet index serves as such.
        now = now or timezone.now()
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=now, expires_at__gt=now
        )

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
        self.model.objects.bulk_update(changed, ["search_text"], batch_size=500)
        return len(changed)

    def card_page(self, start: int | None = None, stop: int | None = None) -> list:
        """The listings of this ordered queryset from ``start`` to ``stop`` (or of its slice),
        with their card data. The card's columns are computed in an outer query over the
        page's ids: a subquery in the select list runs for every row that an OFFSET skips
        (2,500 of them for page 100)."""
        if start is not None and stop is not None and stop <= start:
            return []  # an empty page (a company without open listings)
        page = self[start:stop] if start is not None or stop is not None else self
        ordering = page.query.order_by or page.model._meta.ordering
        return list(self.model.objects.among(page).with_card_data().order_by(*ordering))

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
        table = connection.ops.quote_name(self.model._meta.db_table)
        links = connection.ops.quote_name(self.model.skills.through._meta.db_table)
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

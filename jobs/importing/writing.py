"""Writing a validated file: the bulk statements behind an import.

``Writing`` is the second half of ``jobs.importing.importer.Importer``: once every row is
valid, ``write()`` inserts the new companies and skills (each with a free slug), inserts the
new listings and updates the changed ones (only the columns that differ, and ``updated_at``),
then adds and removes skill links, a fixed number of statements per batch whatever the
file's length. Unchanged listings are not written at all.
"""

from __future__ import annotations

from functools import cached_property

from django.db import connection, transaction
from django.utils import timezone

from core.slugs import free_slug, slug_of
from jobs.importing.checks import known_rates
from jobs.importing.rows import COLUMNS_OF_JOB, ListingRow, snapshot
from jobs.models import Company, Job, Skill
from jobs.search import search_text

# Rows per INSERT statement (on SQLite, Django lowers it to the database's limit of variables),
# and per UPDATE or DELETE (bulk_update's CASE expressions grow with the batch).
INSERT_BATCH_SIZE = 5000
UPDATE_BATCH_SIZE = 500


class Writing:
    """The writing methods of the Importer, over what its validation gathered: ``rows``,
    ``new_companies``, ``new_skills``, ``filled_websites``, the known ``skills``, ``rates``
    and skill ``links``, and its ``renderings``."""

    def rows_by_outcome(self) -> tuple[list[ListingRow], list[ListingRow], int]:
        """The rows that create a listing, those that update one, and how many are unchanged."""
        created: list[ListingRow] = []
        updated: list[ListingRow] = []
        unchanged = 0
        for row in self.rows:
            if row.existing and not row.changed:
                unchanged += 1
            else:
                (updated if row.existing else created).append(row)
        return created, updated, unchanged

    def write(self) -> dict[str, int]:
        """Everything in one transaction, in bulk: a fixed number of statements per batch."""
        created, updated, unchanged = self.rows_by_outcome()
        counts = {"created": len(created), "updated": len(updated), "unchanged": unchanged}
        if not (created or updated or self.filled_websites):
            return counts  # an unchanged file: not even an empty transaction
        # Inside the import's transaction (no savepoint of its own), or one of its own.
        with transaction.atomic(savepoint=False):
            now = timezone.now()
            if self.filled_websites:
                for company in self.filled_websites:
                    company.updated_at = now  # auto_now, as save() sets it
                Company.objects.bulk_update(self.filled_websites, ["website", "updated_at"])
            self.create_with_free_slugs(Company, list(self.new_companies.values()), 200)
            self.create_with_free_slugs(Skill, list(self.new_skills.values()), 60)
            with self.renderings.active(stored=False):
                for row in created + updated:
                    job = row.job
                    company = job.company
                    job.company = company  # a new company has its id only now
                    with known_rates(job, self.rates):
                        job.apply_defaults()  # what save() does first: every derived column
                    job.search_text = search_text(
                        job.title, company.name, self.skill_names_after(row)
                    )
                    if row.existing:
                        job.updated_at = now  # auto_now: bulk_update does not set it
            create_all(Job, [row.job for row in created])
            self.update_changed_columns(updated)
            self.write_skill_links(created + updated)
        return counts
        return counts

    def skill_names_after(self, row: ListingRow) -> list[str]:
        """The names of the skills the row's listing has once written (``save()`` and the
        skill signals write the search text from them; here it is written with the row)."""
        if row.skills is not None:
            return [skill.name for skill in row.skills]
        return [self.skill_name_by_id[skill_id] for skill_id in self.links.get(row.job.pk, {})]

    @cached_property
    def skill_name_by_id(self) -> dict[int, str]:
        """The known skills' names by id."""
        return {skill.pk: skill.name for skill in self.skills.values()}

    def update_changed_columns(self, rows: list[ListingRow]) -> None:
        """Each changed listing's columns that differ from what is stored, and updated_at.

        The database ends as if every column were written (``save()``), but an UPDATE of all
        columns through ``bulk_update`` costs about 4 ms of Python per listing (a CASE of every
        listing for every column); listings that changed the same columns share statements.
        """
        groups: dict[tuple[str, ...], list[Job]] = {}
        for row in rows:
            after = snapshot(row.job)
            changed = [
                name
                for name, attname in COLUMNS_OF_JOB
                if name != "updated_at" and after[attname] != row.before[attname]
            ]
            groups.setdefault((*changed, "updated_at"), []).append(row.job)
        for fields, jobs in groups.items():
            Job.objects.bulk_update(jobs, fields, batch_size=UPDATE_BATCH_SIZE)

    def write_skill_links(self, rows: list[ListingRow]) -> None:
        """What ``job.skills.set(row.skills)`` does for each row, in two statements."""
        through = Job.skills.through
        removed: list[int] = []
        added = []
        for row in rows:
            if row.skills is None:
                continue  # no skills column: the listing keeps its skills
            links = self.links.get(row.job.pk, {})
            wanted = {skill.pk for skill in row.skills}
            removed.extend(link for skill_id, link in links.items() if skill_id not in wanted)
            added.extend(
                through(job_id=row.job.pk, skill_id=skill_id)
                for skill_id in dict.fromkeys(skill.pk for skill in row.skills)
                if skill_id not in links
            )
        for start in range(0, len(removed), UPDATE_BATCH_SIZE):
            through.objects.filter(pk__in=removed[start : start + UPDATE_BATCH_SIZE]).delete()
        through.objects.bulk_create(added, batch_size=INSERT_BATCH_SIZE)

    @staticmethod
    def create_with_free_slugs(model, objects: list, max_length: int) -> None:
        """New companies or skills, each with the first free slug of its name (``name``,
        ``name-2``, ``name-3``...), the taken ones read in one query."""
        if not objects:
            return
        taken = set(model.objects.order_by().values_list("slug", flat=True))
        for instance in objects:
            instance.slug = free_slug(slug_of(instance.name, max_length), taken, max_length)
            taken.add(instance.slug)
        create_all(model, objects)


def create_all(model, objects: list) -> None:
    """INSERT in batches; every instance has its id afterwards."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=INSERT_BATCH_SIZE)
    else:
        for instance in objects:
            instance.save()

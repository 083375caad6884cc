"""Merge companies whose names differ only in case ("Acme", "ACME"): their listings move to one
company, which keeps its name and slug and takes a website or description it lacks; the others
are deleted. Migration 0014 (names unique in any case) stops until no such clash is left.

    manage.py merge_companies --list             # the clashes, with ids and listing counts
    manage.py merge_companies --all              # each into its company with the most listings
    manage.py merge_companies --into 12 40 41    # 40 and 41 into 12 (any names)
    manage.py merge_companies --all --dry-run    # say what would happen, write nothing
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from config import page_cache


def clashes() -> list[list[dict]]:
    """Groups of companies whose names are equal in any case, each group's companies with
    their id, name and number of listings, the most listings first (then the oldest)."""
    with connection.cursor() as cursor:
        # Raw SQL: the model's Company now has a constraint the database may not have yet.
        cursor.execute(
            "SELECT c.id, c.name, COUNT(j.id) FROM jobs_company c "
            "LEFT JOIN jobs_job j ON j.company_id = c.id GROUP BY c.id, c.name ORDER BY c.id"
        )
        rows = cursor.fetchall()
    groups: dict[str, list[dict]] = {}
    for pk, name, listings in rows:
        groups.setdefault(name.casefold(), []).append(
            {"id": pk, "name": name, "listings": listings}
        )
    result = []
    for group in groups.values():
        if len(group) > 1:
            group.sort(key=lambda company: (-company["listings"], company["id"]))
            result.append(group)
    return result


def merge(target_id: int, other_ids: list[int]) -> int:
    """Move the others' listings to the target, fill the target's empty website and
    description from them, delete them; the number of listings moved. One transaction."""
    from jobs.models import Company, Job

    with transaction.atomic():
        companies = {
            company.pk: company
            for company in Company.objects.select_for_update().filter(
                pk__in=[target_id, *other_ids]
            )
        }
        missing = [pk for pk in [target_id, *other_ids] if pk not in companies]
        if missing:
            raise CommandError(f"No company with id {', '.join(map(str, missing))}.")
        target = companies[target_id]
        others = [companies[pk] for pk in other_ids]
        for other in others:
            if not target.website and other.website:
                target.website = other.website
            if not target.description and other.description:
                target.description = other.description
        moved_ids = list(Job.objects.filter(company__in=others).values_list("pk", flat=True))
        Job.objects.filter(pk__in=moved_ids).update(company=target)
        # The listings' search text holds their company's name.
        Job.objects.filter(pk__in=moved_ids).refresh_search_text()
        Company.objects.filter(pk__in=other_ids).delete()
        target.save()
        page_cache.invalidate()
    return len(moved_ids)


class Command(BaseCommand):
    help = "List or merge companies whose names differ only in case."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--list", action="store_true", help="list the clashes")
        group.add_argument(
            "--all",
            action="store_true",
            help="merge each clash into its company with the most listings (then the oldest)",
        )
        group.add_argument(
            "--into",
            nargs="+",
            type=int,
            metavar="ID",
            help="merge the companies of the other ids into the first",
        )
        parser.add_argument("--dry-run", action="store_true", help="write nothing")

    def handle(self, *args, list=False, all=False, into=None, dry_run=False, **options):
        if into:
            if len(into) < 2 or len(set(into)) != len(into):
                raise CommandError("--into needs the id to keep and at least one other id.")
            plans = [(into[0], into[1:])]
        else:
            groups = clashes()
            if not groups:
                self.stdout.write("No company names differ only in case.")
                return
            for group in groups:
                self.stdout.write(
                    "  ".join(
                        f"#{c['id']} \u201c{c['name']}\u201d ({c['listings']} listings)"
                        for c in group
                    )
                )
            if list:
                return
            plans = [(group[0]["id"], [c["id"] for c in group[1:]]) for group in groups]
        for target_id, other_ids in plans:
            others = ", ".join(f"#{pk}" for pk in other_ids)
            if dry_run:
                self.stdout.write(f"Would merge {others} into #{target_id}.")
                continue
            moved = merge(target_id, other_ids)
            self.stdout.write(
                self.style.SUCCESS(f"Merged {others} into #{target_id}: {moved} listings moved.")
            )

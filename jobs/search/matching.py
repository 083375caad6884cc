"""The listings that match a role's keywords (``careers``: a role's page and its articles'
featured listings): a listing matches when its title contains one of the keywords, or one of
its skills is named one, in any case.

Not the job list's keyword search (``keywords``), which needs every word and reads the stored
search text: a role's keywords are alternatives, any one of which finds a listing.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Q, Value
from django.db.models.expressions import RawSQL

from jobs.models import Job, Skill


class ListingKeywords:
    """A role's keywords as listings match them: a listing matches when its title contains one
    of them, or one of its skills is named one, in any case. The same rule as a query
    condition (:meth:`condition`) and on a listing already read with its skills
    (:meth:`matches`)."""

    def __init__(self, keywords: list[str]):
        self.words = sorted({word.strip().lower() for word in keywords} - {""})

    def condition(self) -> Q | Value:
        if not self.words:
            return Value(False)
        title_match = Q()
        for word in self.words:
            title_match |= Q(title__icontains=word)
        return title_match | Q(pk__in=RawSQL(*self._skill_listings()))

    def _skill_listings(self) -> tuple[str, list]:
        """The listings that have a skill named one of the words (``name__iexact``), as one
        uncorrelated subquery: PostgreSQL hashes it once, where a correlated EXISTS read the
        skills table again for every candidate. Written as SQL with the database's own
        ``iexact``: the ORM took a millisecond to build and compile it, as long as the query
        it is part of took to run."""
        connection = connections[Job.objects.db]
        ops = connection.ops
        links = ops.quote_name(Job.skills.through._meta.db_table)
        skills = ops.quote_name(Skill._meta.db_table)
        name = ops.lookup_cast("iexact", "CharField") % "skill.name"
        equals = connection.operators["iexact"] % "%s"
        sql = (
            f"SELECT link.job_id FROM {links} link INNER JOIN {skills} skill "
            "ON skill.id = link.skill_id WHERE "
            + " OR ".join(f"{name} {equals}" for _ in self.words)
        )
        return sql, [ops.prep_for_iexact_query(word) for word in self.words]

    def matches(self, job: Job) -> bool:
        """:meth:`condition` for a listing read with its skills (``with_card_data()``)."""
        title = job.title.upper()
        skills = {name.upper() for name in job.card_skill_names()}
        return any(word.upper() in title or word.upper() in skills for word in self.words)

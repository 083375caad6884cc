"""The listings that match a role's keywords (``careers``: a role's page and its articles'
featured listings): a listing matches when its title contains one of the keywords, or one of
its skills is named one, in any case.

Not the job list's keyword search (``keywords``), which needs every word and reads the stored
search text: a role's keywords are alternatives, any one of which finds a listing.
"""

from __future__ import annotations

from django.db.models import Q, Value

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
        skill_match = Q()
        for word in self.words:
            title_match |= Q(title__icontains=word)
            skill_match |= Q(name__iexact=word)
        # The matching skills' listings as one uncorrelated subquery: PostgreSQL hashes it
        # once, where a correlated EXISTS read the skills table again for every candidate.
        skill_links = Job.skills.through.objects.filter(skill__in=Skill.objects.filter(skill_match))
        return title_match | Q(pk__in=skill_links.values("job_id"))

    def matches(self, job: Job) -> bool:
        """:meth:`condition` for a listing read with its skills (``with_card_data()``)."""
        title = job.title.upper()
        skills = {name.upper() for name in job.card_skill_names()}
        return any(word.upper() in title or word.upper() in skills for word in self.words)

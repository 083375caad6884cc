"""A listing's similar listings, as its page shows them: up to four other visible listings
of the same seniority, the same salary survey title or sharing words of its title.
"""

import re

from django.db import connections
from django.db.models.expressions import RawSQL
from django.utils import timezone

from config import page_clock
from jobs.models import Job

SIMILAR_LISTINGS_SHOWN = 4

# Words of a title that say how senior or where a job is, not what kind of work it is: the
# similar listings match on seniority separately.
TITLE_NOISE_WORDS = frozenset(
    {
        *("a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with"),
        *("senior", "sr", "junior", "jr", "lead", "staff", "principal", "head", "chief"),
        *("intern", "internship", "entry", "mid", "level"),
        *("remote", "hybrid", "onsite", "contract", "freelance", "part", "full", "time"),
    }
)


def title_words(title: str, limit: int = 5) -> list[str]:
    """The first few lowercase words of a title that say what the work is."""
    words: list[str] = []
    for word in re.findall(r"[a-z0-9][a-z0-9+#]*", title.lower()):
        if len(word) > 1 and word not in TITLE_NOISE_WORDS and word not in words:
            words.append(word)
    return words[:limit]


def similar_listings(job: Job, now=None):
    """Up to four other visible listings like this one, in one query (plus the skills').

    A listing qualifies by the same seniority, the same salary survey title or a shared title
    word; shared words and the survey title weigh more than seniority, then newest first:
    similarity = 1 for the seniority + 2 per shared word + 4 for the survey title. A word
    matches at the start of a word of the other title: " engineer" finds "Data Engineer" and
    "ML Engineering Lead" but not "Reengineer".

    Scoring every visible listing read them all (160 ms at 100,000 listings). The same four
    come from a small candidate set instead (:class:`SimilarSQL`): for every combination of
    "same seniority or not", "same survey title or not" and "at least m shared words", the
    newest four visible listings that satisfy it, each read newest-first through an index
    and stopped after four (or through the title's trigram index when the words are rare).
    That set is exact: every listing that satisfies the combination of a top-four listing
    scores at least as much, so if four of them were newer it would not be in the top four.
    The candidates (at most four per combination) are then scored and ordered as before.
    """
    sql = SimilarSQL(job, now or timezone.now(), connections[Job.objects.db])
    return (
        Job.objects.filter(pk__in=RawSQL(*sql.candidates()))
        .annotate(similarity=RawSQL(*sql.similarity()))
        .with_card_data()
        .order_by("-similarity", "-published_at", "-id")[:SIMILAR_LISTINGS_SHOWN]
    )


class SimilarSQL:
    """The SQL of :func:`similar_listings`, written out: the ORM took longer to compile the
    dozen candidate queries than the database took to answer them."""

    # The title padded with spaces and in lower case, as " " || LOWER(title) || " ".
    PADDED_TITLE = "(' ' || LOWER(\"jobs_job\".\"title\") || ' ')"

    def __init__(self, job: Job, now, connection):
        self.job = job
        self.words = title_words(job.title)
        self.survey_title = job.survey_title.strip()
        self.postgresql = connection.vendor == "postgresql"
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.like_escape = connection.ops.prep_for_like_query

    def shares_word(self, word: str) -> tuple[str, list]:
        # Words are letters, digits, + and # (title_words): nothing to escape in LIKE.
        return f"{self.PADDED_TITLE} LIKE %s", [f"% {word}%"]

    def title_contains(self, word: str) -> tuple[str, list]:
        """The word anywhere in the title, as ``title__icontains`` writes it (the expression of
        the trigram index on PostgreSQL)."""
        if self.postgresql:
            return 'UPPER("jobs_job"."title"::text) LIKE UPPER(%s)', [f"%{word}%"]
        return '"jobs_job"."title" LIKE %s ESCAPE \'\\\'', [f"%{word}%"]

    def same_survey_title(self) -> tuple[str, list]:
        """``survey_title__iexact``."""
        if self.postgresql:
            return 'UPPER("jobs_job"."survey_title"::text) = UPPER(%s)', [self.survey_title]
        escaped = self.like_escape(self.survey_title)
        return '"jobs_job"."survey_title" LIKE %s ESCAPE \'\\\'', [escaped]

    def shared_words(self) -> tuple[str, list]:
        parts = [self.shares_word(word) for word in self.words]
        sql = " + ".join(f"(CASE WHEN {part} THEN 1 ELSE 0 END)" for part, _ in parts)
        return f"({sql or '0'})", [param for _, params in parts for param in params]

    def similarity(self) -> tuple[str, list]:
        sql = ['(CASE WHEN "jobs_job"."seniority" = %s THEN 1 ELSE 0 END)']
        params: list = [self.job.seniority]
        shared, shared_params = self.shared_words()
        sql.append(f"2 * {shared}")
        params += shared_params
        if self.survey_title:
            survey, survey_params = self.same_survey_title()
            sql.append(f"(CASE WHEN {survey} THEN 4 ELSE 0 END)")
            params += survey_params
        return f"({' + '.join(sql)})", params

    def candidates(self) -> tuple[str, list]:
        visible = (
            '"jobs_job"."status" = %s AND "jobs_job"."published_at" <= %s AND '
            '("jobs_job"."expires_at" IS NULL OR "jobs_job"."expires_at" > %s) AND '
            '"jobs_job"."id" <> %s'
        )
        visible_params = [Job.Status.PUBLISHED.value, self.now, self.now, self.job.pk]
        branches, params = [], []
        for same_seniority in (True, False):
            for same_survey in (True, False) if self.survey_title else (False,):
                for at_least in range(len(self.words), -1, -1):
                    if not (same_seniority or same_survey or at_least):
                        continue
                    where, where_params = [visible], list(visible_params)
                    if same_seniority:
                        where.append('"jobs_job"."seniority" = %s')
                        where_params.append(self.job.seniority)
                    if same_survey:
                        survey, survey_params = self.same_survey_title()
                        where.append(survey)
                        where_params += survey_params
                    if at_least:
                        # A superset the title's trigram index can serve: a word somewhere
                        # in the title (any of them, or the longest of them). The
                        # exact test is one comparison of the count of shared words, which
                        # the planner rightly takes as unselective: one condition per word
                        # made it expect no rows and sort every trigram match.
                        # When every word must be shared, the longest one alone: the planner
                        # multiplies the estimates of several, expects no rows and rechecks
                        # thousands through the trigram index where walking the newest-first
                        # index would have stopped after a few.
                        if at_least == len(self.words):
                            contains = [self.title_contains(max(self.words, key=len))]
                        else:
                            contains = [self.title_contains(word) for word in self.words]
                        joiner = " OR "
                        where.append(f"({joiner.join(part for part, _ in contains)})")
                        where_params += [param for _, part in contains for param in part]
                        shared, shared_params = self.shared_words()
                        where.append(f"{shared} >= %s")
                        where_params += [*shared_params, at_least]
                    branches.append(
                        f'SELECT "jobs_job"."id" AS "pk" FROM "jobs_job" '
                        f"WHERE {' AND '.join(where)} "
                        f'ORDER BY "jobs_job"."published_at" DESC, "jobs_job"."id" DESC LIMIT 4'
                    )
                    params += where_params
        sql = " UNION ".join(
            f"SELECT pk FROM ({branch}) AS candidate_{number}"
            for number, branch in enumerate(branches)
        )
        return sql, params


def next_similar_publication(job: Job, shown: list[Job], now):
    """When a scheduled listing that would enter this listing's similar listings goes live: a
    new listing is the newest of all, so it enters when it scores at least as much as the
    last one shown (or at all, when fewer than four are shown)."""
    sql = SimilarSQL(job, now, connections[Job.objects.db])
    threshold = shown[-1].similarity if len(shown) >= SIMILAR_LISTINGS_SHOWN else 1
    scheduled = (
        Job.objects.filter(status=Job.Status.PUBLISHED)
        .exclude(pk=job.pk)
        .annotate(similarity=RawSQL(*sql.similarity()))
        .filter(similarity__gte=max(threshold, 1))
    )
    return page_clock.next_publication(scheduled, now)

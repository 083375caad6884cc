"""Views of the jobs app: the filtered list, a listing, a company."""

import re

from django.core.paginator import Paginator
from django.db import connections
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from config import page_cache
from core.permissions import can_preview
from core.scriptjson import script_json
from jobs import salaries
from jobs.filters import JobFilter
from jobs.jsonld import job_posting
from jobs.markup import html_text
from jobs.models import Company, Job
from jobs.urling import mailto_url


class SearchPaginator(Paginator):
    """Pages of a search: the count comes from the facet query, each page from
    :meth:`jobs.filters.JobFilter.page_listings` (read through an index, not sorted whole)."""

    def __init__(self, search: JobFilter, per_page: int):
        super().__init__([], per_page)
        self.search = search
        # The seniority facet has already counted the matches: no separate COUNT query.
        self.count = search.result_count()

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        return self._get_page(self.search.page_listings(offset, self.per_page), number, self)


class CardPaginator(Paginator):
    """Pages of an ordered queryset of listings as cards: each page read with
    :meth:`jobs.models.JobQuerySet.card_page` (the card columns of its own rows only)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.card_page(bottom, top), number, self)


class JobListView(TemplateView):
    """The filtered, paginated list of visible listings, with facet counts and feed links.

    Every search is a shareable GET URL read by :class:`jobs.filters.JobFilter`. An invalid
    parameter is ignored with a notice naming it while the others still apply. A ``page``
    past the end shows the last page; a ``page`` that is not a positive whole number shows
    the first; each with a notice, never an error page.
    """

    template_name = "jobs/job_list.html"
    paginate_by = 25

    def is_fragment_request(self) -> bool:
        """An htmx request for the search region alone (not a history restore, which needs the
        whole page)."""
        headers = self.request.headers
        return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")

    def get_template_names(self):
        if self.is_fragment_request():
            return ["jobs/job_list.html#search"]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers a whole page or a fragment: caches must keep them apart.
        patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
        if context.get("is_fragment"):
            # The address bar gets the clean, shareable URL of the search (no empty fields,
            # no defaults), the same as the page's canonical URL.
            response["HX-Push-Url"] = context["canonical_path"]
        return response

    def get_context_data(self, **kwargs):
        search = JobFilter(self.request.GET, request=self.request)
        paginator = SearchPaginator(search, self.paginate_by)
        notices = list(search.all_notices)
        page_number = self.page_number(search.data.get("page", ""), paginator.num_pages, notices)
        page_obj = paginator.page(page_number)

        query = search.query_string()
        canonical_query = "&".join(
            part for part in (query, f"page={page_number}" if page_number > 1 else "") if part
        )
        canonical_path = self.request.path
        if canonical_query:
            canonical_path = f"{canonical_path}?{canonical_query}"
        canonical_url = self.request.build_absolute_uri(canonical_path)
        if not notices:  # one cached page for every spelling of this search
            page_cache.shares_with(self.request, canonical_path)
        workplaces = search.cleaned.get("workplace") or []
        return super().get_context_data(
            search=search,
            is_fragment=self.is_fragment_request(),
            headline=search.headline(),
            notices=notices,
            page_obj=page_obj,
            paginator=paginator,
            jobs=page_obj.object_list,
            page_range=list(paginator.get_elided_page_range(page_number, on_ends=1)),
            query=query,
            canonical_url=canonical_url,
            canonical_path=canonical_path,
            remote_only_query=(
                search.query_string(workplace=["remote"]) if workplaces != ["remote"] else ""
            ),
            **kwargs,
        )

    def page_number(self, raw: str, last_page: int, notices: list[str]) -> int:
        """The page to show, from ``page`` (its first value, as the search reads it): a notice
        instead of an error when it is wrong."""
        raw = raw.strip()
        if not raw:
            return 1
        try:
            number = int(raw)
        except ValueError:
            notices.append(f"Ignored page={raw[:30]}: not a page number; showing page 1.")
            return 1
        if number < 1:
            notices.append(f"Ignored page={number}: pages start at 1; showing page 1.")
            return 1
        if number > last_page:
            pages = "There is only 1 page" if last_page == 1 else f"There are {last_page} pages"
            notices.append(f"{pages} of results: showing page {last_page} instead of {number}.")
            return last_page
        return number


SIMILAR_LISTINGS_SHOWN = 4
COMPANY_LISTINGS_PER_PAGE = 25
META_DESCRIPTION_LENGTH = 160

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
    return page_cache.next_publication(scheduled, now)


@require_safe
def job_detail(request, pk, slug=None):
    """One listing.

    Visible: everything, with JSON-LD. Expired: still answers, says it is closed, no apply
    link, no JSON-LD, noindex. A draft or a scheduled listing is a 404 for the public and a
    "not public" preview for staff editors. A missing or stale slug redirects permanently.
    """
    job = get_object_or_404(Job.objects.select_related("company").with_skill_names(), pk=pk)
    now = timezone.now()
    is_open = job.is_visible(now)
    is_expired = (
        job.status == Job.Status.PUBLISHED
        and job.published_at is not None
        and job.published_at <= now
        and job.is_expired(now)
    )
    is_preview = not (is_open or is_expired)
    if is_preview and not can_preview(request.user, "jobs.view_job"):
        raise Http404("No listing with this id is public.")
    if slug != job.slug:
        return redirect(job.get_absolute_url(), permanent=True)

    description_text = html_text(job.description_html)
    similar = list(similar_listings(job, now))
    page_cache.listing_shown(job, now)
    page_cache.changes_at(lambda: next_similar_publication(job, similar, now))
    context = {
        "job": job,
        "is_open": is_open,
        "is_expired": is_expired,
        "is_preview": is_preview,
        "skills": job.card_skill_names(),
        "similar_jobs": similar,
        # Where its salary sits against the survey (one query; the template tag only shows it).
        "salary_comparison": salaries.listing_comparison(job),
        "meta_description": (
            Truncator(" ".join(description_text.split())).chars(META_DESCRIPTION_LENGTH)
            or f"{job.title} at {job.company.name}"
        ),
        "canonical_url": request.build_absolute_uri(job.get_absolute_url()),
        "apply_href": job.apply_url or (mailto_url(job.apply_email) if job.apply_email else ""),
        # A yearly USD figure helps wherever the salary is not already USD per year.
        "show_usd_equivalent": bool(job.salary_usd_display)
        and (job.salary_currency_id != "USD" or job.salary_period != "year"),
        "job_posting_json": script_json(job_posting(job)) if is_open else "",
    }
    response = render(request, "jobs/job_detail.html", context)
    if is_preview:  # an editor's view of a listing that is not public: never kept anywhere
        patch_cache_control(response, private=True, no_store=True)
    return response


def company_listings_change(company: Company):
    now = timezone.now()
    listings = Job.objects.filter(status=Job.Status.PUBLISHED, company=company)
    next_expiry = (
        listings.filter(published_at__lte=now, expires_at__gt=now)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
    return page_cache.earliest(next_expiry, page_cache.next_publication(listings, now))


@require_safe
def company_detail(request, slug):
    """A company and its visible listings, newest first, 25 a page."""
    company = get_object_or_404(Company, slug=slug)
    listings = Job.objects.visible().filter(company=company).order_by("-published_at", "-id")
    page = CardPaginator(listings, COMPANY_LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    # The page counts the company's open listings: any of them expiring, or a new one going
    # live, changes it.
    page_cache.changes_at(lambda: company_listings_change(company))
    context = {
        "company": company,
        "page": page,
        "meta_description": company.description or f"Open jobs at {company.name}.",
        "canonical_url": request.build_absolute_uri(company.get_absolute_url()),
    }
    return render(request, "jobs/company_detail.html", context)

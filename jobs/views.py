"""Views of the jobs app: the filtered list, a listing, a company."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from config import page_cache, page_clock
from core.permissions import can_preview
from core.scriptjson import script_json
from jobs.jsonld import job_posting
from jobs.markup import html_text
from jobs.models import Company, Job
from jobs.salaries.lookups import listing_comparison
from jobs.search.filterset import JobFilter
from jobs.search.similar import next_similar_publication, similar_listings
from jobs.urling import mailto_url


class SearchPaginator(Paginator):
    """Pages of a search: the count comes from the facet query, each page from
    :meth:`jobs.search.filterset.JobFilter.page_listings` (read through an index, not sorted
    whole)."""

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

    Every search is a shareable GET URL read by :class:`jobs.search.filterset.JobFilter`. An invalid
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
        notices = list(search.parameter_notices)
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


COMPANY_LISTINGS_PER_PAGE = 25
META_DESCRIPTION_LENGTH = 160


def apply_href(job: Job) -> str:
    """Where a listing's application goes: its apply URL, else a ``mailto:`` link to its apply
    email ("" when it has neither). The page's preview links and the counted redirect
    (``clicks.views.apply``) both use it."""
    return job.apply_url or (mailto_url(job.apply_email) if job.apply_email else "")


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
        "salary_comparison": listing_comparison(job),
        "meta_description": (
            Truncator(" ".join(description_text.split())).chars(META_DESCRIPTION_LENGTH)
            or f"{job.title} at {job.company.name}"
        ),
        "canonical_url": request.build_absolute_uri(job.get_absolute_url()),
        "apply_href": apply_href(job),
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
    return page_clock.earliest(next_expiry, page_clock.next_publication(listings, now))


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

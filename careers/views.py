"""Views of the careers app: the article list, an article, its preview, a role's profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careers.article import build_article
from careers.models import Comparison, Role
from careers.salary import salary_insights
from config import page_cache, page_clock
from core.permissions import can_preview
from core.scriptjson import script_json
from core.text import search_box_text
from jobs.markup import plain_text
from jobs.models import Job
from jobs.search.matching import ListingKeywords

ARTICLES_PER_PAGE = 12
FEATURED_JOBS = 6
RELATED_ARTICLES = 6
ROLE_LISTINGS = 10


def featured_jobs_for(roles) -> list[Job]:
    """Up to 6 featured listings, those matching either role's keywords first."""
    keywords = ListingKeywords([word for role in roles for word in role.listing_keywords])
    # The first six featured listings that match, and the first six of all: together they
    # hold the six to show (those matching first, then the others in the same order), each
    # read from the featured index in order and stopped after six, instead of testing every
    # featured listing against the keywords. Which candidates match is then read from the
    # listings themselves: asking the database again took longer to plan than to run.
    order = ("-featured_until", "-published_at", "-pk")
    featured = Job.objects.featured().order_by(*order)
    candidates = Job.objects.among(
        featured.filter(keywords.condition())[:FEATURED_JOBS], featured[:FEATURED_JOBS]
    ).with_card_data()
    return sorted(
        candidates,
        key=lambda job: (
            not keywords.matches(job),
            -job.featured_until.timestamp(),
            -job.published_at.timestamp(),
            -job.pk,
        ),
    )[:FEATURED_JOBS]


def related_comparisons(comparison: Comparison) -> list[Comparison]:
    """Up to 6 other published comparisons: those sharing a role first, then the newest."""
    roles = [comparison.role_a_id, comparison.role_b_id]
    return list(
        Comparison.objects.published()
        .exclude(pk=comparison.pk)
        .as_links()
        .annotate(
            shares_role=Case(
                When(Q(role_a__in=roles) | Q(role_b__in=roles), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-shares_role", "-published_on", "-pk")[:RELATED_ARTICLES]
    )


def meta_description(comparison: Comparison) -> str:
    text = plain_text(comparison.intro) or f"{comparison.title}: {comparison.subtitle}"
    return Truncator(" ".join(text.split())).chars(160)


def article_json_ld(request, comparison: Comparison, description: str) -> SafeString:
    url = request.build_absolute_uri(comparison.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": comparison.title,
        "description": description,
        "datePublished": comparison.published_on.isoformat() if comparison.published_on else None,
        "dateModified": comparison.updated_at.isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "about": [comparison.role_a.name, comparison.role_b.name],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    return script_json(
        {key: value for key, value in data.items() if value is not None}, compact=True
    )


def render_comparison(request, comparison: Comparison, *, preview: bool = False):
    article = build_article(comparison)
    description = meta_description(comparison)
    insights = salary_insights(comparison.roles)
    # The featured listings shown: a featured one going live may enter them.
    page_cache.changes_at(page_clock.next_featured_publication)
    context = {
        "comparison": comparison,
        "article": article,
        "role_a": comparison.role_a,
        "role_b": comparison.role_b,
        "insights": insights,
        "featured_jobs": featured_jobs_for(comparison.roles),
        "related": related_comparisons(comparison),
        "description": description,
        "absolute_url": request.build_absolute_uri(comparison.get_absolute_url()),
        "json_ld": article_json_ld(request, comparison, description),
        "preview": preview,
    }
    response = render(request, "careers/comparison_detail.html", context)
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def comparison_list(request):
    """Published comparisons, newest first, searchable by role name, paginated."""
    query = search_box_text(request.GET.get("q", ""))
    comparisons = Comparison.objects.published().as_cards().search(query).newest_first()
    page = Paginator(comparisons, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "comparisons": page.object_list, "query": query}
    return render(request, "careers/comparison_list.html", context)


@require_safe
def comparison_detail(request, slug):
    """A published comparison; drafts and scheduled articles are 404 for everyone here."""
    comparison = get_object_or_404(Comparison.objects.published().with_roles(), slug=slug)
    return render_comparison(request, comparison)


@never_cache
@require_safe
def comparison_preview(request, pk):
    """Any comparison, draft or scheduled, for staff who may view comparisons (noindex)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not can_preview(user, "careers.view_comparison"):
        raise Http404("No comparison here.")
    comparison = get_object_or_404(Comparison.objects.with_roles(), pk=pk)
    return render_comparison(request, comparison, preview=True)


@require_safe
def role_detail(request, slug):
    """A role's profile, the published comparisons it is in, and its open listings.

    A role that is in no published comparison (only in drafts or scheduled ones, or in none)
    has no public page: 404, and staff who may view comparisons see a preview (noindex,
    never cached), as they do articles."""
    role = get_object_or_404(Role, slug=slug)
    comparisons = list(Comparison.objects.published().involving([role]).as_links().newest_first())
    preview = not comparisons
    if preview and not can_preview(request.user, "careers.view_comparison"):
        raise Http404("No published comparison has this role.")
    keywords = ListingKeywords(role.listing_keywords)
    listings = list(
        Job.objects.visible()
        .with_card_data()
        .filter(keywords.condition())
        .order_by("-published_at", "-pk")[:ROLE_LISTINGS]
    )
    page_cache.changes_at(
        lambda: page_clock.next_publication(
            Job.objects.filter(status=Job.Status.PUBLISHED).filter(keywords.condition())
        )
    )
    context = {
        "role": role,
        "comparisons": comparisons,
        "listings": listings,
        "insight": salary_insights([role])[0],
        "preview": preview,
    }
    response = render(request, "careers/role_detail.html", context)
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response

"""Site-wide pages that belong to neither app: the home page, the health checks, the error
pages."""

import html
import sys
from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import get_current_timezone, is_aware
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careers.models import Comparison
from config import page_cache, page_clock
from jobs.models import Job


@require_safe
def home(request):
    """The front page: featured jobs, the latest comparison articles and a job search box."""
    context = {
        "featured_jobs": Job.objects.featured()
        .with_card_data()
        .order_by("-featured_until", "-published_at")[:6],
        "latest_comparisons": Comparison.objects.published().as_links().newest_first()[:5],
    }
    page_cache.changes_at(page_clock.next_featured_publication)
    return render(request, "home.html", context)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_answers() -> bool:
    try:
        cache.set("readyz:probe", "ok", timeout=10)
        return cache.get("readyz:probe") == "ok"
    except Exception:  # a cache backend raises its own errors (redis, OSError)
        return False


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a trivial query, 503 when it does not."""
    if not _database_answers():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_safe
def livez(request):
    """The process answers: no database, no cache (a load balancer's liveness probe)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Ready to serve: the database and the cache answer; 503 naming what does not."""
    checks = {
        "database": "ok" if _database_answers() else "unreachable",
        "cache": "ok" if _cache_answers() else "unreachable",
    }
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


def is_database_outage(error: BaseException | None) -> bool:
    """A database that cannot be reached (down, restarting, a connect or statement timeout),
    as opposed to a bug in a query."""
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    """handler500: while the database cannot be reached, 503 with ``Retry-After`` and the
    site's layout (the visitor should come back, a crawler should not drop the page); any other
    error, the 500 page. Both rendered with no database and no request context."""
    if is_database_outage(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(settings.DATABASE_OUTAGE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


@require_safe
def robots_txt(request):
    """Allow crawling of the public site, keep crawlers out of the admin, name the sitemap
    index (which names each section's pages)."""
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.index"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and crawlers that ask for /favicon.ico get the site's icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# The markup of django/contrib/sitemaps/templates/sitemap.xml, written out.
URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"


def sitemap_section(request, sitemaps, section):
    """A page of one sitemap section: Django's view (its pages, 404s and headers) with the
    XML written in Python, the same bytes as Django's template. The template engine took
    most of a page's time, its spaceless and its loop a few dozen microseconds per URL."""
    response = sitemap_views.sitemap(request, sitemaps, section=section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response


def urlset_xml(urls) -> str:
    timezone = get_current_timezone()
    escaped = {}  # changefreq and priority: a few values, escaped once

    def once(value) -> str:
        if value not in escaped:
            escaped[value] = html.escape(str(value))
        return escaped[value]

    parts = [URLSET_START]
    for url in urls:
        parts.append(f"<url><loc>{html.escape(url['location'])}</loc>")
        if lastmod := url.get("lastmod"):
            if isinstance(lastmod, datetime) and is_aware(lastmod):
                lastmod = lastmod.astimezone(timezone)
            parts.append(f"<lastmod>{lastmod.year:04d}-{lastmod.month:02d}-{lastmod.day:02d}")
            parts.append("</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{once(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{once(url['priority'])}</priority>")
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{html.escape(alternate["lang_code"])}" '
                f'href="{html.escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append(URLSET_END)
    return "".join(parts)

"""Site-wide pages that belong to neither app: the home page and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careers.models import Comparison
from jobs.models import Job


@require_safe
def home(request):
    """The front page: featured jobs, the latest comparison articles and a job search box."""
    context = {
        "featured_jobs": Job.objects.featured()
        .with_card_data()
        .order_by("-featured_until", "-published_at")[:6],
        "latest_comparisons": Comparison.objects.published().with_roles().newest_first()[:5],
    }
    return render(request, "home.html", context)


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a trivial query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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

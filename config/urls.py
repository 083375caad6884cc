"""The site's URLs: each app's own, the admin and a few site-wide pages."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from careers.sitemaps import SITEMAPS as CAREERS_SITEMAPS
from config import views
from config.page_cache import cached_page
from jobs.sitemaps import SITEMAPS as JOBS_SITEMAPS

SITEMAPS = {**JOBS_SITEMAPS, **CAREERS_SITEMAPS}

# 503 with Retry-After while the database cannot be reached, else the 500 page.
handler500 = "config.views.server_error"

urlpatterns = [
    path("", cached_page(views.home, clock="shown"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", cached_page(views.robots_txt, clock="none"), name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # /sitemap.xml is the index of the sections, each section is served in pages of at most
    # its Sitemap.limit URLs: /sitemap-jobs.xml, /sitemap-jobs.xml?p=2, ... (Django's names,
    # which the index view reverses by default).
    path(
        "sitemap.xml",
        cached_page(sitemap_views.index),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.index",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cached_page(views.sitemap_section),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("alerts.urls")),
    path("", include("clicks.urls")),  # /jobs/<id>/apply/: before the job page's <id>/<slug>/
    path("", include("jobs.urls")),
    path("", include("careers.urls")),
]

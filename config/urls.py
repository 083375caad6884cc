"""The site's URLs: each app's own, the admin and a few site-wide pages."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from careers.sitemaps import SITEMAPS as CAREERS_SITEMAPS
from config import views
from jobs.sitemaps import SITEMAPS as JOBS_SITEMAPS

SITEMAPS = {**JOBS_SITEMAPS, **CAREERS_SITEMAPS}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("", include("jobs.urls")),
    path("", include("careers.urls")),
]

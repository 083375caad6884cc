"""URLs of the careers app: comparison articles, role profiles, feeds."""

from django.urls import path

from careers import feeds, views
from config.page_cache import cached_page

app_name = "careers"

urlpatterns = [
    path("careers/", cached_page(views.comparison_list, clock="shown"), name="list"),
    path(
        "careers/feed/rss/", cached_page(feeds.ComparisonRssFeed(), clock="shown"), name="feed_rss"
    ),
    path(
        "careers/feed/atom/",
        cached_page(feeds.ComparisonAtomFeed(), clock="shown"),
        name="feed_atom",
    ),
    path("careers/preview/<int:pk>/", views.comparison_preview, name="preview"),
    path("careers/roles/<slug:slug>/", cached_page(views.role_detail, clock="shown"), name="role"),
    path(
        "careers/<slug:slug>/", cached_page(views.comparison_detail, clock="shown"), name="detail"
    ),
]

"""URLs of the careers app: comparison articles, role profiles, feeds."""

from django.urls import path

from careers import feeds, views

app_name = "careers"

urlpatterns = [
    path("careers/", views.comparison_list, name="list"),
    path("careers/feed/rss/", feeds.ComparisonRssFeed(), name="feed_rss"),
    path("careers/feed/atom/", feeds.ComparisonAtomFeed(), name="feed_atom"),
    path("careers/preview/<int:pk>/", views.comparison_preview, name="preview"),
    path("careers/roles/<slug:slug>/", views.role_detail, name="role"),
    path("careers/<slug:slug>/", views.comparison_detail, name="detail"),
]

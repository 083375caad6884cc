"""URLs of the jobs app: listings, companies, feeds and salary insights."""

from django.urls import path

from config.page_cache import cached_page
from jobs import feeds, views
from jobs.salaries import views as salary_views

app_name = "jobs"

urlpatterns = [
    path("jobs/", cached_page(views.JobListView.as_view()), name="list"),
    path("jobs/feed/rss/", cached_page(feeds.JobRssFeed()), name="feed_rss"),
    path("jobs/feed/atom/", cached_page(feeds.JobAtomFeed()), name="feed_atom"),
    path("jobs/<int:pk>/", cached_page(views.job_detail, clock="shown"), name="detail_noslug"),
    path("jobs/<int:pk>/<slug:slug>/", cached_page(views.job_detail, clock="shown"), name="detail"),
    path(
        "companies/<slug:slug>/", cached_page(views.company_detail, clock="shown"), name="company"
    ),
    path("salaries/", cached_page(salary_views.salary_index, clock="none"), name="salary_index"),
    path(
        "salaries/<slug:slug>/",
        cached_page(salary_views.salary_detail, clock="none"),
        name="salary_detail",
    ),
]

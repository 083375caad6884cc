"""URLs of the jobs app: listings, companies, feeds and salary insights."""

from django.urls import path

from jobs import feeds, salary_views, views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="list"),
    path("jobs/feed/rss/", feeds.JobRssFeed(), name="feed_rss"),
    path("jobs/feed/atom/", feeds.JobAtomFeed(), name="feed_atom"),
    path("jobs/<int:pk>/", views.job_detail, name="detail_noslug"),
    path("jobs/<int:pk>/<slug:slug>/", views.job_detail, name="detail"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("salaries/", salary_views.salary_index, name="salary_index"),
    path("salaries/<slug:slug>/", salary_views.salary_detail, name="salary_detail"),
]

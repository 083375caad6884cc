"""URLs of the API, under /api/v1/ (config/urls.py).

Every view is anonymous and read-only; each answer passes, outermost first, CORS
(``api.cors``: ``Access-Control-Allow-Origin: *``), the client's rate limit
(``api.throttling``, answers from the cache included) and the page cache
(``config.page_cache.cached_page``, with the clock that changes the answer, as the pages).
"""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from api import views
from api.cors import cors
from api.docs import ApiDocsView
from api.throttling import throttled
from config.page_cache import cached_page

app_name = "api"


def public(view, clock):
    return cors(throttled(cached_page(view, clock=clock)))


urlpatterns = [
    path("jobs/", public(views.JobListView.as_view(), "listings"), name="jobs"),
    path("jobs/<int:pk>/", public(views.JobDetailView.as_view(), "shown"), name="job"),
    path("companies/<slug:slug>/", public(views.CompanyView.as_view(), "shown"), name="company"),
    path("salaries/<slug:slug>/", public(views.SalaryView.as_view(), "none"), name="salary"),
    path("schema/", public(SpectacularJSONAPIView.as_view(), "none"), name="schema"),
    path("docs/", throttled(ApiDocsView.as_view()), name="docs"),
]

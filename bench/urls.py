"""URLs of the load test (bench/settings.py): production's patterns plus one bare view.

``/bench/bare/`` answers "ok" through the same middleware as every page (sessions, CSRF,
CSP, security headers) but with no database query and no template: the requests per second
of a page divided by those of this view say what the page itself costs.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401 - production's error pages (503 on outages)
from config.urls import urlpatterns as production_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [*production_urlpatterns, path("bench/bare/", bare, name="bench_bare")]

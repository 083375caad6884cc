"""The Apply button's redirect: it counts the click, then sends the visitor on.

``/jobs/<id>/apply/`` answers only for a listing that is visible now, and only with that
listing's own stored apply URL or a ``mailto:`` link to its apply email (no parameter names a
destination: it cannot be made an open redirect). Anything else is the 404 page. Every answer
is ``Cache-Control: no-store`` (a cached redirect would be followed without being counted) and
``X-Robots-Tag: noindex``. A click that cannot be counted is logged and redirected anyway.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from clicks.bots import is_counted
from clicks.counting import count_click
from core.links import is_http_url
from jobs.models import Job
from jobs.views import apply_href

logger = logging.getLogger(__name__)


class ApplyRedirect(HttpResponseRedirect):
    """A 302 to a web page or a ``mailto:`` link (Django's own allows http, https and ftp)."""

    allowed_schemes = ["http", "https", "mailto"]


def not_stored(view):
    """Every answer of ``view`` (redirect, 404, 405) kept by no cache and indexed by no engine."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


@not_stored
@require_safe
def apply(request, pk: int):
    """Count a person's click on a visible listing's Apply button and redirect (302) to where
    it applies; robots and HEAD requests are redirected without being counted."""
    job = (
        Job.objects.visible(timezone.now())
        .filter(pk=pk)
        .only("pk", "apply_url", "apply_email")
        .first()
    )
    target = apply_href(job) if job is not None else ""
    # Only an http(s) page or the mailto: link made from the listing's address (the model's
    # validators refuse anything else; a row from before them is not followed).
    if not target or (job.apply_url and not is_http_url(job.apply_url)):
        return page_not_found(request, Http404("No open listing with this id."))
    if is_counted(request):
        try:
            count_click(job.pk)
        except DatabaseError:
            logger.warning("Apply click on listing %s not counted", job.pk, exc_info=True)
    return ApplyRedirect(target)

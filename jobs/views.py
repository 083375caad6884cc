"""Views of the jobs app: the filtered list, a listing, a company."""

from django.http import Http404
from django.views.generic import TemplateView


class JobListView(TemplateView):
    """The filtered, paginated list of visible listings (being built: issue 3, list slice)."""

    template_name = "jobs/job_list.html"


def job_detail(request, pk, slug=None):
    """One listing (being built: issue 3, detail slice)."""
    raise Http404("Not built yet")


def company_detail(request, slug):
    """A company and its open listings (being built: issue 3, detail slice)."""
    raise Http404("Not built yet")

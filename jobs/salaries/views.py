"""The salary pages: the list of survey job titles and one title's pay figures."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.text import search_box_text
from jobs.salaries.forms import SalaryFilterForm
from jobs.salaries.models import SalarySnapshot, SalaryTitle
from jobs.salaries.stats import MIN_REPORTS, breakdown

ATTRIBUTION = "Salary data: aijobs.net salary survey (CC0)"
TITLES_PER_PAGE = 50
MAX_QUERY_LENGTH = 100


@require_safe
def salary_index(request):
    """Survey job titles, the most reported first, searchable with ``?q=``. Three queries."""
    # Control characters (a NUL byte breaks a PostgreSQL query) are dropped with the spaces.
    words = search_box_text(request.GET.get("q", "")).split()
    query = " ".join(words)[:MAX_QUERY_LENGTH]
    titles = SalaryTitle.objects.most_reported().search(query)
    page = Paginator(titles, TITLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "page_obj": page,
        "snapshot": SalarySnapshot.objects.first(),
        "min_reports": MIN_REPORTS,
        "attribution": ATTRIBUTION,
    }
    return render(request, "jobs/salary_index.html", context)


def title_breakdown(salary_title: SalaryTitle, lookups: dict):
    """The figures of a title's reports that match ``lookups`` (``SalaryFilterForm``'s): what
    its page shows, and the API (one query)."""
    # In amount order: each group breakdown() sorts is then sorted already (a single pass).
    reports = (
        salary_title.reports.filter(**lookups)
        .order_by("salary_in_usd")
        .values_list("salary_in_usd", "experience_level", "work_year")
    )
    return breakdown(reports)


@require_safe
def salary_detail(request, slug):
    """One survey title's pay figures, filtered by the GET form. Two queries."""
    salary_title = get_object_or_404(SalaryTitle.objects.select_related("snapshot"), slug=slug)
    form = SalaryFilterForm(request.GET or None, salary_title=salary_title)
    lookups, ignored = form.active_filters() if form.is_bound else ({}, [])
    figures = title_breakdown(salary_title, lookups)
    country_name = form.chosen_label("country") if form.is_bound else ""
    context = {
        "salary_title": salary_title,
        "snapshot": salary_title.snapshot,
        "form": form,
        "ignored": ignored,
        "filtered": bool(lookups),
        # The valid filters only, for links that change one of them.
        "chosen_values": form.chosen_values() if form.is_bound else {},
        "place": country_name or "global",
        "breakdown": figures,
        "min_reports": MIN_REPORTS,
        "attribution": ATTRIBUTION,
    }
    return render(request, "jobs/salary_detail.html", context)

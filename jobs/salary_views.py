"""The salary pages: the list of survey job titles and one title's pay figures."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django_countries import countries

from core.text import search_box_text
from jobs import salaries
from jobs.models import (
    SURVEY_EMPLOYMENT_TYPES,
    RemoteRatio,
    SalarySnapshot,
    SalaryTitle,
    Seniority,
)

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
        "min_reports": salaries.MIN_REPORTS,
        "attribution": salaries.ATTRIBUTION,
    }
    return render(request, "jobs/salary_index.html", context)


class QuickSelect(forms.Select):
    """A select rendered in Python with the markup of Django's own templates: the country
    select of a title page has up to 90 options, and the template engine rendered each of
    them as an include (a third of the page's time)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'\n  <option value="{escape(option["value"])}"{attributes(option["attrs"])}>'
            f"{escape(option['label'])}</option>\n"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return mark_safe(
            f'<select name="{escape(widget["name"])}"{attributes(widget["attrs"])}>'
            f"{options}\n</select>"
        )


def attributes(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class SalaryFilterForm(forms.Form):
    """The filters of a title page. Choices are codes; a value that is not one is ignored."""

    country = forms.ChoiceField(label="Company country", required=False, widget=QuickSelect)
    experience = forms.ChoiceField(
        label="Experience level",
        required=False,
        choices=[("", "Any experience level"), *Seniority.choices],
        widget=QuickSelect,
    )
    employment_type = forms.ChoiceField(
        label="Employment type",
        required=False,
        widget=QuickSelect,
        choices=[
            ("", "Any employment type"),
            *((code.value, code.label) for code in SURVEY_EMPLOYMENT_TYPES),
        ],
    )
    remote_ratio = forms.ChoiceField(
        label="Remote work",
        required=False,
        widget=QuickSelect,
        choices=[("", "Any"), *((str(value), label) for value, label in RemoteRatio.choices)],
    )
    year = forms.ChoiceField(label="Year", required=False, widget=QuickSelect)

    # Form field -> SalaryReport lookup.
    LOOKUPS = {
        "country": "company_location",
        "experience": "experience_level",
        "employment_type": "employment_type",
        "remote_ratio": "remote_ratio",
        "year": "work_year",
    }

    def __init__(self, *args, salary_title: SalaryTitle, **kwargs):
        super().__init__(*args, **kwargs)
        country_names = dict(countries)
        present = sorted(
            ((code, country_names.get(code, code)) for code in salary_title.countries),
            key=lambda choice: choice[1],
        )
        self.fields["country"].choices = [("", "All countries (global)"), *present]
        self.fields["year"].choices = [
            ("", "All years"),
            *((str(year), str(year)) for year in reversed(salary_title.years)),
        ]

    def active_filters(self) -> tuple[dict, list[tuple[str, str]]]:
        """The valid filters as SalaryReport lookups, and for each ignored value the id its
        select refers to (aria-describedby) and a message."""
        self.is_valid()
        lookups = {}
        ignored = []
        for name, lookup in self.LOOKUPS.items():
            if name in self.errors:
                value = str(self.data.get(name, ""))[:40]
                label = self.fields[name].label.lower()
                ignored.append(
                    (
                        f"{self[name].auto_id}_error",
                        f"Ignored the {label} filter: “{value}” is not one of its choices.",
                    )
                )
            elif self.cleaned_data.get(name):
                value = self.cleaned_data[name]
                lookups[lookup] = int(value) if name in ("remote_ratio", "year") else value
        return lookups, ignored

    def chosen_values(self) -> dict[str, str]:
        """The valid, non-empty filter values by parameter name."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.LOOKUPS if cleaned.get(name)}

    def chosen_label(self, name: str) -> str:
        """The label of a valid chosen value, e.g. "Germany" for the country "DE"."""
        value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return dict(self.fields[name].choices).get(value, "") if value else ""


@require_safe
def salary_detail(request, slug):
    """One survey title's pay figures, filtered by the GET form. Two queries."""
    salary_title = get_object_or_404(SalaryTitle.objects.select_related("snapshot"), slug=slug)
    form = SalaryFilterForm(request.GET or None, salary_title=salary_title)
    lookups, ignored = form.active_filters() if form.is_bound else ({}, [])
    # In amount order: each group breakdown() sorts is then sorted already (a single pass).
    reports = (
        salary_title.reports.filter(**lookups)
        .order_by("salary_in_usd")
        .values_list("salary_in_usd", "experience_level", "work_year")
    )
    figures = salaries.breakdown(reports)
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
        "min_reports": salaries.MIN_REPORTS,
        "attribution": salaries.ATTRIBUTION,
    }
    return render(request, "jobs/salary_detail.html", context)

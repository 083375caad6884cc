"""The filters of a title's salary page, and the quick select they are shown with."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries

from jobs.choices import Seniority
from jobs.salaries.models import SURVEY_EMPLOYMENT_TYPES, RemoteRatio, SalaryTitle


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

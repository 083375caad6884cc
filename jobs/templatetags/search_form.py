"""``{% load search_form %}``: parts of the job search form built once per process."""

from functools import cache
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jobs.countries import country_choices

register = template.Library()


@cache
def _country_options(language: str | None) -> tuple[tuple[str, str], ...]:
    """(code, <option>) of every country, by name, in ``language`` (jobs.countries' table)."""
    return tuple(
        (code, f'<option value="{escape(code)}">{escape(name)}</option>')
        for code, name in country_choices()
    )


@register.simple_tag
def every_country_option(selected: str = "") -> str:
    """An <option> per country, by name, the selected one marked: the "I can work from" select
    (every country, whether or not a listing is located there)."""
    return mark_safe(
        "".join(
            option.replace('">', '" selected>', 1) if code == selected else option
            for code, option in _country_options(get_language())
        )
    )


# The facet options of the form, written here rather than by template loops: forty options,
# each five or six variables, cost the template engine more than the rest of the form. The
# white space around each option is the template's, so the page reads as before.
_CHECKBOX = (
    '\n          <label class="facet-option"><input type="checkbox" id="{name}-{value}" '
    'name="{name}" value="{value}"{checked}> {label} <span class="facet-count">({count})'
    "</span></label>\n        "
)
_COUNTRY_OPTION = (
    '\n            <option value="{value}"{selected}>{label} ({count})</option>\n          '
)


@register.simple_tag
def facet_checkboxes(name: str, options) -> str:
    """A checkbox per option of a facet (jobs.search.facets.FacetOption), with its count."""
    name = escape(name)
    return mark_safe(
        "".join(
            _CHECKBOX.format(
                name=name,
                value=escape(option.value),
                checked=" checked" if option.selected else "",
                label=conditional_escape(option.label),
                count=option.count,
            )
            for option in options
        )
    )


@register.simple_tag
def facet_country_options(options) -> str:
    """An <option> per country of the country facet, with its count."""
    return mark_safe(
        "".join(
            _COUNTRY_OPTION.format(
                value=escape(option.value),
                selected=" selected" if option.selected else "",
                label=conditional_escape(option.label),
                count=option.count,
            )
            for option in options
        )
    )

"""``{% load search_form %}``: parts of the job search form built once per process."""

from functools import cache
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django_countries import countries

register = template.Library()


@cache
def _country_options() -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, f'<option value="{escape(code)}">{escape(str(name))}</option>')
        for code, name in countries
    )


@register.simple_tag
def every_country_option(selected: str = "") -> str:
    """An <option> per country, by name, the selected one marked: the "I can work from" select
    (every country, whether or not a listing is located there)."""
    return mark_safe(
        "".join(
            option.replace('">', '" selected>', 1) if code == selected else option
            for code, option in _country_options()
        )
    )

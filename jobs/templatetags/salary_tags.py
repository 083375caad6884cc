"""Template tags of the salary insights: amounts in USD and a listing's pay comparison."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jobs.salaries.stats import whole_usd

register = template.Library()


@register.filter
def usd(amount) -> str:
    """A yearly USD figure as the salary pages show it: 152000.5 -> "152,001 USD"."""
    if amount is None or amount == "":
        return ""
    return f"{whole_usd(amount):,} USD"


@register.simple_tag
def salary_position(comparison):
    """Where a listing's yearly USD range sits against the survey's median for its survey
    title and seniority (``jobs.salaries.lookups.listing_comparison``, computed by the view),
    with a link to the title's salary page; nothing for None (no salary, or no such reports).
    No query: the template shows what its view computed."""
    if comparison is None:
        return ""
    subject = "This salary" if comparison.single_amount else "This range"
    reports = f"{comparison.count:,} report{'' if comparison.count == 1 else 's'}"
    caution = ""
    if comparison.too_few:
        caution = mark_safe(
            ' <strong class="salary-caution">Too few reports to be reliable.</strong>'
        )
    return format_html(
        '<p class="salary-position salary-position-{position}">{subject} is {position} the '
        "median of {median} for {people} ({reports}).{caution} "
        '<a href="{url}">Salaries for {title}</a></p>',
        position=comparison.position,
        subject=subject,
        median=usd(comparison.median_usd),
        people=comparison.people,
        reports=reports,
        caution=caution,
        url=comparison.url,
        title=comparison.title,
    )

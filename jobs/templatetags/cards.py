"""``{% load cards %}`` then ``{% job_card job %}``: a listing as every list shows it.

The card is written here in Python rather than in a template: a list page shows 25 of them,
and the template engine's variable lookups made up most of the page's time
(bench/README.md). Expects a listing from ``Job.objects...with_card_data()`` (company and
skill names come with it).
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from config import page_cache
from jobs.choices import EMPLOYMENT_LABELS, SENIORITY_LABELS, label_of

register = template.Library()

SKILLS_SHOWN = 5


def posted_on(published) -> tuple[str, str]:
    """The ``date`` filter's "Y-m-d\\TH:i:sO" and "j F Y" of a local datetime."""
    return (
        f"{published:%Y-%m-%dT%H:%M:%S}{published:%z}",
        f"{published.day} {MONTHS[published.month]} {published.year}",
    )


@register.simple_tag
def job_card(job) -> str:
    featured = job.is_featured()
    page_cache.listing_shown(job)
    company = job.company
    salary = (
        f'<li class="salary">{escape(job.salary_display)}</li>'
        if job.has_salary
        else "<li>No salary given</li>"
    )
    # A minimum and a maximum given (Job.pay_range_posted): said in words, not by colour alone.
    pay_range = (
        '\n      <li><span class="badge badge-pay-range">Pay range posted</span></li>'
        if job.pay_range_posted
        else ""
    )
    if job.published_at:
        machine, human = posted_on(timezone.localtime(job.published_at))
    else:
        machine = human = ""
    posted = f'<time datetime="{machine}" title="Posted {human}">{escape(job.age_display)}</time>'
    skills = job.card_skill_names()
    skill_list = (
        '\n    <ul class="job-card-skills" aria-label="Skills">'
        + "".join(f"<li>{escape(name)}</li>" for name in skills[:SKILLS_SHOWN])
        + "</ul>\n    "
        if skills
        else ""
    )
    return mark_safe(
        f'\n\n<article class="job-card{" is-featured" if featured else ""}">\n'
        f'  <span class="job-card-initials" aria-hidden="true">{escape(company.initials)}</span>\n'
        f'  <div class="job-card-body">\n'
        f'    <h3><a href="{escape(job.get_absolute_url())}">{escape(job.title)}</a>'
        f"{' <span class="badge">Featured</span>' if featured else ''}</h3>\n"
        f'    <p class="company"><a href="{escape(company.get_absolute_url())}">'
        f"{escape(company.name)}</a> · {escape(job.location_display)}</p>\n"
        f'    <ul class="job-meta">\n'
        f"      <li>{escape(label_of(EMPLOYMENT_LABELS, job.employment_type))}"
        "</li>\n"
        f"      <li>{escape(label_of(SENIORITY_LABELS, job.seniority))}</li>\n"
        f"      {salary}{pay_range}\n"
        f"      <li>{posted}</li>\n"
        f"    </ul>\n"
        f"    {skill_list}\n"
        f"  </div>\n"
        f"</article>\n\n"
    )


@register.simple_tag
def job_cards(jobs, empty: str = "") -> str:
    """``{% job_cards jobs %}``: the cards of these listings as a list, as every list of
    listings on the site shows them. With ``empty``, no listings show that sentence and a link
    to all jobs."""
    if not jobs and empty:
        link = f'<a href="{escape(reverse("jobs:list"))}">Browse all jobs</a>'
        return mark_safe(f'<p class="empty-state">{escape(empty)} {link}.</p>')
    cards = "".join(f"<li>{job_card(job)}</li>" for job in jobs)
    return mark_safe(f'<ul class="job-list">{cards}</ul>')

"""“Add from a job page”: the editor pastes a job page's address, the site fetches the page
(``core.outbound``: public addresses only, limits), reads its JobPosting
(``jobs.importing.jobposting``) and opens the standard add form filled with it.

A typical page makes a listing in five interactions: the button on the listings' list, paste
the address, submit, review (choose what the notes ask for: the seniority, a new company),
save.

The values travel to the add form in the session, under a one-time key named by the add
form's ``?from_page=`` parameter (``JobAdmin.get_changeform_initial_data`` takes them with
``changeform_initial``), not in the query string: a description of a few thousand words would
make an address of tens of kilobytes once percent-encoded, past what browsers, proxies and
servers accept (nginx's default header buffers hold 8 kB).
"""

from __future__ import annotations

import re
import secrets
from http import HTTPStatus
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

from core import outbound
from jobs.importing import jobposting

SESSION_PREFIX = "jobs.add_from_page."
# The pages read and not yet opened in the add form that a session keeps at most.
SESSION_KEPT = 5
TOKEN_PARAMETER = "from_page"
# A job page is HTML: a few hundred kilobytes, some megabytes with inline scripts.
PAGE_MAX_BYTES = 5_000_000
PAGE_TIMEOUT_SECONDS = 10.0
PAGE_MAX_REDIRECTS = 5
HTML_TYPES = {"text/html", "application/xhtml+xml"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class JobPageForm(forms.Form):
    url = forms.CharField(
        label="Address of the job's page",
        max_length=2000,
        widget=forms.URLInput(attrs={"size": 80, "autofocus": True, "inputmode": "url"}),
        help_text=(
            "A job's own page at the employer or its applicant-tracking system (Greenhouse, "
            "Lever, Workday, Ashby, ...), such as https://boards.example.com/acme/jobs/123."
        ),
    )

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not SCHEME.match(url):
            url = f"https://{url.removeprefix('//')}"  # "boards.example.com/..." as typed
        return url


class PageError(Exception):
    """The page was fetched but is not one to read (an error status, not HTML)."""


def add_from_page_view(model_admin, request):
    """The form with the address; on submit, the filled add form (or the error on the form)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    form = JobPageForm(request.POST if request.method == "POST" else None)
    no_posting = False
    if form.is_bound and form.is_valid():
        url = form.cleaned_data["url"]
        try:
            page = fetch_job_page(url)
            reading = jobposting.read_job_page(page_text(page), page.url)
        except outbound.OutboundError as error:
            form.add_error("url", error.reason)
        except PageError as error:
            form.add_error("url", str(error))
        except jobposting.NoJobPosting as error:
            form.add_error("url", f"{error.reason} Write the listing in the empty form instead.")
            no_posting = True
        else:
            token = keep(request, reading, page.url)
            tell(request, reading, page.url)
            return redirect(f"{add_url}?{urlencode({TOKEN_PARAMETER: token})}")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Add a listing from a job page",
        "opts": opts,
        "form": form,
        "no_posting": no_posting,
        "add_url": add_url,
    }
    return TemplateResponse(request, "admin/jobs/job/add_from_page.html", context)


def fetch_job_page(url: str) -> outbound.Response:
    response = outbound.fetch(
        url,
        timeout=PAGE_TIMEOUT_SECONDS,
        max_bytes=PAGE_MAX_BYTES,
        max_redirects=PAGE_MAX_REDIRECTS,
        headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
    )
    if response.status != 200:
        try:
            phrase = f" ({HTTPStatus(response.status).phrase})"
        except ValueError:
            phrase = ""
        raise PageError(
            f"The page answered with status {response.status}{phrase}, not the job's page: "
            "check the address."
        )
    if response.content_type and response.content_type not in HTML_TYPES:
        raise PageError(
            f"The address gives a file of type {response.content_type}, not a web page: "
            "paste the address of the job's page."
        )
    return response


def page_text(page: outbound.Response) -> str:
    """The page's text: by the Content-Type's charset, else the page's own <meta charset>."""
    if "charset=" not in page.headers.get("content-type", "").lower():
        declared = META_CHARSET.search(page.body[:4096])
        if declared:
            try:
                return page.body.decode(declared.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
    return page.text()


def keep(request, reading: jobposting.Reading, url: str) -> str:
    """Keep the form's values in the session under a new one-time key; return the key."""
    # A session has keys() but cannot be iterated itself.
    kept = [key for key in request.session.keys() if key.startswith(SESSION_PREFIX)]  # noqa: SIM118
    for key in kept[: max(0, len(kept) - SESSION_KEPT + 1)]:
        del request.session[key]
    token = secrets.token_urlsafe(12)
    request.session[SESSION_PREFIX + token] = {"initial": reading.initial, "url": url}
    return token


def tell(request, reading: jobposting.Reading, url: str) -> None:
    """The notes for the editor, shown above the add form."""
    messages.success(
        request,
        format_html("Read the job page {}: check every field, then save.", url),
    )
    for note in reading.notes:
        if note == reading.company_note and reading.new_company:
            note = company_note(request, reading)
        messages.warning(request, note)


def company_note(request, reading: jobposting.Reading):
    """The note about a new company, with a link to the company form filled with it.

    The link opens in a new tab: the listing form, filled, stays where it is; the editor adds
    the company there and then picks it in the listing's Company field.
    """
    name, website = reading.new_company
    if not request.user.has_perm("jobs.add_company"):
        return f"{reading.company_note} Ask an editor who may add companies to add it."
    query = urlencode({"name": name, "website": website} if website else {"name": name})
    return format_html(
        '{} <a href="{}?{}" target="_blank" rel="noopener">Add “{}” as a company '
        "(opens in a new tab)</a>.",
        reading.company_note,
        reverse("admin:jobs_company_add"),
        query,
        name,
    )


def changeform_initial(request, initial: dict) -> dict:
    """The add form's initial values, with those of a job page when ``?from_page=`` names
    values kept in the session (taken once: the key is then gone)."""
    token = initial.pop(TOKEN_PARAMETER, None)
    if not token:
        return initial
    kept = request.session.pop(SESSION_PREFIX + str(token), None)
    if not isinstance(kept, dict):
        messages.warning(
            request,
            "The values read from the job page were used already (or the session ended): "
            "add from the page again to fill the form.",
        )
        return initial
    values = dict(kept.get("initial") or {})
    if values.get("expires_at"):
        values["expires_at"] = parse_datetime(values["expires_at"])
    return {**initial, **values}

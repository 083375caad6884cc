"""Survey titles: matching keys, the titles a listing's title may contain, and the check of an
editor's choice of survey title.

A listing is compared with the survey title its editor set (``checked_survey_title``), else
with the longest survey title contained, case-insensitive and as whole words, in its title
without its seniority words: "Lead Data Engineer (AI)" gives "Data Engineer" even though the
survey also has "Lead Data Engineer". ``contained_keys`` gives the keys to look up and
``longest_title`` picks among the titles found (``jobs.salaries.lookups.listing_comparison``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches

from django.core.exceptions import ValidationError

from jobs.salaries.models import SalaryTitle

# Words (letters and digits) and single signs ("&", "/", "+", "("): the units of matching.
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
# No survey title has more tokens than this; longer runs of a listing title are not tried.
MAX_TITLE_TOKENS = 12
# A listing title's first tokens that are matched (titles are at most 200 characters).
MAX_LISTING_TOKENS = 60


def title_key(text: str) -> str:
    """A title's matching key: lower case, words and signs separated by single spaces.

    "Admin & Data  Analyst" gives "admin & data analyst"; "Lead Data Engineer (AI)" gives
    "lead data engineer ( ai )".
    """
    return " ".join(_TOKEN.findall(text.casefold()))


# Seniority words of a listing's title. Seniority is compared separately (the listing's
# seniority against the survey's experience level), so they are not part of its survey title:
# "Lead Data Engineer (AI)" is a Data Engineer at a senior level. "Head" names a role: kept.
SENIORITY_WORDS = frozenset(
    ["lead", "senior", "sr", "jr", "junior", "staff", "principal", "associate"]
)
# "Entry-level", "mid-level" (also written with a space).
SENIORITY_PREFIXES = frozenset(["entry", "mid"])


def _without_seniority(tokens: list[str]) -> list[str]:
    """A title's tokens without its seniority words ("sr." with its dot, "entry-level")."""
    kept = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token in SENIORITY_WORDS:
            position += 1
            if token in ("sr", "jr") and tokens[position : position + 1] == ["."]:
                position += 1
            continue
        if token in SENIORITY_PREFIXES:
            rest = tokens[position + 1 : position + 3]
            if rest == ["-", "level"]:
                position += 3
                continue
            if rest[:1] == ["level"]:
                position += 2
                continue
        kept.append(token)
        position += 1
    return kept


def contained_keys(job_title: str) -> list[str]:
    """The keys of every run of whole words in a listing's title without its seniority words:
    the survey titles it may contain."""
    tokens = _without_seniority(_TOKEN.findall(job_title.casefold()))[:MAX_LISTING_TOKENS]
    keys = {
        " ".join(tokens[start:end])
        for start in range(len(tokens))
        for end in range(start + 1, min(len(tokens), start + MAX_TITLE_TOKENS) + 1)
    }
    return sorted(keys)


def longest_title(candidates: Iterable[dict]) -> dict | None:
    """The candidate with the longest title (then the most reports, then alphabetical)."""
    return min(
        candidates,
        key=lambda row: (-len(row["title"]), -row["report_count"], row["title"]),
        default=None,
    )


# How many close survey titles an editor's unknown survey title is answered with.
MAX_CLOSE_TITLES = 5
LEAVE_EMPTY = "Leave it empty to use the survey title in the listing\u2019s title."


def checked_survey_title(text: str) -> str:
    """An editor's survey title for a listing: "" when empty (the listing's title is matched
    instead), else the survey's own spelling of it (any case and spacing). ValidationError
    naming up to 5 close matches when the survey has no such title. One or two queries."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    same = SalaryTitle.objects.filter(title_key=title_key(text)).values_list("title", flat=True)
    if title := same.first():
        return title
    spellings: dict[str, str] = {}
    for title in SalaryTitle.objects.most_reported().values_list("title", flat=True):
        spellings.setdefault(title.casefold(), title)
    if not spellings:
        raise ValidationError(
            f"No salary survey is loaded, so no survey title can be chosen yet. {LEAVE_EMPTY}"
        )
    close = get_close_matches(text.casefold(), list(spellings), n=MAX_CLOSE_TITLES)
    if not close:
        raise ValidationError(
            f"\u201c{text}\u201d is not a job title of the salary survey, nor close to one. "
            + LEAVE_EMPTY
        )
    raise ValidationError(
        f"\u201c{text}\u201d is not a job title of the salary survey. Close matches: "
        + ", ".join(spellings[key] for key in close)
        + "."
    )

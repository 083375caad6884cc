"""The seed form's parts: its sections and line shapes, and what a parsed article holds."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from careers.models import ROLE_LIST_FIELDS


class ArticleFormatError(ValueError):
    """The text is not a comparison article in the seed's form."""


# The article's sections in their order: (key, heading pattern, the role list it fills).
SECTIONS = [
    ("definitions", r"definitions?", None),
    ("responsibilities", r"(?:key )?responsibilities", "responsibilities"),
    ("skills", r"(?:required )?skills", "skills"),
    ("education", r"educational backgrounds?|education", "education"),
    ("tools", r"tools and software(?: used)?|tools", "tools"),
    ("industries", r"(?:common )?industries", "industries"),
    ("outlook", r"(?:job )?outlooks?", None),
    ("tips", r"practical tips(?: for getting started)?|tips for getting started", "tips"),
    ("conclusion", r"conclusions?", None),
]
SECTION_NAMES = {
    "definitions": "Definitions",
    "responsibilities": "Responsibilities",
    "skills": "Required Skills",
    "education": "Educational Backgrounds",
    "tools": "Tools and Software Used",
    "industries": "Common Industries",
    "outlook": "Outlooks",
    "tips": "Practical Tips for Getting Started",
    "conclusion": "Conclusion",
}
HEADING_PATTERNS = [
    (key, re.compile(rf"^(?:{pattern})$", re.IGNORECASE), role_field)
    for key, pattern, role_field in SECTIONS
]

READ_TIME_LINE = re.compile(
    r"^(\d+)\s*min(?:ute)?s?\s+read\s*(?:[·•|\-\u2013\u2014])\s*(.+)$", re.I
)
BULLET_LINE = re.compile(r"^[\u2022\u25e6*\-\u2013]\s*(.*)$")
# A whole line of the page's sidebar: "Featured Job" (with an emoji, or the emoji's mojibake,
# after it), "Salary Insights" or "Related articles".
SIDEBAR_LINE = re.compile(
    r"^(?:featured jobs?(?:\s*[^\x00-\x7f]{1,8})?|salary insights|related articles)$", re.I
)
SALARY_LINK_LINE = re.compile(r"^view salary info for (.+?)\s*\(([^)]*)\)", re.I)
TITLE_SEPARATOR = re.compile(r"\s+(?:vs\.?|versus)\s+", re.I)
DATE_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
NOT_ARTICLE_TEXT = {"table of contents"}


@dataclass
class ParsedRole:
    name: str
    definition: str = ""
    lists: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in ROLE_LIST_FIELDS})
    tips_intro: str = ""
    salary_title: str = ""


@dataclass
class ParsedArticle:
    title: str
    subtitle: str
    published_on: datetime.date
    intro: str
    outlook: str
    conclusion: str
    roles: list[ParsedRole]


def parse_date(text: str) -> datetime.date:
    """ "Dec. 6, 2023", "Sept. 14, 2024", "March 3, 2024" or "2024-03-03"."""
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    match = DATE_TEXT.match(text)
    month = MONTHS.get(match.group(1)[:3].lower()) if match else None
    if month is None:
        raise ArticleFormatError(f"the date \u201c{text}\u201d is not a date like Dec. 6, 2023")
    try:
        return datetime.date(int(match.group(3)), month, int(match.group(2)))
    except ValueError as error:
        raise ArticleFormatError(f"the date \u201c{text}\u201d does not exist") from error


def paragraphs(lines: list[str]) -> list[str]:
    """Blocks of consecutive non-blank lines, each joined into one line."""
    blocks, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def normalize_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def blocks_and_bullets(lines: list[str]) -> list[str]:
    """Each bullet line on its own; other lines grouped into paragraphs."""
    blocks, current = [], []
    for raw in [*lines, ""]:
        line = raw.strip()
        if BULLET_LINE.match(line) or not line:
            if current:
                blocks.append(" ".join(current))
                current = []
            if line:
                blocks.append(line)
        else:
            current.append(line)
    return blocks

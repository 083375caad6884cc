"""What a comparison article shows, section by section, in the order of the seed page.

The page template only walks ``ArticleLayout.sections`` (and renders Markdown with
``{% load markup %}``); this module decides which sections
and per-role parts exist (an empty list is left out, a section with nothing in it too) and
how long the article takes to read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from careers.models import Comparison, Role
from jobs.markup import plain_text

WORDS_PER_MINUTE = 250
# A token is a word when it has a letter or a digit (count_words).
WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class ListSection:
    """A section made of one list per role: (anchor id, heading, role field, sub-heading)."""

    anchor: str
    heading: str
    field: str
    role_heading: str  # "{name} Responsibilities"


# The seed page's sections, in its order. Definitions, Outlooks, Practical Tips and
# Conclusion have their own shapes; the others are one list per role.
DEFINITIONS = ("definitions", "Definitions")
LIST_SECTIONS = (
    ListSection("responsibilities", "Responsibilities", "responsibilities", "{} Responsibilities"),
    ListSection("required-skills", "Required Skills", "skills", "{} Skills"),
    ListSection(
        "educational-backgrounds",
        "Educational Backgrounds",
        "education",
        "{} Educational Background",
    ),
    ListSection("tools-and-software", "Tools and Software Used", "tools", "{} Tools and Software"),
    ListSection("common-industries", "Common Industries", "industries", "{} Industries"),
)
OUTLOOKS = ("outlooks", "Outlooks")
TIPS = ("practical-tips", "Practical Tips for Getting Started")
CONCLUSION = ("conclusion", "Conclusion")


@dataclass
class RolePart:
    """One role's share of a section: its sub-heading (or intro sentence) and its items."""

    role: Role
    heading: str = ""
    intro: str = ""
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    heading: str
    kind: str  # "definitions", "lists", "tips" or "text"
    parts: list[RolePart] = field(default_factory=list)
    text: str = ""  # the Markdown of a "text" section (Outlooks, Conclusion)


@dataclass
class ArticleLayout:
    sections: list[Section]
    words: int

    @property
    def read_minutes(self) -> int:
        """The words of the whole article at 250 a minute, rounded up (at least 1)."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens with a letter or digit."""
    return sum(1 for token in text.split() if WORD_CHARACTER.search(token))


def build_article(comparison: Comparison) -> ArticleLayout:
    """The sections of ``comparison`` that have something to show, and its word count."""
    roles = comparison.roles
    sections: list[Section] = []

    definitions = [
        RolePart(role=role, heading=role.name, text=role.definition)
        for role in roles
        if role.definition.strip()
    ]
    if definitions:
        sections.append(Section(*DEFINITIONS, kind="definitions", parts=definitions))

    for spec in LIST_SECTIONS:
        parts = [
            RolePart(role=role, heading=spec.role_heading.format(role.name), items=items)
            for role in roles
            if (items := getattr(role, spec.field))
        ]
        if parts:
            sections.append(Section(spec.anchor, spec.heading, kind="lists", parts=parts))

    if comparison.outlook.strip():
        sections.append(Section(*OUTLOOKS, kind="text", text=comparison.outlook))

    tips = [
        RolePart(role=role, intro=role.tips_introduction, items=role.tips)
        for role in roles
        if role.tips
    ]
    if tips:
        sections.append(Section(*TIPS, kind="tips", parts=tips))

    if comparison.conclusion.strip():
        sections.append(Section(*CONCLUSION, kind="text", text=comparison.conclusion))

    return ArticleLayout(sections=sections, words=_article_words(comparison, sections))


def _article_words(comparison: Comparison, sections: list[Section]) -> int:
    """The words of everything the article shows, from the title to the conclusion."""
    texts = [comparison.title, comparison.subtitle, plain_text(comparison.intro)]
    for section in sections:
        texts.append(section.heading)
        if section.text:
            texts.append(plain_text(section.text))
        for part in section.parts:
            texts.extend([part.heading, part.intro, part.text, *part.items])
    return sum(count_words(text) for text in texts)

"""Whether a page says that the job is closed: the phrases of data/closed_phrases.toml found in
the page's visible text.

The text is read with nh3 (the sanitizer the site already uses): every tag removed, and with it
the content of scripts, styles and templates, which a reader never sees (a page's script may
well hold "job not found" as a message it never shows). Entities are decoded, curly apostrophes
made plain, white space collapsed, and the text lower-cased before the phrases are looked for.
"""

from __future__ import annotations

import html
import re
import tomllib
from functools import cache
from pathlib import Path

import nh3

PHRASES_FILE = Path(__file__).resolve().parent / "data" / "closed_phrases.toml"
# What is never visible text.
HIDDEN_ELEMENTS = {"script", "style", "template"}
# Media types whose text is read; anything else (a PDF, an image) says nothing.
TEXT_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain"}
WHITE_SPACE = re.compile(r"\s+")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalized(text: str) -> str:
    return WHITE_SPACE.sub(" ", text.translate(APOSTROPHES)).strip().lower()


@cache
def closed_phrases() -> tuple[str, ...]:
    """The phrases, normalized as the text they are looked for in, longest first."""
    with PHRASES_FILE.open("rb") as file:
        data = tomllib.load(file)
    phrases = {normalized(phrase) for phrase in data["phrases"] if phrase.strip()}
    return tuple(sorted(phrases, key=lambda phrase: (-len(phrase), phrase)))


def visible_text(markup: str) -> str:
    """The text a reader of the page sees (and its title), normalized."""
    # A space before every tag, so that the text of two blocks ("Closed</h1><p>This") does not
    # run together when the tags go.
    spaced = markup.replace("<", " <")
    text = nh3.clean(spaced, tags=set(), clean_content_tags=HIDDEN_ELEMENTS)
    return normalized(html.unescape(text))


def closed_phrase(markup: str, content_type: str = "text/html") -> str:
    """The phrase by which the page says the job is closed; "" when it says none."""
    if content_type not in TEXT_TYPES:
        return ""
    text = visible_text(markup) if content_type != "text/plain" else normalized(markup)
    return next((phrase for phrase in closed_phrases() if phrase in text), "")

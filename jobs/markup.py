"""Editors write Markdown; pages show it rendered and sanitized.

Markdown turns the text into HTML, then nh3 keeps only harmless tags and attributes, so that no
editor text can add a script, a style or an event handler to a page.
"""

import html
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML (links get rel="nofollow noopener").

    A pure function of the text, remembered for the last 2,048 texts of each process: an
    article renders its sections on every view, and the same text always gives the same
    HTML (an edited text is a new key, never a stale answer). Listings store theirs at save.
    """
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def html_text(rendered: str) -> str:
    """The words of rendered HTML (``render_markdown``'s output) without any markup."""
    return html.unescape(nh3.clean(rendered, tags=set())).strip()


def plain_text(text: str) -> str:
    """The words of a Markdown text without any markup (for meta descriptions and counts).

    The result is plain, unescaped text ("R&D", not "R&amp;D"): templates escape it once.
    """
    return html.unescape(nh3.clean(render_markdown(text), tags=set())).strip()

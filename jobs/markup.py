"""Editors write Markdown; pages show it rendered and sanitized.

Markdown turns the text into HTML, then nh3 keeps only harmless tags and attributes, so that no
editor text can add a script, a style or an event handler to a page.
"""

import html
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import markdown
import nh3

# The package itself: ``markdown`` below may stand for reused parsers (ReusedMarkdown).
MARKDOWN_PACKAGE = markdown

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


class ReusedMarkdown:
    """Stands for the ``markdown`` module: ``markdown.markdown(text, **options)`` converts with
    one parser per set of options, reset before each text, instead of building a new parser
    (about a third of the time of rendering a description). ``Markdown.reset()`` is
    Python-Markdown's own way to convert many texts with one instance: the output is the
    same."""

    def __init__(self, module):
        self.module = module
        self.parsers: dict[str, object] = {}

    def markdown(self, text: str, **options) -> str:
        key = repr(sorted(options.items()))
        parser = self.parsers.get(key)
        if parser is None:
            parser = self.parsers[key] = self.module.Markdown(**options)
        else:
            parser.reset()
        return parser.convert(text)

    def __getattr__(self, name: str):
        return getattr(self.module, name)


@contextmanager
def reused_markdown_parsers() -> Iterator[None]:
    """This module converting with reused Markdown parsers inside the block (an import's
    many texts)."""
    global markdown
    if markdown is not MARKDOWN_PACKAGE:
        yield
        return
    markdown = ReusedMarkdown(MARKDOWN_PACKAGE)
    try:
        yield
    finally:
        markdown = MARKDOWN_PACKAGE


def render_each(texts: list[str]) -> list[str]:
    """``render_markdown`` of each text, by reused parsers (the same output): what an import's
    worker processes run (jobs.importing.rendering), in processes of their own. Nothing here
    needs Django: a worker imports this module alone."""
    with reused_markdown_parsers():
        return [render_markdown(text) for text in texts]


def html_text(rendered: str) -> str:
    """The words of rendered HTML (``render_markdown``'s output) without any markup."""
    return html.unescape(nh3.clean(rendered, tags=set())).strip()


def plain_text(text: str) -> str:
    """The words of a Markdown text without any markup (for meta descriptions and counts).

    The result is plain, unescaped text ("R&D", not "R&amp;D"): templates escape it once.
    """
    return html.unescape(nh3.clean(render_markdown(text), tags=set())).strip()

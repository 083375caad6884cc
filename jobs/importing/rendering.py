"""Markdown rendered once per distinct text during an import, by reused parsers.

``Job.apply_defaults()`` renders a listing's description; an import runs it twice for each
listing it writes, for thousands of listings that often share their text. ``Renderings``
renders each text once (and, while the file is validated, takes an existing listing's stored
rendering for its text); ``reused_markdown_parsers`` converts with one parser per set of
options instead of a new one per text. The output is what ``save()`` would store.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import markdown

from jobs import markup
from jobs.models import Job


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
    """``jobs.markup`` converting with reused Markdown parsers inside the block."""
    module = getattr(markup, "markdown", None)
    if module is not markdown:
        yield
        return
    markup.markdown = ReusedMarkdown(module)
    try:
        yield
    finally:
        markup.markdown = module


def listing_module():
    """The module that defines ``Job``: the ``render_markdown`` its methods call is there."""
    return sys.modules[Job.__module__]


class Renderings:
    """The renderings made during an import, and those stored with the existing listings."""

    def __init__(self):
        self.rendered: dict[str, str] = {}
        self.stored: dict[str, str] = {}  # text -> its rendering, stored with a listing

    @contextmanager
    def active(self, *, stored: bool) -> Iterator[None]:
        """Markdown rendered once per distinct text inside the block.

        ``Job.apply_defaults()`` renders the description (the ``render_markdown`` of
        ``listing_module()``), and runs twice for a written listing (in ``clean()``, then
        before writing): inside this block each text is rendered once. With ``stored`` (while
        validating), a text that an existing listing already has gets the rendering stored
        with it, without rendering it again: an unchanged listing stays unchanged at no cost.
        What is written is always a rendering made now, as ``save()`` would make it.
        """
        module = listing_module()
        render = getattr(module, "render_markdown", None)
        if render is None:
            yield
            return

        def render_once(text: str) -> str:
            if stored and text in self.stored:
                return self.stored[text]
            if text not in self.rendered:
                self.rendered[text] = render(text)
            return self.rendered[text]

        module.render_markdown = render_once
        try:
            with reused_markdown_parsers():
                yield
        finally:
            module.render_markdown = render

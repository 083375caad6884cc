"""Markdown rendered once per distinct text during an import, by reused parsers.

``Job.apply_defaults()`` renders a listing's description; an import runs it twice for each
listing it writes, for thousands of listings that often share their text. ``Renderings``
renders each text once (and, while the file is validated, takes an existing listing's stored
rendering for its text); ``reused_markdown_parsers`` (``jobs.markup``) converts with one
parser per set of options instead of a new one per text; a file's many new texts are rendered
by worker processes, one per core, before its rows are validated (``Renderings.prerender``).
The output is what ``save()`` would store.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from jobs import markup
from jobs.markup import reused_markdown_parsers
from jobs.models import Job

logger = logging.getLogger(__name__)

# A file's new descriptions are rendered by worker processes, one per core, from this many
# (a worker starts in a fraction of a second; a description renders in about 0.7 ms).
PARALLEL_FROM = 1000
# Each worker is given its texts in this many parts (the parts' texts differ in length).
PARTS_PER_WORKER = 4


def listing_module():
    """The module that defines ``Job``: the ``render_markdown`` its methods call is there."""
    return sys.modules[Job.__module__]


class Renderings:
    """The renderings made during an import, and those stored with the existing listings."""

    def __init__(self):
        self.rendered: dict[str, str] = {}
        self.stored: dict[str, str] = {}  # text -> its rendering, stored with a listing

    def prerender(self, texts: Iterable[str]) -> None:
        """Render a file's new texts before its rows are validated, in worker processes, one
        per core, when they are many: the rendering of new descriptions was four tenths of a
        first import's time, and each text renders alone (bench/README.md). A text stored
        with a listing, or already rendered, is left out. The rows' validation then finds
        each text rendered (``active``), exactly as ``render_markdown`` renders it: the
        workers run that function (``jobs.markup.render_each``), and they are only used
        when it is the one listings render with. A worker that cannot start or dies leaves
        the rest to be rendered here, one text at a time, as without workers."""
        if getattr(listing_module(), "render_markdown", None) is not markup.render_markdown:
            return
        new = sorted(set(texts) - self.stored.keys() - self.rendered.keys())
        workers = min(os.cpu_count() or 1, len(new) // PARALLEL_FROM)
        if workers < 2:
            return
        size = -(-len(new) // (workers * PARTS_PER_WORKER))
        parts = [new[start : start + size] for start in range(0, len(new), size)]
        # Workers start afresh ("spawn"): a forked copy of this process would share its
        # database connection.
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                for part, rendered in zip(parts, pool.map(markup.render_each, parts), strict=True):
                    self.rendered.update(zip(part, rendered, strict=True))
        except (OSError, BrokenProcessPool) as error:
            logger.warning("Rendering descriptions in worker processes failed: %s", error)

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

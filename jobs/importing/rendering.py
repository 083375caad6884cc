"""Markdown rendered once per distinct text during an import, by reused parsers.

``Job.apply_defaults()`` renders a listing's description; an import runs it twice for each
listing it writes, for thousands of listings that often share their text. ``Renderings``
renders each text once (and, while the file is validated, takes an existing listing's stored
rendering for its text); ``reused_markdown_parsers`` (``jobs.markup``) converts with one
parser per set of options instead of a new one per text; a file's many new texts are rendered
by worker processes, one per core, while its rows are validated
(``Renderings.rendered_ahead``). The output is what ``save()`` would store.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from jobs import markup
from jobs.markup import reused_markdown_parsers
from jobs.models import Job

logger = logging.getLogger(__name__)

# A file's new descriptions are rendered by worker processes, one per core, from this many
# (a worker starts in a fraction of a second; a description renders in about 0.7 ms).
PARALLEL_FROM = 1000
# Each worker is given its texts in this many parts, in the file's order: the rows validated
# first wait only for the first parts.
PARTS_PER_WORKER = 16


def listing_module():
    """The module that defines ``Job``: the ``render_markdown`` its methods call is there."""
    return sys.modules[Job.__module__]


class Renderings:
    """The renderings made during an import, and those stored with the existing listings."""

    def __init__(self):
        self.rendered: dict[str, str] = {}
        self.stored: dict[str, str] = {}  # text -> its rendering, stored with a listing
        # text -> (the worker's future, the part of the file's texts it renders)
        self.pending: dict[str, tuple[Future, list[str]]] = {}

    @contextmanager
    def rendered_ahead(self, texts: Iterable[str]) -> Iterator[None]:
        """Inside the block, a file's new texts are rendered ahead by worker processes, one
        per core, when they are many, while the rows are validated: the rendering of new
        descriptions was four tenths of a first import's time, and each text renders alone
        (bench/README.md). A text stored with a listing, or already rendered, is left out.
        The texts go in parts in the file's order; a row whose text is still in a part waits
        for that part (``active``). The workers run ``render_markdown`` itself
        (``jobs.markup.render_each``), and only when it is the one listings render with: each
        text is rendered exactly as here. A worker that cannot start or dies leaves its texts
        to be rendered here, one at a time, as without workers."""
        pool = self._start_workers(texts)
        try:
            yield
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            self.pending.clear()

    def _start_workers(self, texts: Iterable[str]) -> ProcessPoolExecutor | None:
        if getattr(listing_module(), "render_markdown", None) is not markup.render_markdown:
            return None
        new = [
            text
            for text in dict.fromkeys(texts)  # once each, in the file's order
            if text not in self.stored and text not in self.rendered
        ]
        workers = min(os.cpu_count() or 1, len(new) // PARALLEL_FROM)
        if workers < 2:
            return None
        size = -(-len(new) // (workers * PARTS_PER_WORKER))
        # Workers start afresh ("spawn"): a forked copy of this process would share its
        # database connection.
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        )
        try:
            for start in range(0, len(new), size):
                part = new[start : start + size]
                future = pool.submit(markup.render_each, part)
                for text in part:
                    self.pending[text] = (future, part)
        except (OSError, BrokenProcessPool) as error:
            self._give_up(error)
        return pool

    def _collect(self, text: str) -> None:
        """Wait for the part that holds ``text`` and keep its renderings."""
        future, part = self.pending[text]
        try:
            rendered = future.result()
        except (OSError, BrokenProcessPool) as error:
            self._give_up(error)
            return
        for text_of_part in part:
            self.pending.pop(text_of_part, None)
        self.rendered.update(zip(part, rendered, strict=True))

    def _give_up(self, error: Exception) -> None:
        logger.warning("Rendering descriptions in worker processes failed: %s", error)
        self.pending.clear()

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
            if text not in self.rendered and text in self.pending:
                self._collect(text)
            if text not in self.rendered:
                self.rendered[text] = render(text)
            return self.rendered[text]

        module.render_markdown = render_once
        try:
            with reused_markdown_parsers():
                yield
        finally:
            module.render_markdown = render

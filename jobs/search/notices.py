"""What the job list says about the parameters it ignored.

A parameter with an invalid value is ignored while the others still apply, and leaves a notice
that names it: a search URL someone shared or bookmarked never fails, it only says what it
could not use. Every notice of the search reads "Ignored <name>=<value>: <why>." with enough
of the value to recognise it.
"""

from __future__ import annotations

from core.text import show_control_characters
from jobs.search.keywords import KEYWORD_WORDS_MAX, keyword_words


def shortened(text: str, length: int = 30) -> str:
    """Enough of a user's value to recognise it in a notice (control characters shown as �)."""
    text = show_control_characters(text, "replacement")
    return text if len(text) <= length else f"{text[:length]}…"


def unknown_code(name: str, value: str, codes: str) -> str:
    return f"Ignored {name}={shortened(value)}: not one of {codes}."


def repeated_value(name: str, value: str, first: str) -> str:
    """A one-value parameter given again: the later value is ignored."""
    return (
        f"Ignored {name}={shortened(value)}: {name} takes one value; the first, "
        f"{shortened(first)}, is used."
    )


def form_errors(form) -> list[str]:
    """A notice per invalid parameter of the search's form, with its first problem (one is
    enough to correct)."""
    notices = []
    for name, errors in form.errors.items():
        raw = shortened(form.data.get(name, ""))
        reason = str(errors[0]).rstrip(".") + "."
        notices.append(f"Ignored {name}={raw}: {reason[:1].lower()}{reason[1:]}")
    return notices


def extra_keywords(text: str) -> list[str]:
    """A notice for the keywords after the first eight, which the search does not read."""
    words = keyword_words(text)
    if len(words) <= KEYWORD_WORDS_MAX:
        return []
    ignored = shortened(" ".join(words[KEYWORD_WORDS_MAX:]))
    return [f"Ignored the keywords after the first {KEYWORD_WORDS_MAX}: {ignored}."]

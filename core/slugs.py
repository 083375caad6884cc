"""URL slugs: the slug of a text, and the first one that is free."""

from django.utils.text import slugify


def slug_of(text: str, max_length: int = 200, fallback: str = "item") -> str:
    """The URL slug of a text, at most ``max_length`` characters, never empty. Not unique by
    itself: :func:`free_slug` and :func:`available_slug` make it so."""
    return slugify(text)[:max_length].strip("-") or fallback


def free_slug(slug: str, taken: set[str], max_length: int) -> str:
    """``slug``, or the first of ``slug-2``, ``slug-3``... that is not taken (shortened so
    that the suffix fits)."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = slug[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def available_slug(
    model, text: str, max_length: int = 200, exclude_pk=None, fallback: str = "item"
) -> str:
    """A slug for ``text`` that no other row of ``model`` uses ("data-engineer-2" if taken):
    one query for the slugs that could clash."""
    base = slug_of(text, max_length, fallback)
    taken = set(
        model._default_manager.filter(slug__startswith=base[: max(1, max_length - 12)])
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken, max_length)

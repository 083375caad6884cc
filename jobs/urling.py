"""``reverse()`` for the URLs that pages print by the dozen: a listing's, a company's.

``reverse()`` costs about as much as rendering the rest of a job card; a list page, a feed
and a sitemap page print 25 to 5,000 such URLs. :func:`fast_reverse` reverses a URL once per
URL name, URLconf and script prefix with marker values, and fills in the real ones after that:
the same string as ``reverse()`` for whole numbers and slugs (anything else goes through
``reverse()`` itself).
"""

import re
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
NUMBER_MARKER = 918273645
_patterns: dict[tuple, str] = {}


def fast_reverse(name: str, **kwargs) -> str:
    if not all(
        (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
        or (isinstance(value, str) and SLUG.match(value))
        for value in kwargs.values()
    ):
        return reverse(name, kwargs=kwargs)
    pattern = url_pattern(name, **{key: isinstance(value, int) for key, value in kwargs.items()})
    if pattern is None:
        return reverse(name, kwargs=kwargs)
    return pattern.format(**kwargs)


def url_pattern(name: str, **is_number: bool) -> str | None:
    """The URL named ``name`` as a ``str.format`` pattern of its parts (``{pk}``, ``{slug}``),
    for whole numbers (True) or slugs (False), in the current URLconf and script prefix; None
    when the URL cannot be made so."""
    kinds = tuple(sorted(is_number.items()))
    key = (name, kinds, get_urlconf(), get_script_prefix())
    if key not in _patterns:
        markers = {
            part: NUMBER_MARKER + number if number_part else f"urlmarker{number}x"
            for number, (part, number_part) in enumerate(kinds)
        }
        url = reverse(name, kwargs=markers)
        pattern = url.replace("{", "{{").replace("}", "}}")
        for part, marker in markers.items():
            if url.count(str(marker)) != 1:
                pattern = None
                break
            pattern = pattern.replace(str(marker), "{" + part + "}")
        _patterns[key] = pattern
    return _patterns[key]


def mailto_url(address: str) -> str:
    """A ``mailto:`` URL that sends to exactly this address (RFC 6068): every character that
    could end the address or start header fields (``?``, ``&``, ``#``, ``%``, quotes, spaces)
    is percent-encoded, so a quoted local part such as ``"x?bcc=spy@evil.example"@acme.example``
    stays one address and never adds a hidden Bcc."""
    return "mailto:" + quote(address, safe="@")

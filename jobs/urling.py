"""``reverse()`` for the URLs that pages print by the dozen: a listing's, a company's.

``reverse()`` costs about as much as rendering the rest of a job card; a list page, a feed
and a sitemap page print 25 to 5,000 such URLs. :func:`fast_reverse` reverses a URL once per
URL name, URLconf and script prefix with marker values, and fills in the real ones after that:
the same string as ``reverse()`` for whole numbers and slugs (anything else goes through
``reverse()`` itself).
"""

import re

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
    kinds = tuple(sorted((key, isinstance(value, int)) for key, value in kwargs.items()))
    key = (name, kinds, get_urlconf(), get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        markers = {
            key: NUMBER_MARKER + number if is_number else f"urlmarker{number}x"
            for number, (key, is_number) in enumerate(kinds)
        }
        url = reverse(name, kwargs=markers)
        pattern = url.replace("{", "{{").replace("}", "}}")
        for key_name, marker in markers.items():
            if url.count(str(marker)) != 1:
                return reverse(name, kwargs=kwargs)
            pattern = pattern.replace(str(marker), "{" + key_name + "}")
        _patterns[key] = pattern
    return pattern.format(**kwargs)

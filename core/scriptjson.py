"""JSON inside a ``<script>`` element (JSON-LD): text that no value can close or turn into
markup."""

import json

from django.utils.safestring import SafeString, mark_safe

# The three characters that could end the element or start markup, as JSON escapes.
SCRIPT_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"}


def script_json(data, *, compact: bool = False) -> SafeString:
    """``data`` as JSON for ``<script type="application/ld+json">``. Safe to mark so: after
    the escapes the text holds no ``<``, ``>`` or ``&`` at all."""
    separators = (",", ":") if compact else None
    text = json.dumps(data, ensure_ascii=False, separators=separators)
    # One replace per character: str.translate looks every character up in a dict, a
    # millisecond for a listing's JSON-LD.
    for character, escape in SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return mark_safe(text)

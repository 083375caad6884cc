"""JSON inside a ``<script>`` element (JSON-LD): text that no value can close or turn into
markup."""

import json

from django.utils.safestring import SafeString, mark_safe

# The three characters that could end the element or start markup, as JSON escapes.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data, *, compact: bool = False) -> SafeString:
    """``data`` as JSON for ``<script type="application/ld+json">``. Safe to mark so: after
    the escapes the text holds no ``<``, ``>`` or ``&`` at all."""
    separators = (",", ":") if compact else None
    text = json.dumps(data, ensure_ascii=False, separators=separators)
    return mark_safe(text.translate(SCRIPT_ESCAPES))

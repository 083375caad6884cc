"""Editors' and visitors' text: the characters no page, feed or XML document can carry.

Those are the control codes (Unicode category Cc) except tab, line feed and carriage return,
and the non-characters U+FFFE and U+FFFF. One of them in a title made every feed that listed
it fail (XML cannot hold them). Every check in the project uses :data:`CONTROL_CHARACTERS`.
"""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

# How long a search box's text may be (longer text is cut).
SEARCH_MAX_LENGTH = 100


def control_character_codes(text: str) -> str:
    """The control characters of a text as "U+0001, U+001B" (empty: none)."""
    found = dict.fromkeys(CONTROL_CHARACTERS.findall(text or ""))
    return ", ".join(f"U+{ord(character):04X}" for character in found)


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def show_control_characters(text: str, how: str = "code") -> str:
    """The text with each control character made visible: ``[U+0001]`` (``how="code"``) or
    the replacement character � (``how="replacement"``)."""
    if how == "replacement":
        return CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", text)
    return CONTROL_CHARACTERS.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def reject_control_characters(text: str) -> None:
    """Validator of editors' text: refuses control characters, naming them."""
    if codes := control_character_codes(text):
        raise ValidationError(
            f"Contains control characters ({codes}); remove them.", code="control_characters"
        )


def search_box_text(value: str, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """What a search box's text searches for: without control characters (PostgreSQL refuses
    NUL), spaces collapsed, at most ``max_length`` characters."""
    return " ".join(strip_control_characters(value or "").split())[:max_length]

"""Undo one kind of wrong character decoding: UTF-8 bytes read as Windows-874.

A scraper read UTF-8 text as Windows-874 (Thai), and read the bytes Windows-874 leaves
undefined as Windows-1252: "·" (bytes C2 B7) became "ยท", the right single quote (E2 80 99)
became "โ€™" (a trademark sign at the end), the eyes emoji (F0 9F 91 80) became "๐Ÿ" plus
U+2018 and "€". Python's own cp874 codec cannot reverse all of it (it has no mapping for 0x9F,
read as "Ÿ" through Windows-1252).

The repair is generic and local: every run of characters that the wrong decoding can produce
is mapped back to the bytes they came from, and each valid UTF-8 multi-byte sequence among
those bytes is decoded. Characters whose bytes do not form a valid sequence keep their
original form, so intact text ("•" bullets, an "é", a curly quote, an emoji) is left alone even in a
file that mixes both. A valid sequence that decodes into a script these articles never use
(U+0700-U+08FF: Syriac, Arabic Supplement, Thaana, NKo, ...) is not a repair either: "Ü€" (DC 80)
and "Ý" before a left single quote (DD 91) are intact Windows-1252 text, as in "GRÜNE Ü€".

The module also finds control characters, which never belong in an article (PostgreSQL refuses
NUL outright; the others are invisible and break feeds and XML).
"""

import re

from core.text import CONTROL_CHARACTERS


def _wrong_decoding_table() -> dict[str, int]:
    """Each character the wrong decoding produces for a byte 0x80-0xFF, mapped to that byte."""
    table = {}
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        try:
            char = raw.decode("cp874")
        except UnicodeDecodeError:
            try:
                char = raw.decode("cp1252")
            except UnicodeDecodeError:
                # Undefined in both: browsers show the C1 control character of the same value.
                char = chr(byte)
        table[char] = byte
    return table


WRONG_DECODING = _wrong_decoding_table()
_SUSPECT_RUN = re.compile("[" + re.escape("".join(WRONG_DECODING)) + "]{2,}")


def _utf8_sequence_length(lead: int) -> int:
    """How many bytes a UTF-8 sequence starting with ``lead`` has (0: not a lead byte)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


# Decoded characters in this range are not a repair: 2-byte sequences with lead bytes DC-DF
# (and the first 3-byte ones) land in scripts that never appear in these articles, while the
# same bytes read as Windows-1252 ("Ü€", or "Ý" and a left single quote) are intact text.
IMPLAUSIBLE_REPAIRS = range(0x0700, 0x0900)


def _repair_run(run: str) -> str:
    raw = bytes(WRONG_DECODING[char] for char in run)
    repaired, position = [], 0
    while position < len(raw):
        length = _utf8_sequence_length(raw[position])
        if length and position + length <= len(raw):
            try:
                decoded = raw[position : position + length].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if ord(decoded) not in IMPLAUSIBLE_REPAIRS:
                    repaired.append(decoded)
                    position += length
                    continue
        repaired.append(run[position])
        position += 1
    return "".join(repaired)


def repair_mojibake(text: str) -> str:
    """The text with every wrongly decoded UTF-8 sequence restored, intact text untouched."""
    return _SUSPECT_RUN.sub(lambda match: _repair_run(match.group()), text)


# -- Control characters ------------------------------------------------------------------------

# The characters no text may hold: core.text.CONTROL_CHARACTERS, shown as their codes
# ("d[U+0007]bt") by core.text.show_control_characters so that a message can say where.


def control_character_code(text: str) -> str | None:
    """ "U+0000" for the first control character in ``text``, None when there is none."""
    match = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None

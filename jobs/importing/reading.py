"""A listings file read whole: its size limit, its text, its header and its records.

Each problem that stops the import before any row is checked is a ``ListingsFileError`` with
the message the command prints; the header's problems are listed by ``check_header`` like the
rows' errors ("line N: column: message").
"""

from __future__ import annotations

import difflib
import os
from typing import NamedTuple

from core import csvfile
from jobs.importing.rows import COLUMNS, REQUIRED_COLUMNS


class ListingsFileError(Exception):
    """A listings file that cannot be read as CSV: nothing is imported."""


class ListingsFile(NamedTuple):
    """The header (names stripped, lower case) and the non-blank rows of a listings file,
    each with the line it starts on."""

    header_line: int
    header: list[str]
    records: list[tuple[int, list[str]]]


def import_max_bytes() -> int:
    """The largest file the importer reads (``JOBS_IMPORT_MAX_MB``, 256 MB by default: a
    100,000-row file with descriptions of a few paragraphs is about 200 MB)."""
    return int(float(os.environ.get("JOBS_IMPORT_MAX_MB", "256")) * 1024 * 1024)


def read_listings_file(path: str) -> ListingsFile:
    """The file's header and rows; ListingsFileError when it cannot be read, is too large,
    is not UTF-8, is not valid CSV or is empty."""
    try:
        text = csvfile.read_text(path, max_bytes=import_max_bytes())
        records = [(record.line, record.cells) for record in csvfile.records(text, skip_blank=True)]
    except csvfile.FileUnreadable as error:
        raise ListingsFileError(f"Cannot read {path}: {error.reason}.") from error
    except csvfile.FileTooLarge as error:
        raise ListingsFileError(
            f"{path} is {error.size / 1024 / 1024:,.0f} MB; the import takes files up to "
            f"{error.limit / 1024 / 1024:,.0f} MB (JOBS_IMPORT_MAX_MB): split it into several "
            "files. Nothing was imported."
        ) from error
    except csvfile.NotUtf8 as error:
        raise ListingsFileError(
            f"line {error.line}: the file is not UTF-8 text; save it as CSV UTF-8 and try again."
        ) from error
    except csvfile.NotCsv as error:
        raise ListingsFileError(
            f"line {error.line}: this is not valid CSV: {error.reason}."
        ) from error
    if not records:
        raise ListingsFileError(f"{path} is empty: it needs at least a header line.")
    (header_line, header), rows = records[0], records[1:]
    return ListingsFile(header_line, [name.strip().lower() for name in header], rows)


def check_header(line: int, header: list[str]) -> list[str]:
    """The header's errors: columns without a name, unknown (with the closest known name) or
    repeated, required columns missing."""
    errors = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(f"line {line}: column {position}: the column has no name.")
        elif name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"did you mean {close[0]}?" if close else "the README lists the columns."
            errors.append(f"line {line}: {name}: unknown column; {hint}")
        elif name in seen:
            errors.append(f"line {line}: {name}: the column appears twice.")
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(f"line {line}: {name}: required column missing.")
    if "apply_url" not in header and "apply_email" not in header:
        errors.append(f"line {line}: apply_url: give an apply_url or an apply_email column.")
    return errors

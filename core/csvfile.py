"""Reading a CSV file as this project's importers do: whole, strictly, with line numbers.

- ``read_bytes(path, max_bytes=None, gunzip=False)``: the file's bytes; refused before it is
  read when larger than ``max_bytes``; decompressed when ``gunzip`` is given and it is gzipped
  (then its content is held to ``max_bytes`` as well).
- ``decode(raw)``: the text, UTF-8 with or without a byte order mark.
- ``read_text(path, ...)``: both at once.
- ``records(text, skip_blank=False)``: a strict ``csv.reader`` over the text (a quote left open
  is an error on its line, not a cell that swallows the rest of the file), each record with
  the lines it starts and ends on; the first one is the header.
- ``spreadsheet_safe(value)``: a cell to write into a CSV file that people open in a
  spreadsheet, with formula injection neutralised (the one rule of every CSV export).

Every failure is a ``CsvFileError`` that says what went wrong and where, without wording it
for a reader: each importer words it in its own way (its messages are tested).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

GZIP_MAGIC = b"\x1f\x8b"


class CsvFileError(Exception):
    """A file that cannot be read as CSV text; ``line`` is where, when a line is to blame."""

    line: int | None = None


class FileUnreadable(CsvFileError):
    """The file cannot be opened or read (missing, a directory, no permission...)."""

    def __init__(self, path: str | Path, error: OSError):
        self.path, self.error = path, error
        super().__init__(f"cannot read {path}: {self.reason}")

    @property
    def reason(self) -> str:
        """The system's reason, such as "No such file or directory"."""
        return self.error.strerror or str(self.error)


class FileTooLarge(CsvFileError):
    """The file, or a gzipped file's content, is larger than the limit.

    ``size`` is the file's size in bytes; None for a gzipped file whose content passes the
    limit (it is not decompressed further to measure it).
    """

    def __init__(self, path: str | Path, size: int | None, limit: int):
        self.path, self.size, self.limit = path, size, limit
        what = f"{size:,} bytes" if size is not None else "more than that once decompressed"
        super().__init__(f"{path} is larger than {limit:,} bytes: {what}")


class NotGzip(CsvFileError):
    """The file starts as a gzip file does and is not a valid one."""

    def __init__(self, path: str | Path, error: Exception):
        self.path, self.error = path, error
        super().__init__(f"{path} is not a valid gzip file ({error})")


class NotUtf8(CsvFileError):
    """The bytes are not UTF-8; ``line`` is the line of the first bad byte."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"line {line}: not UTF-8 text")


class NotCsv(CsvFileError):
    """``csv.reader`` refused the text.

    ``line`` is where to look: the line a quoted cell that never ends starts on, otherwise the
    line the reader stopped on (``end_line``). ``reason`` says it in words (for a quote left
    open, "a quoted cell that starts on this line never ends"); ``error`` is csv's own error.
    """

    def __init__(self, line: int, reason: str, end_line: int, error: csv.Error):
        self.line, self.reason, self.end_line, self.error = line, reason, end_line, error
        super().__init__(f"line {line}: not valid CSV: {reason}")


class Record(NamedTuple):
    """One CSV record: the line it starts on, its cells, the line it ends on (a quoted cell
    may hold line breaks)."""

    line: int
    cells: list[str]
    end_line: int


def read_bytes(path: str | Path, *, max_bytes: int | None = None, gunzip: bool = False) -> bytes:
    """The bytes of a file, decompressed when ``gunzip`` is given and it is gzipped.

    With ``max_bytes``, a larger file is refused before it is read (FileTooLarge), and so is a
    gzipped file whose content is larger.
    """
    try:
        if max_bytes is not None:
            size = os.stat(path).st_size
            if size > max_bytes:
                raise FileTooLarge(path, size, max_bytes)
        raw = Path(path).read_bytes()
    except OSError as error:
        raise FileUnreadable(path, error) from error
    if not gunzip or raw[:2] != GZIP_MAGIC:
        return raw
    try:
        if max_bytes is None:
            return gzip.decompress(raw)
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            content = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise NotGzip(path, error) from error
    if len(content) > max_bytes:
        raise FileTooLarge(path, None, max_bytes)
    return content


def decode(raw: bytes) -> str:
    """UTF-8 text, with or without a byte order mark; NotUtf8 names the first bad byte's line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotUtf8(raw[: error.start].count(b"\n") + 1) from error


def read_text(path: str | Path, *, max_bytes: int | None = None, gunzip: bool = False) -> str:
    """``decode(read_bytes(path, ...))``."""
    return decode(read_bytes(path, max_bytes=max_bytes, gunzip=gunzip))


def records(text: str, *, skip_blank: bool = False) -> Iterator[Record]:
    """The records of CSV text, read strictly; NotCsv where the text is not valid CSV.

    With ``skip_blank``, records whose cells are all empty or blank (a blank line, ``,,,``)
    are left out; the line numbers of the others stay those of the file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end_line = 0
    try:
        for cells in reader:
            line, end_line = end_line + 1, reader.line_num
            if skip_blank and not any(cell.strip() for cell in cells):
                continue
            yield Record(line, cells, end_line)
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            reason = "a quoted cell that starts on this line never ends"
            raise NotCsv(end_line + 1, reason, reader.line_num, error) from error
        raise NotCsv(reader.line_num, str(error), reader.line_num, error) from error


# What a spreadsheet (Excel, LibreOffice, Google Sheets) reads as the start of a formula when a
# cell begins with it: OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell for a CSV file opened in a spreadsheet: text that begins as a formula does
    (``=HYPERLINK(...)``, ``@SUM(1)``, ``-2+3``, a leading tab or carriage return) gets a
    single quote in front, so that it is shown as the text it is and never run (OWASP's CSV
    injection advice). Other text and non-text values (numbers, dates) are returned as they
    are; the ``csv`` module does the quoting."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

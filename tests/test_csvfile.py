"""``core.csvfile``: a CSV file read whole and strictly, every failure with its line."""

import csv
import gzip

import pytest

from core import csvfile
from core.csvfile import Record

TEXT = "name,city\nAda,London\n"


def write(tmp_path, content: bytes, name="file.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_plain_file_is_read_as_it_is(tmp_path):
    path = write(tmp_path, TEXT.encode())
    assert csvfile.read_bytes(path) == TEXT.encode()
    assert csvfile.read_text(str(path)) == TEXT


def test_a_gzipped_file_is_decompressed_only_when_asked(tmp_path):
    compressed = gzip.compress(TEXT.encode())
    path = write(tmp_path, compressed, "file.csv.gz")
    assert csvfile.read_bytes(path, gunzip=True) == TEXT.encode()
    assert csvfile.read_text(path, gunzip=True, max_bytes=100) == TEXT
    assert csvfile.read_bytes(path) == compressed  # without gunzip: the bytes as stored


def test_a_broken_gzip_file_is_refused(tmp_path):
    path = write(tmp_path, b"\x1f\x8bnot really gzip")
    with pytest.raises(csvfile.NotGzip) as refused:
        csvfile.read_bytes(path, gunzip=True)
    assert refused.value.path == path
    assert "not a valid gzip file" in str(refused.value)
    with pytest.raises(csvfile.NotGzip):
        csvfile.read_bytes(path, gunzip=True, max_bytes=1000)


@pytest.mark.parametrize("max_bytes", [None, 10**6])
def test_a_gzip_file_cut_short_or_corrupt_inside_is_refused(tmp_path, max_bytes):
    compressed = gzip.compress(TEXT.encode() * 100)
    cut = write(tmp_path, compressed[:-10], "cut.csv.gz")
    corrupt = write(tmp_path, compressed[:10] + b"\xff" * 20 + compressed[30:], "bad.csv.gz")
    for path in (cut, corrupt):  # EOFError, zlib.error: never a traceback
        with pytest.raises(csvfile.NotGzip):
            csvfile.read_bytes(path, gunzip=True, max_bytes=max_bytes)


def test_a_missing_file_is_unreadable_with_the_system_reason(tmp_path):
    path = tmp_path / "nowhere.csv"
    for max_bytes in (None, 1000):  # with a limit, the file's size is looked up first
        with pytest.raises(csvfile.FileUnreadable) as refused:
            csvfile.read_bytes(path, max_bytes=max_bytes)
        assert isinstance(refused.value.error, FileNotFoundError)
        assert refused.value.reason == "No such file or directory"
        assert refused.value.path == path
        assert refused.value.line is None


def test_a_directory_is_unreadable(tmp_path):
    with pytest.raises(csvfile.FileUnreadable) as refused:
        csvfile.read_text(tmp_path, max_bytes=10**6)
    assert refused.value.reason == "Is a directory"


def test_a_file_above_the_limit_is_refused_with_its_size(tmp_path):
    path = write(tmp_path, TEXT.encode())
    size = len(TEXT.encode())
    assert csvfile.read_bytes(path, max_bytes=size) == TEXT.encode()  # the limit itself passes
    with pytest.raises(csvfile.FileTooLarge) as refused:
        csvfile.read_bytes(path, max_bytes=size - 1)
    assert (refused.value.path, refused.value.size, refused.value.limit) == (path, size, size - 1)


def test_a_gzipped_file_whose_content_is_above_the_limit_is_refused(tmp_path):
    content = b"a,b\n" + b"1,2\n" * 10_000
    compressed = gzip.compress(content)
    assert len(compressed) < 1000 < len(content)
    path = write(tmp_path, compressed, "big.csv.gz")
    with pytest.raises(csvfile.FileTooLarge) as refused:
        csvfile.read_bytes(path, gunzip=True, max_bytes=1000)
    assert refused.value.size is None  # not decompressed further to measure it
    assert refused.value.limit == 1000
    assert csvfile.read_bytes(path, gunzip=True, max_bytes=len(content)) == content


def test_utf8_with_or_without_a_byte_order_mark():
    assert csvfile.decode(TEXT.encode()) == TEXT
    assert csvfile.decode(b"\xef\xbb\xbf" + TEXT.encode()) == TEXT
    assert csvfile.decode("Café,Zürich\n".encode()) == "Café,Zürich\n"


def test_bytes_that_are_not_utf8_name_the_line_of_the_first_bad_byte():
    raw = b"name,city\nAda,London\n" + "Zoë,Paris\nÉmile,Lyon\n".encode("latin-1")
    with pytest.raises(csvfile.NotUtf8) as refused:
        csvfile.decode(raw)
    assert refused.value.line == 3
    assert str(refused.value) == "line 3: not UTF-8 text"


def test_records_carry_the_lines_they_start_and_end_on():
    text = 'name,note\nAda,"two\nlines"\n\nBob,one\n'
    assert list(csvfile.records(text)) == [
        Record(1, ["name", "note"], 1),
        Record(2, ["Ada", "two\nlines"], 3),
        Record(4, [], 4),
        Record(5, ["Bob", "one"], 5),
    ]
    line, cells, end_line = next(csvfile.records(text))
    assert (line, cells, end_line) == (1, ["name", "note"], 1)


def test_blank_records_can_be_skipped_keeping_the_file_s_line_numbers():
    text = "\nname,note\n , \n,,\r\nBob,one\n"
    assert [(record.line, record.cells) for record in csvfile.records(text, skip_blank=True)] == [
        (2, ["name", "note"]),
        (5, ["Bob", "one"]),
    ]


def test_a_quote_left_open_is_an_error_on_the_line_it_starts_on():
    text = 'name,note\nAda,fine\nBob,"never closed\nCy,more\n'
    with pytest.raises(csvfile.NotCsv) as refused:
        list(csvfile.records(text))
    error = refused.value
    assert error.line == 3
    assert error.reason == "a quoted cell that starts on this line never ends"
    assert error.end_line == 4  # where csv.reader stopped: the end of the text
    assert isinstance(error.error, csv.Error)
    assert "unexpected end of data" in str(error.error)


def test_text_after_a_closing_quote_is_an_error_on_its_line():
    text = 'name,note\n"Ada" Lovelace,x\n'
    records = csvfile.records(text)
    assert next(records) == Record(1, ["name", "note"], 1)  # the records before it are given
    with pytest.raises(csvfile.NotCsv) as refused:
        next(records)
    assert (refused.value.line, refused.value.end_line) == (2, 2)
    assert refused.value.reason == "',' expected after '\"'"
    assert str(refused.value) == "line 2: not valid CSV: ',' expected after '\"'"


def test_every_failure_is_a_csv_file_error():
    for error in (
        csvfile.FileUnreadable,
        csvfile.FileTooLarge,
        csvfile.NotGzip,
        csvfile.NotUtf8,
        csvfile.NotCsv,
    ):
        assert issubclass(error, csvfile.CsvFileError)

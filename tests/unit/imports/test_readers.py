"""Reading uploaded consent files: formats, encodings, headers, line numbers, whole-file errors."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import subprocess
import sys
import warnings
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tenants.imports.readers import (
    ConsentFile,
    FileFormatError,
    RawRow,
    canonical_recipient_type,
    canonical_source,
    canonical_status,
    canonical_type,
    count_rows,
    open_rows,
)

REPO = Path(__file__).resolve().parents[3]
API_HEADER = "recipient,type,source,status,consentDate,recipientType"


def shared_dir() -> Path:
    """The project's shared material: $IZINHUB_SHARED_DIR, or ../shared next to the repo."""
    for candidate in (os.environ.get("IZINHUB_SHARED_DIR"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "data" / "make_consents.py").is_file():
            return Path(candidate)
    pytest.fail("shared/data/make_consents.py not found: set IZINHUB_SHARED_DIR")


def generate(folder: Path, fmt: str, rows: int = 300) -> tuple[Path, list[dict[str, Any]]]:
    out = folder / f"consents-{fmt}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    generator = shared_dir() / "data" / "make_consents.py"
    command = [sys.executable, str(generator), "--rows", str(rows), "--format", fmt]
    command += ["--bad-ratio", "0.1", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own generator
    return out, json.loads(Path(f"{out}.expected.json").read_text())


@pytest.fixture(scope="module", params=["csv", "csv-tr", "xlsx"])
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[dict[str, Any]]]:
    return generate(tmp_path_factory.mktemp(request.param), request.param)


def write(folder: Path, content: str | bytes, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def read_all(path: Path, start_after_line: int = 0) -> list[RawRow]:
    with ConsentFile.open(path, start_after_line=start_after_line) as rows:
        return list(rows)


def format_error(path: Path) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        read_all(path)
    return caught.value


def write_xlsx(folder: Path, rows: list[list[Any]], name: str = "f.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    path = folder / name
    book.save(path)
    return path


# --- files made by the generator ------------------------------------------------------------


def test_generated_file_reads_every_row_on_its_line(
    generated: tuple[Path, list[dict[str, Any]]],
) -> None:
    # given a file as users export it, with a sidecar of its data lines
    path, expected = generated

    # when it is read and counted
    rows = read_all(path)

    # then every data line comes back once, on the line the sidecar names
    assert [row.line for row in rows] == [entry["line"] for entry in expected]
    assert count_rows(path) == len(expected)


def test_generated_values_come_back_in_canonical_spelling(
    generated: tuple[Path, list[dict[str, Any]]],
) -> None:
    # given a generated file (csv-tr and xlsx write "E-POSTA", "BİREYSEL", "TACİR")
    path, _ = generated

    # when it is read
    rows = read_all(path)

    # then types, statuses and recipient types are İYS's own values
    assert {row.type for row in rows} <= {"MESAJ", "ARAMA", "EPOSTA"}
    assert {row.status for row in rows} == {"ONAY", "RET"}
    assert {row.recipient_type for row in rows} == {"BIREYSEL", "TACIR"}
    assert all(row.source and row.source.isupper() for row in rows)
    assert all(isinstance(row.recipient, str) and row.recipient for row in rows)


def test_generated_xlsx_restores_phones_and_keeps_dates(tmp_path: Path) -> None:
    # given a workbook where half the phones were stored as numbers and dates as date cells
    path, expected = generate(tmp_path, "xlsx")

    # when it is read
    rows = read_all(path)

    # then numeric phones are digit strings and dates are naive datetimes
    good = [row for row, entry in zip(rows, expected, strict=True) if entry["code"] is None]
    digit_phones = [row.recipient for row in good if row.recipient and row.recipient.isdigit()]
    assert len(digit_phones) > 50
    assert all(re.fullmatch(r"(0|90)?555\d{7}", phone) for phone in digit_phones)
    assert all(isinstance(row.consent_date, datetime) for row in rows)
    assert all(row.consent_date.tzinfo is None for row in rows)  # type: ignore[union-attr]


# --- CSV: encodings, delimiters, lines --------------------------------------------------------


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    # given a UTF-8 file with a byte-order mark before "recipient"
    path = write(tmp_path, f"{API_HEADER}\n+905551234567,MESAJ,HS_WEB,ONAY,,\n", "utf-8-sig")

    # when it is read
    rows = read_all(path)

    # then the first column is found and the row is on line 2
    assert rows == [RawRow(2, "+905551234567", "MESAJ", "ONAY", "HS_WEB", None, None)]


def test_windows_1254_header_and_values_are_decoded(tmp_path: Path) -> None:
    # given a Windows-1254 file with Turkish letters in the header and in the values
    text = "ALICI;İZİN TÜRÜ;DURUM;KAYNAK;İZİN TARİHİ;ALICI TİPİ\n"
    text += "şükrü.güneş@örnek.com.tr;E-POSTA;Onay;hs_web;03.12.2026 14:05;BİREYSEL\n"
    path = write(tmp_path, text, "cp1254")

    # when it is read
    rows = read_all(path)

    # then the letters survive and the values are canonical
    assert rows == [
        RawRow(
            2,
            "şükrü.güneş@örnek.com.tr",
            "EPOSTA",
            "ONAY",
            "HS_WEB",
            "03.12.2026 14:05",
            "BIREYSEL",
        )
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_taken_from_the_header(tmp_path: Path, delimiter: str) -> None:
    # given the same file written with each delimiter
    lines = [["recipient", "type", "status"], ["5551234567", "MESAJ", "ONAY"]]
    path = write(tmp_path, "".join(delimiter.join(cells) + "\r\n" for cells in lines))

    # when it is read
    rows = read_all(path)

    # then the columns are split right
    assert [(row.recipient, row.type, row.status) for row in rows] == [
        ("5551234567", "MESAJ", "ONAY")
    ]


def test_commas_inside_quotes_do_not_decide_the_delimiter(tmp_path: Path) -> None:
    # given a semicolon file whose header has a quoted column name full of commas
    path = write(
        tmp_path, 'recipient;type;status;"note, with, commas, here"\nx@y.com;EPOSTA;RET;a\n'
    )

    # when it is read
    rows = read_all(path)

    # then semicolon is the delimiter
    assert (rows[0].recipient, rows[0].status) == ("x@y.com", "RET")


def test_quoted_newlines_keep_the_physical_line_numbers(tmp_path: Path) -> None:
    # given a row whose quoted source spans three physical lines
    text = f'{API_HEADER}\na@b.com,EPOSTA,"HS\nWEB\n",ONAY,,\nc@d.com,EPOSTA,HS_WEB,ONAY,,\n'
    path = write(tmp_path, text)

    # when it is read
    rows = read_all(path)

    # then the first row is on line 2 (where it starts) and the next on line 5
    assert [row.line for row in rows] == [2, 5]
    assert rows[0].source == "HS\nWEB"


def test_blank_lines_are_skipped_and_not_counted(tmp_path: Path) -> None:
    # given blank lines: empty, only delimiters, only spaces
    lines = ["", API_HEADER, "", "a@b.com,EPOSTA,HS_WEB,ONAY,,", ",,,,,", "  , ,", ""]
    text = "\n".join([*lines, "c@d.com,EPOSTA,,RET,,", "", ""])
    path = write(tmp_path, text)

    # when it is read and counted
    rows = read_all(path)

    # then only the two data rows come back, on their physical lines
    assert [row.line for row in rows] == [4, 8]
    assert count_rows(path) == 2


def test_late_non_ascii_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    # given a UTF-8 file whose first megabytes are ASCII and whose last row has "ş"
    body = "".join(f"{n}@example.com,EPOSTA,HS_WEB,ONAY,,\n" for n in range(60_000))
    path = write(tmp_path, f"{API_HEADER}\n{body}ayşe@example.com,EPOSTA,HS_WEB,ONAY,,\n")
    assert path.stat().st_size > 2 * 1024 * 1024

    # when it is read
    rows = read_all(path)

    # then the late letter is decoded as UTF-8, not as Windows-1254 mojibake
    assert rows[-1].recipient == "ayşe@example.com"
    assert rows[-1].line == 60_002


def test_late_non_ascii_windows_1254_is_read_as_windows_1254(tmp_path: Path) -> None:
    # given an ASCII-looking file whose last row has a Windows-1254 "ş"
    body = "".join(f"{n}@example.com,EPOSTA,HS_WEB,ONAY,,\n" for n in range(60_000))
    path = write(tmp_path, f"{API_HEADER}\n{body}ayşe@example.com,EPOSTA,HS_WEB,ONAY,,\n", "cp1254")

    # when it is read
    rows = read_all(path)

    # then the whole file is read as Windows-1254, without a decode error on the way
    assert rows[-1].recipient == "ayşe@example.com"


def test_a_file_mixing_utf8_and_windows_1254_is_refused(tmp_path: Path) -> None:
    # given UTF-8 Turkish text followed by a Windows-1254 line
    head = f"{API_HEADER}\nşule@example.com,EPOSTA,HS_WEB,ONAY,,\n".encode()
    path = write(tmp_path, head + "ayşe@example.com,EPOSTA,HS_WEB,ONAY,,\n".encode("cp1254"))

    # when it is read, then the encoding is reported rather than guessed
    assert format_error(path).code == "BAD_ENCODING"


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    # given a file Excel saved as "Unicode text"
    path = write(tmp_path, f"{API_HEADER}\n".encode("utf-16"))

    # when it is read, then the error says so
    error = format_error(path)
    assert error.code == "BAD_ENCODING"
    assert "UTF-16" in error.message


def test_rows_shorter_or_longer_than_the_header_are_read(tmp_path: Path) -> None:
    # given one row missing its last cells and one with an extra cell
    text = f"{API_HEADER}\na@b.com,EPOSTA\nc@d.com,EPOSTA,HS_WEB,ONAY,,TACIR,extra\n"
    path = write(tmp_path, text)

    # when it is read
    rows = read_all(path)

    # then missing cells are None and extra cells are ignored
    assert rows[0] == RawRow(2, "a@b.com", "EPOSTA", None, None, None, None)
    assert rows[1].recipient_type == "TACIR"


# --- headers ----------------------------------------------------------------------------------


def test_headers_in_any_case_order_and_language(tmp_path: Path) -> None:
    # given Turkish and İYS names in mixed case, spacing and order, plus an unknown column
    header = " Durum ;alıcı;İzin Türü;CONSENT_DATE;notlar;Alıcı Tipi;kaynak"
    path = write(
        tmp_path, f"{header}\nRet;+90 555 123 45 67;Arama;2026-12-03 10:00:00;x;Tacir;Hs_Web\n"
    )

    # when it is read
    rows = read_all(path)

    # then each column lands in its field
    assert rows == [
        RawRow(2, "+90 555 123 45 67", "ARAMA", "RET", "HS_WEB", "2026-12-03 10:00:00", "TACIR")
    ]


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    # given only the required columns
    path = write(tmp_path, "RECIPIENT,TYPE,STATUS\na@b.com,eposta,onay\n")

    # when it is read, then the absent fields are None
    assert read_all(path) == [RawRow(2, "a@b.com", "EPOSTA", "ONAY", None, None, None)]


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    # given a header without recipient and status
    path = write(tmp_path, "İZİN TÜRÜ,KAYNAK\nMESAJ,HS_WEB\n")

    # when it is read
    error = format_error(path)

    # then both columns are named, in English and in Turkish
    assert error.code == "MISSING_COLUMNS"
    assert "recipient (ALICI)" in error.message
    assert "status (DURUM)" in error.message
    assert "zorunlu" in error.message_tr


def test_the_same_column_twice_is_refused(tmp_path: Path) -> None:
    # given "recipient" and its Turkish label side by side
    path = write(tmp_path, "recipient,ALICI,type,status\n")

    # when it is read, then the duplicate is reported
    error = format_error(path)
    assert (error.code, "recipient (ALICI)" in error.message) == ("DUPLICATE_COLUMNS", True)


def test_empty_cells_after_the_header_do_not_count_as_columns(tmp_path: Path) -> None:
    # given a sheet whose header row has a formatted empty cell far to the right
    path = write_xlsx(tmp_path, [["ALICI", "İZİN TÜRÜ", "DURUM", *[None] * 2000, " "]])

    # when it is read, then the header is accepted
    assert read_all(path) == []


def test_a_header_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    # given a header of a thousand columns
    path = write(tmp_path, "recipient,type,status," + ",".join(["x"] * 1000) + "\n")

    # when it is read, then it is refused before any row
    assert format_error(path).code == "TOO_MANY_COLUMNS"


@pytest.mark.parametrize("content", [b"", b"\n\r\n  \n", b"\xef\xbb\xbf"])
def test_a_file_without_a_header_is_empty(tmp_path: Path, content: bytes) -> None:
    # given an empty file, blank lines only, or a bare byte-order mark
    path = write(tmp_path, content)

    # when it is read, then it is EMPTY_FILE
    assert format_error(path).code == "EMPTY_FILE"


def test_a_header_alone_has_no_rows(tmp_path: Path) -> None:
    # given a header and nothing else
    path = write(tmp_path, f"{API_HEADER}\n")

    # when it is read and counted, then there are no rows
    assert (read_all(path), count_rows(path)) == ([], 0)


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("E-POSTA", "EPOSTA"), ("e-posta", "EPOSTA"), (" E POSTA ", "EPOSTA"), ("Mesaj", "MESAJ")]
    + [("ARAMA", "ARAMA"), ("SMS", "SMS"), ("  ", None), ("", None)],
)
def test_type_spellings(raw: str, expected: str | None) -> None:
    assert canonical_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("BİREYSEL", "BIREYSEL"), ("Bireysel", "BIREYSEL"), ("bireysel", "BIREYSEL")]
    + [("TACİR", "TACIR"), ("Tacir", "TACIR"), ("KURUMSAL", "KURUMSAL")],
)
def test_recipient_type_spellings(raw: str, expected: str) -> None:
    assert canonical_recipient_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("Onay", "ONAY"), ("ret", "RET"), ("RET ", "RET"), ("EVET", "EVET")]
)
def test_status_spellings(raw: str, expected: str) -> None:
    assert canonical_status(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("hs_web", "HS_WEB"), ("Hs_Çağrı_Merkezi", "HS_CAGRI_MERKEZI")]
)
def test_source_spellings(raw: str, expected: str) -> None:
    assert canonical_source(raw) == expected


# --- whole-file problems ----------------------------------------------------------------------


def test_a_binary_file_is_unsupported(tmp_path: Path) -> None:
    # given a PNG renamed to .csv
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    # when it is read, then it is refused as a whole
    assert format_error(path).code == "UNSUPPORTED_FILE"


def test_random_bytes_after_pk_are_a_corrupt_workbook(tmp_path: Path) -> None:
    # given a file that starts like a zip but is not one
    path = write(tmp_path, b"PK\x03\x04" + os.urandom(4096), name="f.xlsx")

    # when it is read
    error = format_error(path)

    # then it is CORRUPT_XLSX with a message for people, not a stack trace
    assert error.code == "CORRUPT_XLSX"
    assert "Excel" in error.message
    assert "Excel" in error.message_tr


def cut_sheet(source: Path, path: Path, dimension: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as damaged:
        for member in original.infolist():
            data = original.read(member)
            if "worksheets" in member.filename:
                data = data.replace(b"<sheetViews>", dimension + b"<sheetViews>")
                data = data[: len(data) // 2]
            damaged.writestr(member, data)
    return path


@pytest.mark.parametrize("dimension", [b"", b'<dimension ref="A1:F3001"/>'])
def test_a_damaged_sheet_is_a_corrupt_workbook(tmp_path: Path, dimension: bytes) -> None:
    # given a real workbook whose sheet XML is cut in the middle (openpyxl finds out on opening
    # a sheet without a <dimension>, and only while streaming one with it)
    source, _ = generate(tmp_path, "xlsx", rows=3000)
    path = cut_sheet(source, tmp_path / "cut.xlsx", dimension)

    # when it is read, then the damage is CORRUPT_XLSX, wherever it is met
    assert format_error(path).code == "CORRUPT_XLSX"


def test_a_zip_that_is_not_a_workbook_is_unsupported(tmp_path: Path) -> None:
    # given a zipped CSV
    path = tmp_path / "consents.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("consents.csv", f"{API_HEADER}\n")

    # when it is read, then it is refused
    assert format_error(path).code == "UNSUPPORTED_FILE"


def test_old_xls_and_password_protected_workbooks_are_told_apart(tmp_path: Path) -> None:
    # given two OLE2 compound files, one holding an encrypted OOXML package
    magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    old = write(tmp_path, magic + b"Workbook".ljust(2048, b"\0"), name="old.xls")
    locked = write(tmp_path, magic + "EncryptedPackage".encode("utf-16-le"), name="locked.xlsx")

    # when they are read, then each gets its own advice
    assert format_error(old).code == "UNSUPPORTED_FILE"
    assert (format_error(locked).code, "password" in format_error(locked).message) == (
        "CORRUPT_XLSX",
        True,
    )


def test_a_workbook_that_unpacks_absurdly_is_refused(tmp_path: Path) -> None:
    # given a "workbook" whose sheet is 8 MiB of spaces compressed a thousandfold
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (8 * 1024 * 1024))

    # when it is read, then it is refused before openpyxl unpacks anything
    assert format_error(path).code == "XLSX_TOO_LARGE"


def test_an_over_long_line_is_refused(tmp_path: Path) -> None:
    # given a line of 100,000 characters
    path = write(tmp_path, f"{API_HEADER}\na@b.com,EPOSTA,HS_WEB,ONAY,,\n{'x' * 100_000}\n")

    # when it is counted, then the line is named
    with pytest.raises(FileFormatError) as caught:
        count_rows(path)
    assert (caught.value.code, caught.value.line) == ("LINE_TOO_LONG", 3)


def test_an_unclosed_quote_is_refused_where_it_starts(tmp_path: Path) -> None:
    # given a quote opened on line 3 and never closed
    rows = "".join(f"{n}@b.com,EPOSTA,HS_WEB,ONAY,,\n" for n in range(500))
    path = write(tmp_path, f'{API_HEADER}\na@b.com,EPOSTA,HS_WEB,ONAY,,\n"x@b.com,EPOSTA\n{rows}')

    # when it is read
    error = format_error(path)

    # then the row where the quote starts is named
    assert (error.code, error.line) == ("LINE_TOO_LONG", 3)


def test_file_format_errors_survive_pickling() -> None:
    # given an error as a worker process would raise it
    error = FileFormatError("EMPTY_FILE", "The file is empty.", "Dosya boş.", 1)

    # when it crosses a process boundary
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

    # then nothing is lost
    assert (copy.code, copy.message, copy.message_tr, copy.line) == ("EMPTY_FILE", *error.args[1:])


# --- XLSX cells -------------------------------------------------------------------------------


def test_xlsx_cells_become_the_text_a_user_typed(tmp_path: Path) -> None:
    # given number cells for phones, a date cell, numbers elsewhere and a blank sheet row
    when = datetime(2026, 12, 3, 14, 5)  # noqa: DTZ001 - Excel date cells are naive
    path = write_xlsx(
        tmp_path,
        [
            ["ALICI", "İZİN TÜRÜ", "DURUM", "KAYNAK", "İZİN TARİHİ", "ALICI TİPİ"],
            [5551234567, "MESAJ", "ONAY", "HS_WEB", when, "BİREYSEL"],
            [],
            [905551234567.0, "Arama", "Onay", 42, "03.12.2026 14:05", "Tacir"],
            [5.55e9 + 0.5, "MESAJ", "ONAY", "HS_WEB", 46359.5, None],
        ],
    )

    # when it is read
    rows = read_all(path)

    # then phones are digit strings, dates stay datetimes, other numbers become text
    assert rows == [
        RawRow(2, "5551234567", "MESAJ", "ONAY", "HS_WEB", when, "BIREYSEL"),
        RawRow(4, "905551234567", "ARAMA", "ONAY", "42", "03.12.2026 14:05", "TACIR"),
        RawRow(5, "5550000000.5", "MESAJ", "ONAY", "HS_WEB", "46359.5", None),
    ]


def test_a_workbook_without_rows_is_empty(tmp_path: Path) -> None:
    # given a workbook whose first sheet has no cells
    path = write_xlsx(tmp_path, [])

    # when it is read, then it is EMPTY_FILE
    assert format_error(path).code == "EMPTY_FILE"


def test_openpyxl_warnings_do_not_escape(tmp_path: Path) -> None:
    # given a workbook whose sheet carries an extension openpyxl warns about while streaming
    source, expected = generate(tmp_path, "xlsx", rows=20)
    path = tmp_path / "with-extension.xlsx"
    extension = b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"/></extLst></worksheet>'
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as changed:
        for member in original.infolist():
            data = original.read(member)
            if "worksheets" in member.filename:
                data = data.replace(b"</worksheet>", extension)
            changed.writestr(member, data)

    # when it is read (pytest turns any escaping warning into an error)
    rows = read_all(path)

    # then all rows come back
    assert len(rows) == len(expected)


# --- resuming and closing ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_resume_skips_rows_up_to_the_stored_line(tmp_path: Path, fmt: str) -> None:
    # given a file whose job stopped after line 101
    path, expected = generate(tmp_path, fmt, rows=200)

    # when it is reopened after that line
    rows = read_all(path, start_after_line=101)

    # then reading goes on from line 102
    assert [row.line for row in rows] == [e["line"] for e in expected if e["line"] > 101]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_stopping_early_closes_the_file(tmp_path: Path, fmt: str) -> None:
    # given an open file of which only three rows are read
    path, _ = generate(tmp_path, fmt, rows=100)
    with ConsentFile.open(path) as rows:
        first = [next(rows) for _ in range(3)]
        assert not rows.closed

    # when the block is left, then the file is closed
    assert rows.closed
    assert [row.line for row in first] == [2, 3, 4]


def test_reading_to_the_end_closes_the_file(tmp_path: Path) -> None:
    # given a file read in a plain for loop
    path = write(tmp_path, f"{API_HEADER}\na@b.com,EPOSTA,HS_WEB,ONAY,,\n")
    rows = open_rows(path)

    # when every row is read
    assert len(list(rows)) == 1

    # then the file is closed without a with block
    assert rows.closed


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("rows_read", [0, 2])
def test_a_dropped_reader_releases_its_file(tmp_path: Path, fmt: str, rows_read: int) -> None:
    # given a reader opened outside a with block and dropped after a few rows
    path, _ = generate(tmp_path, fmt, rows=20)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ResourceWarning)
        rows = open_rows(path)
        for _ in range(rows_read):
            next(rows)

        # when it is garbage-collected
        del rows
        gc.collect()

    # then no file was left open (an unclosed file warns when it is collected)
    assert [str(w.message) for w in seen if issubclass(w.category, ResourceWarning)] == []

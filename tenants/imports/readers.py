"""Streaming readers for uploaded consent files: CSV (UTF-8 or Windows-1254) and XLSX.

A file starting with a ZIP header and holding ``xl/workbook.xml`` is read as XLSX (first sheet,
openpyxl read-only); anything else as CSV, comma, semicolon or tab separated. Read it with a
``with`` block, so that it is closed even when the reader stops early::

    with ConsentFile.open(path) as rows:
        for row in rows:            # RawRow; row.line is the CSV line or the sheet's row number
            ...

A job cut off by a crash resumes after the last line it stored. Rows before it are parsed, to
keep line numbers right, but not mapped: about 1 µs a skipped CSV row; openpyxl, though, parses
skipped sheet rows in full::

    with ConsentFile.open(path, start_after_line=last_line) as rows: ...

Whole-file problems raise `FileFormatError`, from ``open`` (type, encoding, header) or while
iterating (an over-long line, a damaged sheet). `count_rows` reads the whole file the same way,
so a job that counts first learns of every such problem before it imports a row.

Limits, each a `FileFormatError`: a CSV line of 64 KiB characters, a row spanning 100 lines
(LINE_TOO_LONG); a header of 256 columns (TOO_MANY_COLUMNS); an XLSX unpacking to over 2 GiB,
any part openpyxl loads whole (all but the streamed worksheets) over 128 MiB, or any part over
1 MiB compressed more than 200:1 (XLSX_TOO_LARGE; real sheets compress about 11:1). XML entity
bombs are refused by expat itself (2.4 and later).
"""

from __future__ import annotations

import codecs
import csv
import inspect
import re
import warnings
import weakref
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import dropwhile, islice, starmap
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from openpyxl import load_workbook

__all__ = [
    "ConsentFile",
    "FileFormatError",
    "RawRow",
    "canonical_recipient_type",
    "canonical_source",
    "canonical_status",
    "canonical_type",
    "count_rows",
    "open_rows",
]

MAX_LINE_CHARS = 64 * 1024
MAX_ROW_LINES = 100
MAX_COLUMNS = 256
MAX_XLSX_BYTES = 2 * 1024**3
MAX_XLSX_LOADED_PART_BYTES = 128 * 1024**2
MAX_XLSX_RATIO = 200
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit; a larger row number is a forged sheet
_CHUNK = 1024 * 1024
_XLSX_BATCH = 1000

Cells = Sequence[Any]
Record = tuple[int, Cells]
RowBuilder = Callable[[int, Any], "RawRow"]


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as written in the file, with İYS values in canonical spelling.

    ``line`` is the physical line where the row starts (the header is line 1) or the sheet's
    row number. Empty cells are None; ``consent_date`` is a naive datetime only when it comes
    from an Excel date cell.
    """

    line: int
    recipient: str | None
    type: str | None
    status: str | None
    source: str | None
    consent_date: str | datetime | None
    recipient_type: str | None


class FileFormatError(Exception):
    """The file as a whole cannot be read; ``code`` is stable, the messages are for people.

    Codes: UNSUPPORTED_FILE, CORRUPT_XLSX, XLSX_TOO_LARGE, BAD_ENCODING, EMPTY_FILE,
    MISSING_COLUMNS, DUPLICATE_COLUMNS, TOO_MANY_COLUMNS, LINE_TOO_LONG. ``line`` is set when
    one line is to blame.
    """

    def __init__(self, code: str, message: str, message_tr: str, line: int | None = None) -> None:
        super().__init__(code, message, message_tr, line)
        self.code = code
        self.message = message
        self.message_tr = message_tr
        self.line = line

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


_PROBLEMS: dict[str, tuple[str, str, str]] = {
    "binary": (
        "UNSUPPORTED_FILE",
        "The file is not a CSV or Excel (.xlsx) file: it contains binary data.",
        "Dosya CSV ya da Excel (.xlsx) dosyası değil: ikili (binary) veri içeriyor.",
    ),
    "zip": (
        "UNSUPPORTED_FILE",
        "The file is a ZIP archive but not an Excel (.xlsx) workbook.",
        "Dosya bir ZIP arşivi ama Excel (.xlsx) çalışma kitabı değil.",
    ),
    "xls": (
        "UNSUPPORTED_FILE",
        "Excel 97-2003 (.xls) workbooks are not supported: save the file as .xlsx or CSV.",
        "Excel 97-2003 (.xls) dosyaları desteklenmiyor: dosyayı .xlsx ya da CSV kaydedin.",
    ),
    "corrupt": (
        "CORRUPT_XLSX",
        "The Excel workbook is damaged and cannot be read: open it in Excel and save it again.",
        "Excel dosyası bozuk ve okunamıyor: dosyayı Excel'de açıp yeniden kaydedin.",
    ),
    "encrypted": (
        "CORRUPT_XLSX",
        "The Excel workbook is password-protected: remove the password and upload it again.",
        "Excel dosyası parola korumalı: parolayı kaldırıp dosyayı yeniden yükleyin.",
    ),
    "bomb": (
        "XLSX_TOO_LARGE",
        "The Excel workbook unpacks to far more data than it holds ({part}); upload it as CSV.",
        "Excel dosyası açıldığında olağan dışı büyüyor ({part}); dosyayı CSV olarak yükleyin.",
    ),
    "empty": (
        "EMPTY_FILE",
        "The file is empty: it has no header row.",
        "Dosya boş: başlık satırı yok.",
    ),
    "missing": (
        "MISSING_COLUMNS",
        "Required columns are missing from the header: {columns}.",
        "Başlıkta zorunlu sütunlar eksik: {columns}.",
    ),
    "duplicate": (
        "DUPLICATE_COLUMNS",
        "The column {column} appears more than once in the header.",
        "{column} sütunu başlıkta birden fazla kez geçiyor.",
    ),
    "columns": (
        "TOO_MANY_COLUMNS",
        "The header has {count} columns; at most {limit} are allowed.",
        "Başlıkta {count} sütun var; en fazla {limit} sütuna izin veriliyor.",
    ),
    "utf16": (
        "BAD_ENCODING",
        "The file is saved as UTF-16: save it as CSV UTF-8 or Windows-1254.",
        "Dosya UTF-16 olarak kaydedilmiş: CSV UTF-8 ya da Windows-1254 olarak kaydedin.",
    ),
    "mixed": (
        "BAD_ENCODING",
        "The file mixes UTF-8 and Windows-1254 text: save it again, preferably as UTF-8.",
        "Dosyada UTF-8 ve Windows-1254 metin karışık: dosyayı yeniden (tercihen UTF-8) kaydedin.",
    ),
    "encoding": (
        "BAD_ENCODING",
        "The file's text is neither UTF-8 nor Windows-1254 (Turkish).",
        "Dosyanın metni UTF-8 ya da Windows-1254 (Türkçe) değil.",
    ),
    "long_line": (
        "LINE_TOO_LONG",
        "Line {line} is longer than {limit} characters.",
        "{line}. satır {limit} karakterden uzun.",
    ),
    "long_row": (
        "LINE_TOO_LONG",
        "The row starting at line {line} is too long; a quotation mark is probably not closed.",
        "{line}. satırda başlayan kayıt çok uzun; büyük olasılıkla bir tırnak işareti açık kalmış.",
    ),
}


def _problem(kind: str, line: int | None = None, **details: object) -> FileFormatError:
    code, message, message_tr = _PROBLEMS[kind]
    details["line"] = line
    return FileFormatError(code, message.format(**details), message_tr.format(**details), line)


# --- values ---------------------------------------------------------------------------------

_TURKISH_TO_ASCII = str.maketrans("İıŞşĞğÜüÖöÇçÂâÎîÛû", "IiSsGgUuOoCcAaIiUu")
# Spaces, dashes, underscores and dots between words, a BOM, zero-width spaces and the dot
# that "İ".lower() leaves: dropped when comparing spellings ("E-POSTA", "consent_date").
_SEPARATORS = re.compile(r"[\s\-_.\ufeff\u200b\u0307]+")
_MAX_REMEMBERED_SPELLINGS = 4096


def _ascii_upper(text: str) -> str:
    # str.upper() is not Turkish-aware (i → I is right, but İ stays İ), so fold letters first.
    return text.translate(_TURKISH_TO_ASCII).upper()


def _squeezed(text: str) -> str:
    return _SEPARATORS.sub("", _ascii_upper(text))


class _Spellings(dict[str, str | None]):
    """Raw cell text → canonical value: a dict hit for known spellings, folding on a miss.

    Misses are remembered up to a bound, so a file of "Onay" folds once, not once per row,
    and a hostile file of unique values cannot grow the memo without limit.
    """

    def __init__(self, canonicalise: Callable[[str], str], *known: str) -> None:
        super().__init__((value, value) for value in known)
        self._canonicalise = canonicalise

    def __missing__(self, raw: str) -> str | None:
        text = raw.strip()
        value = self._canonicalise(text) if text else None
        if len(self) < _MAX_REMEMBERED_SPELLINGS:
            self[raw] = value
        return value


def _one_of(*canonical: str) -> Callable[[str], str]:
    by_key = {_squeezed(value): value for value in canonical}
    return lambda text: by_key.get(_squeezed(text), text)


_TYPES = _Spellings(_one_of("MESAJ", "ARAMA", "EPOSTA"), "MESAJ", "ARAMA", "EPOSTA")
_STATUSES = _Spellings(_one_of("ONAY", "RET"), "ONAY", "RET")
_RECIPIENT_TYPES = _Spellings(_one_of("BIREYSEL", "TACIR"), "BIREYSEL", "TACIR")
_SOURCES = _Spellings(_ascii_upper)


def canonical_type(raw: str) -> str | None:
    """``E-POSTA``, ``e posta`` → ``EPOSTA``; unknown values come back stripped, blank → None."""
    return _TYPES[raw]


def canonical_status(raw: str) -> str | None:
    """``Onay`` → ``ONAY``, ``ret`` → ``RET``; unknown values come back stripped."""
    return _STATUSES[raw]


def canonical_recipient_type(raw: str) -> str | None:
    """``BİREYSEL``, ``Bireysel`` → ``BIREYSEL``, ``Tacir`` → ``TACIR``; else stripped."""
    return _RECIPIENT_TYPES[raw]


def canonical_source(raw: str) -> str | None:
    """Any source in upper-case ASCII (``hs_web`` → ``HS_WEB``); the rules judge the value."""
    return _SOURCES[raw]


# --- header ---------------------------------------------------------------------------------

_FIELDS = ("recipient", "type", "status", "source", "consentDate", "recipientType")
_REQUIRED = ("recipient", "type", "status")
_TURKISH_LABELS = ("ALICI", "İZİN TÜRÜ", "DURUM", "KAYNAK", "İZİN TARİHİ", "ALICI TİPİ")
_FIELD_BY_HEADER = {
    _squeezed(name): field
    for field, label in zip(_FIELDS, _TURKISH_LABELS, strict=True)
    for name in (field, label)
}


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each field sits in a row; an absent field points at a padding cell."""

    width: int
    pick: Callable[[Cells], Any]


def _columns(header: Cells) -> _Columns:
    # Excel keeps formatted empty cells, so a header may run on to column XFD.
    header = header[: _last_filled(header) + 1]
    if len(header) > MAX_COLUMNS:
        raise _problem("columns", count=len(header), limit=MAX_COLUMNS)
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _FIELD_BY_HEADER.get(_squeezed("" if cell is None else str(cell)))
        if field is None:
            continue
        if field in found:
            raise _problem("duplicate", column=_label(field))
        found[field] = index
    if missing := [field for field in _REQUIRED if field not in found]:
        raise _problem("missing", columns=", ".join(map(_label, missing)))
    width = len(header)
    return _Columns(width, itemgetter(*(found.get(field, width) for field in _FIELDS)))


_Source = tuple[Iterator[Record], Callable[[_Columns], RowBuilder]]


def _last_filled(cells: Cells) -> int:
    return max((index for index, cell in enumerate(cells) if not _is_blank((cell,))), default=-1)


def _label(field: str) -> str:
    return f"{field} ({_TURKISH_LABELS[_FIELDS.index(field)]})"


def _fitted(cells: Cells, width: int, empty: object) -> list[Any]:
    """The row cut or padded to the header's width, plus the padding cell absent fields read."""
    return [*cells[:width], *[empty] * (max(width - len(cells), 0) + 1)]


def _is_blank(cells: Cells) -> bool:
    for cell in cells:
        if cell is not None and (not isinstance(cell, str) or (cell and not cell.isspace())):
            return False
    return True


# --- CSV ------------------------------------------------------------------------------------

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_QUOTED = re.compile(r'"[^"]*"')


def _csv_encoding(path: Path) -> str:
    """UTF-8 if the whole file decodes as UTF-8, else Windows-1254.

    The whole file is checked (at about 1 GB/s) because a file that is ASCII for its first
    megabytes can still hold a Windows-1254 "ş" on line 900,000.
    """
    with path.open("rb") as file:
        head = file.read(4)
        if head.startswith(_UTF16_BOMS):
            raise _problem("utf16")
        file.seek(0)
        utf8_error = _first_decode_error(file, "utf-8")
        if utf8_error is None:
            return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        if utf8_error == "after non-ASCII text":
            raise _problem("mixed")
        file.seek(0)
        if _first_decode_error(file, "cp1254") is None:
            return "cp1254"
    raise _problem("encoding")


def _first_decode_error(file: IO[bytes], encoding: str) -> str | None:
    """None if the file decodes; else whether only ASCII came before the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)()
    seen_non_ascii = False
    while True:
        chunk = file.read(_CHUNK)
        if b"\0" in chunk:
            raise _problem("binary")
        try:
            decoder.decode(chunk, final=not chunk)  # final: a character cut by the file's end
        except UnicodeDecodeError as error:
            ascii_before = not seen_non_ascii and chunk[: error.start].isascii()
            return "after ASCII text" if ascii_before else "after non-ASCII text"
        if not chunk:
            return None
        seen_non_ascii = seen_non_ascii or not chunk.isascii()


def _sniff_delimiter(text: IO[str]) -> str:
    """Semicolon (Turkish Excel), comma or tab: whichever the header uses most outside quotes."""
    line = ""
    while not line.strip() and (line := text.readline(MAX_LINE_CHARS)):
        pass
    text.seek(0)
    unquoted = _QUOTED.sub("", line)
    return max(",;\t", key=unquoted.count)


def _csv_records(text: IO[str], delimiter: str) -> Iterator[Record]:
    """Non-blank records with the physical line each starts on."""
    start = 1

    def physical_lines() -> Iterator[str]:
        readline = text.readline
        number = 0
        while line := readline(MAX_LINE_CHARS + 1):
            number += 1
            if len(line) > MAX_LINE_CHARS:
                raise _problem("long_line", number, limit=MAX_LINE_CHARS)
            if number - start >= MAX_ROW_LINES:
                raise _problem("long_row", start)
            yield line

    reader = csv.reader(physical_lines(), delimiter=delimiter)
    try:
        for cells in reader:
            if not _is_blank(cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:  # the only one non-strict csv raises: a field over its limit
        raise _problem("long_row", start) from error


def _csv_row_builder(columns: _Columns) -> RowBuilder:
    width, pick = columns.width, columns.pick
    types, statuses, sources, recipient_types = _TYPES, _STATUSES, _SOURCES, _RECIPIENT_TYPES

    def build(line: int, cells: list[str]) -> RawRow:
        if len(cells) == width:
            cells.append("")
        else:
            cells = _fitted(cells, width, "")
        recipient, type_, status, source, consent_date, recipient_type = pick(cells)
        return RawRow(
            line,
            recipient.strip() or None,
            types[type_],
            statuses[status],
            sources[source],
            consent_date.strip() or None,
            recipient_types[recipient_type],
        )

    return build


def _open_csv(path: Path, stack: ExitStack) -> _Source:
    encoding = _csv_encoding(path)
    text = stack.enter_context(path.open(encoding=encoding, newline=""))
    return _csv_records(text, _sniff_delimiter(text)), _csv_row_builder


# --- XLSX -----------------------------------------------------------------------------------

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_STREAMED_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


def _is_xlsx(path: Path, magic: bytes) -> bool:
    """True for an OOXML workbook; raises for archives and old workbooks we cannot read."""
    if magic == _OLE2_MAGIC:
        raise _problem("encrypted" if _contains(path, _ENCRYPTED_PACKAGE) else "xls")
    if not magic.startswith(b"PK\x03\x04"):
        return False
    with _workbook_guard(), zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise _problem("zip")
    _refuse_bombs(members)
    return True


def _contains(path: Path, needle: bytes) -> bool:
    tail = b""
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            if needle in tail + chunk[: len(needle)] or needle in chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _refuse_bombs(members: list[zipfile.ZipInfo]) -> None:
    # zipfile stops at each member's declared size, so checking the declared sizes suffices.
    if sum(member.file_size for member in members) > MAX_XLSX_BYTES:
        raise _problem("bomb", part="over 2 GiB in all")
    for member in members:
        streamed = _STREAMED_PART.fullmatch(member.filename)
        if not streamed and member.file_size > MAX_XLSX_LOADED_PART_BYTES:
            raise _problem("bomb", part=member.filename)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _CHUNK and ratio > MAX_XLSX_RATIO:
            raise _problem("bomb", part=member.filename)


@contextmanager
def _workbook_guard() -> Iterator[None]:
    """openpyxl's UserWarnings (missing default style, unsupported extensions) silenced,
    and any failure of zipfile or openpyxl reported as a damaged workbook, not a stack trace."""
    # catch_warnings swaps process-wide filters, so it is held only while openpyxl runs (one
    # batch of rows at a time), never across a yield to the caller.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            yield
        except (FileFormatError, MemoryError):
            raise
        except Exception as error:
            raise _problem("corrupt") from error


def _xlsx_records(rows: Iterator[Cells]) -> Iterator[Record]:
    """Non-blank rows with their sheet row numbers, pulled in batches so that the warning
    filter is entered once per batch, not once per row."""
    line = 0
    while True:
        with _workbook_guard():
            batch = list(islice(rows, _XLSX_BATCH))
        if not batch:
            return
        for cells in batch:
            line += 1
            if not _is_blank(cells):
                yield line, cells
        if line > MAX_SHEET_ROWS:
            raise _problem("corrupt")


def _cell_text(value: object) -> str:
    """Cell value as the text a user typed: phones Excel stored as numbers become digits."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).upper() if isinstance(value, bool) else str(value)


def _cell_date(value: object) -> str | datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return _cell_text(value).strip() or None


def _xlsx_row_builder(columns: _Columns) -> RowBuilder:
    width, pick = columns.width, columns.pick

    def build(line: int, cells: Cells) -> RawRow:
        fitted = (*cells, None) if len(cells) == width else _fitted(cells, width, None)
        recipient, type_, status, source, consent_date, recipient_type = pick(fitted)
        return RawRow(
            line,
            _cell_text(recipient).strip() or None,
            _TYPES[_cell_text(type_)],
            _STATUSES[_cell_text(status)],
            _SOURCES[_cell_text(source)],
            _cell_date(consent_date),
            _RECIPIENT_TYPES[_cell_text(recipient_type)],
        )

    return build


def _open_xlsx(path: Path, stack: ExitStack) -> _Source:
    file = stack.enter_context(path.open("rb"))
    with _workbook_guard():
        book = load_workbook(file, read_only=True, data_only=True)
        stack.callback(book.close)
        if not book.worksheets:
            raise _problem("empty")
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut the rows short
        rows = sheet.iter_rows(values_only=True)
        stack.callback(rows.close)  # before the book's: the sheet stream closes first
    return _xlsx_records(rows), _xlsx_row_builder


# --- the file -------------------------------------------------------------------------------


class ConsentFile:
    """An open consent file: a context manager and an iterator of `RawRow`.

    Leaving the ``with`` block, exhausting the rows or calling `close` releases the file.
    """

    def __init__(self, records: Iterator[Record], build: RowBuilder, stack: ExitStack) -> None:
        self._records = _closing_at_end(records, stack)
        self._rows: Iterator[RawRow] = starmap(build, self._records)
        # Closes the file of a ConsentFile dropped before its first row was read.
        self._release = weakref.finalize(self, stack.close)

    @classmethod
    def open(cls, path: Path | str, *, start_after_line: int = 0) -> ConsentFile:
        """Open a CSV or XLSX consent file and read its header.

        Rows on lines up to ``start_after_line`` are skipped, for resuming a job. Raises
        `FileFormatError` when the file cannot be read as a consent file.
        """
        path = Path(path)
        stack = ExitStack()
        try:
            records, builder = _open_source(path, stack)
            header_line, header = next(records, (0, None))
            if header is None:
                raise _problem("empty")
            build = builder(_columns(header))
            if start_after_line > header_line:
                records = dropwhile(lambda record: record[0] <= start_after_line, records)
            return cls(records, build, stack)
        except BaseException:
            stack.close()
            raise

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def __next__(self) -> RawRow:
        return next(self._rows)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the file; safe to call twice."""
        self._records.close()
        self._release()

    @property
    def closed(self) -> bool:
        """True once the rows are exhausted or the file is closed."""
        return inspect.getgeneratorstate(self._records) == inspect.GEN_CLOSED

    def _count_remaining(self) -> int:
        return sum(1 for _ in self._records)


def _closing_at_end(records: Iterator[Record], stack: ExitStack) -> Generator[Record, None, None]:
    with stack:
        yield from records


def _open_source(path: Path, stack: ExitStack) -> _Source:
    with path.open("rb") as file:
        magic = file.read(len(_OLE2_MAGIC))
    if _is_xlsx(path, magic):
        return _open_xlsx(path, stack)
    return _open_csv(path, stack)


def open_rows(path: Path | str, *, start_after_line: int = 0) -> ConsentFile:
    """The rows of a consent file; use it in a ``with`` block (see `ConsentFile.open`)."""
    return ConsentFile.open(path, start_after_line=start_after_line)


def count_rows(path: Path | str) -> int:
    """The number of data rows (blank lines excluded): the job's ``totalRows``.

    Parses the whole file, so it raises the same `FileFormatError` a full read would.
    """
    with ConsentFile.open(path) as rows:
        return rows._count_remaining()

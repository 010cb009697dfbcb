"""Readers for the file formats exports come in: CSV, XLSX, Parquet and JSON.

Tabular readers stream: they yield one row at a time with the line it
started on, so a large file is never held in memory whole. CSV files have
their encoding detected (with a note when it is not UTF-8) and their
delimiter sniffed (or taken from Excel's first line "sep=;", which is then
skipped); a semicolon delimiter implies decimal commas. A quote
left open, which would read the lines after it into one value, is an error
naming the line it opens on. A workbook
may hold a cover sheet, or title rows above its header: given a way to
count the headers it knows, the XLSX reader looks for the header row.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from lifebuoy.errors import SourceError

SAMPLE_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
WESTERN = "cp1252"
DOS_OR_MAC = re.compile(r"^(?:mac_|cp(?:437|7\d\d|8(?!74)\d\d|1125)$)")
"""Code pages of DOS and the classic Mac OS: spreadsheets save CSV in Windows
code pages, but a short sample may fit one of these best by chance."""
DECLARED_DELIMITER = re.compile(r"sep=([^\r\n\"])\r?(?:\n|\Z)", re.IGNORECASE)
"""Excel's first line naming the delimiter ("sep=;"): no header, never read."""
ProgressCallback = Callable[[int], None]
"""Called with the bytes of the current file read so far."""
HeaderScore = Callable[[list[str]], int]
"""How many cells of a row are headers the import knows (0 when none)."""
HEADER_ROWS = 20
"""How far down each sheet of a workbook its header row is looked for."""

csv.field_size_limit(1 << 28)


@dataclass
class TabularFile:
    """A table read from a file: its headers and a stream of (line, values)."""

    path: Path
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    decimal_comma: bool = False
    notes: list[str] = field(default_factory=list)
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        """Release the file when the rows are not read to the end."""
        if self.closer is not None:
            self.closer()


@dataclass(frozen=True)
class Encoding:
    name: str
    note: str | None


def open_tabular(
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    header_score: HeaderScore | None = None,
) -> TabularFile:
    """Open a CSV, XLSX or Parquet file by its suffix; HEADER_SCORE finds the
    header row of a workbook (see ``read_xlsx``)."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path, header_score=header_score)
    if suffix == ".parquet":
        return read_parquet(path)
    if suffix in {".csv", ".tsv", ".txt", ""}:
        return read_csv(path, progress=progress)
    raise SourceError(
        f"{path}: cannot read {suffix} files",
        hint="Export the data as CSV, XLSX or Parquet.",
    )


def detect_encoding(sample: bytes) -> Encoding:
    """UTF-8 (with or without BOM) when it decodes, else the likeliest legacy code."""
    if sample.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8-sig", None)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16", "decoded as UTF-16 (byte order mark)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return Encoding("utf-8", None)
    except UnicodeDecodeError:
        pass

    name = _legacy_encoding(sample)
    return Encoding(name, f"not UTF-8; decoded as {name} (detected)")


def _legacy_encoding(sample: bytes) -> str:
    found = list(from_bytes(sample))
    # "€30.000" in Windows-1252 reads best as DOS Baltic ("Ć30.000").
    matches = [match for match in found if not DOS_OR_MAC.match(match.encoding)]
    matches = matches or found
    if not matches:
        return WESTERN
    best = matches[0]
    # Western and Central European code pages often fit a few accented bytes
    # equally well; exports from Excel and Data Loader are Windows-1252.
    for match in matches:
        same = match.chaos == best.chaos and match.coherence == best.coherence
        if same and WESTERN in match.could_be_from_charset:
            return WESTERN
    return str(best.encoding)


def read_csv(path: Path, *, progress: ProgressCallback | None = None) -> TabularFile:
    binary = _open_binary(path)
    sample = binary.read(SAMPLE_BYTES)
    binary.seek(0)
    encoding = detect_encoding(sample)
    if _looks_binary(sample, encoding):
        binary.close()
        raise _not_text(path)
    text = sample.decode(encoding.name, errors="replace")
    declared = declared_delimiter(text)
    delimiter = declared or sniff_delimiter(text)

    lines = _Lines(io.TextIOWrapper(binary, encoding=encoding.name, newline=""))
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        if declared is not None:
            next(reader, None)
            lines.check_quotes(path, delimiter=delimiter)
        headers = next(reader, [])
        lines.check_quotes(path, delimiter=delimiter)
    except UnicodeDecodeError as exc:
        binary.close()
        raise _not_text(path) from exc
    except csv.Error as exc:
        binary.close()
        raise _unreadable(path, exc) from exc
    except SourceError:
        binary.close()
        raise
    notes = [f"{path.name}: {encoding.note}"] if encoding.note else []
    return TabularFile(
        path,
        [header.strip() for header in headers],
        _csv_rows(path, reader, lines, binary, progress),
        decimal_comma=delimiter == ";",
        notes=notes,
        closer=binary.close,
    )


def declared_delimiter(text: str) -> str | None:
    """The delimiter Excel's first line "sep=;" names, if TEXT starts with one."""
    match = DECLARED_DELIMITER.match(text.lstrip("\ufeff"))
    return match.group(1) if match else None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the candidate it holds most of."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(
    path: Path,
    reader: Any,
    lines: _Lines,
    binary: BinaryIO,
    progress: ProgressCallback | None,
) -> Iterator[tuple[int, list[Any]]]:
    line = reader.line_num + 1
    try:
        for number, values in enumerate(reader):
            lines.check_quotes(path, delimiter=reader.dialect.delimiter)
            if values:
                yield line, values
            line = reader.line_num + 1
            if progress is not None and number % 10_000 == 0:
                progress(binary.tell())
    except UnicodeDecodeError as exc:
        raise _not_text(path, line=line) from exc
    except csv.Error as exc:
        raise _unreadable(path, exc, line=line) from exc
    finally:
        if progress is not None:
            progress(binary.tell())
        binary.close()


class _Lines:
    """The lines of a CSV file as its reader takes them, keeping those of the
    record being read, to say where a quote left open began."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.record: list[str] = []
        self.first = 1
        """The line the record being read starts on."""
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        for line in self.text:
            self.record.append(line)
            yield line
        self.ended = True

    def check_quotes(self, path: Path, *, delimiter: str) -> None:
        """A SourceError when the record just read holds a quote left open;
        else the next record starts afresh."""
        # Only a quoted value runs over lines or into the end of the file;
        # most records hold one line and end before it.
        if len(self.record) > 1 or self.ended:
            opened = _open_quote(self.record, delimiter)
            if opened is not None:
                raise _unclosed_quote(path, line=self.first + opened)
        self.first += len(self.record)
        self.record = []


def _open_quote(lines: list[str], delimiter: str) -> int | None:
    """The index of the line where a quoted value opens that LINES never
    close, or close on a later line with text after the closing quote (that
    quote was meant to open a value). As csv reads it: a quote opens a value
    only at its start, and "" inside one is a quote."""
    ends = (delimiter, "\r", "\n")
    opened = 0
    at_start, quoted, closing = True, False, False
    for number, line in enumerate(lines):
        for char in line:
            if quoted:
                quoted = char != '"'
                closing = not quoted
            elif closing and char == '"':
                quoted, closing = True, False
            elif closing and char not in ends and number > opened:
                return opened
            elif at_start and char == '"':
                quoted, opened = True, number
            else:
                closing = False
                at_start = char in ends
    return opened if quoted else None


def _unclosed_quote(path: Path, *, line: int) -> SourceError:
    return SourceError(
        f'{path}, line {line}: the quote (") opening a value there is not closed '
        "where the value ends, so the lines after it are read into that value",
        hint="Close the quote where the value ends, or remove it (a quote inside "
        'a quoted value is written twice: "").',
    )


def _looks_binary(sample: bytes, encoding: Encoding) -> bool:
    """NUL bytes (outside UTF-16) or bytes no text encoding decodes."""
    if encoding.name == "utf-16":
        return False
    if b"\x00" in sample:
        return True
    try:
        sample.decode(encoding.name)
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is still text.
        return exc.start < len(sample) - 4
    return False


def _not_text(path: Path, *, line: int | None = None) -> SourceError:
    where = f"{path}, line {line}" if line else str(path)
    return SourceError(
        f"{where} does not look like a text CSV file",
        hint=(
            "Open it in the program that made it and export it as CSV UTF-8, "
            "or save it as XLSX (.xlsx) and import that."
        ),
    )


def _unreadable(path: Path, exc: Exception, *, line: int | None = None) -> SourceError:
    where = f"{path}, line {line}" if line else str(path)
    return SourceError(
        f"{where}: cannot read the file: {exc}",
        hint="Save it again as CSV (UTF-8) from the program that made it.",
    )


def _open_binary(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot open {path}: {exc.strerror}") from exc


def read_xlsx(path: Path, *, header_score: HeaderScore | None = None) -> TabularFile:
    """One sheet of a workbook, from its header row on, with the values Excel
    shows: a formula reads as the value saved with it, never evaluated here. A
    formula saved without a value reads as empty, and a note names it.

    Without HEADER_SCORE, the header is the first row of the first sheet.
    With it, the header is the first row (of the first HEADER_ROWS) holding
    two or more known headers, in the first sheet that has one; else the
    first row holding one; else the first row of the first sheet. A note
    names the sheet read when the workbook has several, and the header row
    when it is not the first.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise _unreadable(path, exc) from exc
    sheets = workbook.worksheets
    sheet, line = _header_place(sheets, header_score)

    rows = sheet.iter_rows(min_row=line, values_only=True)
    written = formulas[sheet.title].iter_rows(min_row=line + 1, values_only=True)
    headers = _header_cells(next(rows, ()))
    notes = []
    if len(sheets) > 1 or line > 1:
        where = f"sheet {sheet.title!r}" if len(sheets) > 1 else "the sheet"
        header = f", header on row {line}" if line > 1 else ""
        notes.append(f"{path.name}: read {where}{header}")

    def close() -> None:
        workbook.close()
        formulas.close()

    unsaved = _UnsavedFormulas(path.name, headers, notes)
    return TabularFile(
        path,
        headers,
        _xlsx_rows(rows, written, unsaved, first_line=line + 1, closer=close),
        notes=notes,
        closer=close,
    )


@dataclass
class _UnsavedFormulas:
    """Formula cells saved without a value: read as empty, named in NOTES."""

    file: str
    headers: list[str]
    notes: list[str]
    found: list[tuple[int, str, str]] = field(default_factory=list)

    def check(
        self, line: int, values: tuple[Any, ...], written: tuple[Any, ...]
    ) -> None:
        for index, (value, formula) in enumerate(zip(values, written, strict=False)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                header = self.headers[index] if index < len(self.headers) else ""
                self.found.append((line, header, formula))

    def note(self) -> None:
        if not self.found:
            return
        examples = "; ".join(
            f"row {line}, column {header!r}: {formula}"
            for line, header, formula in self.found[:3]
        )
        self.notes.append(
            f"{self.file}: {len(self.found)} formula cells have no saved value and "
            f"were read as empty ({examples}); open the workbook in Excel or "
            "another spreadsheet and save it, so their values are stored"
        )


def _header_place(sheets: list[Any], score: HeaderScore | None) -> tuple[Any, int]:
    """The sheet holding the header, and the header's row (1-based)."""
    fallback = (sheets[0], 1)
    if score is None:
        return fallback
    single = None
    for sheet in sheets:
        rows = sheet.iter_rows(max_row=HEADER_ROWS, values_only=True)
        for line, values in enumerate(rows, start=1):
            known = score(_header_cells(values))
            if known >= 2:
                return sheet, line
            if known == 1 and single is None:
                single = (sheet, line)
    return single or fallback


def _header_cells(values: tuple[Any, ...]) -> list[str]:
    return [str(cell).strip() if cell is not None else "" for cell in values]


def _xlsx_rows(
    rows: Iterator[tuple[Any, ...]],
    written: Iterator[tuple[Any, ...]],
    unsaved: _UnsavedFormulas,
    *,
    first_line: int,
    closer: Callable[[], None],
) -> Iterator[tuple[int, list[Any]]]:
    """The shown values of each row, its formulas read beside it (WRITTEN)."""
    try:
        for line, values in enumerate(rows, start=first_line):
            unsaved.check(line, values, next(written, ()))
            if any(value is not None for value in values):
                yield line, list(values)
        unsaved.note()
    finally:
        closer()


def read_parquet(path: Path) -> TabularFile:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError kinds
        raise _unreadable(path, exc) from exc
    headers = list(parquet.schema_arrow.names)
    return TabularFile(path, headers, _parquet_rows(parquet, headers))


def _parquet_rows(parquet: Any, headers: list[str]) -> Iterator[tuple[int, list[Any]]]:
    line = 1
    for batch in parquet.iter_batches(batch_size=50_000):
        columns = [batch.column(name).to_pylist() for name in headers]
        for values in zip(*columns, strict=True):
            line += 1
            yield line, list(values)


def read_json(path: Path) -> Any:
    """A whole JSON document (API pages are small)."""
    binary = _open_binary(path)
    with binary:
        data = binary.read()
    try:
        return json.loads(data.decode(detect_encoding(data[:SAMPLE_BYTES]).name))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(
            f"{path}: not valid JSON: {exc}",
            hint="Pass the response body exactly as the API returned it.",
        ) from exc

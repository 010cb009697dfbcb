"""A team's own at-risk list, read into rows: CSV, XLSX or a Markdown table.

The list is whatever last week's meeting produced: account names, maybe ARR
and renewal, the risks in words, sometimes a tier, an owner or an agreed
action. Columns are found by header synonyms (the importers' accounts
synonyms plus tier, signals and action); CSV and XLSX go through the
importers' readers (encoding detection, delimiter sniffing, a workbook's
header row looked for past cover sheets and title rows, with a note naming
the sheet and row read); a Markdown table pasted into a file is read here.
``-`` reads standard input.

Headers are compared without case, punctuation or a parenthesised unit:
"ARR (USD)", "ARR, USD" and "arr" are one column. A currency in the header
("ARR (EUR)") is the currency of that column's bare numbers. A "Health",
"Status" or "RAG" column holding tier words is read as the tier. Every
column that is not read is named ("columns not read").

Tiers as teams write them are mapped where the meaning is clear: hot, red,
urgent, P0 and P1 are Critical; amber, orange and P2 are High; yellow and P3
are Medium; green and low are Watch. Red is the worst of a red/amber/green
status and hot the top of a hot/warm/cold list: both ask for action this
week, which is Critical. Any other written tier is kept as written and
reported as not understood; the account is still planned.

Markdown tables are read with or without outer pipes and alignment colons,
wherever the table sits in the text; a Markdown file without a table is an
error that says how a table looks. Every table of the file is read, as one
list; a table without an account column is named in a note. A cell reads as
Markdown shows it: a link is its text ("[Nova & Daughters](https://crm/x)" is
"Nova & Daughters", so it matches the workspace's account), **bold**,
*italic* or `code` marks around words are dropped, and so are <angle> marks
around the whole cell; ~~struck-through~~ text is no longer true and is not
read. A list
with a header and no rows is an error, as it is for ``import`` ("FILE has no
rows"); so is one whose rows all lack an account name.

A value that cannot be read (an ARR of "lots" or "1e400", a renewal of
"soon-ish") is left unknown with a warning naming the file, line, column and
value; an ARR that stays ambiguous ("KWD 1.500") is read and said with its
other reading (see ``list_values``). A renewal that could be read day-first
or month-first follows its column (see ``list_dates``). A row without an account name is
skipped with a warning. Nothing is dropped silently.

A CSV row whose number of fields differs from the header's is left out with
a warning giving both numbers: a separator inside an unquoted value moves
every later value one column on, and nothing in the row says where, so no
value of it (the account name included) can be trusted. Imports keep such a
row aside for the same reason. A Markdown row may have fewer cells than the
header, the rest blank, as Markdown renders it; one with more is left out.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from lifebuoy.errors import SourceError
from lifebuoy.log import logger
from lifebuoy.planning.list_dates import RenewalDates
from lifebuoy.planning.list_values import Cell, read_arr, read_domain
from lifebuoy.planning.model import TIER_WORDS, Tier
from lifebuoy.sources.mapping import (
    MappingFile,
    RepeatedColumn,
    known_headers,
    map_headers,
)
from lifebuoy.sources.readers import open_tabular
from lifebuoy.sources.values import CURRENCY_SYMBOLS, DateOrder, clean_text

STDIN = "-"
STDIN_LABEL = "standard input"
LIST_ID_PREFIX = "list:"
"""Account ids of listed accounts that are in no workspace."""
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".parquet"})
"""Files whose cells keep their columns: no field count to check."""
XLSX_MAGIC = b"PK\x03\x04"
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_WRAPPERS = (
    ("**", "**"), ("__", "__"), ("*", "*"), ("_", "_"), ("`", "`"), ("<", ">")
)  # fmt: skip
"""Marks around a whole Markdown cell that are not part of its text."""
MARKDOWN_EMPHASIS = (
    re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"),
    re.compile(r"`([^`]+)`"),
)
"""Bold, italic and code around words of a cell: "**P1 escalation**, see ticket"
shows as "P1 escalation, see ticket". A mark inside a word ("2*3*4") stays."""
MARKDOWN_STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
"""Struck-through text: the team no longer holds it true, so it is not read."""

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "tier": ("tier", "risk", "risklevel", "risktier", "riskrating", "churnrisk",
             "priority", "severity", "tierteam", "teamtier"),
    "tier_status": ("health", "status", "rag", "ragstatus", "healthstatus",
                    "accounthealth", "riskstatus", "healthrag"),
    "signals": ("signals", "riskflags", "flags", "why", "whyatrisk", "notes",
                "risks", "riskfactors", "risksignals", "reason", "reasons",
                "comments", "issues", "risknotes", "concerns", "riskdetails"),
    "action": ("action", "nextstep", "nextsteps", "agreedaction", "plannedaction",
               "intervention", "nextaction", "actionitem", "actions"),
    "csm": ("csm", "ownercsm", "csmowner", "assignedcsm", "assignedto",
            "customersuccessmanager", "customersuccess", "successmanager",
            "csmname"),
    "owner": ("owner", "accountmanager", "am", "accountexecutive", "ae",
              "accountowner", "salesrep", "rep", "accountlead", "kam",
              "keyaccountmanager"),
    "arr": ("arr", "annualrecurringrevenue", "contractvalue", "acv",
            "annualvalue", "arrvalue"),
    "renewal_date": ("renewal", "renewaldate", "renewalon", "renews", "renewson",
                     "renewaldue", "contractend", "contractenddate",
                     "contractrenewal", "nextrenewal"),
    "source_id": ("id", "accountid", "crmid", "companyid"),
}  # fmt: skip
"""Headers a list uses beyond the importers' accounts synonyms."""

READ_COLUMNS = frozenset(
    {"name", "source_id", "domain", "arr", "currency", "renewal_date", "segment",
     "region", "owner", "csm", "tier", "tier_status", "signals", "action"}
)  # fmt: skip
"""The columns a list's rows are read from; any other header is not read."""

UNDERSTOOD = (
    "account (or company, name)",
    "ARR (or annual revenue)",
    "renewal (or renewal date, contract end)",
    "tier (or risk, priority)",
    "signals (or risk flags, why, notes)",
    "owner (or CSM)",
    "action (or next step)",
    "segment",
    "region",
)
"""The columns a list may have, in words, for messages."""

EXAMPLE = (
    "account,ARR,renewal,tier,signals,owner,action",
    'Acme Corp,"$120,000",2027-01-15,,escalation last month; invoice 20 days late,'
    "Dana Ruiz,",
    "Globex,80000,2027-03-01,High,usage down 40%,,exec sponsor call",
)
"""A three-line list, for messages."""

Fields = Literal["exact", "at most"]
"""How many fields a row may have: the header's (CSV), or up to it (Markdown)."""
TIER_NOISE = frozenset({"risk", "tier", "priority", "status", "health", "rag"})
"""Words beside a written tier ("High risk" → High) that say nothing of it."""


@dataclass(frozen=True)
class ListRow:
    """One account of the team's list, as written."""

    line: int
    name: str
    source_id: str | None = None
    domain: str | None = None
    arr: Decimal | None = None
    currency: str | None = None
    renewal_date: date | None = None
    segment: str | None = None
    region: str | None = None
    owner: str | None = None
    csm: str | None = None
    tier: Tier | None = None
    tier_text: str | None = None
    """A written tier that is not a tier name, kept to be shown as not understood."""
    signals: str = ""
    action: str | None = None


@dataclass(frozen=True)
class TeamList:
    """The rows of a team's list, where it came from, and what could not be read."""

    label: str
    rows: tuple[ListRow, ...]
    warnings: tuple[str, ...] = ()
    unknown_headers: tuple[str, ...] = field(default=())


def read_team_list(
    path: str | Path,
    *,
    date_order: DateOrder = "mdy",
    stdin: bytes | None = None,
    label: str | None = None,
) -> TeamList:
    """The list at PATH (``-``: STDIN's bytes) as rows.

    LABEL names the list in messages (default: PATH, or "standard input").
    """
    if str(path) == STDIN:
        return _read_stdin(stdin or b"", date_order=date_order, label=label)
    path = Path(path)
    if not path.is_file():
        raise SourceError(
            f"no list of accounts at {path}",
            hint="Give the path of a CSV, XLSX or Markdown file, or '-' for "
            "standard input.",
        )
    return _read_file(path, label=label or str(path), date_order=date_order)


def _read_stdin(data: bytes, *, date_order: DateOrder, label: str | None) -> TeamList:
    if not data.strip():
        raise SourceError(
            "standard input is empty: no list of accounts to plan from",
            hint=what_to_provide(),
        )
    suffix = ".xlsx" if data.startswith(XLSX_MAGIC) else ".csv"
    label = label or STDIN_LABEL
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        try:
            return _read_file(path, label=label, date_order=date_order)
        except SourceError as exc:
            # The readers name the file they read: here a copy of the input.
            exc.message = exc.message.replace(str(path), label)
            raise


def _read_file(path: Path, *, label: str, date_order: DateOrder) -> TeamList:
    tables = _markdown_tables(path)
    if tables:
        return _rows(tables, label=label, date_order=date_order, fields="at most")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        raise SourceError(
            f"{label}: no Markdown table found",
            hint="Paste the list as a table: a header row, a row of dashes, then "
            "one row per account, e.g.\n"
            "      | Account | ARR | Notes |\n"
            "      | --- | --- | --- |\n"
            "      | Acme Corp | 120000 | escalation last week |\n"
            "or save it as CSV or XLSX.",
        )

    spreadsheet = path.suffix.lower() in SPREADSHEET_SUFFIXES
    tabular = open_tabular(path, header_score=_known_headers)
    try:
        team = _rows(
            [_Table(tabular.headers, tabular.rows)],
            label=label,
            date_order=date_order,
            decimal_comma=tabular.decimal_comma,
            fields=None if spreadsheet else "exact",
        )
    finally:
        tabular.close()
    if not spreadsheet:
        return team
    # The sheet and header row read; the file named is a copy for standard input.
    notes = [note.replace(path.name, label, 1) for note in tabular.notes]
    return replace(team, warnings=(*notes, *team.warnings))


def _known_headers(headers: list[str]) -> int:
    """How many of a workbook row's cells are headers a list is read by."""
    names = [_header_parts(header)[0] for header in headers if header]
    return known_headers(names, "accounts", mapping=MappingFile(), extra=LIST_COLUMNS)


def what_to_provide() -> str:
    """What a team gives lifebuoy to plan from, with a small example."""
    example = "\n".join(f"      {line}" for line in EXAMPLE)
    return "\n".join(
        [
            "Give lifebuoy one of:",
            "  - your at-risk list (CSV, XLSX or a Markdown table; '-' reads "
            "standard input):",
            '      lifebuoy plan "all accounts" --accounts at-risk.csv',
            "    Columns it understands: " + ", ".join(UNDERSTOOD) + ".",
            "    Only the account column is required; write known owners and "
            "agreed actions in their columns, blanks are filled by the playbook. "
            "For example:",
            example,
            "  - an export to import: lifebuoy import salesforce accounts.csv "
            "(or hubspot, csv, … see 'lifebuoy import -h')",
            "  - sample data to try it: lifebuoy demo",
        ]
    )


def _markdown_tables(path: Path) -> list[_Table]:
    """Every Markdown table of the file, in order; none when it holds none."""
    if path.suffix.lower() not in MARKDOWN_SUFFIXES | {".txt", ".csv", ""}:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    lines = text.splitlines()
    tables = []
    start = 0
    while start < len(lines) - 1:
        if not (_has_pipe(lines[start]) and _is_separator(lines[start + 1])):
            start += 1
            continue
        rows = list(_table_rows(lines, start + 2))
        tables.append(_Table(_cells(lines[start]), iter(rows), line=start + 1))
        start += 2 + len(rows)
    return tables


def _has_pipe(line: str) -> bool:
    return re.search(r"(?<!\\)\|", line) is not None


def _is_separator(line: str) -> bool:
    """A row of dashes: "|---|:--:|", "--- | ---", "|:--|--:|"."""
    if not _has_pipe(line):
        return False
    cells = _cells(line)
    return bool(cells) and all(re.fullmatch(r":?-+:?", cell) for cell in cells)


def _table_rows(lines: list[str], start: int) -> Iterator[tuple[int, list[Any]]]:
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or not _has_pipe(line):
            return
        yield number, list(_cells(line))


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    parts = re.split(r"(?<!\\)\|", text)
    return [_shown(part.replace("\\|", "|")) for part in parts]


def _shown(cell: str) -> str:
    """A Markdown cell's text as shown, less what is struck through: links as
    their text, marks dropped."""
    text = MARKDOWN_LINK.sub(r"\1", cell)
    text = " ".join(MARKDOWN_STRUCK.sub(" ", text).split())
    for emphasis in MARKDOWN_EMPHASIS:
        text = emphasis.sub(r"\1", text)
    while (inner := _unmarked(text)) != text:
        text = inner
    return text


def _unmarked(text: str) -> str:
    """TEXT without one pair of MARKDOWN_WRAPPERS around all of it."""
    for opener, closer in MARKDOWN_WRAPPERS:
        inner = text[len(opener) : -len(closer)]
        if text.startswith(opener) and text.endswith(closer) and inner.strip():
            return inner.strip()
    return text


@dataclass(frozen=True)
class _Table:
    """A table's headers and its rows as (line, values); LINE is its header's."""

    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    line: int = 1


def _rows(
    tables: list[_Table],
    *,
    label: str,
    date_order: DateOrder,
    decimal_comma: bool = False,
    fields: Fields | None = None,
) -> TeamList:
    """The rows of TABLES as one list: tables with the same headers are one
    table; a table without an account column is named in a note."""
    groups = _same_headers(tables)
    columns = {headers: _columns(list(headers)) for headers in groups}
    readable = [key for key in groups if "name" in columns[key].targets.values()]
    if not readable and not any(table.headers for table in tables):
        raise SourceError(f"{label} is empty", hint=what_to_provide())
    if not readable:
        raise SourceError(
            f"{label}: no account column among the headers "
            f"{_quoted(tables[0].headers) or '(none)'}",
            hint=what_to_provide(),
        )

    warnings = [
        _unread_table_note(label, number, table)
        for key, group in groups.items()
        if key not in readable
        for number, table in group
    ]
    readers = {
        headers: _RowReader(
            list(headers),
            columns[headers].targets,
            label,
            date_order=date_order,
            decimal_comma=decimal_comma,
            fields=fields,
            currencies=columns[headers].currencies,
        )
        for headers in readable
    }
    found = [
        row
        for headers, reader in readers.items()
        for row in _listed(reader, [table for _, table in groups[headers]])
    ]
    _check_found(found, list(readers.values()), label=label)

    logger.info("read %d accounts from %s", len(found), label)
    repeated = [repeat for key in readable for repeat in columns[key].repeated]
    warnings[:0] = dict.fromkeys(_repeat_note(label, repeat) for repeat in repeated)
    warnings += [warning for reader in readers.values() for warning in reader.warnings]
    unread = dict.fromkeys(header for key in readable for header in columns[key].unread)
    rows = tuple(sorted(found, key=lambda row: row.line))
    return TeamList(label, rows, tuple(warnings), tuple(unread))


def _listed(reader: _RowReader, tables: list[_Table]) -> list[ListRow]:
    """The rows READER reads from TABLES (of its headers), renewals settled."""
    rows = [
        row
        for table in tables
        for line, values in table.rows
        if (row := reader.row(line, values))
    ]
    return reader.settled(rows)


def _same_headers(
    tables: list[_Table],
) -> dict[tuple[str, ...], list[tuple[int, _Table]]]:
    """TABLES by their headers, each numbered from 1 in the order written."""
    groups: dict[tuple[str, ...], list[tuple[int, _Table]]] = {}
    for number, table in enumerate(tables, start=1):
        groups.setdefault(tuple(table.headers), []).append((number, table))
    return groups


def _check_found(
    found: list[ListRow], readers: list[_RowReader], *, label: str
) -> None:
    """A SourceError when the list names no account, saying why."""
    if found:
        return
    if not any(reader.rows_seen for reader in readers):
        raise SourceError(f"{label} has no rows", hint=_add_rows_hint())
    misfit = next((reader for reader in readers if reader.misfits), None)
    if misfit is not None:
        raise SourceError(
            f"{label}: no row has the header's {len(misfit.headers)} fields",
            hint=f"Fix the rows, e.g. {misfit.misfits[0]}",
        )
    raise SourceError(
        f"{label}: no accounts listed; every row lacks an account name",
        hint=what_to_provide(),
    )


def _unread_table_note(label: str, number: int, table: _Table) -> str:
    return (
        f"{label}: table {number} (line {table.line}) was not read: no account "
        f"column among its headers {_quoted(table.headers) or '(none)'} (name the "
        "column of account names 'Account', or give the headers of the first table)"
    )


def _quoted(headers: list[str]) -> str:
    return ", ".join(repr(header) for header in headers)


def _add_rows_hint() -> str:
    example = "\n".join(f"  {line}" for line in EXAMPLE)
    return f"Add one row per account below the header, for example:\n{example}"


@dataclass(frozen=True)
class _Columns:
    """Each read header's column, the headers not read, header currencies, and
    the read columns that several headers feed (signals excepted: a list's
    notes may fill several columns)."""

    targets: dict[str, str]
    unread: tuple[str, ...]
    currencies: dict[str, str]
    repeated: tuple[RepeatedColumn, ...]


def _columns(headers: list[str]) -> _Columns:
    """The columns HEADERS name.

    Headers are matched without a parenthesised or comma-separated unit:
    "ARR (USD)" and "ARR, USD" are "ARR" with the currency USD.
    """
    plain = {header: _header_parts(header) for header in headers}
    columns = map_headers(
        [plain[header][0] for header in headers],
        "accounts",
        mapping=MappingFile(),
        extra=LIST_COLUMNS,
    )
    repeated = tuple(
        RepeatedColumn(
            column.column,
            tuple((headers[place - 1], place) for _, place in column.headers),
        )
        for column in columns.repeated
        if column.column in READ_COLUMNS - {"signals"}
    )
    targets: dict[str, str] = {}
    unread: list[str] = []
    currencies: dict[str, str] = {}
    for header, (name, currency) in plain.items():
        column = columns.targets.get(name)
        if column not in READ_COLUMNS:
            unread.append(header)
            continue
        targets[header] = column
        if currency is not None:
            currencies[header] = currency
    return _Columns(targets, tuple(unread), currencies, repeated)


def _repeat_note(label: str, repeated: RepeatedColumn) -> str:
    every = "both" if len(repeated.headers) == 2 else "all"
    return (
        f"{label}: the headers {repeated.places()} {every} name the column "
        f"{repeated.column!r}; the first is read, the next only where it is "
        "empty (rename or remove one to be sure)"
    )


def _header_parts(header: str) -> tuple[str, str | None]:
    """("ARR", "USD") for "ARR (USD)", "ARR, USD" or "ARR [$]"."""
    units = re.findall(r"[(\[]([^)\]]*)[)\]]", header)
    name = re.sub(r"[(\[][^)\]]*[)\]]", " ", header)
    if "," in name:
        name, tail = name.rsplit(",", 1)
        units.append(tail)
    currencies = [code for unit in units if (code := _currency_code(unit))]
    name = " ".join(name.split()) or header
    return name, currencies[0] if currencies else None


def _currency_code(text: str) -> str | None:
    text = text.strip()
    if text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[text]
    # An ISO code is written in capitals: "(USD)" is a currency, "(est)" is not.
    return text if re.fullmatch(r"[A-Z]{3}", text) else None


@dataclass
class _RowReader:
    headers: list[str]
    targets: dict[str, str]
    label: str
    date_order: DateOrder
    decimal_comma: bool
    fields: Fields | None = None
    currencies: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rows_seen: int = 0
    """Rows holding any value, read or not."""
    misfits: list[str] = field(default_factory=list)
    """The warnings of rows left out for their number of fields."""
    renewals: RenewalDates = field(init=False)

    def __post_init__(self) -> None:
        self.renewals = RenewalDates(self.date_order)

    def settled(self, rows: list[ListRow]) -> list[ListRow]:
        """ROWS with the renewals that could be read either way read in their
        column's order (see ``list_dates``), with a note for each column."""
        dates, notes = self.renewals.settled(self.label)
        self.warnings += notes
        return [
            replace(row, renewal_date=dates[row.line]) if row.line in dates else row
            for row in rows
        ]

    def row(self, line: int, values: list[Any]) -> ListRow | None:
        if not any(_text(value) is not None for value in values):
            return None
        self.rows_seen += 1
        if not self._fits(line, values):
            return None
        cells = self._cells(values)
        if not cells:
            return None
        name = _first(cells, "name")
        if name is None:
            self._warn(line, "no account name; row skipped")
            return None

        tier, tier_text = self._tier(
            _first(cells, "tier") or _first(cells, "tier_status")
        )
        written_currency = _first(cells, "currency")
        arr, currency = self._money(
            line,
            _cell(cells, "arr"),
            currency=written_currency or self._header_currency("arr"),
        )
        currency = currency or self._header_currency("arr")
        return ListRow(
            line=line,
            name=name,
            source_id=_first(cells, "source_id"),
            domain=self._domain(line, _cell(cells, "domain")),
            arr=arr,
            currency=written_currency or currency,
            renewal_date=self._date(line, _cell(cells, "renewal_date")),
            segment=_first(cells, "segment"),
            region=_first(cells, "region"),
            owner=_first(cells, "owner"),
            csm=_first(cells, "csm"),
            tier=tier,
            tier_text=tier_text,
            signals="; ".join(cell.text for cell in cells.get("signals", [])),
            action=_first(cells, "action"),
        )

    def _fits(self, line: int, values: list[Any]) -> bool:
        """Whether the row has as many fields as the header; warned when not."""
        expected, found = len(self.headers), len(values)
        if self.fields is None or found == expected:
            return True
        if self.fields == "at most" and found < expected:
            return True

        first = next(text for value in values if (text := _text(value)))
        if self.fields == "at most":
            fix = "write a | inside a value as \\|"
        elif found > expected:
            fix = "put the value holding the separator in double quotes"
        else:
            fix = "add the missing separators"
        message = (
            f"{found} fields where the header has {expected}; the row starting "
            f"{first!r} is left out, as its values may sit under other columns "
            f"({fix})"
        )
        self._warn(line, message)
        self.misfits.append(self.warnings[-1])
        return False

    def _cells(self, values: list[Any]) -> dict[str, list[Cell]]:
        cells: dict[str, list[Cell]] = {}
        for header, value in zip(self.headers, values, strict=False):
            column = self.targets.get(header)
            text = _text(value)
            if column is not None and text is not None:
                cells.setdefault(column, []).append(Cell(header, text))
        return cells

    def _header_currency(self, column: str) -> str | None:
        for header, target in self.targets.items():
            if target == column and header in self.currencies:
                return self.currencies[header]
        return None

    def _tier(self, text: str | None) -> tuple[Tier | None, str | None]:
        if text is None:
            return None, None
        words = [
            word
            for word in re.findall(r"[a-z0-9]+", text.casefold())
            if word not in TIER_NOISE
        ]
        tiers = {TIER_WORDS[word] for word in words if word in TIER_WORDS}
        if len(tiers) == 1 and len(words) == 1:
            return tiers.pop(), None
        return None, text

    def _money(
        self, line: int, cell: Cell | None, *, currency: str | None
    ) -> tuple[Decimal | None, str | None]:
        if cell is None:
            return None, None
        money, problem = read_arr(
            cell, decimal_comma=self.decimal_comma, currency=currency
        )
        if problem is not None:
            self._warn(line, problem, column=cell.header)
        return (money.amount, money.currency) if money else (None, None)

    def _date(self, line: int, cell: Cell | None) -> date | None:
        if cell is None:
            return None
        renewal, problem = self.renewals.read(line, cell)
        if problem is not None:
            self._warn(line, problem, column=cell.header)
        return renewal

    def _domain(self, line: int, cell: Cell | None) -> str | None:
        if cell is None:
            return None
        domain, problem = read_domain(cell)
        if problem is not None:
            self._warn(line, problem, column=cell.header)
        return domain

    def _warn(self, line: int, message: str, *, column: str | None = None) -> None:
        where = f"{self.label} line {line}"
        if column is not None:
            where += f", column {column!r}"
        self.warnings.append(f"{where}: {message}")


def _text(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()[:10]
    return clean_text(value)


def _cell(cells: dict[str, list[Cell]], column: str) -> Cell | None:
    found = cells.get(column)
    return found[0] if found else None


def _first(cells: dict[str, list[Cell]], column: str) -> str | None:
    cell = _cell(cells, column)
    return cell.text if cell else None

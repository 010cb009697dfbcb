"""A team's own at-risk list, read into rows: CSV, XLSX or a Markdown table.

The list is whatever last week's meeting produced: account names, maybe ARR
and renewal, the risks in words, sometimes a tier, an owner or an agreed
action. Columns are found by header synonyms (the importers' accounts
synonyms plus tier, signals and action); CSV and XLSX go through the
importers' readers (encoding detection, delimiter sniffing); a Markdown
table pasted into a file is read here. ``-`` reads standard input.

A value that cannot be read (an ARR of "lots", a renewal of "soon-ish") is
left blank with a warning naming the file, line and value; a row without an
account name is skipped with a warning. Nothing is dropped silently.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lifebuoy.errors import SourceError
from lifebuoy.log import logger
from lifebuoy.planning.model import Tier
from lifebuoy.sources.mapping import MappingFile, map_headers
from lifebuoy.sources.readers import open_tabular
from lifebuoy.sources.values import (
    DateOrder,
    clean_text,
    parse_date,
    parse_domain,
    parse_money,
)

STDIN = "-"
STDIN_LABEL = "standard input"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
XLSX_MAGIC = b"PK\x03\x04"

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "tier": ("tier", "risk", "risklevel", "risktier", "riskrating", "churnrisk",
             "priority", "severity", "tierteam", "teamtier"),
    "signals": ("signals", "riskflags", "flags", "why", "whyatrisk", "notes",
                "risks", "riskfactors", "risksignals", "reason", "reasons",
                "comments", "issues", "risknotes", "concerns", "riskdetails"),
    "action": ("action", "nextstep", "nextsteps", "agreedaction", "plannedaction",
               "intervention", "nextaction", "actionitem", "actions"),
    "csm": ("csm", "ownercsm", "csmowner", "assignedcsm", "assignedto"),
    "source_id": ("id", "accountid", "crmid", "companyid"),
}  # fmt: skip
"""Headers a list uses beyond the importers' accounts synonyms."""

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

TIER_WORDS: dict[str, Tier] = {
    "critical": Tier.CRITICAL,
    "crit": Tier.CRITICAL,
    "urgent": Tier.CRITICAL,
    "high": Tier.HIGH,
    "hi": Tier.HIGH,
    "medium": Tier.MEDIUM,
    "med": Tier.MEDIUM,
    "moderate": Tier.MEDIUM,
    "watch": Tier.WATCH,
    "monitor": Tier.WATCH,
    "low": Tier.WATCH,
}
"""A written tier's words ("High risk" → High); "risk" and "tier" are ignored."""


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
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        return _read_file(path, label=label or STDIN_LABEL, date_order=date_order)


def _read_file(path: Path, *, label: str, date_order: DateOrder) -> TeamList:
    table = _markdown_table(path)
    if table is not None:
        headers, rows = table
        return _rows(headers, iter(rows), label=label, date_order=date_order)

    tabular = open_tabular(path)
    try:
        return _rows(
            tabular.headers,
            tabular.rows,
            label=label,
            date_order=date_order,
            decimal_comma=tabular.decimal_comma,
        )
    finally:
        tabular.close()


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


def _markdown_table(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]] | None:
    """The first Markdown table of the file, or None when it holds none."""
    if path.suffix.lower() not in MARKDOWN_SUFFIXES | {".txt", ".csv", ""}:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()
    for start, line in enumerate(lines[:-1]):
        if line.strip().startswith("|") and _is_separator(lines[start + 1]):
            headers = _cells(line)
            rows = list(_table_rows(lines, start + 2))
            return headers, rows
    return None


def _is_separator(line: str) -> bool:
    cells = _cells(line)
    return bool(cells) and all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells)


def _table_rows(lines: list[str], start: int) -> Iterator[tuple[int, list[Any]]]:
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip().startswith("|"):
            return
        yield number, list(_cells(line))


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    parts = re.split(r"(?<!\\)\|", text)
    return [part.replace("\\|", "|").strip() for part in parts]


def _rows(
    headers: list[str],
    rows: Iterator[tuple[int, list[Any]]],
    *,
    label: str,
    date_order: DateOrder,
    decimal_comma: bool = False,
) -> TeamList:
    columns = map_headers(
        headers, "accounts", mapping=MappingFile(), extra=LIST_COLUMNS
    )
    if "name" not in columns.targets.values():
        raise SourceError(
            f"{label}: no account column among the headers "
            f"{', '.join(repr(header) for header in headers) or '(none)'}",
            hint=what_to_provide(),
        )
    reader = _RowReader(
        headers,
        columns.targets,
        label,
        date_order=date_order,
        decimal_comma=decimal_comma,
    )
    found = [row for line, values in rows if (row := reader.row(line, values))]
    logger.info("read %d accounts from %s", len(found), label)
    return TeamList(label, tuple(found), tuple(reader.warnings), columns.unknown)


@dataclass
class _RowReader:
    headers: list[str]
    targets: dict[str, str]
    label: str
    date_order: DateOrder
    decimal_comma: bool
    warnings: list[str] = field(default_factory=list)

    def row(self, line: int, values: list[Any]) -> ListRow | None:
        cells = self._cells(values)
        if not any(text for texts in cells.values() for text in texts):
            return None
        name = _first(cells, "name")
        if name is None:
            self._warn(line, "no account name; row skipped")
            return None

        tier, tier_text = self._tier(_first(cells, "tier"))
        arr, currency = self._money(line, _first(cells, "arr"))
        return ListRow(
            line=line,
            name=name,
            source_id=_first(cells, "source_id"),
            domain=self._domain(line, _first(cells, "domain")),
            arr=arr,
            currency=_first(cells, "currency") or currency,
            renewal_date=self._date(line, _first(cells, "renewal_date")),
            segment=_first(cells, "segment"),
            region=_first(cells, "region"),
            owner=_first(cells, "owner"),
            csm=_first(cells, "csm"),
            tier=tier,
            tier_text=tier_text,
            signals="; ".join(cells.get("signals", [])),
            action=_first(cells, "action"),
        )

    def _cells(self, values: list[Any]) -> dict[str, list[str]]:
        cells: dict[str, list[str]] = {}
        for header, value in zip(self.headers, values, strict=False):
            column = self.targets.get(header)
            text = _text(value)
            if column is not None and text is not None:
                cells.setdefault(column, []).append(text)
        return cells

    def _tier(self, text: str | None) -> tuple[Tier | None, str | None]:
        if text is None:
            return None, None
        words = [
            word
            for word in re.findall(r"[a-z]+", text.casefold())
            if word not in {"risk", "tier", "priority"}
        ]
        tiers = {TIER_WORDS[word] for word in words if word in TIER_WORDS}
        if len(tiers) == 1 and len(words) == 1:
            return tiers.pop(), None
        return None, text

    def _money(self, line: int, text: str | None) -> tuple[Decimal | None, str | None]:
        try:
            money = parse_money(text, decimal_comma=self.decimal_comma)
        except ValueError:
            self._warn(line, f"ARR {text!r} is not an amount; left blank")
            return None, None
        if money is None:
            return None, None
        return money.amount, money.currency

    def _date(self, line: int, text: str | None) -> date | None:
        try:
            parsed = parse_date(text, order=self.date_order)
        except ValueError:
            self._warn(line, f"renewal date {text!r} is not a date; left blank")
            return None
        return parsed.value if parsed else None

    def _domain(self, line: int, text: str | None) -> str | None:
        try:
            return parse_domain(text)
        except ValueError:
            self._warn(line, f"domain {text!r} is not a web domain; left blank")
            return None

    def _warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.label} line {line}: {message}")


def _text(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()[:10]
    return clean_text(value)


def _first(cells: dict[str, list[str]], column: str) -> str | None:
    values = cells.get(column)
    return values[0] if values else None

"""The import pipeline every source plugs into: read → map → validate → match → upsert.

:func:`run_import` drives one import: the source reads its files into raw
records; the header mapping and the source's ``map`` turn each into a row of
a canonical table; values are typed (money, dates, flags…); accounts are
matched; rows are upserted in batches through ``write_rows``. A row that
cannot be read goes to the ``rejects`` table with its file, line, column,
value and reason. The :class:`ImportReport` counts what happened per table.

A file none of whose columns is one its table needs (an id or an account)
is refused whole, with one message, rather than rejected row by row. A
file with no rows is noted; a file that plainly comes from another system
than the one named is refused before anything is read (see ``origin.py``).
Support and billing systems only fill the blanks of an account a CRM
(HubSpot, Salesforce, a CSV of accounts) holds: the CRM is authoritative
for its name, owner, CSM, segment, ARR, currency and renewal date.

Copies of one key are applied in the order read, each unless a copy
applied before is newer (by the record's updated_at); a blank cell never
erases a value. So importing the same file again changes nothing, even when
it repeats a key. When a table fills several batches, the keys written are
remembered (``seen.py``), so a copy far down a large file is applied the
same way. The keys a file repeats are reported with their lines.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from lifebuoy.errors import ConfigError, RowError, SourceError
from lifebuoy.log import logger
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.mapping import (
    ColumnMap,
    MappingFile,
    known_headers,
    load_mapping,
    map_headers,
    refuse_repeats,
)
from lifebuoy.sources.matching import (
    AccountIndex,
    AccountMatcher,
    Ambiguous,
    NearMatch,
)
from lifebuoy.sources.origin import FileSample, sample_file
from lifebuoy.sources.registry import SOURCES, get_source
from lifebuoy.sources.seen import Earlier, Entry, Rank, SeenKeys
from lifebuoy.sources.validate import Unmatched, Validator, base_type
from lifebuoy.sources.values import is_blank
from lifebuoy.workspace.load import write_rows
from lifebuoy.workspace.schema import ALL_TABLES, TableSpec
from lifebuoy.workspace.store import Workspace

BATCH_SIZE = 50_000
REPORTED_REJECTS = 1_000
REPORTED_REPEATS = 100
"""Repeated keys listed in a report (all are counted)."""
REPEAT_LINES = 5
"""Lines listed per repeated key."""
CRM_SOURCES = frozenset({"hubspot", "salesforce", "csv"})
"""Sources authoritative for the account fields below."""
CRM_FIELDS = ("name", "owner", "csm", "segment", "arr", "renewal_date")
"""Account fields another source only fills when the CRM left them blank (the
currency goes with the ARR)."""
NEEDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": ("name", "source_id", "domain", "email", "account_ref"),
}
"""Per table, the columns of which a file must have at least one; the other
tables need their id or their account (see ``_needed``)."""

ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "DECIMAL(18,2)": pa.decimal128(18, 2),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
}


@dataclass
class TableCounts:
    """Per table: read = loaded + updated + unchanged + duplicate + rejected
    + unmatched rows that could not be loaded."""

    read: int = 0
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    rejected: int = 0
    unmatched: int = 0


@dataclass(frozen=True)
class Reject:
    table: str
    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str


@dataclass
class Repeat:
    """Rows of one file that share a key: the key, the first REPEAT_LINES lines
    it is on, and how many rows hold it."""

    table: str
    file: str
    key: dict[str, str]
    lines: list[int | None]
    copies: int


@dataclass
class ImportReport:
    import_id: str
    source: str
    files: list[str]
    dry_run: bool
    tables: dict[str, TableCounts] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    unknown_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    matched_by: dict[str, int] = field(default_factory=dict)
    near_matches: list[NearMatch] = field(default_factory=list)
    unmatched_rows: list[Unmatched] = field(default_factory=list)
    empty_files: list[str] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)
    """One message per file refused whole (none of its columns is usable)."""
    missing_pages: list[str] = field(default_factory=list)
    """One message per query whose pages say more records follow than were given."""
    updates: dict[str, TableCounts] = field(default_factory=dict)
    """Records that only update rows of a table (HubSpot deals), by what they are:
    updated + unchanged of them were applied."""
    repeated: dict[str, int] = field(default_factory=dict)
    """Per file, its rows that repeat the key of an earlier row of the file."""
    repeats: list[Repeat] = field(default_factory=list)
    """The first REPORTED_REPEATS keys a file repeats, with their lines."""

    @property
    def rejected(self) -> int:
        return sum(counts.rejected for counts in self._all_counts())

    @property
    def read(self) -> int:
        return sum(counts.read for counts in self._all_counts())

    def _all_counts(self) -> list[TableCounts]:
        return [*self.tables.values(), *self.updates.values()]

    @property
    def exit_code(self) -> int:
        """1 when a row was rejected, a file refused, or no file held a row."""
        if self.rejected or self.refused_files:
            return 1
        return 1 if self.empty_files and not self.read else 0

    def counts(self, table: str) -> TableCounts:
        return self.tables.setdefault(table, TableCounts())

    def counts_of(self, record: RawRecord) -> TableCounts:
        """The counts RECORD adds to: its table's, or those of what it is counted as."""
        if record.counted_as:
            return self.updates.setdefault(record.counted_as, TableCounts())
        return self.counts(record.table)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejected"] = self.rejected
        return data


def run_import(
    workspace: Workspace,
    source_name: str,
    paths: Sequence[Path],
    *,
    table: str | None = None,
    mapping_file: Path | None = None,
    dry_run: bool = False,
    context: ReadContext | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import PATHS with the source SOURCE_NAME; with DRY_RUN, write nothing."""
    source = get_source(source_name)
    given, paths = paths, source.files(paths)
    _check_paths(paths)
    context = context or ReadContext()
    _check_origin(source, given, context)
    mapping = load_mapping(mapping_file)
    context.table = table
    context.date_order = workspace.settings.imports.date_order
    context.known_headers = _header_counter(source, mapping)
    _check_pins(workspace, source, mapping, paths, context, batch_size=batch_size)

    report = ImportReport(
        uuid.uuid4().hex[:12], source.name, [str(path) for path in paths], dry_run
    )
    run = _Import(workspace, source, mapping, report, batch_size=batch_size)
    source.bind(run.matcher.index, settings=workspace.settings)
    for record in source.read(paths, context):
        run.add(record)
    run.finish()

    report.empty_files = [str(path) for path in context.empty_files]
    report.missing_pages = list(context.missing_pages)
    report.notes[:0] = [f"{path}: no rows" for path in report.empty_files]
    report.notes[:0] = context.notes
    report.notes.extend(run.validator.notes())
    report.notes.extend(
        f"pin {record!r} matched no record of these files"
        for record in _pins_of(source, mapping)
        if record not in run.matcher.pinned
    )
    for table, count in run.validator.unmatched.items():
        report.counts(table).unmatched += count
    report.unmatched_rows[:0] = run.validator.unmatched_rows
    report.matched_by = dict(run.matcher.methods)
    report.near_matches = run.matcher.near_matches
    report.repeats.sort(key=_first_line)
    logger.info(
        "import %s: %d rows rejected, %d repeat a key of their file",
        report.import_id,
        report.rejected,
        sum(report.repeated.values()),
    )
    return report


def _check_pins(
    workspace: Workspace,
    source: Source,
    mapping: MappingFile,
    paths: Sequence[Path],
    context: ReadContext,
    *,
    batch_size: int,
) -> None:
    """A ConfigError, before anything is written, for a pin of SOURCE's records
    to an account the workspace does not hold and this import does not make.
    Whether it makes one is known by reading the files once without writing,
    only when a pin's account could be one of them."""
    index = AccountIndex.load(workspace)
    missing = {
        record: account_id
        for record, account_id in _pins_of(source, mapping).items()
        if not index.has(account_id)
    }
    made: set[str] = set()
    if any(_may_make(source, account_id) for account_id in missing.values()):
        made = _made_accounts(workspace, source, mapping, paths, context, batch_size)
    for record, account_id in missing.items():
        if account_id in made:
            continue

        close = index.close_to(account_id)
        closest = f" (closest: {', '.join(close)})" if close else ""
        raise ConfigError(
            f"{mapping.path}: pin {record!r} = {account_id!r} names an account the "
            "workspace does not hold and this import does not make",
            hint=f"Pin it to an account id the workspace holds{closest}, or "
            "import that account's system first. Nothing was imported.",
        )


def _pins_of(source: Source, mapping: MappingFile) -> dict[str, str]:
    """The pins of SOURCE's records; a ConfigError for a pin keyed by anything
    but a record of a known system (SOURCE:ID), such as an account's name."""
    pins: dict[str, str] = {}
    for record, account_id in mapping.pins.items():
        system, _, source_id = record.partition(":")
        if system not in SOURCES or not source_id:
            raise ConfigError(
                f"{mapping.path}: pin {record!r} names no record: a pin's key is "
                "a record's system and its id in that system",
                hint=f'Write it as "{source.name}:ID" = "{account_id}", with the '
                f"id the {source.label} export gives (systems: "
                f"{', '.join(sorted(SOURCES))}).",
            )
        if system == source.name:
            pins[record] = account_id
    return pins


def _may_make(source: Source, account_id: str) -> bool:
    """Whether an import of SOURCE could make the account ACCOUNT_ID."""
    return not source.prefix_ids or account_id.startswith(f"{source.name}:")


def _made_accounts(
    workspace: Workspace,
    source: Source,
    mapping: MappingFile,
    paths: Sequence[Path],
    context: ReadContext,
    batch_size: int,
) -> set[str]:
    """The accounts an import of PATHS makes, read without writing."""
    source = get_source(source.name)
    report = ImportReport("", source.name, [], dry_run=True)
    run = _Import(workspace, source, mapping, report, batch_size=batch_size)
    source.bind(run.matcher.index, settings=workspace.settings)
    reading = ReadContext(
        table=context.table,
        date_order=context.date_order,
        known_headers=context.known_headers,
    )
    for record in source.read(paths, reading):
        run.add(record)
    run.finish()
    return run.matcher.created


def _first_line(repeat: Repeat) -> tuple[str, int]:
    return repeat.file, next((line for line in repeat.lines if line is not None), 0)


def _check_origin(source: Source, paths: Sequence[Path], context: ReadContext) -> None:
    """Refuse a file that plainly comes from another system, before anything is
    written; the csv source reads any table, so it only notes it."""
    for path in paths:
        sample = sample_file(path) if path.is_file() else None
        if sample is None or (sample.tabular and source.helper_tables):
            continue
        found = _other_origin(source, sample)
        if found is None:
            continue

        other, reason = found
        advice = (
            f"this looks like a {other.label} export; "
            f"use 'lifebuoy import {other.name} FILE'"
        )
        if source.generic and sample.tabular:
            context.notes.append(
                f"{path}: {advice} to keep its ids as {other.name}:ID and link it "
                f"to the other {other.label} records ({reason})"
            )
            continue
        raise SourceError(
            f"{path}: {advice}",
            hint=f"{reason[0].upper()}{reason[1:]}. Nothing was imported.",
        )


def _other_origin(source: Source, sample: FileSample) -> tuple[Source, str] | None:
    """Another system SAMPLE plainly comes from, and why; None when SOURCE
    recognises it as its own or no system does."""
    if source.recognises(sample):
        return None
    for name in SOURCES:
        other = get_source(name)
        reason = other.recognises(sample)
        if reason:
            return other, reason
    return None


def _header_counter(
    source: Source, mapping: MappingFile
) -> Callable[[str, list[str]], int]:
    def count(table: str, headers: list[str]) -> int:
        extra = source.synonyms.get(table)
        return known_headers(headers, table, mapping=mapping, extra=extra)

    return count


def _check_paths(paths: Sequence[Path]) -> None:
    for path in paths:
        if path.is_dir():
            raise SourceError(
                f"{path} is a folder", hint="Name the files inside it and retry."
            )
        if not path.is_file():
            raise SourceError(f"no such file: {path}", hint="Check the path and retry.")


@dataclass
class _Pending:
    record: RawRecord
    row: dict[str, Any]
    updated_at: datetime | None
    sequence: int
    """The record's place in the import: of two copies, the later one wins
    unless the other is newer."""
    update_only: bool = False

    @property
    def rank(self) -> Rank:
        """Copies of a key rank by time (a copy without one is the oldest), then
        by place; the copy ranked highest is kept."""
        known = self.updated_at is not None
        return known, self.updated_at or datetime.min, self.sequence


class _Import:
    """One import's state: batches per table, the account matcher, the report."""

    def __init__(
        self,
        workspace: Workspace,
        source: Source,
        mapping: MappingFile,
        report: ImportReport,
        *,
        batch_size: int,
    ) -> None:
        self.workspace = workspace
        self.source = source
        self.mapping = mapping
        self.report = report
        self.batch_size = batch_size
        self.matcher = AccountMatcher(AccountIndex.load(workspace), mapping)
        self.pending: defaultdict[str, list[_Pending]] = defaultdict(list)
        self.column_maps: dict[tuple[str, str, tuple[str, ...]], ColumnMap] = {}
        self.validator = Validator(
            source, self.matcher, workspace.settings.imports.date_order
        )
        self.rejects: list[Reject] = []
        self.sequence = 0
        self.seen: dict[str, SeenKeys] = {}
        """Per table that filled a batch before the end, the keys written."""
        self.listed: dict[tuple[str, str, tuple[Any, ...]], Repeat] = {}
        self.cleared_files: set[str] = set()
        self.refused: set[tuple[str, str]] = set()
        self.checked: set[tuple[str, str, tuple[str, ...]]] = set()

    # read → map → validate

    def add(self, record: RawRecord) -> None:
        if (str(record.file), record.table) in self.refused:
            return
        if record.table != "accounts" and self.pending.get("accounts"):
            self._flush("accounts")
        try:
            if record.problem:
                raise RowError(record.problem)
            row, headers = self._mapped(record)
            row = self.source.map(record, row)
            if not self._usable(record, row):
                return
            typed = self.validator.row(record, row, headers)
        except RowError as exc:
            self.report.counts_of(record).read += 1
            self._reject(record, exc)
            return

        counts = self.report.counts_of(record)
        counts.read += 1

        self.sequence += 1
        pending = _Pending(record, typed, typed.pop("updated_at", None), self.sequence)
        if "account_ref" in typed and record.table == "accounts":
            if typed["account_ref"] is None:
                counts.unmatched += 1
                self._unmatched(record, None)
                return
            pending.update_only = True
        self.pending[record.table].append(pending)
        if len(self.pending[record.table]) >= self.batch_size:
            self._flush(record.table, full=True)

    def _mapped(self, record: RawRecord) -> tuple[dict[str, Any], dict[str, str]]:
        key = (str(record.file), record.table, tuple(record.fields))
        column_map = self.column_maps.get(key)
        if column_map is None:
            column_map = self._column_map(record)
            self.column_maps[key] = column_map
            self._note_unknown(record.file, column_map.unknown)

        row: dict[str, Any] = {}
        headers: dict[str, str] = {}
        for header, column in column_map.targets.items():
            value = record.fields[header]
            if column not in row or (is_blank(row[column]) and not is_blank(value)):
                row[column] = value
                headers[column] = header
        return row, headers

    def _column_map(self, record: RawRecord) -> ColumnMap:
        """RECORD's headers mapped; a ConfigError for a header row that gives
        one column two headers (see ``refuse_repeats``)."""
        column_map = map_headers(
            record.headers or record.fields,
            record.table,
            mapping=self.mapping,
            extra=self.source.synonyms.get(record.table),
            file=record.file,
        )
        if record.headers is not None:
            refuse_repeats(
                column_map,
                record.table,
                file=record.file,
                synonyms=self.source.generic,
            )
        return column_map

    def _usable(self, record: RawRecord, row: dict[str, Any]) -> bool:
        """False, and the file refused, when none of its columns is one its
        table needs; checked once per file and header line."""
        key = (str(record.file), record.table, tuple(record.fields))
        if key in self.checked:
            return True
        self.checked.add(key)
        needed = _needed(record.table)
        if any(column in row for column in needed):
            return True

        self.refused.add((str(record.file), record.table))
        self.report.unknown_columns.pop(str(record.file), None)
        found = ", ".join(repr(header) for header in record.fields) or "none"
        expected = ", ".join(
            _shown(column) for column in needed if column != "account_id"
        )
        first = next(iter(record.fields), "Column")
        self.report.refused_files.append(
            f"{record.file}: none of its columns is one the {record.table} table "
            f"needs, so the file was not read. Columns found: {found}. Expected at "
            f"least one of: {expected}. Rename the columns, or name them in a "
            f'--map file: [columns] "{first}" = "{needed[0]}"'
        )
        return False

    def _unmatched(self, record: RawRecord, reference: str | None) -> None:
        self.report.unmatched_rows.append(
            Unmatched(
                record.counted_as or record.table,
                str(record.file),
                record.line,
                reference,
                None if reference else record.unlinked,
            )
        )

    def _note_unknown(self, file: Path, unknown: Iterable[str]) -> None:
        listed = self.report.unknown_columns.setdefault(str(file), [])
        listed.extend(header for header in unknown if header not in listed)

    def _reject(self, record: RawRecord, error: RowError) -> None:
        value = None if error.value is None else str(error.value)
        reject = Reject(
            record.table,
            str(record.file),
            record.line,
            error.column,
            value,
            error.reason,
        )
        self.report.counts_of(record).rejected += 1
        if len(self.report.rejects) < REPORTED_REJECTS:
            self.report.rejects.append(reject)
        self.rejects.append(reject)
        if len(self.rejects) >= self.batch_size:
            self._write_rejects()

    # match → upsert

    def finish(self) -> None:
        for table in list(self.pending):
            self._flush(table)
        for seen in self.seen.values():
            seen.close()
        self._write_rejects()

    def _flush(self, table: str, *, full: bool = False) -> None:
        """Write TABLE's pending rows; FULL when more may follow in the import."""
        if table == "accounts":
            self._flush_accounts()
            return
        spec = ALL_TABLES[table]
        if full and table not in self.seen:
            types = {name: ARROW_TYPES[base_type(spec, name)] for name in spec.key}
            self.seen[table] = SeenKeys(self.workspace.connection, spec, types=types)
        seen = self.seen.get(table)
        batch = [(_key(spec, item.row), item) for item in self.pending.pop(table, [])]
        earlier = seen.earlier(list({key for key, _ in batch})) if seen else {}
        chosen, lines = self._newest(table, batch, earlier)
        self._note_repeats(table, lines, earlier)

        fresh = {key: item for key, item in chosen.items() if key not in earlier}
        rows = {key: item.row for key, item in fresh.items()}
        if seen is None:
            self._upsert(table, rows)
            return
        outcomes: list[tuple[int | None, str]] = []
        self._upsert(table, rows, outcomes=outcomes)
        seen.remember(_remembered(fresh, outcomes, lines))
        again = {key: item for key, item in chosen.items() if key in earlier}
        if again:
            self._settle_again(table, again, earlier, seen)

    def _flush_accounts(self) -> None:
        spec = ALL_TABLES["accounts"]
        pending = self.pending.pop("accounts", [])
        chosen, lines = self._newest(
            "accounts", [(_record_key(item), item) for item in pending], {}
        )
        self._note_repeats("accounts", lines, {})
        batch = self._match_accounts(list(chosen.values()))
        existing = self._existing(spec, [_key(spec, item.row) for item in batch])

        rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        for item in batch:
            counts = self.report.counts_of(item.record)
            key = _key(spec, item.row)
            old = existing.get(key)
            if old is None and item.update_only:
                counts.unmatched += 1
                self._unmatched(item.record, item.row.get("account_id"))
                continue
            if old is not None:
                self._keep_crm_fields(item.row, old)
            new = _merged(spec, old, item.row)
            if old is not None and new == old:
                counts.unchanged += 1
                continue
            counts.loaded += old is None
            counts.updated += old is not None
            rows[key] = existing[key] = new

        if rows and not self.report.dry_run:
            write_rows(self.workspace, "accounts", _to_arrow(spec, list(rows.values())))

    def _upsert(
        self,
        table: str,
        rows: dict[tuple[Any, ...], dict[str, Any]],
        *,
        outcomes: list[tuple[int | None, str]] | None = None,
    ) -> None:
        """Compare ROWS (by key) with the workspace and write the new and changed
        ones; add to OUTCOMES, per row, the fingerprint of the row it replaces
        (None when new) and how it was counted."""
        spec = ALL_TABLES[table]
        counts = self.report.counts(table)
        existing = self._existing(spec, list(rows))

        changed = []
        for key, row in rows.items():
            old = existing.get(key)
            new = _merged(spec, old, row)
            counted = _counted(old, new)
            if outcomes is not None:
                before = None if old is None else _fingerprint(old)
                outcomes.append((before, counted))
            if counted != "unchanged":
                changed.append(new)
        loaded = sum(key not in existing for key in rows)
        counts.loaded += loaded
        counts.updated += len(changed) - loaded
        counts.unchanged += len(rows) - len(changed)

        if changed and not self.report.dry_run:
            write_rows(self.workspace, table, _to_arrow(spec, changed))

    def _settle_again(
        self,
        table: str,
        items: dict[tuple[Any, ...], _Pending],
        earlier: dict[tuple[Any, ...], Earlier],
        seen: SeenKeys,
    ) -> None:
        """Keys written earlier in the import whose copies read since apply (see
        ``_newest``): the row is updated, and the key counted again against
        the row as it was before the import."""
        spec = ALL_TABLES[table]
        counts = self.report.counts(table)
        current = self._existing(spec, list(items))

        changed = []
        replaced: list[Entry] = []
        for key, item in items.items():
            before = earlier[key]
            new = _merged(spec, current.get(key), item.row)
            counted = "loaded" if before.before is None else "updated"
            if before.before == _fingerprint(new):
                counted = "unchanged"
            _tally(counts, before.counted, -1)
            _tally(counts, counted, 1)
            entry = (key, item.rank, before.before, counted, before.file, before.line)
            replaced.append(entry)
            if new != current.get(key):
                changed.append(new)

        if changed and not self.report.dry_run:
            write_rows(self.workspace, table, _to_arrow(spec, changed))
        seen.replace(replaced)

    def _keep_crm_fields(self, row: dict[str, Any], old: dict[str, Any]) -> None:
        """A support or billing system fills only the CRM fields a CRM left blank
        on an account it holds; the CRM's own values are never overwritten."""
        if self.source.name in CRM_SOURCES:
            return
        sources = self.matcher.index.sources.get(old["account_id"], set())
        if not sources & CRM_SOURCES and old.get("source") not in CRM_SOURCES:
            return
        for name in CRM_FIELDS:
            if not is_blank(old.get(name)):
                row.pop(name, None)
        if not is_blank(old.get("arr")):
            row.pop("currency", None)

    def _newest(
        self,
        table: str,
        batch: list[tuple[tuple[Any, ...], _Pending]],
        earlier: dict[tuple[Any, ...], Earlier],
    ) -> tuple[dict[tuple[Any, ...], _Pending], _Lines]:
        """One row per key of BATCH, and the lines each key is on, per file.

        Copies of a key are applied in the order read, each unless a copy
        applied before (in this batch, or EARLIER in the import) is newer; a
        copy's blank cells keep the values before it. A key of EARLIER none
        of whose copies applies is left out. Every copy after a key's first
        counts as a duplicate.
        """
        chosen: dict[tuple[Any, ...], _Pending] = {}
        lines: _Lines = {}
        for key, item in batch:
            lines.setdefault((str(item.record.file), key), []).append(item.record.line)
            if key not in chosen and key not in earlier:
                chosen[key] = item
                continue
            self.report.counts_of(item.record).duplicate += 1
            kept = chosen.pop(key, None)
            top = kept.rank if kept is not None else earlier[key].rank
            if item.rank < top:
                if kept is not None:
                    chosen[key] = kept
                continue
            if kept is not None:
                item = replace(item, row=_folded(kept.row, item.row))
            chosen[key] = item
        return chosen, lines

    def _note_repeats(
        self, table: str, lines: _Lines, earlier: dict[tuple[Any, ...], Earlier]
    ) -> None:
        """Count and list the keys a file holds more than once: in LINES, or
        once in LINES and once before in the same file (EARLIER)."""
        names = ALL_TABLES[table].key if table != "accounts" else ("kind", "id")
        for (file, key), found in lines.items():
            before = earlier.get(key)
            first = [before.line] if before is not None and before.file == file else []
            if len(first) + len(found) < 2:
                continue
            extra = len(first) + len(found) - 1
            self.report.repeated[file] = self.report.repeated.get(file, 0) + extra

            listed = self.listed.get((table, file, key))
            if listed is None and len(self.listed) < REPORTED_REPEATS:
                shown = _shown_key(dict(zip(names, key, strict=True)))
                listed = Repeat(table, file, shown, first, len(first))
                self.listed[(table, file, key)] = listed
                self.report.repeats.append(listed)
            if listed is not None:
                listed.copies += len(found)
                listed.lines = (listed.lines + found)[:REPEAT_LINES]

    def _match_accounts(self, batch: list[_Pending]) -> list[_Pending]:
        """BATCH with each row's account; a row whose name fits several accounts
        is left out, counted unmatched with its candidates."""
        links: list[dict[str, Any]] = []
        matched: list[_Pending] = []
        for item in batch:
            row = item.row
            if "account_ref" in row:
                reference = row.pop("account_ref")
                account_id = self.matcher.resolve(reference, source=self.source.name)
                row["account_id"] = account_id or f"{self.source.name}:{reference}"
                matched.append(item)
                continue
            match = self.matcher.match(
                self.source.name,
                row["source_id"],
                new_id=_account_id(self.source, row["source_id"]),
                name=row.get("name"),
                domain=row.get("domain") or row.pop("email_domain", None),
                own_id=not row.pop("id_from_name", False),
            )
            row.pop("email_domain", None)
            if isinstance(match, Ambiguous):
                self._ambiguous(item.record, match)
                continue
            matched.append(item)
            row["account_id"] = match.account_id
            if match.matched_by == "link":
                continue
            links.append(
                {
                    "source": self.source.name,
                    "source_id": row["source_id"],
                    "account_id": match.account_id,
                    "matched_by": match.matched_by,
                }
            )
        if links and not self.report.dry_run:
            spec = ALL_TABLES["account_links"]
            write_rows(self.workspace, "account_links", _to_arrow(spec, links))
        return matched

    def _ambiguous(self, record: RawRecord, match: Ambiguous) -> None:
        self.report.counts_of(record).unmatched += 1
        self.report.unmatched_rows.append(
            Unmatched(
                record.counted_as or record.table,
                str(record.file),
                record.line,
                match.name,
                candidates=match.candidates,
            )
        )

    def _existing(
        self, spec: TableSpec, keys: list[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        """The workspace's rows of KEYS, by key."""
        keys = list(set(keys))
        if not keys:
            return {}
        names = list(spec.key)
        staged = pa.table(
            {
                name: pa.array(
                    [key[position] for key in keys], ARROW_TYPES[base_type(spec, name)]
                )
                for position, name in enumerate(names)
            }
        )
        quoted = ", ".join(f'"{name}"' for name in names)
        con = self.workspace.connection
        con.register("_import_keys", staged)
        try:
            cursor = con.execute(
                f'SELECT * FROM "{spec.name}" WHERE ({quoted}) IN '
                f"(SELECT ({quoted}) FROM _import_keys)"
            )
            columns = [description[0] for description in cursor.description or []]
            # a row has one value per column; strict=True would recheck it per row
            found = [
                dict(zip(columns, values, strict=False)) for values in cursor.fetchall()
            ]
        finally:
            con.unregister("_import_keys")
        return {_key(spec, row): row for row in found}

    def _write_rejects(self) -> None:
        rejects, self.rejects = self.rejects, []
        if self.report.dry_run:
            return
        self._clear_old_rejects()
        if not rejects:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        rows = [
            {
                "import_id": self.report.import_id,
                "source": self.source.name,
                "target_table": reject.table,
                "file": reject.file,
                "line": reject.line,
                "column_name": reject.column,
                "value": reject.value,
                "reason": reject.reason,
                "rejected_at": now,
            }
            for reject in rejects
        ]
        write_rows(self.workspace, "rejects", _to_arrow(ALL_TABLES["rejects"], rows))

    def _clear_old_rejects(self) -> None:
        """A file imported again replaces the rejects its last import left."""
        for file in self.report.files:
            if file in self.cleared_files:
                continue
            self.workspace.connection.execute(
                "DELETE FROM rejects WHERE source = ? AND file = ? AND import_id <> ?",
                [self.source.name, file, self.report.import_id],
            )
            self.cleared_files.add(file)


def _needed(table: str) -> tuple[str, ...]:
    """Columns of which a file for TABLE must have one: an id or an account."""
    if table in NEEDED_COLUMNS:
        return NEEDED_COLUMNS[table]
    spec = ALL_TABLES[table]
    ids = tuple(name for name in spec.key if name != "account_id")
    return (*ids, "account_ref", "account_id")


def _shown(column: str) -> str:
    """A needed column as a user names it in a file."""
    return {"account_ref": "account (id, name or domain)", "source_id": "id"}.get(
        column, column
    )


_Lines = dict[tuple[str, tuple[Any, ...]], list[int | None]]
"""Per file and key, the lines of a batch holding the key."""


def _folded(row: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    """ROW with the cells of a LATER copy that are not blank."""
    return {
        **row,
        **{name: value for name, value in later.items() if value is not None},
    }


def _counted(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    if old is None:
        return "loaded"
    return "unchanged" if new == old else "updated"


def _tally(counts: TableCounts, counted: str, by: int) -> None:
    setattr(counts, counted, getattr(counts, counted) + by)


def _fingerprint(row: dict[str, Any]) -> int:
    """A row's values, hashed: equal rows have equal fingerprints."""
    return hash(tuple(sorted(row.items())))


def _remembered(
    items: dict[tuple[Any, ...], _Pending],
    outcomes: list[tuple[int | None, str]],
    lines: _Lines,
) -> list[Entry]:
    """What to remember of keys written for the first time, with the file and
    line each was first read on."""
    first: dict[tuple[Any, ...], tuple[str, int | None]] = {}
    for (file, key), found in lines.items():
        first.setdefault(key, (file, found[0]))
    return [
        (key, item.rank, before, counted, *first[key])
        for (key, item), (before, counted) in zip(items.items(), outcomes, strict=True)
    ]


def _shown_key(key: dict[str, Any]) -> dict[str, str]:
    """A key as the report shows it: its values as text; an account record's
    kind ("account", "record") left out."""
    return {name: str(value) for name, value in key.items() if name != "kind"}


def _record_key(item: _Pending) -> tuple[Any, ...]:
    """Copies of one account record, or of one update (a deal) to an account."""
    if item.record.key is not None:
        return ("record", item.record.key)
    if item.update_only:
        return ("update", id(item))
    return ("account", item.row.get("source_id"))


def _account_id(source: Source, source_id: str) -> str:
    return f"{source.name}:{source_id}" if source.prefix_ids else source_id


def _key(spec: TableSpec, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(name) for name in spec.key)


def _merged(
    spec: TableSpec, old: dict[str, Any] | None, row: dict[str, Any]
) -> dict[str, Any]:
    columns = COLUMNS[spec.name]
    if old is None:
        defaults = DEFAULTS[spec.name]
        return {
            name: defaults.get(name) if row.get(name) is None else row[name]
            for name in columns
        }
    new = dict(old)
    for name in columns:
        value = row.get(name)
        if value is None or (name in {"source", "source_id"} and old.get(name)):
            continue
        new[name] = value
    return new


def _defaults(spec: TableSpec) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in spec.columns:
        if " DEFAULT " not in kind:
            continue
        default = kind.split(" DEFAULT ", 1)[1].strip()
        if default.startswith("'"):
            values[name] = default.strip("'")
        elif default in {"TRUE", "FALSE"}:
            values[name] = default == "TRUE"
        else:
            values[name] = int(default)
    return values


def _to_arrow(spec: TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    names = [name for name in spec.column_names if any(name in row for row in rows)]
    return pa.table(
        {
            name: pa.array(
                [row.get(name) for row in rows], ARROW_TYPES[base_type(spec, name)]
            )
            for name in names
        }
    )


COLUMNS = {table: spec.column_names for table, spec in ALL_TABLES.items()}
DEFAULTS = {table: _defaults(spec) for table, spec in ALL_TABLES.items()}

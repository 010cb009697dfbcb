"""The import pipeline every source plugs into: read → map → validate → match → upsert.

:func:`run_import` drives one import: the source reads its files into raw
records; the header mapping and the source's ``map`` turn each into a row of
a canonical table; values are typed (money, dates, flags…); accounts are
matched; rows are upserted in batches through ``write_rows``. A row that
cannot be read goes to the ``rejects`` table with its file, line, column,
value and reason. The :class:`ImportReport` counts what happened per table.

A file none of whose columns is one its table needs (an id or an account)
is refused whole, with one message, rather than rejected row by row. A
file with no rows is noted. Support and billing systems only fill the
blanks of an account a CRM (HubSpot, Salesforce, a CSV of accounts) holds:
the CRM is authoritative for its name, owner, CSM, segment, ARR, currency
and renewal date.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from lifebuoy.errors import RowError, SourceError
from lifebuoy.log import logger
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.mapping import ColumnMap, MappingFile, load_mapping, map_headers
from lifebuoy.sources.matching import AccountIndex, AccountMatcher, NearMatch
from lifebuoy.sources.registry import get_source
from lifebuoy.sources.validate import Unmatched, Validator, base_type
from lifebuoy.sources.values import is_blank
from lifebuoy.workspace.load import write_rows
from lifebuoy.workspace.schema import ALL_TABLES, TableSpec
from lifebuoy.workspace.store import Workspace

BATCH_SIZE = 50_000
REPORTED_REJECTS = 1_000
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
    paths = source.files(paths)
    _check_paths(paths)
    mapping = load_mapping(mapping_file)
    context = context or ReadContext()
    context.table = table
    context.date_order = workspace.settings.imports.date_order

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
    for table, count in run.validator.unmatched.items():
        report.counts(table).unmatched += count
    report.unmatched_rows[:0] = run.validator.unmatched_rows
    report.matched_by = dict(run.matcher.methods)
    report.near_matches = run.matcher.near_matches
    logger.info("import %s: %d rows rejected", report.import_id, report.rejected)
    return report


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
    update_only: bool = False


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

        pending = _Pending(record, typed, typed.pop("updated_at", None))
        if "account_ref" in typed and record.table == "accounts":
            if typed["account_ref"] is None:
                counts.unmatched += 1
                self._unmatched(record, None)
                return
            pending.update_only = True
        self.pending[record.table].append(pending)
        if len(self.pending[record.table]) >= self.batch_size:
            self._flush(record.table)

    def _mapped(self, record: RawRecord) -> tuple[dict[str, Any], dict[str, str]]:
        key = (str(record.file), record.table, tuple(record.fields))
        column_map = self.column_maps.get(key)
        if column_map is None:
            column_map = map_headers(
                record.fields,
                record.table,
                mapping=self.mapping,
                extra=self.source.synonyms.get(record.table),
            )
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
        self._write_rejects()

    def _flush(self, table: str) -> None:
        spec = ALL_TABLES[table]
        batch = self._newest(table, self.pending.pop(table, []))
        if table == "accounts":
            batch = self._match_accounts(batch)
        existing = self._existing(spec, [item.row for item in batch])

        rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        for item in batch:
            counts = self.report.counts_of(item.record)
            key = _key(spec, item.row)
            old = existing.get(key)
            if old is None and item.update_only:
                counts.unmatched += 1
                self._unmatched(item.record, item.row.get("account_id"))
                continue
            if table == "accounts" and old is not None:
                self._keep_crm_fields(item.row, old)
            new = _merged(spec, old, item.row)
            if old is not None and new == old:
                counts.unchanged += 1
                continue
            counts.loaded += old is None
            counts.updated += old is not None
            rows[key] = existing[key] = new

        if rows and not self.report.dry_run:
            write_rows(self.workspace, table, _to_arrow(spec, list(rows.values())))

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

    def _newest(self, table: str, batch: list[_Pending]) -> list[_Pending]:
        """One row per key: the newest copy, else the last one read."""
        spec = ALL_TABLES[table]
        chosen: dict[tuple[Any, ...], _Pending] = {}
        for item in batch:
            key = _key(spec, item.row) if table != "accounts" else _record_key(item)
            kept = chosen.get(key)
            if kept is not None:
                self.report.counts_of(item.record).duplicate += 1
                if _older(item, kept):
                    continue
                del chosen[key]
            chosen[key] = item
        return list(chosen.values())

    def _match_accounts(self, batch: list[_Pending]) -> list[_Pending]:
        links: list[dict[str, Any]] = []
        for item in batch:
            row = item.row
            if "account_ref" in row:
                reference = row.pop("account_ref")
                account_id = self.matcher.resolve(reference, source=self.source.name)
                row["account_id"] = account_id or f"{self.source.name}:{reference}"
                continue
            match = self.matcher.match(
                self.source.name,
                row["source_id"],
                new_id=_account_id(self.source, row["source_id"]),
                name=row.get("name"),
                domain=row.get("domain") or row.pop("email_domain", None),
            )
            row.pop("email_domain", None)
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
        return batch

    def _existing(
        self, spec: TableSpec, rows: list[dict[str, Any]]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        keys = {_key(spec, row) for row in rows}
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
            found = [
                dict(zip(columns, values, strict=True)) for values in cursor.fetchall()
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


def _older(item: _Pending, kept: _Pending) -> bool:
    if item.updated_at is None or kept.updated_at is None:
        return False
    return item.updated_at < kept.updated_at


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

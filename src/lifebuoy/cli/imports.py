"""``lifebuoy import``: load exports into the workspace."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    FormatOption,
    OutputFormat,
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    handle_errors,
    stderr,
)
from lifebuoy.sources.base import ReadContext
from lifebuoy.sources.matching import NearMatch
from lifebuoy.sources.pipeline import ImportReport, Repeat, TableCounts, run_import
from lifebuoy.sources.registry import SOURCES
from lifebuoy.sources.validate import Unmatched
from lifebuoy.workspace.store import Workspace

SHOWN_REJECTS = 20
SHOWN_NEAR_MATCHES = 10
"""Records shown with their near matches; each with up to NEAR_CANDIDATES."""
NEAR_CANDIDATES = 3
SHOWN_UNMATCHED = 10
SHOWN_REPEATS = 10
UNMATCHED_ADVICE = (
    "no account has that id, domain or name yet: import that account first, "
    "e.g. from the CRM, then this file again"
)
UNNAMED_ADVICE = (
    "kept without an account: give the account in the source system, or import "
    "the file that links them with this one"
)
AMBIGUOUS_ADVICE = (
    "merged into none: pin each to one in a --map file, [match] pin = {{ "
    '"{source}:NAME" = "ID" }}'
)
"""What to do about rows whose account matched nothing, about rows that name
none, and about rows whose name fits several accounts; the same words whatever
the source."""


@app.command(
    name="import",
    epilog=(
        "Example: lifebuoy import hubspot companies.json owners.json "
        "(or: lifebuoy import csv tickets.xlsx --table tickets)"
    ),
)
@handle_errors
def import_(
    source: Annotated[
        str, typer.Argument(help=f"One of: {', '.join(sorted(SOURCES))}.")
    ],
    paths: Annotated[
        list[Path],
        typer.Argument(
            help=(
                "Files to import. For amplitude and segment, add a CSV with "
                "columns user_id and account to link users to accounts."
            )
        ),
    ],
    workspace: WorkspaceOption = None,
    table: Annotated[
        str | None,
        typer.Option("--table", help="For csv: accounts, tickets, usage, …"),
    ] = None,
    mapping_file: Annotated[
        Path | None,
        typer.Option("--map", help="TOML file: column overrides, pinned matches."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report only; write nothing.")
    ] = False,
    output_format: FormatOption = OutputFormat.terminal,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Load exports from a CRM, support desk, billing or other system."""
    opened = Workspace.create(workspace)
    try:
        with _progress(paths) as context:
            report = run_import(
                opened,
                source,
                paths,
                table=table,
                mapping_file=mapping_file,
                dry_run=dry_run,
                context=context,
            )
    finally:
        # a workspace this command made and left empty is not left behind
        opened.close(discard_empty=True)

    if output_format is OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        width = None if sys.stdout.isatty() else 120
        print_report(report, Console(highlight=False, soft_wrap=True, width=width))
    raise typer.Exit(report.exit_code)


@contextmanager
def _progress(paths: Sequence[Path]) -> Iterator[ReadContext]:
    """A progress bar over the bytes of all files, on a terminal only."""
    context = ReadContext()
    if not sys.stderr.isatty():
        yield context
        return

    sizes = {path: path.stat().st_size if path.is_file() else 0 for path in paths}
    done: dict[str, int] = {"before": 0, "current": 0}
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    )
    task = bar.add_task("importing", total=sum(sizes.values()))

    def on_file(path: Path) -> None:
        done["before"] += done["current"]
        done["current"] = 0
        bar.update(task, description=path.name)

    def on_bytes(count: int) -> None:
        done["current"] = count
        bar.update(task, completed=done["before"] + count)

    context.on_file = on_file
    context.progress = on_bytes
    with bar:
        yield context


def print_report(report: ImportReport, console: Console) -> None:
    """The import report: counts per table, rejects, matches, columns, notes."""
    title = (
        "Import report (dry run: nothing written)"
        if report.dry_run
        else ("Import report")
    )
    counts = Table(title=title, title_justify="left")
    for heading in ("table", "read", "loaded", "updated", "unchanged", "duplicate",
                    "rejected", "unmatched"):  # fmt: skip
        counts.add_column(heading, justify="left" if heading == "table" else "right")
    for name, row in sorted(report.tables.items()):
        counts.add_row(
            name,
            *(
                f"{value:,}"
                for value in (row.read, row.loaded, row.updated, row.unchanged,
                              row.duplicate, row.rejected, row.unmatched)
            ),
        )  # fmt: skip
    console.print(counts)
    for name, row in sorted(report.updates.items()):
        console.print(_update_line(name, row), markup=False)
    for missing in report.missing_pages:
        console.print(f"Pages missing: {missing}", style="bold yellow", markup=False)
    for refusal in report.refused_files:
        console.print(f"File not read: {refusal}", markup=False)
    _print_matches(report, console)
    _print_rejects(report, console)
    _print_repeats(report, console)
    _print_unmatched(report, console)
    for file, headers in report.unknown_columns.items():
        if headers:
            console.print(f"Columns not used from {file}: {', '.join(headers)}")
    for note in report.notes:
        console.print(f"Note: {note}", markup=False)


def _update_line(name: str, row: TableCounts) -> str:
    """ "deals: 5 read, 2 applied to accounts, 3 matched no account"."""
    parts = [
        f"{row.read:,} read",
        f"{row.updated + row.unchanged:,} applied to accounts",
    ]
    for count, what in (
        (row.unmatched, "matched no account"),
        (row.rejected, "rejected"),
        (row.duplicate, "duplicate"),
    ):
        if count:
            parts.append(f"{count:,} {what}")
    return f"{name}: {', '.join(parts)}"  # fmt: skip


def _print_matches(report: ImportReport, console: Console) -> None:
    if report.matched_by:
        parts = [
            f"{method} {count:,}" for method, count in sorted(report.matched_by.items())
        ]
        console.print(f"Accounts matched by: {', '.join(parts)}")

    by_record: dict[tuple[str, str], list[NearMatch]] = {}
    for near in report.near_matches:
        by_record.setdefault((near.record, near.name), []).append(near)
    for (record, name), found in list(by_record.items())[:SHOWN_NEAR_MATCHES]:
        closest = sorted(found, key=lambda near: (-near.ratio, near.account_id))
        candidates = ", ".join(
            f"{near.account_id} {near.account_name!r} ({near.ratio:.2f})"
            for near in closest[:NEAR_CANDIDATES]
        )
        more = len(closest) - NEAR_CANDIDATES
        if more > 0:
            candidates += f" and {more} more"
        pin = f'[match] pin = {{ "{record}" = "{closest[0].account_id}" }}'
        console.print(
            f"Near match, not merged: {record} {name!r} ~ {candidates}; "
            f"pin it in a --map file to merge: {pin}",
            markup=False,
        )
    hidden = len(by_record) - SHOWN_NEAR_MATCHES
    if hidden > 0:
        console.print(f"  and {hidden:,} more records with near matches")


def _print_rejects(report: ImportReport, console: Console) -> None:
    if not report.rejected:
        return
    where = (
        "dry run: not written to the rejects table"
        if report.dry_run
        else "all in the rejects table"
    )
    console.print(f"Rejected rows ({report.rejected:,}; {where}):")
    for reject in report.rejects[:SHOWN_REJECTS]:
        unit = "record" if reject.file.lower().endswith(".json") else "line"
        where = f"{reject.file}, {unit} {reject.line}"
        column = f", column {reject.column}" if reject.column else ""
        value = f" {reject.value!r}" if reject.value is not None else ""
        console.print(f"  {where}{column}:{value} {reject.reason}", markup=False)


def _print_repeats(report: ImportReport, console: Console) -> None:
    """Keys a file repeats: how many rows repeat one, then the first few keys
    with their lines."""
    total = sum(report.repeated.values())
    if not total:
        return
    console.print(
        f"Rows repeating the key of another row of their file ({total:,}; one row "
        "per key was kept: the newest by its update time, else the last one):",
        markup=False,
    )
    shown = report.repeats[:SHOWN_REPEATS]
    for repeat in shown:
        console.print(f"  {_repeat_line(repeat)}", markup=False)
    hidden = total - sum(repeat.copies - 1 for repeat in shown)
    if hidden > 0:
        rows = "row" if hidden == 1 else "rows"
        console.print(f"  and {hidden:,} more repeating {rows}", markup=False)


def _repeat_line(repeat: Repeat) -> str:
    """ "usage.csv, lines 2 and 3 (usage): account_id 'A1', date 2026-03-01"."""
    unit = "records" if repeat.file.lower().endswith(".json") else "lines"
    lines = [str(line) for line in repeat.lines if line is not None]
    where = f", {unit} {_listed(lines)}" if lines else ""
    if repeat.copies > len(repeat.lines):
        where += f" and {repeat.copies - len(repeat.lines):,} more"
    key = ", ".join(f"{name} {value!r}" for name, value in repeat.key.items())
    return f"{repeat.file}{where} ({repeat.table}): {key}"


def _listed(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _print_unmatched(report: ImportReport, console: Console) -> None:
    """Rows whose account matched nothing, then rows that name none, then rows
    whose name fits several accounts: the first few of each, then how many
    more. The advice depends on the reason only."""
    ambiguous = [row for row in report.unmatched_rows if row.candidates]
    named = [
        row for row in report.unmatched_rows if row.reference and not row.candidates
    ]
    unnamed = [row for row in report.unmatched_rows if not row.reference]
    if named:
        console.print(
            f"Rows naming an account that is not in the workspace ({len(named):,}; "
            f"{UNMATCHED_ADVICE}):",
            markup=False,
        )
        _print_rows(named, console)
    if unnamed:
        console.print(
            f"Rows that name no account ({len(unnamed):,}; {UNNAMED_ADVICE}):",
            markup=False,
        )
        _print_rows(unnamed, console)
    if ambiguous:
        console.print(
            f"Rows whose name matches several accounts ({len(ambiguous):,}; "
            f"{AMBIGUOUS_ADVICE.format(source=report.source)}):",
            markup=False,
        )
        _print_rows(ambiguous, console)


def _print_rows(rows: Sequence[Unmatched], console: Console) -> None:
    for row in rows[:SHOWN_UNMATCHED]:
        unit = "record" if row.file.lower().endswith(".json") else "line"
        line = f", {unit} {row.line}" if row.line is not None else ""
        reference = repr(row.reference) if row.reference else None
        said = reference or row.reason or "no account named in the row"
        if row.candidates:
            said += f" matches {', '.join(row.candidates)}"
        console.print(f"  {row.file}{line} ({row.table}): {said}", markup=False)
    if len(rows) > SHOWN_UNMATCHED:
        console.print(f"  and {len(rows) - SHOWN_UNMATCHED:,} more", markup=False)

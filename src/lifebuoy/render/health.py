"""The health report (one account) and the health table (a scope), in every format.

The words are decided once (``report_lines``, ``table_rows``), then escaped
for Markdown, a terminal or written as JSON. Risk flags come first, then
the score with its colour, trend and reading, then the factors, the missing
data and the inputs used per source.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lifebuoy.collector import collector_paused
from lifebuoy.planning.health import HealthTable
from lifebuoy.render.cells import (
    UNKNOWN,
    code_span,
    day,
    markdown_cell,
    markdown_text,
    money,
    print_step,
    terminal_cell,
    terminal_console,
)
from lifebuoy.render.json_text import json_text
from lifebuoy.render.steps import Step, on_workspace
from lifebuoy.signals.health import TREND_DAYS, HealthReport
from lifebuoy.signals.health_measures import SourceUse
from lifebuoy.signals.health_scoring import Colour, Dimension, Factor
from lifebuoy.signals.model import Signal

SCHEMA_VERSION = "1"
TITLE = "Account Health"
TABLE_COLUMNS = ("Account", "ARR", "Score", "Colour", "Trend", "Top flag")
DIMENSION_COLUMNS = ("Dimension", "Score", "Weight")
SOURCE_COLUMNS = ("Source", "Rows", "From", "To")
COLOURS = {Colour.GREEN: "green", Colour.YELLOW: "yellow", Colour.RED: "red"}


@dataclass(frozen=True)
class Part:
    """One titled part of a health report: a paragraph list, bullets or a table."""

    title: str
    lines: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


# The words, once.


def header(report: HealthReport) -> list[tuple[str, str]]:
    account = report.account
    facts = [f"{account.name} ({account.account_id})"]
    facts += [value for value in (account.segment, account.region) if value]
    facts.append(f"{money(account.arr, account.currency)} ARR")
    facts.append(f"renews {day(account.renewal_date)}")
    if report.churned:
        facts.append("churned")
    return [("Account", " · ".join(facts)), ("Date", day(report.as_of))]


def score_line(report: HealthReport) -> str:
    """ "35 / 100, red (↓ 29 since Tue 2026-11-03)"."""
    if report.score is None or report.colour is None:
        return "none (no dimension has data)"
    since = day(report.as_of - timedelta(days=TREND_DAYS))
    trend = (
        f"no score on {since}"
        if report.change is None
        else f"{report.trend} since {since}"
    )
    return f"{report.score} / 100, {report.colour.value} ({trend})"


def crm_line(report: HealthReport) -> str:
    crm = report.crm
    if crm is None:
        return "none in the CRM"
    updated = f", updated {day(crm.updated_on)}" if crm.updated_on else ""
    stale = "; stale, it may not reflect the account today" if crm.stale else ""
    return f"{crm.score} / 100{updated}{stale}"


def flag_text(signal: Signal) -> str:
    return f"{signal.evidence.reason} — {signal.evidence.detail}"


def factor_text(factor: Factor) -> str:
    text = factor.text[:1].upper() + factor.text[1:]
    return (
        f"{factor.dimension.value.capitalize()}: {text} (scores {_int(factor.score)})"
    )


def dimension_rows(report: HealthReport) -> tuple[tuple[str, ...], ...]:
    rows = []
    for dimension in Dimension:
        score = report.dimensions.get(dimension)
        weight = report.weights.get(dimension)
        rows.append(
            (
                dimension.value.capitalize(),
                UNKNOWN if score is None else str(score),
                "missing" if weight is None else _percent(weight),
            )
        )
    return tuple(rows)


def source_rows(report: HealthReport) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (table, str(use.rows), _iso(use, first=True), _iso(use, first=False))
        for table, use in report.sources.items()
    )


def report_parts(report: HealthReport) -> list[Part]:
    flags = tuple(flag_text(signal) for signal in report.flags) or ("None.",)
    positive = tuple(factor_text(f) for f in report.positive) or ("None.",)
    watch = tuple(factor_text(f) for f in report.watch) or ("None.",)
    negative = tuple(factor_text(f) for f in report.negative) or ("None.",)
    return [
        Part("Risk flags", bullets=flags),
        Part(
            "Score",
            lines=(
                f"Health score: {score_line(report)}",
                report.reading,
                f"CRM health score: {crm_line(report)}",
            ),
            columns=DIMENSION_COLUMNS,
            rows=dimension_rows(report),
        ),
        Part("Positive factors", bullets=positive),
        Part("Factors to watch", bullets=watch),
        Part("Negative factors", bullets=negative),
        Part("Missing data", bullets=report.missing or ("None.",)),
        Part("Inputs used", columns=SOURCE_COLUMNS, rows=source_rows(report))
        if report.sources
        else Part("Inputs used", lines=("Only the CRM's account record.",)),
    ]


def report_next_steps(
    report: HealthReport, *, workspace: Path | None = None
) -> list[Step]:
    """Find at-risk accounts, plan, export; each names WORKSPACE if given."""
    name = shlex.quote(report.account.name)
    steps = [
        ("Find at-risk accounts", "lifebuoy at-risk 'at-risk accounts'"),
        (
            "Plan interventions",
            "lifebuoy plan 'Critical and High from last at-risk list'",
        ),
        (
            "Export or share this report",
            f"lifebuoy health {name} --format markdown --output health.md",
        ),
    ]
    return on_workspace(steps, workspace)


def table_rows(table: HealthTable) -> list[tuple[str, ...]]:
    return [
        (
            report.account.name,
            money(report.account.arr, report.account.currency),
            UNKNOWN if report.score is None else str(report.score),
            UNKNOWN if report.colour is None else report.colour.value,
            report.trend,
            report.flags[0].evidence.reason if report.flags else "none",
        )
        for report in table.reports
    ]


def table_summary(table: HealthTable) -> list[tuple[str, str]]:
    counts = {colour: 0 for colour in Colour}
    unscored = 0
    for report in table.reports:
        if report.colour is None:
            unscored += 1
        else:
            counts[report.colour] += 1
    parts = [f"{counts[colour]} {colour.value}" for colour in Colour]
    if unscored:
        parts.append(f"{unscored} without data")
    return [
        ("Accounts", f"{len(table.reports)} ({', '.join(parts)})"),
        ("Trend", f"against the score as of {TREND_DAYS} days earlier"),
    ]


def table_next_steps(
    table: HealthTable, *, workspace: Path | None = None
) -> list[Step]:
    """Check the worst account, find at-risk ones; each names WORKSPACE if given."""
    worst = table.reports[0].account.name if table.reports else "ACCOUNT"
    steps = [
        ("Check one account's health", f"lifebuoy health {shlex.quote(worst)}"),
        ("Find at-risk accounts", f"lifebuoy at-risk {shlex.quote(table.scope.text)}"),
    ]
    return on_workspace(steps, workspace)


def _percent(weight: Decimal) -> str:
    return f"{_int(float(weight) * 100)}%"


def _int(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _iso(use: SourceUse, *, first: bool) -> str:
    value = use.first if first else use.last
    return UNKNOWN if value is None else value.isoformat()


# Markdown.


def render_markdown(
    result: HealthReport | HealthTable, *, workspace: Path | None = None
) -> str:
    if isinstance(result, HealthTable):
        return _table_markdown(result, workspace=workspace)
    lines = [f"## {TITLE}: {markdown_text(result.account.name)}", ""]
    for label, value in header(result):
        lines += [f"**{label}:** {markdown_text(value)}", ""]
    for part in report_parts(result):
        lines += [f"### {part.title}", ""]
        lines += [line for text in part.lines for line in (markdown_text(text), "")]
        lines += [f"- {markdown_text(text)}" for text in part.bullets]
        if part.bullets:
            lines.append("")
        if part.columns:
            lines += [*_markdown_table(part.columns, part.rows), ""]
    lines += _markdown_steps(report_next_steps(result, workspace=workspace))
    return "\n".join(lines) + "\n"


def _table_markdown(table: HealthTable, *, workspace: Path | None) -> str:
    lines = [f"## {TITLE}", ""]
    lines += [f"**Scope:** {markdown_text(table.scope.describe())}", ""]
    lines += [f"**Date:** {day(table.as_of)}", ""]
    if table.reports:
        lines += [*_markdown_table(TABLE_COLUMNS, tuple(table_rows(table))), ""]
    else:
        lines += ["No accounts in this scope.", ""]
    lines += ["### Summary", ""]
    lines += [f"- **{k}:** {markdown_text(v)}" for k, v in table_summary(table)]
    lines += ["", *_markdown_steps(table_next_steps(table, workspace=workspace))]
    return "\n".join(lines) + "\n"


def _markdown_table(
    columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows
    ]
    return lines


def _markdown_steps(steps: list[tuple[str, str]]) -> list[str]:
    return ["### Next steps", "", *(f"- {t}: {code_span(c)}" for t, c in steps)]


# Terminal.


def render_terminal(
    result: HealthReport | HealthTable,
    *,
    width: int = 100,
    colour: bool = True,
    workspace: Path | None = None,
) -> str:
    console, buffer = terminal_console(width=width, colour=colour)
    if isinstance(result, HealthTable):
        _table_terminal(console, result)
        steps = table_next_steps(result, workspace=workspace)
    else:
        _report_terminal(console, result)
        steps = report_next_steps(result, workspace=workspace)
    _terminal_steps(console, steps)
    return buffer.getvalue()


def _report_terminal(console: Console, report: HealthReport) -> None:
    console.print(Text(f"{TITLE}: {terminal_cell(report.account.name)}", style="bold"))
    for label, value in header(report):
        console.print(Text.assemble((f"{label}: ", "bold"), terminal_cell(value)))
    style = COLOURS.get(report.colour) if report.colour else None
    for part in report_parts(report):
        console.print()
        console.print(Text(part.title, style="bold"))
        for line in part.lines:
            console.print(Text(terminal_cell(line), style=style or ""))
        for bullet in part.bullets:
            console.print(Text(f"  • {terminal_cell(bullet)}"))
        if part.columns:
            console.print(_rich_table(part.columns, part.rows))


def _table_terminal(console: Console, table: HealthTable) -> None:
    console.print(Text(TITLE, style="bold"))
    console.print(
        Text.assemble(("Scope: ", "bold"), terminal_cell(table.scope.describe()))
    )
    console.print(Text.assemble(("Date: ", "bold"), day(table.as_of)))
    console.print()
    if table.reports:
        rich_table = _rich_table(TABLE_COLUMNS, ())
        for report, row in zip(table.reports, table_rows(table), strict=True):
            colour = COLOURS.get(report.colour) if report.colour else None
            rich_table.add_row(*(Text(terminal_cell(c)) for c in row), style=colour)
        console.print(rich_table)
    else:
        console.print("No accounts in this scope.")
    console.print()
    console.print(Text("Summary", style="bold"))
    for label, value in table_summary(table):
        console.print(Text.assemble("  ", (f"{label}: ", "bold"), terminal_cell(value)))


def _rich_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(terminal_cell(cell)) for cell in row))
    return table


def _terminal_steps(console: Console, steps: list[tuple[str, str]]) -> None:
    console.print()
    console.print(Text("Next steps", style="bold"))
    for text, command in steps:
        print_step(console, text, command)


# JSON.


def render_json(
    result: HealthReport | HealthTable, *, workspace: Path | None = None
) -> str:
    with collector_paused():
        document = (
            table_document(result, workspace=workspace)
            if isinstance(result, HealthTable)
            else report_document(result, workspace=workspace)
        )
    return json_text(document)


def report_document(
    report: HealthReport, *, workspace: Path | None = None
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "health",
        "as_of": report.as_of.isoformat(),
        **_report_fields(report),
        "next_steps": _json_steps(report_next_steps(report, workspace=workspace)),
    }


def table_document(
    table: HealthTable, *, workspace: Path | None = None
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "health_table",
        "scope": table.scope.to_json(),
        "as_of": table.as_of.isoformat(),
        "accounts": [_table_row(report) for report in table.reports],
        "next_steps": _json_steps(table_next_steps(table, workspace=workspace)),
    }


def _report_fields(report: HealthReport) -> dict[str, Any]:
    account = report.account
    return {
        "account_id": account.account_id,
        "name": account.name,
        "segment": account.segment,
        "arr": None if account.arr is None else str(account.arr),
        "currency": account.currency,
        "renewal_date": None
        if account.renewal_date is None
        else account.renewal_date.isoformat(),
        "churned": report.churned,
        "risk_flags": [_flag(signal) for signal in report.flags],
        "score": report.score,
        "colour": None if report.colour is None else report.colour.value,
        "reading": report.reading,
        "previous_score": report.previous,
        "change": report.change,
        "trend": report.trend,
        "crm_health_score": _crm(report),
        "dimensions": {
            dimension.value: {
                "score": report.dimensions[dimension],
                "weight": str(round(report.weights[dimension], 4)),
            }
            for dimension in Dimension
            if dimension in report.dimensions
        },
        "positive": [_factor(factor) for factor in report.positive],
        "watch": [_factor(factor) for factor in report.watch],
        "negative": [_factor(factor) for factor in report.negative],
        "missing": list(report.missing),
        "inputs": {
            table: {
                "rows": use.rows,
                "first": None if use.first is None else use.first.isoformat(),
                "last": None if use.last is None else use.last.isoformat(),
            }
            for table, use in report.sources.items()
        },
    }


def _table_row(report: HealthReport) -> dict[str, Any]:
    account = report.account
    return {
        "account_id": account.account_id,
        "name": account.name,
        "segment": account.segment,
        "arr": None if account.arr is None else str(account.arr),
        "currency": account.currency,
        "score": report.score,
        "colour": None if report.colour is None else report.colour.value,
        "previous_score": report.previous,
        "change": report.change,
        "trend": report.trend,
        "top_flag": report.flags[0].evidence.reason if report.flags else None,
        "risk_flags": [signal.name.value for signal in report.flags],
        "dimensions": {d.value: s for d, s in report.dimensions.items()},
    }


def _flag(signal: Signal) -> dict[str, Any]:
    return {
        "name": signal.name.value,
        "reason": signal.evidence.reason,
        "detail": signal.evidence.detail,
        "ids": list(signal.evidence.ids),
    }


def _factor(factor: Factor) -> dict[str, Any]:
    value = int(factor.value) if float(factor.value).is_integer() else factor.value
    return {
        "dimension": factor.dimension.value,
        "measure": factor.measure,
        "value": round(value, 2) if isinstance(value, float) else value,
        "score": _int(factor.score),
        "text": factor.text,
    }


def _crm(report: HealthReport) -> dict[str, Any] | None:
    if report.crm is None:
        return None
    return {
        "score": report.crm.score,
        "updated_on": None
        if report.crm.updated_on is None
        else report.crm.updated_on.isoformat(),
        "stale": report.crm.stale,
    }


def _json_steps(steps: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"text": text, "command": command} for text, command in steps]

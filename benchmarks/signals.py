"""Benchmark of the signal engine on synthetic workspaces.

    python benchmarks/signals.py                      # 10,000 and 100,000 accounts
    python benchmarks/signals.py --accounts 10000     # one size

For each size it builds a temporary workspace directly in DuckDB SQL (per
account: about 100 tickets, two years of daily usage, a few NPS responses,
invoices, activities, contacts and chat messages), then measures, each in a
fresh process so peak memory is its own:

- the scan floor: one plain scan of every column the signals read;
- all signals: ``lifebuoy.signals.signals(workspace, as_of=...)``.

It prints accounts, rows, the start-up time (opening the workspace and its
Ibis backend, paid once per process), both times, their ratio, rows per
second and the peak resident memory of the signals process. Each measure
runs --repeat times (default 3) and the best time is shown, since other
work on the machine only ever slows a run down. Not a test: nothing is
asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2026, 12, 3)

SCANNED = {
    "accounts": (
        "account_id",
        "status",
        "renewal_date",
        "health_score",
        "health_score_updated_on",
        "last_exec_touch_date",
    ),
    "tickets": (
        "ticket_id",
        "account_id",
        "created_at",
        "priority",
        "escalated",
        "tags",
        "subject",
        "body",
        "assignee",
    ),
    "usage": ("account_id", "date", "active_users", "events"),
    "nps": ("response_id", "account_id", "score", "responded_at"),
    "invoices": ("invoice_id", "account_id", "due_date", "paid_at", "status"),
    "activities": ("activity_id", "account_id", "date", "type", "executive", "body"),
    "contacts": ("contact_id", "account_id", "role", "departed_on"),
    "chat_messages": ("message_id", "account_id", "ts", "author", "text"),
}
"""The columns the signals read, per table: what the scan floor reads."""


def r(salt: int, modulo: int, key: str = "i") -> str:
    """SQL for a pseudo-random whole number in [0, MODULO) from KEY."""
    return f"(hash({key} * 1000003 + {salt}) % {modulo})::BIGINT"


def generation_sql(accounts: int) -> list[str]:
    day = f"DATE '{AS_OF.isoformat()}'"
    return [
        f"""
        INSERT INTO accounts (account_id, name, segment, arr, renewal_date, status,
            owner, csm, health_score, health_score_updated_on, last_exec_touch_date)
        SELECT 'A' || i, 'Account ' || i, ['SMB', 'Mid-Market', 'Enterprise'][
                {r(1, 3)} + 1],
            ({r(2, 200000)} + 5000)::DECIMAL(18,2),
            {day} + {r(3, 400)}::INT - 30,
            CASE WHEN {r(4, 100)} < 3 THEN 'churned' ELSE 'active' END,
            'owner' || {r(5, 50)}, 'csm' || {r(6, 80)},
            CASE WHEN {r(7, 10)} = 0 THEN {r(37, 40)} ELSE 40 + {r(37, 60)} END::INT,
            {day} - {r(8, 120)}::INT,
            CASE WHEN {r(9, 10)} < 7 THEN {day} - {r(10, 150)}::INT END
        FROM range({accounts}) t(i)
        """,
        f"""
        INSERT INTO tickets (ticket_id, account_id, created_at, status, priority,
            escalated, tags, subject, body, assignee)
        SELECT 'T' || i, 'A' || (i // 100),
            TIMESTAMP '2026-12-03 23:00:00' - to_seconds({r(11, 730 * 86400)}),
            'closed', CASE WHEN {r(12, 200)} = 0 THEN 'urgent' ELSE 'normal' END,
            {r(13, 400)} = 0, CASE WHEN {r(14, 400)} = 0 THEN 'escalation,billing' END,
            'Issue with ' || ['login', 'export', 'billing', 'api'][{r(15, 4)} + 1],
            CASE WHEN {r(16, 500)} = 0
                THEN 'We are evaluating alternatives such as Gainsight.'
                ELSE 'The frontend shows an error when exporting report ' || i END,
            'agent' || {r(17, 40)}
        FROM range({accounts * 100}) t(i)
        """,
        f"""
        INSERT INTO usage (account_id, date, active_users, events)
        SELECT 'A' || a, {day} - d::INT,
            (({r(18, 200, "a")} + 5) * CASE WHEN {r(19, 10, "a")} = 0 AND d < 30
                THEN 0.5 ELSE 1 END)::INT,
            {r(20, 5000, "a * 1000 + d")}
        FROM range({accounts}) s(a), range(730) t(d)
        """,
        f"""
        INSERT INTO nps (response_id, account_id, score, responded_at, comment)
        SELECT 'R' || i, 'A' || (i // 3),
            CASE WHEN {r(21, 100)} < 10 THEN {r(38, 7)} ELSE 7 + {r(38, 4)} END::INT,
            TIMESTAMP '2026-12-03 12:00:00' - to_seconds({r(22, 365 * 86400)}),
            'Comment ' || i
        FROM range({accounts * 3}) t(i)
        """,
        f"""
        INSERT INTO invoices (invoice_id, account_id, due_date, paid_at, amount,
            status)
        SELECT 'INV-' || i, 'A' || (i // 6), {day} - {r(23, 365)}::INT,
            CASE WHEN {r(24, 100)} > 0 THEN TIMESTAMP '2026-06-01 10:00:00' END,
            ({r(25, 10000)} + 100)::DECIMAL(18,2),
            CASE WHEN {r(24, 100)} > 0 THEN 'paid'
                 WHEN {r(26, 3)} = 0 THEN 'failed' ELSE 'open' END
        FROM range({accounts * 6}) t(i)
        """,
        f"""
        INSERT INTO activities (activity_id, account_id, date, type, executive,
            subject, body)
        SELECT 'ACT' || i, 'A' || (i // 8), {day} - {r(27, 365)}::INT,
            ['meeting', 'qbr', 'call', 'email_out', 'email_in', 'note'][
                {r(28, 6)} + 1],
            {r(29, 4)} = 0, 'Check-in ' || i,
            CASE WHEN {r(30, 300)} = 0 THEN 'They mentioned an RFP next quarter'
                ELSE 'Notes from the conversation' END
        FROM range({accounts * 8}) t(i)
        """,
        f"""
        INSERT INTO contacts (contact_id, account_id, name, role, status,
            departed_on)
        SELECT 'C' || i, 'A' || (i // 4), 'Person ' || i,
            ['champion', 'sponsor', 'user', 'admin'][{r(31, 4)} + 1],
            CASE WHEN {r(32, 10)} = 0 THEN 'departed' ELSE 'active' END,
            CASE WHEN {r(32, 10)} = 0 THEN {day} - {r(33, 400)}::INT END
        FROM range({accounts * 4}) t(i)
        """,
        f"""
        INSERT INTO chat_messages (message_id, channel, ts, author, text, account_id)
        SELECT 'M' || i, '#cs', TIMESTAMP '2026-12-03 20:00:00'
                - to_seconds({r(34, 200 * 86400)}),
            'member' || {r(35, 30)},
            CASE WHEN {r(36, 100)} = 0 THEN 'Heard they are trialling Totango'
                ELSE 'Renewal call went fine for account ' || (i // 2) END,
            'A' || (i // 2)
        FROM range({accounts * 2}) t(i)
        """,
    ]


def build(folder: Path, accounts: int) -> int:
    """Create the workspace and fill it; return the number of rows."""
    from lifebuoy.workspace import Workspace

    workspace = Workspace.create(folder, environ={})
    for statement in generation_sql(accounts):
        workspace.connection.execute(statement)
    workspace.connection.execute("CHECKPOINT")
    rows = sum(workspace.count(table) for table in SCANNED)
    workspace.close()
    return rows


def measure_scan(folder: Path) -> float:
    import duckdb

    connection = duckdb.connect(str(folder / "data.duckdb"), read_only=True)
    started = time.perf_counter()
    for table, columns in SCANNED.items():
        reads = ", ".join(f'min("{column}")' for column in columns)
        connection.execute(f'SELECT count(*), {reads} FROM "{table}"').fetchall()
    return time.perf_counter() - started


def measure_signals(folder: Path) -> tuple[float, float]:
    """Seconds to open the workspace and its backend, then to compute signals."""
    started = time.perf_counter()
    from lifebuoy.signals import signals
    from lifebuoy.workspace import Workspace

    workspace = Workspace.open(folder, environ={})
    workspace.backend.table("accounts").count().to_pyarrow()
    opened = time.perf_counter() - started

    started = time.perf_counter()
    report = signals(workspace, as_of=AS_OF)
    elapsed = time.perf_counter() - started
    fired = sum(len(account.signals) for account in report.accounts)
    print(
        f"  {len(report.accounts):,} active accounts, {fired:,} signals, "
        f"{len(report.warnings):,} warnings",
        file=sys.stderr,
    )
    workspace.close()
    return opened, elapsed


def child(kind: str, folder: Path) -> None:
    """Run one measurement in this process and print it as JSON."""
    if kind == "scan":
        opened, seconds = 0.0, measure_scan(folder)
    else:
        opened, seconds = measure_signals(folder)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"opened": opened, "seconds": seconds, "peak_mb": peak_mb}))


def run_child(kind: str, folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(done.stderr)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def bench(accounts: int, *, repeat: int) -> dict[str, float]:
    """Build a workspace of ACCOUNTS; the best of REPEAT runs of each measure."""
    folder = Path(tempfile.mkdtemp(prefix="lifebuoy-bench-"))
    try:
        started = time.perf_counter()
        rows = build(folder / "ws", accounts)
        built = time.perf_counter() - started
        print(
            f"{accounts:,} accounts: {rows:,} rows built in {built:.1f}s",
            file=sys.stderr,
        )
        scans, runs = [], []
        for _ in range(repeat):
            scans.append(run_child("scan", folder / "ws"))
            runs.append(run_child("signals", folder / "ws"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "accounts": accounts,
        "rows": rows,
        "scan": min(scan["seconds"] for scan in scans),
        "signals": min(run["seconds"] for run in runs),
        "startup": min(run["opened"] for run in runs),
        "peak_mb": max(run["peak_mb"] for run in runs),
    }


def print_table(results: list[dict[str, float]]) -> None:
    header = (
        f"{'accounts':>9} {'rows':>12} {'startup s':>9} {'scan s':>7} "
        f"{'signals s':>9} {'ratio':>5} {'rows/s':>11} {'peak MB':>7}"
    )
    print(header)
    for result in results:
        ratio = result["signals"] / result["scan"]
        per_second = result["rows"] / result["signals"]
        print(
            f"{result['accounts']:>9,.0f} {result['rows']:>12,.0f} "
            f"{result['startup']:>9.2f} {result['scan']:>7.2f} "
            f"{result['signals']:>9.2f} {ratio:>5.1f} "
            f"{per_second:>11,.0f} {result['peak_mb']:>7,.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measure; the best is shown"
    )
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"))
    options = parser.parse_args()
    if options.measure:
        child(options.measure[0], Path(options.measure[1]))
        return
    print_table(
        [bench(accounts, repeat=options.repeat) for accounts in options.accounts]
    )


if __name__ == "__main__":
    main()

"""Benchmark of ``lifebuoy import csv``: a large generated tickets CSV, streamed.

    python benchmarks/import_csv.py                 # a 1 GiB file
    python benchmarks/import_csv.py --size-mb 100   # a smaller one

The file is generated in a temporary folder (tickets with multi-line
quoted bodies, commas, mixed date formats; accounts referred to by name),
then imported into a fresh workspace in a child process, so the peak
resident memory printed (file reading, parsing, DuckDB) is the import's
own. It prints the file size, rows, seconds, rows per second, MB per
second and peak memory. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCOUNTS = 500
WORDS = ("export", "failing", "login", "slow", "dashboard", "invoice", "billing",
         "sso", "timeout", "error", "report", "api", "limit", "sync", "users",
         "permission", "mobile", "crash", "upgrade", "renewal")  # fmt: skip


def generate(path: Path, *, size_mb: int, seed: int = 7) -> int:
    """Write a tickets CSV of about SIZE_MB megabytes; return its rows."""
    chooser = random.Random(seed)
    target = size_mb * 1024 * 1024
    written = 0
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Ticket ID,Account Name,Created At,Status,Priority,Subject,Body\n")
        while written < target:
            count += 1
            line = _ticket(chooser, count)
            handle.write(line)
            written += len(line)
    return count


def _ticket(chooser: random.Random, number: int) -> str:
    account = f"Account {chooser.randrange(ACCOUNTS):04d}, Inc."
    day = chooser.randrange(1, 29)
    created = (
        f"2026-03-{day:02d}T{chooser.randrange(24):02d}:15:00+02:00"
        if number % 2
        else f"03/{day:02d}/2026"
    )
    subject = " ".join(chooser.choices(WORDS, k=5))
    body = " ".join(chooser.choices(WORDS, k=40))
    if number % 7 == 0:
        body = f'{body},\n"quoted" second line'
    priority = chooser.choice(("low", "Medium", "high", "urgent"))
    body = body.replace('"', '""')
    return f'T{number},"{account}",{created},open,{priority},{subject},"{body}"\n'


def measure(path: Path) -> dict[str, float]:
    """Import PATH into a fresh workspace in this process; report the figures."""
    import pyarrow as pa

    from lifebuoy.sources.pipeline import run_import
    from lifebuoy.workspace import Workspace, write_rows

    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.create(Path(folder), environ={}) as workspace,
    ):
        names = [f"Account {number:04d}, Inc." for number in range(ACCOUNTS)]
        ids = [f"A{number}" for number in range(ACCOUNTS)]
        write_rows(workspace, "accounts", pa.table({"account_id": ids, "name": names}))
        started = time.perf_counter()
        report = run_import(workspace, "csv", [path], table="tickets")
        seconds = time.perf_counter() - started
        loaded = workspace.count("tickets")

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = report.tables["tickets"]
    return {
        "rows": counts.read,
        "loaded": loaded,
        "rejected": counts.rejected,
        "unmatched": counts.unmatched,
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        generate(path, size_mb=args.size_mb)
        size = path.stat().st_size
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    figures = json.loads(output)

    megabytes = size / 1024 / 1024
    print(f"file: {megabytes:,.0f} MiB, {int(figures['rows']):,} rows")
    print(
        f"loaded {int(figures['loaded']):,}, rejected {int(figures['rejected']):,}, "
        f"unmatched {int(figures['unmatched']):,}"
    )
    print(
        f"{figures['seconds']:.1f} s, "
        f"{figures['rows'] / figures['seconds']:,.0f} rows/s, "
        f"{megabytes / figures['seconds']:.1f} MiB/s, "
        f"peak memory {figures['peak_mib']:,.0f} MiB"
    )


if __name__ == "__main__":
    main()

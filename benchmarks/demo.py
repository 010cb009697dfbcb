"""Benchmark of ``lifebuoy demo``: how long the demo workspace takes to build.

    python benchmarks/demo.py                     # 400, 2,000 and 10,000 accounts
    python benchmarks/demo.py --accounts 400      # one size

Each size is built in a fresh process in a temporary folder, so the peak
resident memory printed is that build's own. It prints accounts, rows
written, seconds, rows per second and peak memory. Not a test: nothing is
asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2026, 12, 3)


def measure(accounts: int) -> dict[str, float]:
    """Build one demo workspace in this process and report its figures."""
    from lifebuoy.sources.demo import build_demo
    from lifebuoy.workspace import Workspace

    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.create(Path(folder), environ={}) as workspace,
    ):
        started = time.perf_counter()
        summary = build_demo(workspace, accounts=accounts, seed=7, as_of=AS_OF)
        seconds = time.perf_counter() - started

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "accounts": accounts,
        "rows": sum(summary.rows.values()),
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
    }


def run_child(accounts: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(accounts)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, action="append")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return

    print(f"{'accounts':>9} {'rows':>10} {'seconds':>8} {'rows/s':>10} {'peak MiB':>9}")
    for accounts in args.accounts or [400, 2_000, 10_000]:
        figures = run_child(accounts)
        rate = figures["rows"] / figures["seconds"]
        print(
            f"{accounts:>9,} {int(figures['rows']):>10,} {figures['seconds']:>8.2f} "
            f"{rate:>10,.0f} {figures['peak_mib']:>9.0f}"
        )


if __name__ == "__main__":
    main()

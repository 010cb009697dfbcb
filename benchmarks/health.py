"""Benchmark of ``lifebuoy health`` and ``lifebuoy at-risk`` on demo books.

    python benchmarks/health.py                   # 400, 2,000 and 10,000 accounts
    python benchmarks/health.py --accounts 2000   # one size

Each size is built and measured in a fresh process in a temporary folder, so
the peak resident memory printed is that process's own (demo build included).
It prints the seconds for one account's health report, the health table of
every account (scored now and 30 days earlier) and the at-risk list with its
saved run, the table's accounts per second, and peak memory. Not a test:
nothing is asserted.
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
    """Build a demo book in this process, then time the three jobs."""
    from lifebuoy.planning.at_risk import at_risk
    from lifebuoy.planning.health import account_health, scope_health
    from lifebuoy.planning.model import Scope
    from lifebuoy.sources.demo import build_demo
    from lifebuoy.workspace import Workspace

    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.create(Path(folder), environ={}) as workspace,
    ):
        build_demo(workspace, accounts=accounts, seed=7, as_of=AS_OF)
        everyone = Scope(text="all accounts", include_healthy=True)

        started = time.perf_counter()
        account_health(workspace, "ACC-00001", as_of=AS_OF)
        one = time.perf_counter() - started

        started = time.perf_counter()
        table = scope_health(workspace, everyone, as_of=AS_OF)
        whole = time.perf_counter() - started

        started = time.perf_counter()
        at_risk(workspace, everyone, as_of=AS_OF)
        listed = time.perf_counter() - started

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "accounts": len(table.reports),
        "one": one,
        "table": whole,
        "at_risk": listed,
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

    print(
        f"{'accounts':>9} {'one (s)':>8} {'table (s)':>10} {'accounts/s':>11} "
        f"{'at-risk (s)':>12} {'peak MiB':>9}"
    )
    for accounts in args.accounts or [400, 2_000, 10_000]:
        figures = run_child(accounts)
        rate = figures["accounts"] / figures["table"]
        print(
            f"{accounts:>9,} {figures['one']:>8.2f} {figures['table']:>10.2f} "
            f"{rate:>11,.0f} {figures['at_risk']:>12.2f} {figures['peak_mib']:>9.0f}"
        )


if __name__ == "__main__":
    main()

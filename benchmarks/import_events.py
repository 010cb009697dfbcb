"""Benchmark of raw event imports: a generated Segment or Amplitude export.

    python benchmarks/import_events.py                       # 10M Segment events
    python benchmarks/import_events.py --source amplitude --events 1000000

The export is generated in a temporary folder as JSON lines (Segment: one
group call per user, then track/page calls; Amplitude: events carrying
their company group for half the users, a user → account mapping CSV for
the rest), spread over 90 days, 2,000 accounts of 20 users each. It is
imported into a fresh workspace in a child process, so the peak resident
memory printed is the import's own. Prints events, usage rows, seconds,
events per second and peak memory. Not a test: nothing is asserted.
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
from datetime import date, timedelta
from pathlib import Path

ACCOUNTS = 2_000
USERS_PER_ACCOUNT = 20
DAYS = 90
FIRST_DAY = date(2026, 1, 1)


def generate(folder: Path, *, source: str, events: int, seed: int = 7) -> list[Path]:
    """Write the export (and a mapping for Amplitude); return the paths."""
    chooser = random.Random(seed)
    days = [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(DAYS)]
    users = ACCOUNTS * USERS_PER_ACCOUNT
    path = folder / "events.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        if source == "segment":
            for user in range(users):
                handle.write(_segment_group(user))
        for _ in range(events):
            user = chooser.randrange(users)
            moment = f"{chooser.choice(days)}T{chooser.randrange(24):02d}:17:03Z"
            line = (
                _segment(user, moment)
                if source == "segment"
                else _amplitude(user, moment)
            )
            handle.write(line)
    if source == "segment":
        return [path]
    mapping = folder / "users.csv"
    with mapping.open("w", encoding="utf-8") as handle:
        handle.write("user_id,account\n")
        for user in range(1, users, 2):
            handle.write(f"u{user},acct{user // USERS_PER_ACCOUNT}.example.com\n")
    return [path, mapping]


def _segment_group(user: int) -> str:
    account = f"acct{user // USERS_PER_ACCOUNT}.example.com"
    message = {"type": "group", "userId": f"u{user}", "groupId": account,
               "timestamp": f"{FIRST_DAY.isoformat()}T00:00:00Z"}  # fmt: skip
    return json.dumps(message) + "\n"


def _segment(user: int, moment: str) -> str:
    return (
        f'{{"type": "track", "event": "Report Viewed", "userId": "u{user}", '
        f'"timestamp": "{moment}", "properties": {{"report": "weekly"}}}}\n'
    )


def _amplitude(user: int, moment: str) -> str:
    groups = (
        f'{{"company": ["acct{user // USERS_PER_ACCOUNT}.example.com"]}}'
        if user % 2 == 0
        else "{}"
    )
    event_time = moment.replace("T", " ").rstrip("Z") + ".000000"
    return (
        f'{{"event_type": "report_viewed", "user_id": "u{user}", '
        f'"event_time": "{event_time}", "groups": {groups}}}\n'
    )


def measure(source: str, paths: list[Path]) -> dict[str, float]:
    """Import PATHS into a fresh workspace in this process; report the figures."""
    import pyarrow as pa

    from lifebuoy.sources.pipeline import run_import
    from lifebuoy.workspace import Workspace, write_rows

    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.create(Path(folder), environ={}) as workspace,
    ):
        ids = [f"A{number}" for number in range(ACCOUNTS)]
        names = [f"Account {number}" for number in range(ACCOUNTS)]
        domains = [f"acct{number}.example.com" for number in range(ACCOUNTS)]
        accounts = pa.table({"account_id": ids, "name": names, "domain": domains})
        write_rows(workspace, "accounts", accounts)
        started = time.perf_counter()
        report = run_import(workspace, source, paths)
        seconds = time.perf_counter() - started
        loaded = workspace.count("usage")
        events = workspace.connection.execute(
            "SELECT sum(events) FROM usage"
        ).fetchone()

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = report.tables["usage"]
    return {
        "usage_rows": loaded,
        "events_loaded": int(events[0]) if events and events[0] else 0,
        "rejected": counts.rejected,
        "unmatched": counts.unmatched,
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("segment", "amplitude"), default="segment")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--child", type=Path, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.source, args.child)))
        return

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        paths = generate(Path(folder), source=args.source, events=args.events)
        generated = time.perf_counter() - started
        size = sum(path.stat().st_size for path in paths)
        command = [sys.executable, __file__, "--source", args.source, "--child"]
        output = subprocess.run(
            [*command, *map(str, paths)], check=True, capture_output=True, text=True
        ).stdout
    figures = json.loads(output)

    print(
        f"{args.source}: {args.events:,} events, {size / 2**20:,.0f} MiB "
        f"(generated in {generated:.0f} s)"
    )
    print(
        f"usage rows {int(figures['usage_rows']):,}, events in usage "
        f"{int(figures['events_loaded']):,}, rejected {int(figures['rejected']):,}, "
        f"unmatched {int(figures['unmatched']):,}"
    )
    print(
        f"{figures['seconds']:.1f} s, "
        f"{args.events / figures['seconds']:,.0f} events/s, "
        f"peak memory {figures['peak_mib']:,.0f} MiB"
    )


if __name__ == "__main__":
    main()

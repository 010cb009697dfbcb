"""Benchmark of the plan: signals alone against signals plus planning.

    python benchmarks/plan.py                       # 400 (demo) and 100,000 accounts
    python benchmarks/plan.py --accounts 10000      # one synthetic size
    python benchmarks/plan.py --accounts            # the demo alone

For the demo size it builds the demo workspace with ``lifebuoy demo``, saves
an at-risk list with ``lifebuoy at-risk "all accounts"`` and times
``lifebuoy plan "Critical and High from last at-risk list" --format markdown``
end to end, as a user runs it (best and median of ``--repeat`` runs; the
machine's load average is printed beside them, since other work skews them).
For each synthetic size it reuses the generator of
``benchmarks/signals.py`` and measures, each in a fresh process so peak memory
is its own: the signals alone, then the signals plus ``build_plan`` plus the
Markdown and JSON renderings. It prints the times, their ratio, accounts per
second and peak resident memory. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).parent
LIFEBUOY = Path(sys.executable).parent / "lifebuoy"


def signals_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("signals_bench", HERE / "signals.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(kind: str, folder: Path) -> dict[str, float]:
    """Run in a child process: time the signals alone or the whole plan."""
    from lifebuoy.planning import Scope, build_plan
    from lifebuoy.planning.playbook import workspace_playbook
    from lifebuoy.render.json import render_json
    from lifebuoy.render.markdown import render_markdown
    from lifebuoy.signals import signals
    from lifebuoy.workspace import Workspace

    as_of = signals_bench().AS_OF
    workspace = Workspace.open(folder, environ={})
    started = time.perf_counter()
    report = signals(workspace, as_of=as_of)
    figures = {"signals": time.perf_counter() - started, "planned": 0.0}
    if kind == "plan":
        playbook = workspace_playbook(workspace.path, workspace.settings.playbook)
        planned = time.perf_counter()
        plan = build_plan(
            report,
            scope=Scope(text="at-risk accounts"),
            settings=workspace.settings,
            playbook=playbook,
            as_of=as_of,
        )
        figures["build"] = time.perf_counter() - planned
        rendered = time.perf_counter()
        render_markdown(plan)
        render_json(plan)
        figures["render"] = time.perf_counter() - rendered
        figures["planned"] = len(plan.accounts)
    figures["total"] = time.perf_counter() - started
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workspace.close()
    return figures


def run_child(kind: str, folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


DEMO_SCOPE = "Critical and High from last at-risk list"


def bench_demo(accounts: int, repeat: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lifebuoy-plan-demo-"))
    common = ["-w", str(folder), "--as-of", "2026-12-03"]
    try:
        subprocess.run(
            [LIFEBUOY, "demo", *common, "--accounts", str(accounts)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [LIFEBUOY, "-q", "at-risk", "all accounts", *common],
            check=True,
            capture_output=True,
        )
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(
                [LIFEBUOY, "-q", "plan", DEMO_SCOPE, *common, "-f", "markdown"],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"demo, {accounts} accounts: lifebuoy plan {DEMO_SCOPE!r} end to end "
        f"best {min(times):.2f}s, median {statistics.median(times):.2f}s "
        f"of {repeat} (load average {load})"
    )


def bench(accounts: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lifebuoy-plan-bench-"))
    try:
        rows = signals_bench().build(folder / "ws", accounts)
        alone = run_child("signals", folder / "ws")
        whole = run_child("plan", folder / "ws")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The plan is signals plus build_plan; rendering is printed on its own.
    ratio = (whole["signals"] + whole["build"]) / alone["total"]
    print(
        f"{accounts:,} accounts, {rows:,} rows: signals {alone['total']:.2f}s; "
        f"plan {whole['total']:.2f}s (signals {whole['signals']:.2f}s + build "
        f"{whole['build']:.2f}s; then render {whole['render']:.2f}s), "
        f"plan/signals ratio {ratio:.2f}; "
        f"{whole['planned']:,.0f} planned; "
        f"{accounts / whole['build']:,.0f} accounts/s in build_plan; "
        f"peak {whole['peak_mb']:,.0f} MB (signals alone {alone['peak_mb']:,.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="*", default=[100_000])
    parser.add_argument("--demo", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"))
    options = parser.parse_args()
    if options.measure:
        figures = measure(options.measure[0], Path(options.measure[1]))
        print(json.dumps(figures))
        return
    if options.demo:
        bench_demo(options.demo, options.repeat)
    for accounts in options.accounts:
        bench(accounts)


if __name__ == "__main__":
    main()

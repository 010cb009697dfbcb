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
second and peak resident memory. For the JSON it then prints its parts (the
document, then its encoding, in MB/s) beside the standard library's encoder
run on the same document in the same process, the ratio of the two, and
whether their texts are identical. Not a test: nothing is asserted.
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lifebuoy.planning.plan import Plan

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
        rendered, text = render_figures(plan)
        figures |= rendered
        figures["planned"] = len(plan.accounts)
    figures["total"] = time.perf_counter() - started
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if kind == "plan":
        # After the peak is read: holding two texts of the plan would raise it.
        figures |= standard_json_figures(plan, text=text)
    workspace.close()
    return figures


def render_figures(plan: Plan) -> tuple[dict[str, float], str]:
    """Time the Markdown, then the JSON's two parts as ``render_json`` runs them."""
    from lifebuoy.collector import collector_paused
    from lifebuoy.render.json import plan_document
    from lifebuoy.render.json_text import json_text
    from lifebuoy.render.markdown import render_markdown

    started = time.perf_counter()
    render_markdown(plan)
    markdown = time.perf_counter() - started

    started = time.perf_counter()
    with collector_paused():
        document = plan_document(plan)
    built = time.perf_counter() - started

    started = time.perf_counter()
    text = json_text(document)
    encoded = time.perf_counter() - started
    figures = {
        "render": markdown + built + encoded,
        "json_document": built,
        "json_encode": encoded,
        "json_mb": len(text.encode()) / 1e6,
    }
    return figures, text


def standard_json_figures(plan: Plan, *, text: str) -> dict[str, float]:
    """The JSON as it was made before: document with the collector running,
    then the standard library's encoder; TEXT is the one made now."""
    from lifebuoy.render.json import plan_document
    from lifebuoy.render.json_text import standard_json_text

    started = time.perf_counter()
    document = plan_document(plan)
    built = time.perf_counter() - started

    started = time.perf_counter()
    standard = standard_json_text(document)
    encoded = time.perf_counter() - started
    return {
        "standard_document": built,
        "standard_encode": encoded,
        "json_identical": float(standard == text),
    }


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
    print_json(whole)


def print_json(whole: dict[str, float]) -> None:
    size = whole["json_mb"]
    now = whole["json_document"] + whole["json_encode"]
    before = whole["standard_document"] + whole["standard_encode"]
    print(
        f"  JSON of {whole['planned']:,.0f} planned accounts, {size:,.1f} MB: "
        f"document {whole['json_document']:.2f}s + encode "
        f"{whole['json_encode']:.2f}s ({size / whole['json_encode']:,.0f} MB/s) "
        f"= {now:.2f}s; standard library: document {whole['standard_document']:.2f}s "
        f"(collector running) + encode {whole['standard_encode']:.2f}s "
        f"({size / whole['standard_encode']:,.0f} MB/s) = {before:.2f}s; "
        f"encode {whole['standard_encode'] / whole['json_encode']:.1f}x, "
        f"JSON {before / now:.1f}x faster; texts identical: "
        f"{'yes' if whole['json_identical'] else 'NO'}"
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

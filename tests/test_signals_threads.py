"""Signals computed on several threads: the same report, errors kept, cursors closed."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from lifebuoy.signals import SignalName, engine, signals
from lifebuoy.signals.context import Context
from lifebuoy.workspace import Workspace
from signal_cases import AS_OF, demo_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("threads") / "ws"
    return demo_workspace(folder, accounts=200, seed=3)


@pytest.mark.parametrize("workers", [1, 3, 8])
def test_the_report_is_the_same_on_any_number_of_threads(
    demo: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(demo, environ={}) as workspace:
        expected = signals(workspace, as_of=AS_OF)
        monkeypatch.setattr(engine, "WORKERS", workers)
        found = signals(workspace, as_of=AS_OF)

    assert found == expected
    assert sum(len(account.signals) for account in found.accounts) > 100


def test_a_failing_computation_fails_the_run_and_closes_every_cursor(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[int] = []
    close = Context.close

    def counting_close(context: Context) -> None:
        closed.append(len(context._cursors))
        close(context)

    def broken(context: Context) -> Any:
        raise RuntimeError("nps query failed")

    monkeypatch.setitem(engine.COMPUTE, SignalName.NPS_DETRACTOR, broken)
    monkeypatch.setattr(Context, "close", counting_close)
    with Workspace.open(demo, environ={}) as workspace:
        with pytest.raises(RuntimeError, match="nps query failed"):
            signals(workspace, as_of=AS_OF)

        assert len(closed) == 1 and closed[0] >= 1
        # the workspace's own connection still answers
        assert workspace.count("accounts") == 200


def test_shared_rows_are_made_once_when_threads_ask_together(demo: Path) -> None:
    made: list[str] = []

    def make() -> list[dict[str, Any]]:
        made.append(threading.current_thread().name)
        time.sleep(0.05)
        return [{"rows": 1}]

    with Workspace.open(demo, environ={}) as workspace:
        context = Context(workspace, AS_OF)
        answers: list[list[dict[str, Any]]] = []
        askers = [
            threading.Thread(target=lambda: answers.append(context.shared("k", make)))
            for _ in range(4)
        ]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        context.close()

    assert len(made) == 1
    assert answers == [[{"rows": 1}]] * 4

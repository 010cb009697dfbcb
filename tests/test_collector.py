"""Pausing the cycle collector: state restored, results frozen, cycles found later."""

from __future__ import annotations

import gc
import weakref

from lifebuoy.collector import collector_paused, release_frozen


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    release_frozen()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        release_frozen()


def test_what_the_block_made_is_frozen_until_released() -> None:
    with collector_paused():
        kept = [Node() for _ in range(1000)]
    assert gc.get_freeze_count() >= len(kept)

    release_frozen()
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_inside_the_block_is_collected_once_released() -> None:
    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        watch = weakref.ref(first)
        del first, second

    gc.collect()
    assert watch() is not None, "frozen objects are out of the collector's view"

    release_frozen()
    gc.collect()
    assert watch() is None

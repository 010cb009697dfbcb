"""Building large results without the cycle collector rescanning them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a block that allocates many objects.

    Reports and plans hold a few objects per account and none form cycles,
    so the collector would only rescan them again and again as they pile up.
    On leaving, everything alive is frozen (a constant-time move out of the
    collector's view): re-enabling the collector alone would make its next
    collections scan every object the block made. A long-running process
    calls release_frozen() once it is done with the results.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def release_frozen() -> None:
    """Hand what paused blocks froze back to the collector.

    For a process that outlives its results (the MCP server, after each
    request): cycles made inside a paused block are only ever found after this.
    """
    gc.unfreeze()

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
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()

"""The cyclic garbage collector paused while a stage builds many objects that form no cycles."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block: it would rescan the growing heap again and again.

    Only for work that creates no garbage cycles worth collecting meanwhile; the collector
    runs again as soon as the block ends (unless it was already off).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

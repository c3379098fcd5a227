"""The cyclic garbage collector, paused while a stage builds many objects that form no cycles."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector while objects pile up: it would rescan them again and again.

    Only for code that makes no garbage cycles worth collecting meanwhile (what is freed is
    freed by reference counting as usual); the collector runs again afterwards, unless the
    caller had it off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

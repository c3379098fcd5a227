"""The cyclic garbage collector, paused while a stage builds many objects that form no cycles.

Freezing (``gc.freeze``) cannot be undone for some objects only: a stage that froze objects
gives them back (``gc.unfreeze``) only when nothing was frozen before it. The command line
freezes what start-up made, so there what a stage froze stays frozen until the process ends
with the command; a library caller that froze nothing gets every object back, so that a process
running several jobs can still free them.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Collections of the middle generation between two whole-heap scans while ``frozen`` (Python's
# default is 10): about 7 million new objects at the default thresholds.
OLDEST = 1_000

# Whether the process froze what start-up made (``freeze_start_up``): then frozen objects are
# known to exist without counting them (``gc.get_freeze_count`` walks every frozen object).
_start_up_frozen = False


def freeze_start_up() -> None:
    """Keep what start-up made (modules, classes, the registry) out of every later scan."""
    global _start_up_frozen
    gc.freeze()
    _start_up_frozen = True


def _others_frozen() -> bool:
    """Whether objects were frozen before this stage (by start-up or by a library caller)."""
    return _start_up_frozen or gc.get_freeze_count() > 0


@contextmanager
def paused(*, settle: bool = False) -> Iterator[None]:
    """Pause the cycle collector while objects pile up: it would rescan them again and again.

    Only for code that makes no garbage cycles worth collecting meanwhile (what is freed is
    freed by reference counting as usual); the collector runs again afterwards, unless the
    caller had it off. ``settle``: what was built is kept as long-lived, unscanned (frozen, then
    given back into the oldest generation, see above); else the next young collection walks all
    of it, then the next middle one again (0.9 of 4.9 CPU s building the results of 10^5 cases
    with passes).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settle:
            before = _others_frozen()
            gc.freeze()
            if not before:
                gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def frozen(*, lasting: bool = True) -> Iterator[None]:
    """Keep the objects that exist now out of the collector's scans (``gc.freeze``) while a stage
    adds many more; ``lasting``: what it adds lives on (cases, then findings), so scan those in
    full only rarely.

    Young objects are still collected as usual, so the cycles a check makes and drops are freed
    as they come; only the whole-heap scans, which on 10^5 cases walk every finding again each
    time the heap has grown by a quarter, wait (``OLDEST``). A stage whose objects are garbage
    once a step is done (a document written) passes ``lasting=False``: its cycles (python-docx
    documents) reach the oldest generation and must still be collected there, and with the data
    frozen those scans are cheap. The thresholds are restored afterwards, and the frozen objects
    given back as the module docstring says.
    """
    thresholds = gc.get_threshold()
    if lasting:
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], OLDEST))
    before = _others_frozen()
    gc.freeze()
    try:
        yield
    finally:
        if not before:
            gc.unfreeze()
        gc.set_threshold(*thresholds)

"""A run's pauses of the garbage collector end with the stage, even when it fails: a process
that runs several jobs (a plugin host, the test suite) gets its collector back as it was."""

import gc
import weakref

import pytest

from evaltool import collector


class Node:
    """An object that can be part of a reference cycle."""


def test_frozen_gives_everything_back_and_keeps_freeing_young_cycles():
    gc.unfreeze()  # a library caller that froze nothing
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.frozen():
        assert gc.isenabled() and gc.get_threshold()[0] == before[0]
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
        kept = [[] for _ in range(before[0] * 3)]  # new objects enough for a young collection
        assert gone() is None and kept
        raise RuntimeError
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_paused_restores_the_collector_only_if_it_was_running():
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_a_settled_pause_built_is_kept_as_long_lived_and_nothing_stays_frozen():
    gc.unfreeze()
    with collector.paused(settle=True):
        built = [[] for _ in range(10)]
    assert any(o is built for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_in_a_process_that_froze_its_start_up_what_a_stage_froze_stays_frozen():
    """The command line freezes what start-up made; a stage must not give that back."""
    gc.freeze()
    try:
        start_up = gc.get_freeze_count()
        with collector.frozen():
            cases = [[] for _ in range(10)]
        with collector.paused(settle=True):
            results = [[] for _ in range(10)]
        assert gc.get_freeze_count() >= start_up + len(cases) + len(results)
    finally:
        gc.unfreeze()


def test_a_stage_whose_objects_die_keeps_the_whole_heap_scans_that_free_their_cycles():
    """Documents: each one's python-docx cycles become garbage once it is written; delaying the
    oldest generation's scans (as for cases and findings) kept them all (5.6 GiB on 10^5 cases)."""
    before = gc.get_threshold()
    with collector.frozen():
        assert gc.get_threshold()[2] >= collector.OLDEST
    with collector.frozen(lasting=False):
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before

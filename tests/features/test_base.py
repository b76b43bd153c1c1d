"""The extractor base: the garbage collector's older objects are left out while a batch runs."""

from __future__ import annotations

import gc
import weakref

import pytest

from framing.features.base import older_objects_frozen


@pytest.fixture
def collector():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


class Node:
    pass


def test_older_objects_are_frozen_while_the_batch_runs_and_given_back_after(collector):
    before = gc.get_freeze_count()
    assert before == 0
    with older_objects_frozen():
        assert gc.get_freeze_count() > 0
        # new garbage cycles made inside the batch are still collected
        a, b = Node(), Node()
        a.other, b.other = b, a
        ref = weakref.ref(a)
        del a, b
        gc.collect()
        assert ref() is None
    assert gc.get_freeze_count() == 0


def test_cycles_made_before_the_batch_are_collected_after_it(collector):
    a, b = Node(), Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    del a, b
    with older_objects_frozen():
        gc.collect()
        assert ref() is not None      # frozen: left alone during the batch
    gc.collect()
    assert ref() is None


def test_a_program_that_froze_objects_itself_is_left_as_it_is(collector):
    gc.freeze()
    n = gc.get_freeze_count()
    with older_objects_frozen():
        pass
    assert gc.get_freeze_count() == n > 0


def test_the_collector_is_unfrozen_when_the_batch_fails(collector):
    with pytest.raises(RuntimeError):
        with older_objects_frozen():
            raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0

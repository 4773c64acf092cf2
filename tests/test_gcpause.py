"""The collector pause around bulk builds must always hand the collector back as it found it:
a bot left without cycle collection would slowly grow until it is killed."""

from __future__ import annotations

import gc
import threading

import pytest

from bot.gcpause import paused_gc


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_back_on_after():
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_switch_back_on_only_at_the_outermost():
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_exception():
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("bad sheet")
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off():
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_as_decorator():
    @paused_gc()
    def build() -> bool:
        return gc.isenabled()

    assert build() is False
    assert gc.isenabled()


def test_overlapping_builds_in_two_threads():
    """An import in a worker thread while an edit rebuilds the index: the first to finish must
    not switch the collector on under the other."""
    first_in, first_may_leave, first_left = (threading.Event() for _ in range(3))
    seen: list[tuple[bool, bool]] = []  # (the first has left, collector on)

    def first() -> None:
        with paused_gc():
            first_in.set()
            first_may_leave.wait(5)
        first_left.set()

    def second() -> None:
        first_in.wait(5)
        with paused_gc():
            first_may_leave.set()
            # checked only once the first has really left its pause, not after a guessed delay
            seen.append((first_left.wait(5), gc.isenabled()))

    t = threading.Thread(target=first)
    u = threading.Thread(target=second)
    t.start()
    u.start()
    u.join(5)
    t.join(5)
    assert seen == [(True, False)]
    assert gc.isenabled()


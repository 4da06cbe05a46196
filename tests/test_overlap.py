"""overlap: a call worked out in a forked child gives what it gives in process, and the brief
is the same whether parts of it ran in children or not."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from briefgen import overlap
from briefgen.models import Article
from briefgen.pipeline import make_brief

REPORTS = [
    "Fire gutted the Vesby flour mill on Tuesday, officials said. Forty workers were sent home. "
    "The mill, built in 1904, employed 120 people.",
    "A fire destroyed the flour mill in Vesby on Tuesday. About 40 workers went home early, "
    "the owner said. The blaze started in a dryer.",
    "Vesby's century-old flour mill burned down on Tuesday. Firefighters from Norland fought "
    "the blaze for six hours. No one was hurt.",
]


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise ValueError("no")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Children started even where an earlier test left a thread behind (a server's): the
    calls here take no lock."""
    if not sys.platform.startswith("linux"):
        pytest.skip("forks only on Linux")
    monkeypatch.setattr(overlap, "can_fork", lambda: True)


@pytest.mark.usefixtures("forking")
def test_a_call_runs_in_a_child_and_gives_its_result() -> None:
    with overlap.started(_pid_and, 21) as pending:
        pid, value = pending.result()
        assert pending.result() == (pid, value)  # asked twice: the same, not run again
    assert value == 42
    assert pid != os.getpid()


def test_a_call_that_fails_fails_here_too() -> None:
    with overlap.started(_fails) as pending, pytest.raises(ValueError, match="no"):
        pending.result()


def test_with_another_thread_running_the_call_runs_in_this_process() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with overlap.started(_pid_and, 1) as pending:
            assert pending.result() == (os.getpid(), 2)
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("forking")
def test_a_child_whose_result_is_not_asked_for_is_reaped() -> None:
    with pytest.raises(RuntimeError), overlap.started(_pid_and, 1) as pending:
        pid = pending._pid
        raise RuntimeError("the caller failed first")
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.usefixtures("forking")
def test_the_brief_is_the_same_with_and_without_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefgen import clean, score
    from briefgen.score import support

    for module, name in ((score, "OVERLAP_SENTENCES"), (support, "OVERLAP_SENTENCES")):
        monkeypatch.setattr(module, name, 0)  # children even for three short reports
    monkeypatch.setattr(clean, "OVERLAP_CHARS", 0)
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(REPORTS, 1)]
    forked = make_brief(articles, date="2026-01-01")
    monkeypatch.setattr(overlap, "can_fork", lambda: False)
    assert make_brief(articles, date="2026-01-01") == forked


WORKED_OUT: list[int] = []  # the keys ``_square`` worked out in this process


@overlap.memo(limit=3)
def _square(key: int) -> int:
    WORKED_OUT.append(key)
    return key * key


def _squares(keys: list[int]) -> int:
    return sum(_square(k) for k in keys)


@pytest.fixture
def fresh_memo() -> None:
    _square.cache_clear()
    WORKED_OUT.clear()


@pytest.mark.usefixtures("fresh_memo")
def test_a_memo_works_each_value_out_once_as_lru_cache_does() -> None:
    assert [_square(2), _square(2), _square(3)] == [4, 4, 9]
    assert WORKED_OUT == [2, 3]
    _square(4)
    _square(5)  # past its limit of 3 it lets go of the least recently used, 2
    _square(2)
    assert WORKED_OUT == [2, 3, 4, 5, 2]


@pytest.mark.usefixtures("forking", "fresh_memo")
def test_a_child_hands_back_what_its_memos_worked_out() -> None:
    with overlap.started(_squares, [6, 7]) as pending:
        assert pending.result() == 85
    assert WORKED_OUT == []  # worked out in the child
    assert (_square(6), _square(7)) == (36, 49)
    assert WORKED_OUT == []  # and not again here


@pytest.mark.usefixtures("fresh_memo")
def test_work_ahead_without_a_child_is_never_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap, "can_fork", lambda: False)
    with overlap.ahead(_squares, [8]) as warmed:
        warmed()
    assert WORKED_OUT == []
    assert _square(8) == 64
    assert WORKED_OUT == [8]  # worked out when asked


@pytest.mark.usefixtures("forking", "fresh_memo")
def test_work_ahead_in_a_child_is_learned_when_waited_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(overlap, "AHEAD_GRACE", 60.0)  # however slow the machine is
    with overlap.ahead(_squares, [9]) as warmed:
        warmed()
    assert _square(9) == 81
    assert WORKED_OUT == []


def _slow_squares(keys: list[int]) -> None:
    time.sleep(60)
    _squares(keys)


@pytest.mark.usefixtures("forking", "fresh_memo")
def test_work_ahead_not_done_in_time_is_stopped_and_nothing_learned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(overlap, "AHEAD_GRACE", 0.0)
    with overlap.ahead(_slow_squares, [10]) as warmed:
        warmed()  # does not wait the minute out: the child is stopped
    assert _square(10) == 100
    assert WORKED_OUT == [10]  # worked out here, when asked


def test_always_leaves_out_the_load_test(monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("forks only on Linux")
    monkeypatch.setattr(overlap, "_idle_core", lambda: False)  # the other cores busy
    monkeypatch.setenv("BRIEFGEN_FORK", "always")
    assert overlap.can_fork() == (threading.active_count() == 1)
    monkeypatch.setenv("BRIEFGEN_FORK", "1")
    assert not overlap.can_fork()

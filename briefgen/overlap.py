"""A function and its arguments -> its result, worked out in a forked child process while the
caller goes on with other work, so that two independent parts of a stage use two cores.

Only where that is safe and can pay: on Linux, with a second core to run on that the load
average says is mostly idle, and while this process runs a single thread (a fork copies the
calling thread alone, so a lock another thread held would stay held in the child: a progress
bar's ticker, a Dask worker's threads, a test's server); ``BRIEFGEN_FORK=0`` turns it off,
``BRIEFGEN_FORK=always`` leaves out the load test (benchmarks measure the two cores with it).
Anywhere else, and whenever the child fails, the function runs in this process when its
result is asked for. The child runs the same function on the same values (a copy of this
process's memory), so the result, and the brief, are the same either way, byte for byte.

What a child works out once per word (its meaning classes, its stem: ``memo``) goes back to
the parent with the result, so that the parent does not work it out again for the rest of the
brief (the same values: each is a function of the word alone).

The children's work is not free: a child repeats a little of what its parent does, and pages
the two share are copied when either writes to them, and what they hand back is pickled. At
200 articles the brief takes about a quarter more CPU in all (the parent 1.9-2.0 s, its
children 1.5-1.6 s, against 2.9-3.1 s in one process); it finishes sooner only when a second
core is idle, and later when the other cores are busy: hence the load test
(benchmarks/README.md).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Any, Generic, TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def can_fork() -> bool:
    """Whether a call can run in a forked child here (see the module docstring)."""
    setting = os.environ.get("BRIEFGEN_FORK", "1")
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and setting != "0"
        and (setting == "always" or _idle_core())
        and threading.active_count() == 1
    )


# A child pays only when a core is free for it: with the one-minute load average above the
# cores less one (plus this slack) the others are busy. 200 articles on the shared 2-core
# machine: 2.6-3.6 s with children at load 1.3-1.6 against 3.5-3.6 s in one process; 4.6-4.8 s
# at load 2.4-2.7 against 3.9-4.1 s.
LOAD_SLACK = 0.5


def _idle_core() -> bool:
    """Whether a second core is there and, by the load average, mostly idle. Only when the
    work runs changes with it, never what it gives."""
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] <= cores - 1 + LOAD_SLACK


_MISSING = object()
_IN_CHILD = False  # set in a forked child: what its memos work out is recorded to hand back


@dataclass
class _Handback:
    """A memo's side of the hand-back: values a child worked out, and values this process
    was handed and not yet asked for."""

    limit: int
    made: list[tuple[Any, Any]] = field(default_factory=list)
    given: dict[Any, Any] = field(default_factory=dict)


_MEMOS: list[_Handback] = []


def memo(limit: int) -> Callable[[F], F]:
    """Decorator: ``functools.lru_cache(maxsize=limit)``, whose values worked out in a child
    process go back to its parent with the child's result (positional arguments only). The
    parent takes a value handed back when it is first asked for it, so that what it caches,
    and when it lets go of it, is as if it had worked the value out itself."""

    def wrap(function: F) -> F:
        side = _Handback(limit)

        @wraps(function)
        def work(*args: Any) -> Any:
            found = side.given.pop(args, _MISSING)
            if found is _MISSING:
                found = function(*args)
                if _IN_CHILD:
                    side.made.append((args, found))
            return found

        _MEMOS.append(side)
        cached = lru_cache(maxsize=limit)(work)
        clear = cached.cache_clear

        def cache_clear() -> None:  # what was handed back and not asked for goes too
            clear()
            side.given.clear()

        cached.cache_clear = cache_clear  # type: ignore[method-assign]
        return cached  # type: ignore[return-value]

    return wrap


def _handed_back(function: Callable[..., T], args: tuple[Any, ...]) -> tuple[T, list[Any]]:
    """In a child: the function's result, and what each memo worked out while it ran."""
    global _IN_CHILD
    _IN_CHILD = True
    for side in _MEMOS:
        side.made.clear()
    return function(*args), [side.made for side in _MEMOS]


def _learn(made: list[list[tuple[Any, Any]]]) -> None:
    for side, found in zip(_MEMOS, made, strict=True):
        if len(side.given) + len(found) > side.limit:
            side.given.clear()  # never asked for: let go
        side.given.update(found)


class Pending(Generic[T]):
    """A call under way in a child (or, where none could start, not yet made)."""

    def __init__(
        self,
        function: Callable[..., T],
        args: tuple[Any, ...],
        worth: bool = True,
        here: bool = True,
    ) -> None:
        self._function, self._args, self._here = function, args, here
        self._pid: int | None = None
        self._read: int | None = None
        self._done = False
        self._value: T
        if worth and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: the result down the pipe, then out without any clean-up
            os.close(read)
            status = 1
            try:
                found = _handed_back(self._function, self._args)
                data = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The function's result: the child's, or computed here (once; with ``here=False``
        never: then None)."""
        if self._done:
            return self._value
        if self._pid is not None and self._read is not None:
            with os.fdopen(self._read, "rb") as stream:
                data = stream.read()
            self._read = None
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if status == 0 and data:
                self._value, learned = pickle.loads(data)
                self._done = True
                _learn(learned)
        if not self._done:
            value = self._function(*self._args) if self._here else None
            self._value, self._done = value, True  # type: ignore[assignment]
        return self._value

    def ready(self, within: float) -> bool:
        """Whether the child has its result (it writes it once it is done), waiting at most
        ``within`` seconds for it; false where no child runs."""
        if self._read is None:
            return False
        poller = select.poll()  # any descriptor number, unlike select.select
        poller.register(self._read, select.POLLIN)
        return bool(poller.poll(within * 1000))  # readable, or closed: the child is done

    def cancel(self, stop: bool = False) -> None:
        """Stop waiting for the child (its result is not needed): it is reaped here; with
        ``stop``, stopped first rather than left to finish its work."""
        if self._pid is not None and stop:
            os.kill(self._pid, signal.SIGKILL)
        if self._read is not None:
            os.close(self._read)  # a child still writing gets an error and exits
            self._read = None
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


@contextmanager
def started(function: Callable[..., T], *args: Any, worth: bool = True) -> Iterator[Pending[T]]:
    """``function(*args)`` under way while the block runs; ask ``.result()`` inside it. A
    child whose result was not asked for (the block raised) is reaped when the block ends.
    ``worth=False``: too little work to pay for a child (a few milliseconds to start one
    and to read its result back); it runs here."""
    pending = Pending(function, args, worth)
    try:
        yield pending
    finally:
        pending.cancel()


# How long the caller of work done ahead waits for a child that is not done yet: a child
# slowed by other work on the machine is stopped, and the caller works out what it asks for
# itself (at 200 articles the work ahead saves the caller 0.1-0.3 s when it is done in time).
AHEAD_GRACE = 0.1


@contextmanager
def ahead(
    function: Callable[..., None], *args: Any, worth: bool = True
) -> Iterator[Callable[[], None]]:
    """``function(*args)`` worked out in a child while the block runs, for what the memos
    learn (``memo``): work that only saves later work. It never runs here (without a child
    there is nothing to gain); call what the block is given to learn what the child found,
    once it is done (within ``AHEAD_GRACE`` seconds, else it is stopped and nothing is
    learned: the values are worked out when asked for, the same values)."""
    pending = Pending(function, args, worth, here=False)

    def settle() -> None:
        if pending.ready(AHEAD_GRACE):
            pending.result()
        else:
            pending.cancel(stop=True)

    try:
        yield settle
    finally:
        pending.cancel(stop=True)

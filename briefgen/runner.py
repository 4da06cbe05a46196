"""Independent tasks -> their results, in input order, run here or elsewhere.

A ``Runner`` is how a stage that has many independent pieces of work (one per article, one
per story) hands them out. ``InProcess`` runs them one after another in this process; a
distributed runner (``briefgen[dask]``) runs the same top-level functions on workers. Every
runner returns results in the order of its inputs, so the output never depends on where or
in what order the work ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[str, int, int], None]  # (label, done, total)


def _silent(_: str, __: int, ___: int) -> None:
    return None


class Runner(Protocol):
    """Maps a picklable top-level function over picklable items; results in input order."""

    @property
    def retried(self) -> int:
        """How many tasks had to be run again (a worker died); 0 in process."""
        ...

    @property
    def waiting_cores(self) -> int:
        """Cores of this machine that the runner's workers hold but leave idle while this
        process works alone (its stages that are not handed out, such as the clustering,
        may use them with threads): 0 in process and for workers on other machines."""
        ...

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        label: str = "tasks",
        progress: Progress = _silent,
        heavy: bool = False,
        each: Callable[[R], object] | None = None,
    ) -> list[R]:
        """``fn`` of each item, in input order. ``heavy``: each item is a sizeable, uneven
        piece of work (a story's brief: 10 ms to 1 s), given largest first; a distributed
        runner then hands each out alone, in that order, so the workers finish together.
        Light items (a file each: a few ms) may travel several to a task. ``each`` is
        called with every result in input order, as soon as it and all before it are there
        (while later ones are still being worked out), here in the caller's thread."""
        ...

    def warm(self, fn: Callable[[], object]) -> None:
        """Start ``fn`` once in each worker process, in the background, and return at once
        (a worker that would wait anyway loads what later tasks need); nothing in process."""
        ...

    def close(self) -> None: ...


@dataclass
class InProcess:
    """The default runner: each task in turn, in this process."""

    retried: int = 0
    waiting_cores: int = 0  # one process, one core

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        label: str = "tasks",
        progress: Progress = _silent,
        heavy: bool = False,
        each: Callable[[R], object] | None = None,
    ) -> list[R]:
        results = []
        for done, item in enumerate(items, 1):
            results.append(fn(item))
            if each is not None:
                each(results[-1])
            progress(label, done, len(items))
        return results

    def warm(self, fn: Callable[[], object]) -> None:
        return None  # this process loads what it needs on the way, as it would anyway

    def close(self) -> None:
        return None

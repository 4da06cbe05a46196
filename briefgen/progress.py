"""Stage reports (stage, done, total) -> a progress display on stderr, or nothing.

The pipeline and its stages take a ``Progress``: a callable told the name of the stage now
running, and, where the stage knows them, how many of its items are done out of how many
(``progress("loading sources", 3, 350)``). A stage calls it once when it starts
(``done`` 0 or None) and again as items finish. It never prints; the displays here do:

- ``TerminalProgress``: one tqdm bar per stage on a terminal (a bar when the total is known,
  a counter when it is not);
- ``LineProgress``: one plain line per stage, for logs and pipes (cron);
- ``quiet``: nothing (``-q``, and library use).

``display(stream)`` picks one. tqdm is imported only when a terminal display is
made, so ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import shutil
import threading
from typing import IO, Any, Protocol


class Progress(Protocol):
    """What a stage calls to say where it is: a stage name, and items done out of total."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None: ...


def quiet(stage: str, done: int | None = None, total: int | None = None) -> None:
    """A Progress that shows nothing."""
    return None


class LineProgress:
    """One line per stage on ``stream``: ``briefgen: loading sources (350)``."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.stage: str | None = None

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        if stage == self.stage:
            return
        self.stage = stage
        count = f" ({total})" if total is not None else ""
        self.stream.write(f"{stage}{count}...\n")
        self.stream.flush()

    def close(self) -> None:
        self.stage = None


class TerminalProgress:
    """A tqdm bar per stage on a terminal; the previous stage's bar is closed when one starts.

    A stage without a count shows its elapsed time, refreshed twice a second by a small
    thread, so a long stage is never a frozen line.
    """

    TICK = 0.5  # seconds between refreshes of a stage without a count

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.stage: str | None = None
        self.bar: Any = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        from tqdm import tqdm

        if stage != self.stage or self.bar is None:
            self.close()
            self.stage = stage
            width = shutil.get_terminal_size((80, 24)).columns or 80
            self.bar = tqdm(
                desc=stage,
                total=total,
                file=self.stream,
                leave=True,
                ncols=width,
                unit="",
                bar_format=None if total else "{desc}... {elapsed}",
            )
            if not total:
                self._start_ticker()
        if total is not None and self.bar.total != total:
            self.bar.total = total
        if done is not None and done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def _start_ticker(self) -> None:
        self._stop = threading.Event()
        bar, stop = self.bar, self._stop

        def tick() -> None:
            while not stop.wait(self.TICK):
                bar.refresh()

        self._ticker = threading.Thread(target=tick, name="briefgen-progress", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.stage = None


def display(stream: IO[str]) -> LineProgress | TerminalProgress:
    """The display for ``stream``: bars on a terminal, plain lines otherwise."""
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return TerminalProgress(stream)
    return LineProgress(stream)

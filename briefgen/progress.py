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
    """A tqdm bar per stage on a terminal; the previous stage's bar is closed when one starts."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.stage: str | None = None
        self.bar: Any = None

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        from tqdm import tqdm

        if stage != self.stage or self.bar is None:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                desc=stage,
                total=total,
                file=self.stream,
                leave=True,
                dynamic_ncols=True,
                unit="",
                bar_format=None if total else "{desc}: {n_fmt} {elapsed}",
            )
        if total is not None and self.bar.total != total:
            self.bar.total = total
        if done is not None and done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
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

"""Global flags (-v, -q, --debug) -> the State every command prints through; config and clock.

The few helpers every command family shares: the settings file with flags merged, and the
only two reads of the clock (today's date, now in the configured zone).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from briefgen.progress import LineProgress, TerminalProgress


class State:
    """What the global options asked for, and the one progress display on stderr."""

    def __init__(self, verbosity: int = 1, debug: bool = False) -> None:
        self.verbosity = verbosity
        self.debug = debug
        self._display: LineProgress | TerminalProgress | None = None

    def say(self, message: str, level: int = 1) -> None:
        """A line on stderr: level 0 always (warnings), 1 by default, 2 with -v."""
        if self.verbosity >= level:
            if self._display is not None:
                self._display.close()  # a line never lands inside a progress bar
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        self.say(f"warning: {message}", 0)

    def progress(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """The pipeline's Progress: bars on a terminal, plain lines otherwise, none with -q."""
        if self.verbosity < 1:
            return
        if self._display is None:
            from briefgen import progress

            self._display = progress.display(sys.stderr)
        self._display(stage, done, total)

    def done(self) -> None:
        if self._display is not None:
            self._display.close()


def _set_verbose(ctx: click.Context, _: click.Parameter, value: int) -> None:
    if value:
        state = ctx.ensure_object(State)
        state.verbosity = max(state.verbosity, 1) + value


def _set_quiet(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(State).verbosity = 0


def _set_debug(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(State).debug = True


def global_options(command: Any) -> Any:
    """-v, -q and --debug, accepted before the command and after it alike."""
    options = [
        click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbose,
                     help="Show more detail (repeatable)."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                     help="Show only warnings and errors (no progress)."),
        click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                     help="Show tracebacks for errors."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def load_config(path: Path | None, overrides: dict[str, object] | None = None) -> Any:
    """The config file (or defaults when there is none and none was named) with flags merged."""
    from briefgen.config import CONFIG_NAME, Config, load, merge

    if path is not None:
        config = load(path)
    elif Path(CONFIG_NAME).is_file():
        config = load(Path(CONFIG_NAME))
    else:
        config = Config()
    return merge(config, overrides) if overrides else config


def today() -> str:
    return dt.date.today().isoformat()


def now(config: Any) -> dt.datetime:
    """The current time in the configured zone, to the second (the only clock read)."""
    return dt.datetime.now(config.zone).replace(microsecond=0)

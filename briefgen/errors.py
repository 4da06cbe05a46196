"""One exception hierarchy for expected failures; each class carries its exit code.

The CLI prints ``Error: <message>`` (and the hint, when there is one) on stderr and exits
with ``exit_code``. Exit codes are documented in the README and never reused.
"""

from __future__ import annotations


class BriefgenError(Exception):
    """An expected failure with a one-line message and an actionable hint."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[type, tuple[str, str | None]]:
        # Errors raised on a Dask worker are pickled back to the CLI: keep the hint too.
        return (type(self), (self.message, self.hint))


class UsageError(BriefgenError):
    """Bad arguments or options (click's own usage errors also exit with 2)."""

    exit_code = 2


class ConfigError(BriefgenError):
    """The configuration file or a setting is invalid; lists every problem together."""

    exit_code = 3

    def __init__(self, problems: list[str] | str, hint: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems), hint)


class InputError(BriefgenError):
    """Not enough usable sources to make a brief (after skipping the bad ones)."""

    exit_code = 4


class TemplateError(BriefgenError):
    """A template is missing or fails to render (names the template and line)."""

    exit_code = 5


class RenderError(BriefgenError):
    """HTML or PDF rendering failed, e.g. a missing system library for WeasyPrint."""

    exit_code = 6


class DeliveryError(BriefgenError):
    """The brief was built but could not be delivered by email; the files are kept."""

    exit_code = 7


class LockedError(BriefgenError):
    """Another run holds the lock for this output directory."""

    exit_code = 8


class OutputError(BriefgenError):
    """The output location cannot be written (read-only, not a directory, no permission).

    Checked before any work starts, so nothing is built, written or changed.
    """

    exit_code = 9


class ClusterError(BriefgenError):
    """The Dask scheduler cannot be reached (or the cluster failed); nothing was written."""

    exit_code = 10

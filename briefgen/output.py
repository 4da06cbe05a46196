"""Named file contents -> files in the output directory, each written atomically.

Each file goes to a temporary file in the same directory and is renamed into place, so an
interrupted or failed run never leaves a half-written or empty file where a good one was.
Nothing is written outside the output directory. ``check_writable`` says, before any work
starts, whether a directory can be written; ``remove_leftovers`` deletes the temporary
files a killed run left behind; ``write_brief`` also removes an earlier brief's formats
that this build did not write, so the files of one folder always belong to one brief.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from briefgen.errors import OutputError

FILE_MODE = 0o644
BRIEF_FORMATS = ("md", "html", "pdf", "json")
# Files briefgen writes into an output folder; only their temporary files are ever removed.
OWN_FILES = (*(f"brief.{ext}" for ext in BRIEF_FORMATS), "brief.eml", "run.json")
# mkstemp's names: ".<name>." + 8 random characters + ".tmp"
_LEFTOVER = re.compile(
    r"^\.(?P<name>" + "|".join(re.escape(n) for n in OWN_FILES) + r")\.[A-Za-z0-9_]{8}\.tmp$"
)


def _reason(error: OSError) -> str:
    if error.errno == errno.EROFS:
        return "read-only file system"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOTDIR:
        return "a file is in the way, not a directory"
    return error.strerror or str(error)


def check_writable(directory: Path) -> None:
    """Raise OutputError unless files can be written in ``directory`` (created if missing).

    Nothing is created: when the directory does not exist yet, its nearest existing parent
    must be a directory that accepts new entries.
    """
    existing = directory
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link: mkdir would fail
            break
        existing = existing.parent
    hint = "choose another output directory (--out, or [output] dir) or fix its permissions"
    if existing.exists() and not existing.is_dir():
        what = "is a file" if existing == directory else f"{existing} is a file"
        raise OutputError(f"cannot write to {directory}: {what}, not a directory", hint=hint)
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".briefgen-check."):
            pass
    except OSError as error:
        raise OutputError(f"cannot write to {directory}: {_reason(error)}", hint=hint) from None


def remove_leftovers(directory: Path) -> list[Path]:
    """Delete the temporary files of briefgen's own outputs left by a killed run."""
    if not directory.is_dir():
        return []
    removed = []
    for path in sorted(directory.iterdir()):
        if _LEFTOVER.match(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(fd, FILE_MODE)  # mkstemp makes 0600; briefs are meant to be shared
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every ``name -> bytes`` under ``out_dir``; returns the paths in order."""
    written = []
    for name, data in files.items():
        target = out_dir / name
        if target.resolve().parent != out_dir.resolve():
            raise ValueError(f"refusing to write outside the output directory: {name}")
        write_atomic(target, data)
        written.append(target)
    return written


def write_brief(out_dir: Path, files: Mapping[str, bytes]) -> tuple[list[Path], list[Path]]:
    """Write a brief's files; then remove the other ``brief.<format>`` files of an earlier brief.

    Returns (written, removed). The removal comes after every new file is in place, so a
    failed build changes nothing.
    """
    remove_leftovers(out_dir)
    written = write_files(out_dir, files)
    removed = remove_stale(out_dir, keep=files)
    return written, removed


def remove_stale(out_dir: Path, keep: Iterable[str]) -> list[Path]:
    """Delete ``brief.<format>`` files in ``out_dir`` whose name is not in ``keep``."""
    kept = set(keep)
    removed = []
    for ext in BRIEF_FORMATS:
        path = out_dir / f"brief.{ext}"
        if path.name not in kept and (path.is_file() or path.is_symlink()):
            path.unlink()
            removed.append(path)
    return removed

"""An output directory -> its lock held for the duration of a run (LockedError if taken).

One daily run at a time per output directory: an ``flock`` on ``.briefgen.lock``, whose
content names the holder's pid. A lock file left by a process that died is taken over, with
a note through the ``note`` callback.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from briefgen.errors import LockedError

LOCK_NAME = ".briefgen.lock"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@contextlib.contextmanager
def lock(directory: Path, *, note: Progress = _quiet) -> Iterator[None]:
    """Hold the output directory's lock for the duration; LockedError if another run has it.

    Exclusion is an ``flock`` on ``.briefgen.lock`` (released by the kernel when a process
    dies, so it cannot go stale); the file also names the holder's pid. A file still naming
    a pid when the lock is free was left by a run that died, and is taken over.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = _holder(os.pread(fd, 64, 0))
            raise LockedError(
                f"another briefgen run{f' (pid {holder})' if holder else ''} is using {directory}",
                hint=f"wait for it to finish; if no run is active, delete {path}",
            ) from None
        stale = _holder(os.pread(fd, 64, 0))
        if stale is not None and stale != os.getpid():
            state = "no longer running" if not _pid_alive(stale) else "not holding it"
            note(f"took over a stale lock from pid {stale} ({state})")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # an empty file: released cleanly
    finally:
        os.close(fd)  # also releases the flock


def _holder(data: bytes) -> int | None:
    text = data.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None

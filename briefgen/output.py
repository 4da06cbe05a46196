"""Named file contents -> files in the output directory, each written atomically.

Each file goes to a temporary file in the same directory and is renamed into place, so an
interrupted or failed run never leaves a half-written or empty file where a good one was.
Nothing is written outside the output directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

FILE_MODE = 0o644


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

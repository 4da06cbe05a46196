"""A block of work -> the same work with Python's cyclic garbage collector paused.

The engine builds hundreds of thousands of small objects that live until the brief is made
(tokens, terms, statements and their caches) and almost no reference cycles, yet every full
collection walks all of them: on a folder of 300 DUC articles the collector took a third of
``make_brief`` (15.0 s with it, 10.3 s without; about a thousand objects were collected).
Reference counting still frees everything else at once; the collector resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Within the block the cyclic collector does not run (nested use is harmless)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

"""Pausing Python's cycle collector while bulk data is built.

Building the search index or importing a 2,000-entry sheet creates millions of small,
long-lived objects (tuples of token ids, entry dataclasses, parsed rows). The cycle collector
runs every few hundred new objects and each full pass walks everything alive, so on a large
import it cost more than the work itself (the index swap after an import: 5.0 s with it,
2.0 s without, bench/kb_import.py). None of these objects form cycles worth collecting early;
whatever garbage they leave is collected at the next normal pass once the work is done.

The pause is counted, so nested or concurrent bulk builds (an import in a worker thread while
an edit rebuilds the index) switch the collector back on only when the last one finishes, and
never switch it on if something else had switched it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Usable as `with paused_gc():` and as a decorator `@paused_gc()`."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


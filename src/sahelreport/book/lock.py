"""One build at a time: an exclusive lock on a file under _build/, released by the kernel when the process ends
(even on kill -9), so a crashed build never leaves a stale lock behind."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def build_lock(path: Path, wait: bool = True) -> Iterator[None]:
    """Hold the lock at `path`; when another build holds it, say so and wait (or raise BlockingIOError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            if not wait:
                raise BlockingIOError(f"another build (pid {holder}) is running; try again when it ends") from None
            print(f"Another build (pid {holder}) is running; waiting for it to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)

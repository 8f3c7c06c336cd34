"""One batch at a time per output folder: an OS lock held for the whole run.

Two runs on one folder would interleave their journals, keep only the last manifest and sweep
each other's partial files. The second run is refused at once (exit 2) rather than made to
wait: a scheduler that started it twice should hear about it, and a wait could outlast a
night's print window. The lock is `flock` (Windows: `msvcrt.locking`) on `.handouts-batch.lock`
in the folder; the OS releases it when the process ends, however it ends, so a killed run never
leaves a stale lock. The file itself stays (removing it would let a third run lock a new file
while a second still holds the old one).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from handouts.diagnostics import HandoutsError, display_path, error

LOCK_FILE = ".handouts-batch.lock"


def write_error(path: Path, exc: OSError) -> HandoutsError:
    """An OSError while writing into the output folder, as one line a person can act on."""
    reason = (exc.strerror or type(exc).__name__).lower()
    return error(f"can't write '{display_path(path)}': {reason}", "batch.write",
                 hint="check that the output folder is writable and the disk has room")


@contextmanager
def output_folder(out: Path) -> Iterator[None]:
    """Create `out` if needed and hold its lock while the block runs."""
    shown = display_path(out)
    if out.exists() and not out.is_dir():
        raise error(f"'{shown}' is not a folder", "batch.write", hint="give --out a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise write_error(out, exc) from None
    try:
        if not _try_lock(fd):
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise error(f"another batch{who} is writing to '{shown}'", "batch.busy",
                        hint="wait for it to finish, or give this one another --out")
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            raise write_error(out / LOCK_FILE, exc) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False

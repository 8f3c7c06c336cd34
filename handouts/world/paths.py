"""The path policy, in one place: which file a reference names, and whether it may be read.

A reference in content (a picture, a logo) is relative to the folder of the file that names it
and must stay inside its root, after links are followed. A file is read only when it is a
regular file (never a FIFO, device or folder) no larger than its kind allows.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class ReadError(Exception):
    """A file can't be used; the message says why, `code` is the diagnostic code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def inside(root: Path, reference: str) -> Path:
    """The file `reference` names, relative to `root`, refusing anything that leaves `root`."""
    if "\x00" in reference:
        raise ReadError("the path contains a NUL byte", "asset.path")
    relative = Path(reference)
    if relative.is_absolute() or reference.startswith(("/", "\\")):
        raise ReadError(f"'{reference}' is an absolute path", "asset.path")
    if ".." in relative.parts:
        raise ReadError(f"'{reference}' leaves its folder ('..')", "asset.path")
    try:
        target = (root.resolve() / relative).resolve()
    except (OSError, RuntimeError):  # a name too long, a loop of links
        raise ReadError(f"'{reference}' can't be found", "asset.path") from None
    if not within(target, root):
        raise ReadError(f"'{reference}' points outside its folder (a link?)", "asset.path")
    return target


def within(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies inside `root` (links followed too)."""
    try:
        base, target = root.resolve(), path.resolve()
    except (OSError, RuntimeError):
        return False
    return base == target or base in target.parents


def read_regular_stat(path: Path, limit: int, shown: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes (`shown` names it in messages), and
    the file's status as it was when it was read.

    The file is opened without blocking and then looked at, so what is checked is what is
    read: a FIFO put in the file's place meanwhile can't make the read wait forever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError(f"'{shown}' not found", "asset.missing") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:  # say so without repeating hundreds of letters
            raise ReadError(f"the file name '{_start(shown)}' is longer than the file system allows; shorten it",
                            "asset.name-too-long") from None
        raise ReadError(f"'{shown}' can't be read ({exc.strerror})", "io.read") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"'{shown}' is not a regular file", "asset.type")
        raise ReadError(f"'{shown}' is larger than {_size(limit)}", "asset.too-large")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ReadError(f"'{shown}' can't be read ({exc.strerror})", "io.read") from None
    if len(data) > limit:  # it grew while we looked
        raise ReadError(f"'{shown}' is larger than {_size(limit)}", "asset.too-large")
    return data, info


def _start(shown: str, keep: int = 40) -> str:
    return shown if len(shown) <= keep else shown[:keep] + "…"


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KiB"

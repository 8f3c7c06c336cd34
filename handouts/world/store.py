"""One store of derived results between runs: content-addressed, plain data, private.

Everything the engine keeps between runs (parsed YAML documents, hyphenation patterns, rendered
templates, remembered builds, the listing index) is an entry here. An entry's key is a digest of
exactly what the result was made from: the content it read (never file times), the engine's own
code and fonts, and the versions of the libraries that shape the bytes (`code_digest`). So an
edit, a new override file, a code change or a library upgrade finds no entry and builds afresh.

Entries are JSON or PDF bytes, never serialised Python objects: a planted entry can at worst be
a wrong value, not code. They are still refused unless the folder is the user's own: the store
folder is created private (0700), and a folder that is group- or world-writable, or owned by
someone else, is an error, not a silent fallback. Each entry is framed with the digest of its payload and written
atomically, so a torn or corrupt entry is a miss, never a crash.

Layout: `<folder>/v1/<kind>/<key[:2]>/<key>`. Set HANDOUTS_NO_CACHE=1 to use no store;
HANDOUTS_CACHE_DIR to move it (default: `$XDG_CACHE_HOME/handouts`, else `~/.cache/handouts`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from handouts.diagnostics import error

FORMAT = "v1"  # bump when an entry's layout changes: old entries are then never read
MAGIC = b"handouts-store 1\n"
LIBRARIES = ("reportlab", "pydantic", "pydantic-core", "svglib", "pikepdf", "pyphen", "pillow", "pypdf",
             "markdown-it-py", "pyyaml")  # what shapes the bytes of a result


@dataclass(frozen=True)
class Usage:
    folder: Path
    entries: Mapping[str, int]  # kind -> number of entries
    size: int  # bytes


class Store:
    """A content-addressed folder of results; `Store(None)` keeps nothing. A `read_only` store
    reads entries (when its folder exists and is safe) and never writes or creates anything:
    `handouts serve` builds for patients with one, so nothing a desk does lands on disk."""

    def __init__(self, folder: Path | None, read_only: bool = False):
        self.folder = folder
        self.read_only = read_only
        self._checked = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ, read_only: bool = False) -> "Store":
        if environ.get("HANDOUTS_NO_CACHE"):
            return cls(None)
        if environ.get("HANDOUTS_CACHE_DIR"):
            return cls(Path(environ["HANDOUTS_CACHE_DIR"]), read_only)
        base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return cls(Path(base) / "handouts", read_only)

    # --- keys ------------------------------------------------------------------------------

    @staticmethod
    def key(*parts: Any) -> str:
        """A key for a result made from `parts` (JSON-able) by this code and these libraries."""
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(f"{code_digest()}\n{text}".encode()).hexdigest()

    # --- entries ---------------------------------------------------------------------------

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's bytes, or None when there is none or it is damaged."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        head, _, rest = raw.partition(b"\n")
        digest, _, payload = rest.partition(b"\n")
        if head + b"\n" != MAGIC or hashlib.sha256(payload).hexdigest().encode() != digest:
            return None  # torn, truncated or not ours
        return payload

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Write an entry atomically; a store that can't be written only costs time."""
        path = None if self.read_only else self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass

    def get_json(self, kind: str, key: str) -> Any:
        payload = self.get(kind, key)
        if payload is None:
            return None
        try:
            return json.loads(payload)
        except ValueError:
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())

    # --- the folder ------------------------------------------------------------------------

    def usage(self) -> Usage | None:
        """What the store holds, for `handouts cache info`; None when there is no store."""
        if self.folder is None:
            return None
        self._check()
        entries: dict[str, int] = {}
        size = 0
        base = self.folder / FORMAT
        for kind in sorted(p.name for p in base.iterdir()) if base.is_dir() else []:
            for path in (base / kind).rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    entries[kind] = entries.get(kind, 0) + 1
                    size += path.stat().st_size
        return Usage(self.folder, entries, size)

    def clear(self) -> int:
        """Remove every entry (and nothing else the folder may hold); returns how many."""
        usage = self.usage()
        if usage is None:
            return 0
        shutil.rmtree(usage.folder / FORMAT, ignore_errors=True)
        return sum(usage.entries.values())

    def _path(self, kind: str, key: str) -> Path | None:
        if self.folder is None:
            return None
        self._check()
        if self.folder is None:  # a read-only store over a folder not made yet
            return None
        return self.folder / FORMAT / kind / key[:2] / key

    def _check(self) -> None:
        """Create the folder private, or refuse one that others could have written into."""
        if self._checked:
            return
        assert self.folder is not None
        for folder in (self.folder, self.folder / FORMAT):
            try:
                if not self.read_only:
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                elif not folder.is_dir() and not folder.is_symlink():
                    self.folder = None  # nothing stored yet, and a read-only store creates nothing
                    return
                info = os.lstat(folder)
            except OSError as exc:
                raise error(f"cache folder '{folder}' can't be used ({exc.strerror})", "store.unusable",
                            hint="set HANDOUTS_CACHE_DIR to a folder of your own, or HANDOUTS_NO_CACHE=1") from None
            _refuse_unsafe(folder, info)
        self._checked = True


def _refuse_unsafe(folder: Path, info: os.stat_result) -> None:
    if not stat.S_ISDIR(info.st_mode):
        raise error(f"cache folder '{folder}' is not a folder (a link?)", "store.unsafe",
                    hint="remove it, or set HANDOUTS_CACHE_DIR to a folder of your own")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise error(f"cache folder '{folder}' belongs to another user", "store.unsafe",
                    hint="set HANDOUTS_CACHE_DIR to a folder of your own")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise error(f"cache folder '{folder}' can be written by other users "
                    f"(mode {stat.S_IMODE(info.st_mode):o})", "store.unsafe",
                    hint=f"run 'chmod 700 {folder}', or set HANDOUTS_CACHE_DIR to a private folder")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions() -> dict[str, str]:
    """Distribution name -> version, from the `name-version.dist-info` folders on sys.path: what
    importlib.metadata reports, without the ~50 ms its import and parsing cost every start."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, version = folder[: -len(".dist-info")].partition("-")
                found.setdefault(_normal(name), version)
    return found


@cache
def code_digest() -> str:
    """The engine's own code and fonts (by content) and the versions of the libraries that shape
    a result: part of every key, so an edited checkout or an upgrade never meets stale entries."""
    from handouts.world.assets import font_dir

    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    installed = _installed_versions()
    for name in LIBRARIES:
        digest.update(f"{name} {installed.get(_normal(name), '-')}\n".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted([*package.rglob("*.py"), *font_dir().glob("*.ttf")]):
        digest.update(f"{path.relative_to(package.parent).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()

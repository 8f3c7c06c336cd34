"""A cache between runs, like Python's own bytecode cache: derived data, never patient data.

Parsing and validating a hundred YAML files is most of what a command waits for at start-up.
The parsed library is kept in the user's cache folder, keyed by a fingerprint of every source
file's path, size and modification time (plus the versions of handouts, Python and pydantic):
any edit, added or removed file makes a new key. Listings get a smaller JSON index, so
`handouts list` answers without importing the validation machinery at all. Parsed hyphenation
patterns (layout/theme.py), rendered templates (templates.py) and remembered builds (memo.py)
are kept here too. Each name holds one key: a new key replaces the old file. Values are
pickles, so the folder is made readable by its user only.

Set HANDOUTS_NO_CACHE=1 to bypass it; HANDOUTS_CACHE_DIR to move it. A cache that can't be read
or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from handouts import __version__

KINDS = ("exercises", "notes", "recipes", "clinics", "articles", "figures")


def cache_dir() -> Path | None:
    if os.environ.get("HANDOUTS_NO_CACHE"):
        return None
    if os.environ.get("HANDOUTS_CACHE_DIR"):
        return Path(os.environ["HANDOUTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "handouts"


def fingerprint(roots: Sequence[Path], extra: Sequence[Path] = ()) -> str:
    """A key that changes whenever any source file under `roots` (or in `extra`) changes."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for root in roots:
        digest.update(f"\0root {root}".encode())
        files = [root / "clinic.yaml", *extra]
        for kind in KINDS:
            try:
                files += sorted((root / kind).iterdir())
            except OSError:
                continue
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"\0{path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def cached(name: str, key: str, compute: Callable[[], Any], *, as_json: bool = False) -> Any:
    """`compute()`'s value, from the cache when `key` matches, else computed and stored."""
    value = load(name, key, as_json=as_json)
    if value is None:
        value = compute()
        store(name, key, value, as_json=as_json)
    return value


def load(name: str, key: str, *, as_json: bool = False) -> Any:
    """The value stored under `name` with this `key`, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        raw = (folder / f"{name}-{key}.{'json' if as_json else 'pickle'}").read_bytes()
        return json.loads(raw) if as_json else pickle.loads(raw)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def store(name: str, key: str, value: Any, *, as_json: bool = False) -> None:
    """Store `value` under `name` and `key`, replacing what `name` held under other keys."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / f"{name}-{key}.{'json' if as_json else 'pickle'}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # pickles: for this user only
        data = json.dumps(value, ensure_ascii=False).encode() if as_json else pickle.dumps(value, protocol=5)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        for stale in folder.glob(f"{name}-*"):
            if stale != path and stale.suffix in (".json", ".pickle"):
                stale.unlink(missing_ok=True)
    except OSError:
        pass

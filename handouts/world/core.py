"""The World: every file the pipeline reads, the folders it lists, the store, and the build date.

A command makes one `World` over the built-in library and any clinic project layered over it.
Every read of content (YAML, Markdown, pictures, figures, catalogues) goes through
`World.read`, which applies the path policy (world/paths.py) and records what was read
(`World.seen`): a result kept in the store is keyed by, or checked against, exactly those
files' contents and those folders' listings (`World.unchanged`). So a changed file, a new
override file in a project folder or a removed one is always seen.

Cheap to import: the parsing machinery loads only when the library is needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from handouts.diagnostics import HandoutsError, display_path, error
from handouts.world.assets import catalogue_dir, library_root
from handouts.world.paths import ReadError, read_regular_stat, within
from handouts.world.store import Store

if TYPE_CHECKING:
    from handouts.resolve.i18n import Catalogue
    from handouts.source.load import Library
    from handouts.source.yamlsafe import YamlDocument

PROJECT_FILE = "clinic.yaml"
MAX_CONTENT_BYTES = 16 * 2**20  # the largest file of any kind; each kind has its own, smaller cap
CONTENT_SUFFIXES = (".yaml", ".yml", ".md", ".png", ".jpg", ".jpeg", ".svg")
# What `World.digest` reads of one root, checked while listing, before any file is read: a
# project is clinic.yaml, four content folders and their pictures, not a home folder.
MAX_ROOT_FILES = 10_000  # content files
MAX_ROOT_BYTES = 512 * 2**20  # their sizes together
MAX_ROOT_ENTRIES = 100_000  # names of any kind listed (the PDFs a desk writes there count here only)
MAX_ROOT_DEPTH = 32  # folders inside folders
MAX_DIGEST_SECONDS = 5.0  # listing and reading, all roots together


@dataclass
class Deps:
    """What making one result read: file -> sha256 of its content ("" when it was missing),
    "folder\0suffix" -> the names of that kind in it; and, for files that had settled when they
    were read, their status then (`status_of`), which lets `World.unchanged` skip reading them."""

    files: dict[str, str] = field(default_factory=dict)
    folders: dict[str, list[str]] = field(default_factory=dict)
    stats: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"files": self.files, "folders": self.folders, "stats": self.stats}

    @classmethod
    def from_json(cls, data: Any) -> "Deps | None":
        try:
            files, folders, stats = data["files"], data["folders"], data.get("stats", {})
            if all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()) and all(
                    isinstance(k, str) and isinstance(v, list) for k, v in folders.items()) and all(
                    isinstance(k, str) and isinstance(v, list) and all(type(n) is int for n in v)
                    for k, v in stats.items()):
                return cls(dict(files), {k: list(v) for k, v in folders.items()}, {k: list(v) for k, v in stats.items()})
        except (KeyError, TypeError, AttributeError):
            pass
        return None


# A file's status stands for its content only once its times are older than this: a second
# write within the file system's timestamp resolution (2 s on FAT) could leave size and times
# as they were. Git's index calls such an entry "racily clean" and hashes it again; so do we.
SETTLED_NS = 3 * 10**9


def status_of(info: os.stat_result) -> list[int] | None:
    """The status that says a file is the very one read before, untouched since: the same
    file (device, inode), the same size, the same modification time, and the same change time,
    which every write, rename over and `touch -d` resets and nothing outside the kernel can set
    back. None while the file is too fresh for its times to tell (`SETTLED_NS`)."""
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_NS:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class World:
    """The content a command works on: the built-in library plus optional project folders."""

    def __init__(self, projects: tuple[Path, ...] = (), store: Store | None = None):
        self.projects = tuple(projects)
        self.store = store if store is not None else Store.from_environment()
        self.seen = Deps()  # every file read and folder listed by this world so far
        self._extra_roots: list[Path] = []
        self._resolved: list[tuple[Path, Path]] = []
        self.kept: dict[Any, Any] = {}  # results kept in memory by this world: templates, pictures, drawings

    # --- roots -----------------------------------------------------------------------------

    def roots(self) -> list[tuple[Path, str]]:
        """The content roots in order, each with the origin shown to the user."""
        return [(library_root(), "built-in")] + [(p, str(p)) for p in self.projects]

    def admit(self, path: Path) -> Path:
        """Admit a file named on the command line (an article): its folder becomes a root."""
        resolved = path.resolve()
        self._extra_roots.append(resolved.parent)
        return resolved

    def root_of(self, path: Path) -> Path | None:
        """The content root that holds `path` (None: outside every root)."""
        return self._root_of(path)

    def _root_of(self, path: Path) -> Path | None:
        try:
            target = path.resolve()
        except (OSError, RuntimeError):
            return None
        for root, resolved in self._resolved_roots():
            if target == resolved or resolved in target.parents:
                return root
        return None

    def _resolved_roots(self) -> list[tuple[Path, Path]]:
        """Each root with its real path (links followed), resolved once: every read asks."""
        candidates = [catalogue_dir(), *(root for root, _ in self.roots()), *self._extra_roots]
        if len(self._resolved) != len(candidates):
            self._resolved = [(root, root.resolve()) for root in candidates]
        return self._resolved

    # --- reading ---------------------------------------------------------------------------

    def read(self, path: Path, limit: int = MAX_CONTENT_BYTES, root: Path | None = None,
             shown: str | None = None) -> bytes:
        """The bytes of a content file inside `root` (default: the world's root holding it).

        Raises `ReadError` for a file outside every root, not a regular file, or over `limit`.
        A missing file is recorded as such, so creating it later is a change too.
        """
        shown = shown or display_path(path)
        found = self._root_of(path) if root is None else (root if within(path, root) else None)
        if found is None:
            raise ReadError(f"'{shown}' lies outside the library and project folders (a link?)", "asset.path")
        try:
            data, info = read_regular_stat(path, limit, shown)
        except ReadError as exc:
            if exc.code == "asset.missing":
                self._record_file(path, "")
            raise
        self._record_file(path, hashlib.sha256(data).hexdigest(), status_of(info))
        return data

    def files(self, folder: Path, suffix: str) -> list[Path]:
        """The files in a content folder whose name ends with `suffix`, sorted ([] when it is
        not a folder, or a folder linked out of its root). What was found is recorded: a file
        of that kind added or removed later is a change; the PDFs a desk writes there are not."""
        return [folder / name for name in self._names(folder, suffix)]

    def _names(self, folder: Path, suffix: str) -> list[str]:
        try:
            found = sorted(p.name for p in folder.iterdir() if p.name.endswith(suffix)) if folder.is_dir() else []
        except OSError:
            found = []
        if found and self._root_of(folder) is None:
            found = []
        self.seen.folders[f"{folder}\0{suffix}"] = found
        return found

    def text(self, path: Path, limit: int, what: str = "file") -> str:
        """A UTF-8 text file, as `HandoutsError`s naming it when it can't be used."""
        shown = display_path(path)
        try:
            raw = self.read(path, limit)
        except ReadError as exc:
            raise error(exc.message.replace(f"'{shown}' ", f"{what} ", 1), exc.code, file=shown) from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(f"{what} is not UTF-8 text", "io.encoding", file=shown,
                        line=raw[: exc.start].count(b"\n") + 1, hint="save it as UTF-8") from None

    def yaml(self, path: Path) -> YamlDocument:
        """A YAML file parsed by the strict reader; the parse is kept in the store by content."""
        from handouts.source.yamlsafe import MAX_BYTES, YamlDocument, parse_yaml

        text = self.text(path, MAX_BYTES)
        key = self.store.key("yaml", text)
        kept = self.store.get_json("yaml", key)
        if isinstance(kept, dict):
            try:
                marks = {tuple(loc): (line, col) for loc, line, col in kept["marks"]}
                return YamlDocument(path, kept["data"], marks, text)
            except (KeyError, TypeError, ValueError):
                pass
        document = parse_yaml(text, path)
        value = {"data": document.data, "marks": [[list(loc), *mark] for loc, mark in document.marks.items()]}
        if _round_trips(value):  # only what JSON gives back exactly: lists, string keys
            self.store.put_json("yaml", key, value)
        return document

    def _record_file(self, path: Path, digest: str, status: list[int] | None = None) -> None:
        self.seen.files[str(path)] = digest
        if status is None:
            self.seen.stats.pop(str(path), None)
        else:
            self.seen.stats[str(path)] = status

    # --- dependencies ----------------------------------------------------------------------

    def unchanged(self, deps: Deps) -> bool:
        """Whether every file and folder in `deps` still reads the same (re-recorded as read).

        What is compared is content: a file's digest. A file whose status is the one recorded
        with its digest (`status_of`: the same file, untouched since) is not read again, as git
        trusts its index; its recorded digest is what this world records. Keys stay content
        digests either way, so a copied or checked-out project finds the same entries, and a
        file that was touched but reads the same still counts as unchanged."""
        for listing, names in deps.folders.items():
            folder, _, suffix = listing.partition("\0")
            if self._names(Path(folder), suffix) != names:
                return False
        for name, digest in deps.files.items():
            status = deps.stats.get(name)
            if status is not None and digest:
                try:
                    if status_of(os.stat(name)) == status:
                        self._record_file(Path(name), digest, status)
                        continue
                except OSError:
                    pass
            try:
                self.read(Path(name))
                found = self.seen.files[name]
            except ReadError:
                found = ""
            if found != digest:
                return False
        return True

    def remembered(self, kind: str, key: str, make: Callable[[], Any]) -> Any:
        """`make()`'s value (plain JSON data), from the store when nothing it read has changed
        since it was stored; else made now and stored with everything this world has read
        (a superset of what `make` read: it can only make the entry go stale sooner)."""
        entry = self.store.get_json(kind, key)
        if isinstance(entry, dict) and "value" in entry:
            deps = Deps.from_json(entry.get("deps"))
            if deps is not None and self.unchanged(deps):
                return entry["value"]
        value = make()
        self.store.put_json(kind, key, {"deps": self.seen.to_json(), "value": value})
        return value

    def digest(self) -> str:
        """A key over every content file under the roots and catalogues, by content, and the
        code: what any build in this world may read (for batch outputs, planned before building).
        The PDFs a desk writes into its project folder and hidden folders are not content.

        Raises `HandoutsError` when a root is too big to read (`content_files`): a project
        folder named by mistake ('/', a home folder) is refused before anything is read."""
        deadline = time.monotonic() + MAX_DIGEST_SECONDS
        parts = []
        for root in [catalogue_dir(), *(root for root, _ in self.roots())]:
            # the built-in roots ship with the code: only the projects are the user's to bound
            for path in content_files(root, deadline if root in self.projects else None):
                try:
                    found = hashlib.sha256(self.read(path, root=root)).hexdigest()
                except ReadError as exc:
                    found = exc.code
                parts.append([str(path), found])
                if root in self.projects and time.monotonic() > deadline:
                    raise _too_big(f"takes longer than {MAX_DIGEST_SECONDS:g} s to read")
        return self.store.key("world", parts)

    # --- what is read from the roots -------------------------------------------------------

    @cached_property
    def catalogues(self) -> Mapping[str, Catalogue]:
        from handouts.resolve.i18n import load_catalogues

        return load_catalogues(self)

    @cached_property
    def library(self) -> Library:
        library, problems = self._parsed
        if problems:
            raise HandoutsError(problems)
        return library

    @cached_property
    def _parsed(self) -> tuple[Library, list]:
        from handouts.source.load import load_library_partially

        return load_library_partially(self, list(self.catalogues))

    def partial(self) -> tuple["World", list]:
        """This world over whatever loads, and the problems with the rest (for `check`)."""
        library, problems = self._parsed
        self.__dict__["library"] = library  # fill the cached property
        return self, list(problems)


def content_files(root: Path, deadline: float | None) -> list[Path]:
    """The content files under `root` (hidden names and folders left out, links to folders not
    followed), in the order `os.walk` gives them. With a `deadline` (a time.monotonic() value),
    raises `HandoutsError` as soon as the listing passes a cap or the deadline, before any of
    them is read; without one, `root` is trusted (it ships with the code)."""
    found: list[Path] = []
    size = entries = 0
    stack = [(root, 0)]
    bounded = deadline is not None
    while stack:
        folder, depth = stack.pop()
        if bounded and depth > MAX_ROOT_DEPTH:
            raise _too_big(f"nests folders more than {MAX_ROOT_DEPTH} deep")
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # unreadable: nothing in it can be read by a build either
        entries += len(items)
        if bounded and entries > MAX_ROOT_ENTRIES:
            raise _too_big(f"holds more than {MAX_ROOT_ENTRIES} names")
        if deadline is not None and time.monotonic() > deadline:
            raise _too_big(f"takes longer than {MAX_DIGEST_SECONDS:g} s to list")
        subfolders = []
        for item in items:
            if item.name.startswith("."):
                continue
            try:
                if item.is_dir(follow_symlinks=False):
                    subfolders.append(Path(item.path))
                    continue
                if not item.name.lower().endswith(CONTENT_SUFFIXES):
                    continue
                info = item.stat()  # a link's target: that is what would be read
                size += info.st_size if stat.S_ISREG(info.st_mode) else 0
            except OSError:
                pass  # a broken link, a file gone meanwhile: read (and refused) as such
            found.append(Path(item.path))
            if bounded and len(found) > MAX_ROOT_FILES:
                raise _too_big(f"holds more than {MAX_ROOT_FILES} content files")
            if bounded and size > MAX_ROOT_BYTES:
                raise _too_big(f"holds more than {MAX_ROOT_BYTES // 2**20} MiB of content files")
        stack += [(sub, depth + 1) for sub in reversed(subfolders)]
    return found


def _too_big(what: str) -> HandoutsError:
    return error(f"the clinic project folder {what}", "world.too-big",
                 hint="a clinic project holds clinic.yaml and its content folders; move anything else out of it")


def _round_trips(value: Any) -> bool:
    import json

    return json.loads(json.dumps(value, ensure_ascii=False)) == value


def build_date(given: dt.date | None, environ: Mapping[str, str]) -> dt.date:
    """The date printed on a leaflet: as given, else SOURCE_DATE_EPOCH, else today."""
    if given is not None:
        return given
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise error(f"SOURCE_DATE_EPOCH is not a Unix time: '{epoch}'", "request.date",
                        hint="set it to whole seconds since 1970, or unset it") from None
    return dt.date.today()


def open_world(clinic: str | None, cwd: Path | None = None, store: Store | None = None) -> tuple[World, str]:
    """The world and clinic id for a `--clinic` value: a clinic id, or a clinic project folder.

    A clinic project folder holds `clinic.yaml` (its clinic) and, optionally, the library's
    folders (exercises/, notes/, recipes/, articles/), layered over the built-in library. Without
    `--clinic`, the nearest project at or above the working folder is used, as git finds its
    repository; else the built-in example clinic (`DEFAULT_CLINIC`, which the CLI says aloud).
    `store`: the world's store [default: from the environment].
    """
    if clinic is None:
        project = project_here(cwd)
        return _project(project, store) if project is not None else (World(store=store), DEFAULT_CLINIC)
    folder = Path(clinic)
    if folder.is_dir():
        if not (folder / PROJECT_FILE).exists():
            raise error(f"'{clinic}' is a folder without a {PROJECT_FILE}", "request.clinic",
                        hint=f"create one with 'handouts init {clinic}'")
        return _project(folder, store)
    if "/" in clinic or "\\" in clinic or clinic.startswith("."):
        raise error(f"no clinic project folder '{clinic}'", "request.clinic",
                    hint="check the path, or give a clinic id ('handouts list clinics')")
    return World(store=store), clinic


DEFAULT_CLINIC = "default"  # the built-in example clinic


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a clinic.yaml."""
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.exists() or candidate.is_symlink():
            return folder
    return None


def project_here(cwd: Path | None = None) -> Path | None:
    """The clinic project at or above `cwd` (default: the working folder), or None when there
    is none. One that can't be used is an error, never a silent fall back to the example clinic."""
    project = find_project((cwd or Path.cwd()).resolve())
    if project is not None:
        check_project(project)
    return project


def check_project(folder: Path) -> None:
    """Refuse a project whose clinic.yaml is not a file of its own (a folder, a FIFO, a link out)."""
    config = folder / PROJECT_FILE
    if not config.is_file() or config.is_symlink() and not within(config, folder):
        raise error(f"'{config}' is not a file this project can use", "request.clinic",
                    hint="a clinic project keeps its settings in a clinic.yaml file of its own")


def _project(folder: Path, store: Store | None = None) -> tuple[World, str]:
    check_project(folder)
    world = World((folder.resolve(),), store)
    return world, _project_clinic_id(world, folder.resolve() / PROJECT_FILE)


def _project_clinic_id(world: World, path: Path) -> str:
    """The id in a project's clinic.yaml, read on its own (full validation comes with the library)."""
    import re

    from handouts.diagnostics import Diagnostic

    document = world.yaml(path)
    data = document.data if isinstance(document.data, dict) else {}
    clinic_id = data.get("id")
    if not isinstance(clinic_id, str) or not re.fullmatch(r"^[a-z0-9]+(-[a-z0-9]+)*$", clinic_id):
        line, col = document.position(("id",))
        raise HandoutsError([Diagnostic(display_path(path), line, col, "error",
                                        "clinic.yaml needs an id: lower-case letters, digits and hyphens",
                                        "load.clinic-id", "e.g. id: my-clinic")])
    return clinic_id

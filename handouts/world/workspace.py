"""Where content comes from: the built-in library, clinic projects layered over it, and the
printed date. Cheap to import: the parsing machinery loads only when the library is needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from handouts.world.assets import catalogue_dir, library_root
from handouts.diagnostics import HandoutsError, error

if TYPE_CHECKING:
    from handouts.resolve.i18n import Catalogue
    from handouts.source.load import Library


@dataclass
class Workspace:
    """The content a command works on: the built-in library plus optional project folders."""

    projects: tuple[Path, ...] = field(default_factory=tuple)

    @cached_property
    def catalogues(self) -> Mapping[str, "Catalogue"]:
        from handouts.world.store import cached, fingerprint
        from handouts.resolve.i18n import load_catalogues

        files = sorted(catalogue_dir().glob("*.yaml"))
        return cached("catalogues", fingerprint([catalogue_dir()], files), lambda: load_catalogues(catalogue_dir()))

    @cached_property
    def library(self) -> Library:
        library, problems = self._parsed
        if problems:
            raise HandoutsError(problems)
        return library

    @cached_property
    def _parsed(self) -> tuple[Library, list]:
        """The library and its problems, from the cache of parsed libraries when it is current."""
        import hashlib

        from handouts.world.store import cached, fingerprint
        from handouts.source.load import load_library_partially

        roots = self.roots()
        name = "library-" + hashlib.sha256("|".join(str(r) for r, _ in roots).encode()).hexdigest()[:12]
        key = fingerprint([r for r, _ in roots], sorted(catalogue_dir().glob("*.yaml")))
        return cached(name, key, lambda: load_library_partially(roots, list(self.catalogues)))

    def roots(self) -> list[tuple[Path, str]]:
        return [(library_root(), "built-in")] + [(p, str(p)) for p in self.projects]

    def partial(self) -> tuple["Workspace", list]:
        """A workspace over whatever loads, and the problems with the rest (for `check`)."""
        library, problems = self._parsed
        workspace = Workspace(self.projects)
        workspace.__dict__["library"] = library  # fill the cached property
        return workspace, list(problems)


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


PROJECT_FILE = "clinic.yaml"


def open_workspace(clinic: str | None, cwd: Path | None = None) -> tuple[Workspace, str]:
    """The workspace and clinic id for a `--clinic` value: a clinic id, or a clinic project folder.

    A clinic project folder holds `clinic.yaml` (its clinic) and, optionally, the library's
    folders (exercises/, notes/, recipes/, articles/), layered over the built-in library. Without
    `--clinic`, a project in the working folder is used; else the built-in example clinic.
    """
    if clinic is None:
        here = cwd or Path.cwd()
        if (here / PROJECT_FILE).is_file():
            return _project(here)
        return Workspace(), "default"
    folder = Path(clinic)
    if folder.is_dir():
        if not (folder / PROJECT_FILE).is_file():
            raise error(f"'{clinic}' is a folder without a {PROJECT_FILE}", "request.clinic",
                        hint=f"create one with 'handouts init {clinic}'")
        return _project(folder)
    return Workspace(), clinic


def _project(folder: Path) -> tuple[Workspace, str]:
    return Workspace((folder.resolve(),)), _project_clinic_id(folder / PROJECT_FILE)


def _project_clinic_id(path: Path) -> str:
    """The id in a project's clinic.yaml, read on its own (full validation comes with the library)."""
    import re

    from handouts.diagnostics import Diagnostic, display_path
    from handouts.source.yamlsafe import read_yaml

    document = read_yaml(path)
    data = document.data if isinstance(document.data, dict) else {}
    clinic_id = data.get("id")
    if not isinstance(clinic_id, str) or not re.fullmatch(r"^[a-z0-9]+(-[a-z0-9]+)*$", clinic_id):
        line, col = document.position(("id",))
        raise HandoutsError([Diagnostic(display_path(path), line, col, "error",
                                        "clinic.yaml needs an id: lower-case letters, digits and hyphens",
                                        "load.clinic-id", "e.g. id: my-clinic")])
    return clinic_id

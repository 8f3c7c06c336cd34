"""The pipeline in one call: load -> resolve -> layout -> render, and writing the result.

This is the engine's front door for the CLI. It reads the built-in library (and project folders
layered over it), never prints, and writes output files only through `render.write_atomic`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Mapping

from .assets import catalogue_dir, library_root
from .diagnostics import Diagnostic, HandoutsError, did_you_mean, error
from .leaflet import Leaflet
from .i18n import Catalogue, load_catalogues
from .load import Library, load_library
from .resolve import Request


@dataclass
class Workspace:
    """The content a command works on: the built-in library plus optional project folders."""

    projects: tuple[Path, ...] = field(default_factory=tuple)

    @cached_property
    def catalogues(self) -> Mapping[str, Catalogue]:
        return load_catalogues(catalogue_dir())

    @cached_property
    def library(self) -> Library:
        return load_library(self.roots(), list(self.catalogues))

    def roots(self) -> list[tuple[Path, str]]:
        return [(library_root(), "built-in")] + [(p, str(p)) for p in self.projects]

    def partial(self) -> tuple["Workspace", list]:
        """A workspace over whatever loads, and the problems with the rest (for `check`)."""
        from .load import load_library_partially

        library, problems = load_library_partially(self.roots(), list(self.catalogues))
        workspace = Workspace(self.projects)
        workspace.__dict__["library"] = library  # fill the cached property
        return workspace, problems


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


IMPOSITIONS = ("booklet",)


@dataclass(frozen=True)
class Built:
    data: bytes
    warnings: tuple[Diagnostic, ...]
    leaflet: Leaflet


def resolve_request(workspace: Workspace, request: Request) -> Leaflet:
    """The leaflet a request names: a recipe, a library article, or a Markdown file."""
    from .article import resolve_article
    from .resolve import resolve_leaflet

    from .resolve import compose_leaflet

    library = workspace.library
    if request.compose is not None:
        return compose_leaflet(library, workspace.catalogues, request)
    if request.recipe.endswith(".md"):
        path = Path(request.recipe)
        if not path.is_file():
            raise error(f"article '{request.recipe}' not found", "request.article", hint="check the path")
        return resolve_article(library, workspace.catalogues, path, request)
    if request.recipe not in library.recipes and (request.recipe, request.lang) in library.articles:
        return resolve_article(library, workspace.catalogues,
                               library.articles[(request.recipe, request.lang)].path, request)
    return resolve_leaflet(library, workspace.catalogues, request)


def build(workspace: Workspace, request: Request, imposition: str | None = None) -> Built:
    """The leaflet as PDF bytes, with the warnings found on the way.

    `imposition="booklet"` folds an A5 booklet onto A4 sheets.
    """
    from .layout import layout_leaflet
    from .render import render_pdf

    leaflet = resolve_request(workspace, request)
    from .glyphs import missing_glyphs

    missing = missing_glyphs(leaflet)
    if missing:
        raise HandoutsError(missing)
    if imposition is not None:
        if imposition not in IMPOSITIONS:
            raise error(f"unknown imposition '{imposition}'", "request.imposition",
                        hint=did_you_mean(imposition, IMPOSITIONS) or "use 'booklet'")
        if leaflet.layout != "booklet-a5":
            raise error(f"'{request.recipe}' is not a booklet (layout {leaflet.layout})",
                        "request.imposition", hint="leave out --imposition")
    document = layout_leaflet(leaflet)
    data = render_pdf(document)
    if document.anchors is not None:  # page references: a second pass with the real numbers
        pages = dict(document.anchors)
        document = layout_leaflet(leaflet, pages)
        data = render_pdf(document)
        if document.anchors != pages:
            raise RuntimeError("page references moved between layout passes")  # a layout bug
    if imposition == "booklet":
        from .impose import impose_booklet
        data = impose_booklet(data)
    return Built(data, leaflet.warnings, leaflet)


def build_pdf(workspace: Workspace, request: Request, imposition: str | None = None) -> bytes:
    return build(workspace, request, imposition).data


def build_to_file(workspace: Workspace, request: Request, output: Path, imposition: str | None = None,
                  strict: bool = False) -> Built:
    """Build and write atomically. With `strict`, warnings fail the build like errors.

    If the build fails, an existing file at `output` is removed too: a leaflet left over from an
    earlier build must not pass for the result of this one.
    """
    from .render import write_atomic

    if output.is_dir():
        raise error(f"output '{output}' is a folder", "request.output", hint="give a file name ending in .pdf")
    if not output.parent.is_dir() and str(output.parent):
        raise error(f"folder '{output.parent}' does not exist", "request.output", hint="create it first")
    try:
        built = build(workspace, request, imposition)
        if strict and built.warnings:
            raise HandoutsError([replace(w, severity="error", hint="fix it, or build without --strict")
                                 for w in built.warnings])
    except HandoutsError:
        _remove_stale(output)
        raise
    write_atomic(output, built.data)
    return built


def _remove_stale(output: Path) -> None:
    try:
        if output.is_file():
            os.unlink(output)
    except OSError:
        pass


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
    from .load import read_project_clinic_id

    return Workspace((folder.resolve(),)), read_project_clinic_id(folder / PROJECT_FILE)

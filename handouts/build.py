"""The pipeline in one call: load -> resolve -> layout -> render -> stamp, and writing the result.

This is the engine's front door for the CLI. It reads the built-in library (and project folders
layered over it), never prints, and writes output files only through `render.write_atomic`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean, error
from handouts.world.workspace import PROJECT_FILE, Workspace, build_date, open_workspace

__all__ = ["Built", "PROJECT_FILE", "Workspace", "build", "build_date", "build_pdf", "build_to_file",
           "open_workspace", "resolve_request"]

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet
    from handouts.resolve.request import Request


IMPOSITIONS = ("booklet",)


@dataclass(frozen=True)
class Built:
    data: bytes
    warnings: tuple[Diagnostic, ...]
    leaflet: "Leaflet | None"  # None when the build was remembered (memo.py)


def resolve_request(workspace: Workspace, request: Request) -> Leaflet:
    """The leaflet a request names: a recipe, a library article, or a Markdown file."""
    from handouts.resolve.recipe import compose_leaflet, resolve_leaflet

    library = workspace.library
    if request.compose is not None:
        return compose_leaflet(library, workspace.catalogues, request)
    if request.recipe.endswith(".md"):
        path = Path(request.recipe)
        if not path.is_file():
            raise error(f"article '{request.recipe}' not found", "request.article", hint="check the path")
    elif request.recipe in library.recipes or (request.recipe, request.lang) not in library.articles:
        return resolve_leaflet(library, workspace.catalogues, request)
    else:
        path = library.articles[(request.recipe, request.lang)].path
    from handouts.resolve.article import resolve_article  # Markdown and its schemas load only for articles

    return resolve_article(library, workspace.catalogues, path, request)


def build(workspace: Workspace, request: Request, imposition: str | None = None, pdfa: bool = False,
          remember: bool = False) -> Built:
    """The leaflet as PDF bytes, with the warnings found on the way.

    `imposition="booklet"` folds an A5 booklet onto A4 sheets; `pdfa` writes PDF/A-1b. With
    `remember`, a leaflet built before from unchanged files is only stamped (memo.py), and this
    one is remembered; its `Built.leaflet` is then None.
    """
    if imposition is not None and imposition not in IMPOSITIONS:
        raise error(f"unknown imposition '{imposition}'", "request.imposition",
                    hint=did_you_mean(imposition, IMPOSITIONS) or "use 'booklet'")
    memo_key = None
    if remember:
        from handouts.pdf.memo import key

        memo_key = key(workspace, request)  # once: its file walk serves recalling and remembering
    recalled = _recalled(workspace, request, memo_key) if memo_key else None
    if recalled is not None:
        data, layout = recalled
        leaflet, warnings = None, ()
    else:
        leaflet = resolve_request(workspace, request)
        data, layout, warnings = _built(request, leaflet, memo_key), leaflet.layout, leaflet.warnings
    if imposition is not None and layout != "booklet-a5":
        raise error(f"'{request.recipe}' is not a booklet (layout {layout})", "request.imposition",
                    hint="leave out --imposition")
    if imposition == "booklet":
        from handouts.pdf.impose import impose_booklet
        data = impose_booklet(data)
    if pdfa:
        from handouts.pdf.archival import to_pdfa
        data = to_pdfa(data)
    return Built(data, warnings, leaflet)


def _built(request: Request, leaflet: Leaflet, memo_key: tuple[str, str] | None) -> bytes:
    from handouts.layout.glyphs import missing_glyphs
    from handouts.pdf.render import stamp
    from handouts.pdf.templates import disk_key, template_for

    missing = missing_glyphs(leaflet)
    if missing:
        raise HandoutsError(missing)
    # a leaflet with the patient's own notes is never kept on disk: the notes are personal
    data = stamp(template_for(leaflet, keep_on_disk=not request.notes), leaflet.personal(), leaflet.date)
    if memo_key:
        from handouts.pdf.memo import remember
        remember(memo_key, leaflet, disk_key(leaflet))
    return data


def _recalled(workspace: Workspace, request: Request, memo_key: tuple[str, str]) -> tuple[bytes, str] | None:
    """The leaflet stamped from a remembered template, with its layout; None if there is none."""
    from handouts.layout.glyphs import missing_in_personal
    from handouts.layout.theme import prepare
    from handouts.pdf.memo import recall
    from handouts.pdf.render import stamp
    from handouts.resolve.request import personal_options, personal_text

    cat = workspace.catalogues.get(request.lang)
    if cat is None:
        return None  # an unknown language is reported by the full build
    values = personal_text(request, cat)
    prepare(cat.text("language.hyphenation"))
    found = recall(memo_key, values)
    if found is None:
        return None
    missing = missing_in_personal(values, personal_options(request))
    if missing:
        raise HandoutsError(missing)
    template, layout = found
    return stamp(template, values, request.date), layout


def build_pdf(workspace: Workspace, request: Request, imposition: str | None = None, pdfa: bool = False) -> bytes:
    return build(workspace, request, imposition, pdfa).data


def build_to_file(workspace: Workspace, request: Request, output: Path, imposition: str | None = None,
                  strict: bool = False, pdfa: bool = False, remember: bool = False) -> Built:
    """Build and write atomically. With `strict`, warnings fail the build like errors; with
    `remember`, see `build`.

    If the build fails, an existing file at `output` is removed too: a leaflet left over from an
    earlier build must not pass for the result of this one.
    """
    from handouts.pdf.render import write_atomic

    if output.is_dir():
        raise error(f"output '{output}' is a folder", "request.output", hint="give a file name ending in .pdf")
    if not output.parent.is_dir() and str(output.parent):
        raise error(f"folder '{output.parent}' does not exist", "request.output", hint="create it first")
    try:
        built = build(workspace, request, imposition, pdfa, remember)
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

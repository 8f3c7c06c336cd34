"""The pipeline in one call: load -> resolve -> layout -> render, and writing the result.

This is the engine's front door for the CLI. It reads the built-in library (and project folders
layered over it), never prints, and writes output files only through `render.write_atomic`.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Hashable

from .diagnostics import Diagnostic, HandoutsError, did_you_mean, error
from .workspace import PROJECT_FILE, Workspace, build_date, open_workspace

__all__ = ["Built", "PROJECT_FILE", "Workspace", "build", "build_date", "build_pdf", "build_to_file",
           "open_workspace", "resolve_request"]

if TYPE_CHECKING:
    from .leaflet import Leaflet
    from .render import Template
    from .resolve import Request


IMPOSITIONS = ("booklet",)


@dataclass(frozen=True)
class Built:
    data: bytes
    warnings: tuple[Diagnostic, ...]
    leaflet: "Leaflet"


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


def build(workspace: Workspace, request: Request, imposition: str | None = None, pdfa: bool = False) -> Built:
    """The leaflet as PDF bytes, with the warnings found on the way.

    `imposition="booklet"` folds an A5 booklet onto A4 sheets; `pdfa` writes PDF/A-1b.
    """
    from .render import stamp

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
    data = stamp(template_for(leaflet), leaflet.personal(), leaflet.date)
    if imposition == "booklet":
        from .impose import impose_booklet
        data = impose_booklet(data)
    if pdfa:
        from .archival import to_pdfa
        data = to_pdfa(data)
    return Built(data, leaflet.warnings, leaflet)


_TEMPLATES: OrderedDict[Hashable, list[tuple[Template, tuple[float, ...]]]] = OrderedDict()
TEMPLATES_KEPT = 16  # leaflets whose templates a process keeps, least recently used dropped


def template_for(leaflet: Leaflet) -> Template:
    """The leaflet rendered without its personal text: made once per process for every leaflet
    that differs only in that text and has text of the same shape (layout/personal.py)."""
    from .layout import layout_leaflet
    from .layout.personal import shape
    from .render import render_template

    key = _frozen(leaflet.impersonal())
    values = leaflet.personal()
    kept = _TEMPLATES.setdefault(key, [])
    _TEMPLATES.move_to_end(key)
    for template, template_shape in kept:
        if shape(template.forms, values) == template_shape:
            return template
    document = layout_leaflet(leaflet)
    template = render_template(document)
    if document.anchors is not None:  # page references: a second pass with the real numbers
        pages = dict(document.anchors)
        document = layout_leaflet(leaflet, pages)
        template = render_template(document)
        if document.anchors != pages:
            raise RuntimeError("page references moved between layout passes")  # a layout bug
    if {form.value for form in template.forms} != set(values):
        raise RuntimeError("a layout drew personal text outside its slots")  # would leak between patients
    kept.append((template, shape(template.forms, values)))
    while len(_TEMPLATES) > TEMPLATES_KEPT:
        _TEMPLATES.popitem(last=False)
    return template


def _frozen(value: object) -> Hashable:
    """`value` as a hashable key: dataclasses field by field, and objects that can't be hashed
    (the library's figures) by identity, which is stable while the library is cached and the
    key holds them."""
    if is_dataclass(value):
        return (type(value), *(_frozen(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return _Same(value)
    return value


class _Same:
    """Equal to another `_Same` of the very same object; keeps the object alive."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def build_pdf(workspace: Workspace, request: Request, imposition: str | None = None, pdfa: bool = False) -> bytes:
    return build(workspace, request, imposition, pdfa).data


def build_to_file(workspace: Workspace, request: Request, output: Path, imposition: str | None = None,
                  strict: bool = False, pdfa: bool = False) -> Built:
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
        built = build(workspace, request, imposition, pdfa)
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

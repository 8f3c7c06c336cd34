"""The pipeline in one call: load -> resolve -> layout -> render -> stamp, and writing the result.

This is the engine's front door for the CLI. It reads the built-in library (and project folders
layered over it), never prints, and writes output files only through `render.write_atomic`.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean, error
from handouts.resolve.request import Request, personal_text
from handouts.world.core import PROJECT_FILE, World, build_date, open_world

__all__ = ["Built", "PROJECT_FILE", "World", "build", "build_date", "build_pdf", "build_to_file",
           "open_world", "resolve_request"]

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet
    from handouts.pdf.measure import PageReport
    from handouts.pdf.render import Template
    from handouts.resolve.i18n import Catalogue


IMPOSITIONS = ("booklet",)


@dataclass(frozen=True)
class Built:
    data: bytes
    warnings: tuple[Diagnostic, ...]
    leaflet: "Leaflet | None"  # None when the build was remembered
    report: "PageReport | None" = None  # what was placed where, when measured (for check)


@dataclass(frozen=True)
class Made:
    """A leaflet made up to its template: what every build stamps."""

    template: Template
    layout: str
    warnings: tuple[Diagnostic, ...]
    leaflet: "Leaflet | None"


def is_article(world: World, request: Request) -> bool:
    """Whether a request names an article (a Markdown file, or a library article) rather than
    a recipe or a composition: articles word their personal text differently."""
    if request.compose is not None:
        return False
    if request.recipe.endswith(".md"):
        return True
    # from the folders' listings, not the library: a remembered build must not parse it
    # (a recipe's id is its file name, which the loader checks)
    roots = [root for root, _ in world.roots()]
    recipe = any(root / "recipes" / f"{request.recipe}.yaml" in world.files(root / "recipes", ".yaml") for root in roots)
    article = f"{request.recipe}.{request.lang}.md"
    return not recipe and any(root / "articles" / article in world.files(root / "articles", ".md") for root in roots)


def resolve_request(world: World, request: Request) -> Leaflet:
    """The leaflet a request names: a recipe, a library article, or a Markdown file."""
    from handouts.resolve.recipe import compose_leaflet, resolve_leaflet

    library = world.library
    if request.compose is not None:
        return compose_leaflet(library, world.catalogues, request)
    if not is_article(world, request):
        return resolve_leaflet(library, world.catalogues, request)
    if request.recipe.endswith(".md"):
        path = Path(request.recipe)
        if not path.is_file():
            raise error(f"article '{request.recipe}' not found", "request.article", hint="check the path")
        path = world.admit(path)
    else:
        path = library.articles[(request.recipe, request.lang)].path
    from handouts.resolve.article import resolve_article  # Markdown and its schemas load only for articles

    return resolve_article(library, world.catalogues, path, request)


def build(world: World, request: Request, imposition: str | None = None, pdfa: bool = False,
          remember: bool = False, measure: bool = False) -> Built:
    """The leaflet as PDF bytes, with the warnings found on the way.

    `imposition="booklet"` folds an A5 booklet onto A4 sheets; `pdfa` writes PDF/A-1b. With
    `remember`, a leaflet built before from files that still read the same is only stamped,
    and this one is remembered (its `Built.leaflet` is then None). Either way the same checks
    run in the same order on the same personal text, and the bytes are the same. With
    `measure`, the leaflet is rendered afresh and `Built.report` says what landed where.
    """
    from handouts.layout.theme import prepare
    from handouts.pdf.render import stamp

    if imposition is not None and imposition not in IMPOSITIONS:
        raise error(f"unknown imposition '{imposition}'", "request.imposition",
                    hint=did_you_mean(imposition, IMPOSITIONS) or "use 'booklet'")
    cat = catalogue(world, request.lang)
    values = personal_text(request, cat, article=is_article(world, request))
    refuse_missing_glyphs(request)
    prepare()  # the stamp sets text too; hyphenation patterns load only for a layout (`_made`)
    remembering = remember and not request.notes  # the patient's own notes are never kept
    made = _recalled(world, request, values, imposition) if remembering else None
    if made is None:
        made = _made(world, request, keep=not request.notes, remember=remembering, measure=measure,
                     imposition=imposition)
    if imposition is not None and made.layout != "booklet-a5":
        raise error(f"'{request.recipe}' is not a booklet (layout {made.layout})", "request.imposition",
                    hint="leave out --imposition")
    data = stamp(made.template, values, request.date)
    if imposition == "booklet":
        from handouts.pdf.impose import impose_booklet
        data = impose_booklet(data)
    if pdfa:
        from handouts.pdf.archival import to_pdfa
        data = to_pdfa(data)
    return Built(data, made.warnings, made.leaflet, made.template.report)


def catalogue(world: World, lang: str) -> Catalogue:
    catalogues = world.catalogues
    if lang not in catalogues:
        raise error(f"unknown language '{lang}'", "request.language",
                    hint=did_you_mean(lang, catalogues) or f"choose one of: {', '.join(sorted(catalogues))}")
    return catalogues[lang]


def refuse_missing_glyphs(request: Request) -> None:
    """Text typed at the desk that the font can't print, named by its option, never quoted."""
    from handouts.layout.glyphs import missing_in_personal

    typed = {"--patient": request.patient or "", "--therapist": request.therapist or "",
             "--note": "\n".join(request.notes)}
    missing = missing_in_personal(typed, {option: option for option in typed})
    if missing:
        raise HandoutsError(missing)


def _made(world: World, request: Request, keep: bool, remember: bool, measure: bool = False,
          imposition: str | None = None) -> Made:
    """Resolve, check and render the leaflet's template; remember it when asked. A booklet to
    be imposed is laid out with its blank pages filled (`leaflet.Fill`): its own template."""
    from handouts.layout.glyphs import missing_glyphs
    from handouts.layout.theme import prepare
    from handouts.pdf.templates import template_for

    leaflet = resolve_request(world, request)
    if imposition == "booklet" and leaflet.layout == "booklet-a5":
        from handouts.resolve.recipe import with_fill

        leaflet = with_fill(leaflet, catalogue(world, request.lang))
    missing = missing_glyphs(leaflet)  # the typed text passed `refuse_missing_glyphs` already
    if missing:
        raise HandoutsError(missing)
    # from the store: parsing the patterns is the slowest step of a first layout after the
    # imports; a remembered build breaks no lines, so it never reads them
    prepare(leaflet.hyphenation, world.store)
    template, key = template_for(world, leaflet, keep=keep, measure=measure)
    if remember:  # with everything the world read: more than this leaflet needs is only safer
        world.store.put_json("build", _build_key(world, request, imposition), {
            "deps": world.seen.to_json(), "template": key, "layout": leaflet.layout,
            "warnings": [asdict(w) for w in leaflet.warnings]})
    return Made(template, leaflet.layout, leaflet.warnings, leaflet)


def _recalled(world: World, request: Request, values: dict[str, str], imposition: str | None = None) -> Made | None:
    """The remembered template of this request, if every file it read still reads the same and
    it fits this patient's text; else None, and the leaflet is made in full."""
    from handouts.layout.personal import shape
    from handouts.pdf.templates import load_variants
    from handouts.world.core import Deps

    entry = world.store.get_json("build", _build_key(world, request, imposition))
    if not isinstance(entry, dict):
        return None
    deps = Deps.from_json(entry.get("deps"))
    try:
        warnings = tuple(Diagnostic(**w) for w in entry["warnings"])
        key, layout = str(entry["template"]), str(entry["layout"])
    except (KeyError, TypeError):
        return None
    if deps is None or not world.unchanged(deps):
        return None
    for template, template_shape in load_variants(world, key):
        if {form.value for form in template.forms} <= set(values) and shape(template.forms, values) == template_shape:
            return Made(template, layout, warnings, None)
    return None


def _build_key(world: World, request: Request, imposition: str | None = None) -> str:
    """What a remembered build is found by: the request without its personal text, and the
    imposition (an imposed booklet has its blank pages filled: another template)."""
    asked = {"roots": [str(root) for root, _ in world.roots()], "recipe": request.recipe,
             "path": str(Path(request.recipe).resolve()) if request.recipe.endswith(".md") else None,
             "lang": request.lang, "clinic": request.clinic, "phase": request.phase,
             "picks": request.picks, "changes": [repr(c) for c in request.changes],
             "compose": repr(request.compose), "patient": bool(request.patient),
             "therapist": bool(request.therapist), "large_print": request.large_print}
    if imposition is not None:  # only then: the keys of builds remembered before stay the same
        asked["imposition"] = imposition
    return world.store.key("build", asked)


def build_pdf(workspace: World, request: Request, imposition: str | None = None, pdfa: bool = False) -> bytes:
    return build(workspace, request, imposition, pdfa).data


def build_to_file(workspace: World, request: Request, output: Path, imposition: str | None = None,
                  strict: bool = False, pdfa: bool = False, remember: bool = False) -> Built:
    """Build and write atomically. With `strict`, warnings fail the build like errors; with
    `remember`, see `build`.

    Only a file this tool wrote is ever replaced or removed: an existing file at `output` that
    is not a PDF from handouts, or that is one of the leaflet's own sources, is refused before
    anything is built. If the build fails, an earlier leaflet at `output` is removed, so it
    can't pass for the result of this one.
    """
    from handouts.pdf.render import write_atomic

    if output.is_dir():
        raise error(f"output '{output}' is a folder", "request.output", hint="give a file name ending in .pdf")
    if not output.parent.is_dir() and str(output.parent):
        raise error(f"folder '{output.parent}' does not exist", "request.output", hint="create it first")
    _refuse_foreign(output, request)
    try:
        built = build(workspace, request, imposition, pdfa, remember)
        if strict and built.warnings:
            raise HandoutsError([replace(w, severity="error", hint="fix it, or build without --strict")
                                 for w in built.warnings])
        if str(output.resolve()) in workspace.seen.files:
            raise error(f"'{output}' is one of the leaflet's sources", "request.output",
                        hint="write the PDF to another file")
    except HandoutsError:
        _remove_stale(output)
        raise
    try:
        write_atomic(output, built.data)
    except OSError as exc:
        raise error(f"can't write '{output}': {exc.strerror or type(exc).__name__}", "io.write",
                    hint="check that the folder is writable and the disk has room") from None
    return built


def picture_to_file(workspace: World, exercise_id: str, output: Path, lang: str, clinic: str) -> None:
    """Write one exercise's picture to `output` (.svg or .png) atomically, in the colours a
    leaflet of `clinic` prints it in, by `build_to_file`'s rules: an existing file there is
    replaced only when this tool exported it, and a failed export removes an earlier picture
    of ours there, so it can't pass for this one."""
    from handouts.layout.contact_sheet import PICTURE_SUFFIXES, exercise_picture, picture_is_ours
    from handouts.pdf.render import write_atomic

    suffix = output.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise error(f"can't tell the picture's format from '{output.name}'", "request.output",
                    hint="give a file name ending in .svg or .png")
    if output.is_dir():
        raise error(f"output '{output}' is a folder", "request.output", hint=f"give a file name ending in {suffix}")
    if not output.parent.is_dir() and str(output.parent):
        raise error(f"folder '{output.parent}' does not exist", "request.output", hint="create it first")
    if (output.exists() or output.is_symlink()) and not picture_is_ours(output):
        raise error(f"'{output}' exists and was not written by handouts", "request.output",
                    hint="choose another file name, or move that file away yourself")
    try:
        data = exercise_picture(workspace, exercise_id, suffix, lang, _figure_colour(workspace, clinic))
        if str(output.resolve()) in workspace.seen.files:
            raise error(f"'{output}' is one of the picture's sources", "request.output",
                        hint="write the picture to another file")
    except HandoutsError:
        try:
            if picture_is_ours(output):
                os.unlink(output)
        except OSError:
            pass
        raise
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise error(f"can't write '{output}': {exc.strerror or type(exc).__name__}", "io.write",
                    hint="check that the folder is writable and the disk has room") from None


def _figure_colour(workspace: World, clinic: str) -> str:
    """The colour of a figure's arrows in `clinic`'s leaflets: its headings' colour."""
    from reportlab.lib.colors import HexColor

    from handouts.layout.theme import INK, WHITE, contrast

    found = workspace.library.clinics.get(clinic)
    brand = found.colors.brand if found else "#1d5c73"
    return brand if contrast(HexColor(brand), WHITE) >= 4.5 else "#" + INK.hexval()[2:]


def _refuse_foreign(output: Path, request: Request) -> None:
    if request.recipe.endswith(".md") and output.resolve() == Path(request.recipe).resolve():
        raise error(f"'{output}' is the article being built", "request.output", hint="write the PDF to another file")
    refuse_foreign_pdf(output)


def refuse_foreign_pdf(output: Path) -> None:
    """Refuse to write a PDF to `output` when something there is not a PDF handouts wrote."""
    if output.is_dir():
        raise error(f"output '{output}' is a folder", "request.output", hint="give a file name ending in .pdf")
    if not output.parent.is_dir() and str(output.parent):
        raise error(f"folder '{output.parent}' does not exist", "request.output", hint="create it first")
    if (output.exists() or output.is_symlink()) and not written_by_handouts(output):
        raise error(f"'{output}' exists and was not written by handouts", "request.output",
                    hint="choose another file name, or move that file away yourself")


def written_by_handouts(path: Path) -> bool:
    """Whether `path` is a regular file holding a PDF that handouts wrote (its /Creator says so)."""
    import stat

    import pikepdf

    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > 512 * 2**20:
            return False
        with open(path, "rb") as handle:
            if handle.read(5) != b"%PDF-":
                return False
        with pikepdf.open(path) as pdf:
            return str(pdf.docinfo.get("/Creator", "")).startswith("handouts ")
    except (OSError, ValueError, pikepdf.PdfError):
        return False


def _remove_stale(output: Path) -> None:
    try:
        if written_by_handouts(output):
            os.unlink(output)
    except OSError:
        pass

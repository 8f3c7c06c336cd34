"""`handouts check`: everything a build would reject, and what a reviewer should look at,
across every recipe and article in every language, without writing a PDF.

Contract: `check_content(workspace, today)` -> list of `Diagnostic` (errors and warnings),
sorted. It never raises for content problems: they are its findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from handouts.build import build
from handouts.check.pages import BLANK_EDITION, page_findings
from handouts.check.review import review_findings
from handouts.check.terms import term_findings
from handouts.diagnostics import Diagnostic, HandoutsError, display_path
from handouts.resolve.recipe import Request
from handouts.world.core import World

MIN_CONTRAST = 4.5  # WCAG AA for body text
# the pages are checked as they print for a patient, with a patient box of typical length, and
# as they print blank, for a clinic's stack at the desk (where the box is not there)
SAMPLE_PATIENT, SAMPLE_THERAPIST = "Åsa Öberg", "Per Ek"
LIX_MAX = 40  # "easy": where patient information should be


def check_content(workspace: World, today: dt.date, lix_max: float = LIX_MAX) -> list[Diagnostic]:
    try:
        workspace, findings = workspace.partial()
    except HandoutsError as exc:  # a catalogue is broken: nothing can be checked
        return sorted(exc.diagnostics, key=_order)
    library = workspace.library
    clinic = _clinic_under_check(workspace)
    targets = [(recipe_id, lang) for recipe_id in sorted(library.recipes) for lang in library.languages]
    targets += sorted(library.articles)
    small = _small_styles()
    for target, lang in targets:
        # a full dry build with a patient box, as it prints for a patient
        request = Request(target, lang, today, clinic=clinic, patient=SAMPLE_PATIENT, therapist=SAMPLE_THERAPIST)
        findings += check_leaflet(workspace, request, lix_max, small)
        # its large-print edition, and both printed blank, each laid out anew: only their pages
        # differ, and a blank edition adds only what its named one does not show already
        large = replace(request, large_print=True)
        findings += [d for d in check_leaflet(workspace, large, lix_max, small) if d.code.startswith("layout.")]
        seen = {(d.file, d.line, d.code, d.message) for d in findings}
        for named in (request, large):
            blank = check_leaflet(workspace, replace(named, patient=None, therapist=None), lix_max, small)
            findings += [d for d in blank if d.code.startswith("layout.")
                         and (d.file, d.line, d.code, d.message.replace(f", {BLANK_EDITION}", "")) not in seen]
    findings += _pictures(workspace)
    findings += _unused_small_styles(small, findings)
    findings += review_findings(workspace, today)
    findings += term_findings(workspace)
    findings += _contrast(workspace)
    return sorted(set(findings), key=_order)


def check_leaflet(workspace: World, request: Request, lix_max: float = LIX_MAX,
                  small: dict[str, str] | None = None) -> list[Diagnostic]:
    """What `check` reports about one leaflet: a full dry build (resolve, glyphs, layout, render),
    measured, with its warnings, readability, small text and page findings. Never raises for the
    leaflet's problems: they are its findings. (`handouts serve` checks a desk's leaflet with it.)"""
    small = _small_styles() if small is None else small
    target, lang = request.recipe, request.lang
    findings: list[Diagnostic] = []
    try:
        built = build(workspace, request, measure=True)
        findings += built.warnings
        findings += _readability(workspace, target, lang, built.leaflet, lix_max)
        findings += _small_text(built.leaflet, small)
        if built.report is not None and built.leaflet is not None:
            findings += page_findings(built.report, built.leaflet, _file_of(workspace, target, lang),
                                      built.report.anchors)
    except HandoutsError as exc:  # a block too large for its page is one, at its file and line
        findings += exc.diagnostics
    except Exception as exc:  # a bug met while laying out: still say which file, and go on
        findings.append(Diagnostic(_file_of(workspace, target, lang), None, None, "error",
                                   f"{target} ({lang}) can't be laid out: {type(exc).__name__}",
                                   "layout.failed"))
    return findings


def _readability(workspace: World, target: str, lang: str, leaflet, lix_max: float) -> list[Diagnostic]:
    from handouts.check.readability import leaflet_text, lix

    score = lix(leaflet_text(leaflet))
    if score is None or score <= lix_max:
        return []
    message = f"{target} ({lang}) reads hard: LIX {score:.0f}, above {lix_max:g}"
    return [Diagnostic(_file_of(workspace, target, lang), 1, 1, "warning", message,
                       "readability.lix", "shorter sentences and shorter words help")]


def _pictures(workspace: World) -> list[Diagnostic]:
    """Every figure file is valid; every exercise has a picture with alt text; a clinic's own
    picture has a licence."""
    library = workspace.library
    findings: list[Diagnostic] = []
    for exercise_id in sorted(library.figure_files):
        try:
            library.figure(exercise_id)
        except HandoutsError as exc:
            findings += exc.diagnostics
    for exercise_id, exercise in sorted(library.exercises.items()):
        source = library.source("exercises", exercise_id)
        findings += _named_side(workspace, exercise_id, source)
        own = exercise.illustration
        if own is None and exercise_id not in library.figure_files:
            findings.append(source.diagnostic(("id",), f"exercise '{exercise_id}' has no picture", "picture.missing",
                                              f"add figures/{exercise_id}.yaml or an illustration", "warning"))
        if own is not None and not own.licence:
            findings.append(source.diagnostic(("illustration",), f"the picture of '{exercise_id}' has no licence",
                                              "picture.licence", "say under which licence it may be printed",
                                              "warning"))
        if own is not None:
            missing = [lang for lang in library.languages if not (own.alt and own.alt.get(lang))]
            if missing:
                findings.append(source.diagnostic(("illustration",), f"the picture of '{exercise_id}' has no alt "
                                                  f"text in {', '.join(missing)}", "picture.alt",
                                                  "describe it in one sentence per language", "warning"))
    return findings


def _file_of(workspace: World, target: str, lang: str) -> str | None:
    """The recipe or article file a check target is built from."""
    library = workspace.library
    if target in library.recipes:
        return library.source("recipes", target).file
    if (target, lang) in library.articles:
        return display_path(library.articles[(target, lang)].path)
    return None  # a leaflet made at the desk: no file of its own


def _small_styles() -> dict[str, str]:
    """The body text styles set below the readable minimum: name -> the finding's message."""
    from handouts.layout.theme import BODY_STYLES, MIN_BODY_SIZE, make_theme

    theme = make_theme("#1d5c73", "#e3eef2", "")
    return {name: f"text style '{name}' is {theme.styles[name].fontSize:g} pt, below {MIN_BODY_SIZE} pt"
            for name in BODY_STYLES if theme.styles[name].fontSize < MIN_BODY_SIZE}


def _small_text(leaflet, small: dict[str, str]) -> list[Diagnostic]:
    """A finding at the first block of each source file of `leaflet` printed in a style of
    `small` (personal text, which has no file, counts as the leaflet's)."""
    from handouts.layout.kinds import STYLES_OF

    findings, seen = [], set()
    for block in leaflet.blocks if small else ():
        origin = block.origin if block.origin and block.origin.file else leaflet.origin
        for name in sorted(STYLES_OF[type(block).__name__] & small.keys()):
            if (origin and origin.file, name) in seen:
                continue  # the first block of each file in that style is enough to find it
            seen.add((origin and origin.file, name))
            findings.append(Diagnostic(origin.file if origin else None, origin.line if origin else None, None,
                                       "error", small[name], "typography.small-text",
                                       "the theme sets it: raise it to the minimum"))
    return findings


def _unused_small_styles(small: dict[str, str], findings: list[Diagnostic]) -> list[Diagnostic]:
    """A style too small that no checked block prints is still reported, without a place."""
    reported = {f.message for f in findings if f.code == "typography.small-text"}
    return [Diagnostic(None, None, None, "error", message, "typography.small-text")
            for message in small.values() if message not in reported]


def _named_side(workspace: World, exercise_id: str, source) -> list[Diagnostic]:
    """A warning when an exercise's steps name a side ("höger fot", "venstre knæ") and its
    drawn picture does not highlight that limb: the patient would have to guess which one."""
    import re

    library = workspace.library
    exercise = library.exercises[exercise_id]
    if exercise.illustration is not None or exercise_id not in library.figure_files:
        return []
    try:
        figure = library.figure(exercise_id)
    except HandoutsError:
        return []  # reported with the figure's own findings
    drawn = {limb.replace("-foot", "-leg").replace("-hand", "-arm") for limb in figure.highlight}
    for lang, text in sorted(exercise.text.items()):
        words = workspace.catalogues.get(lang)
        if words is None or "picture.right" not in words.strings:
            continue
        sides = {words.text("picture.right").lower(): "near", words.text("picture.left").lower(): "far"}
        limbs = {**{w: "leg" for w in words.text("picture.leg_words").lower().split()},
                 **{w: "arm" for w in words.text("picture.arm_words").lower().split()}}
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sides)) + r")\s+(\w+)", re.IGNORECASE)
        for i, step in enumerate(text.steps):
            for found in pattern.finditer(step):
                limb = limbs.get(found.group(2).lower())
                if limb is None:
                    continue
                wanted = f"{sides[found.group(1).lower()]}-{limb}"
                if wanted in drawn:
                    return []
                shown = f"'{found.group(0)}'"
                now = f"highlights {', '.join(sorted(figure.highlight))}" if drawn else "highlights no limb"
                return [source.diagnostic(("text", lang, "steps", i),
                                          f"the steps name {shown}, but the picture of '{exercise_id}' {now}",
                                          "picture.side", f"add 'highlight: [{wanted}]' to figures/{exercise_id}.yaml "
                                          "(near is the person's right)", "warning")]
    return []


def _clinic_under_check(workspace: World) -> str:
    for kind, item_id in workspace.library.sources:
        if kind == "clinics" and workspace.library.source(kind, item_id).origin != "built-in":
            return item_id
    return "default"


def _contrast(workspace: World) -> list[Diagnostic]:
    from reportlab.lib.colors import HexColor

    from handouts.layout.theme import INK, WHITE, contrast, text_on

    findings = []
    for clinic_id, clinic in sorted(workspace.library.clinics.items()):
        source = workspace.library.source("clinics", clinic_id)
        brand, accent = HexColor(clinic.colors.brand), HexColor(clinic.colors.accent)
        best = contrast(text_on(brand), brand)
        if best < MIN_CONTRAST:
            findings.append(source.diagnostic(("colors", "brand"), f"no text colour reads well on the brand "
                                              f"colour {clinic.colors.brand} (best contrast {best:.1f}:1, needs "
                                              f"{MIN_CONTRAST}:1)", "contrast.brand",
                                              "choose a darker or a lighter brand colour", "warning"))
        if contrast(brand, WHITE) < MIN_CONTRAST:
            findings.append(source.diagnostic(("colors", "brand"), f"headings in {clinic.colors.brand} on white "
                                              f"are too faint ({contrast(brand, WHITE):.1f}:1); they print in "
                                              "black instead", "contrast.headings", severity="warning"))
        if contrast(INK, accent) < MIN_CONTRAST:
            findings.append(source.diagnostic(("colors", "accent"), f"text on the accent colour "
                                              f"{clinic.colors.accent} is hard to read ({contrast(INK, accent):.1f}:1)",
                                              "contrast.accent", "choose a lighter accent", "warning"))
    return findings


def _order(d: Diagnostic):
    return (d.file or "", d.line or 0, d.col or 0, d.code, d.message)

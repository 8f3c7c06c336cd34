"""Loading figure files: `<folder>/<exercise-id>.yaml` -> checked `FigureSpec`s.

Every file is read with the strict YAML reader (merged with the figure it `extends:`, see
`extend.py`) and validated against the figure schema; then
its `exercise` must name an existing exercise and match the file name, its alt text must be
given in every language, and its poses must be placeable (a foot written to stand on the floor
can reach it, a point written to touch something does). Every problem in every file is
collected and raised together as one `HandoutsError` naming file, line and column.

Contract: `load_figures(world, folder, exercise_ids, languages)` -> `{exercise id: FigureSpec}`; a
missing folder is no figures. `check_figure(source, path, exercise_ids, languages)` checks one
file already read (for loaders that read figures lazily).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence
from typing import AbstractSet as Set

from pydantic import ValidationError

from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean
from handouts.figures import model
from handouts.figures.props import SEEN, SIDE_ONLY
from handouts.figures.scene import compose
from handouts.source.load import Source, schema_diagnostics

if TYPE_CHECKING:
    from handouts.world.core import World

_FIELD_NAMES = sorted({name for cls in (model.FigureSpec, model.Pose, model.Prop, model.Arrow, model.Inset)
                       for name in cls.model_fields} | {"extends"})


def load_figures(world: World, folder: Path, exercise_ids: Iterable[str], languages: Sequence[str],
                 origin: str = "built-in") -> dict[str, model.FigureSpec]:
    """Every figure in `folder` (read through `world`), or one `HandoutsError` listing every
    problem found."""
    from handouts.figures.extend import figure_source
    from handouts.source.load import FigureFile

    known = set(exercise_ids)
    figures: dict[str, model.FigureSpec] = {}
    problems: list[Diagnostic] = []
    paths = world.files(folder, ".yaml")
    layers = {path.stem: [FigureFile(path, origin, 0)] for path in paths}  # `extends:` within the folder
    for path in paths:
        try:
            source = figure_source(world, path, origin, layers)
        except HandoutsError as exc:
            problems.extend(exc.diagnostics)
            continue
        found = check_figure(source, path, known, languages)
        if isinstance(found, model.FigureSpec):
            figures[found.exercise] = found
        else:
            problems.extend(found)
    if problems:
        raise HandoutsError(sorted(set(problems), key=lambda d: (d.file or "", d.line or 0, d.col or 0, d.message)))
    return figures


def check_figure(source: Source, path: Path, known: Set[str], languages: Sequence[str]
                 ) -> model.FigureSpec | list[Diagnostic]:
    """One parsed figure file checked: its `FigureSpec`, or the diagnostics of what is wrong."""
    if not isinstance(source.document.data, dict):
        return [source.diagnostic((), "expected a mapping of keys to values", "schema.not-mapping")]
    try:
        spec = model.FigureSpec.model_validate(source.document.data,
                                               context={"languages": frozenset(languages)})
    except ValidationError as exc:
        return [_figure_hint(d) for d in schema_diagnostics(exc, source)]
    problems = []
    if spec.exercise != path.stem:
        problems.append(source.diagnostic(
            ("exercise",), f"exercise '{spec.exercise}' does not match the file name '{path.name}'",
            "figure.id-mismatch", f"rename the file to '{spec.exercise}.yaml' or change 'exercise'"))
    if spec.exercise not in known:
        problems.append(source.diagnostic(
            ("exercise",), f"there is no exercise '{spec.exercise}'", "figure.unknown-exercise",
            did_you_mean(spec.exercise, known)))
    missing = [lang for lang in sorted(languages) if lang not in spec.alt]
    if missing:
        present = ", ".join(sorted(spec.alt))
        problems.append(source.diagnostic(
            ("alt",), f"missing '{missing[0]}' alt text (has: {present})", "content.missing-translation",
            "describe the picture in one sentence in every language"))
    for i, prop in enumerate(spec.props):
        if spec.view == "front" and prop.kind in SIDE_ONLY:
            problems.append(source.diagnostic(("props", i), f"'{prop.kind}' is drawn in side view only",
                                              "figure.prop-view", "use view: side, or leave it out"))
        if spec.view == "three-quarter" and (prop.kind not in SEEN or prop.at is not None and prop.kind == "chair"):
            what = "a chair to hold on to" if prop.kind == "chair" else f"'{prop.kind}'"
            problems.append(source.diagnostic(("props", i), f"{what} is not drawn in three-quarter view",
                                              "figure.prop-view", "use view: side, or leave it out"))
    if spec.view == "three-quarter" and spec.inset is not None:
        problems.append(source.diagnostic(("inset",), "the feet inset is drawn in side view only",
                                          "figure.prop-view", "use view: side, or leave it out"))
    if not problems:
        _, posed = compose(spec)
        problems += [source.diagnostic(loc, message, "figure.inset" if loc[:1] == ("inset",) else "figure.pose")
                     for loc, message in posed]
    return problems or spec


_check = check_figure  # the name the library loader first used


def _figure_hint(diagnostic: Diagnostic) -> Diagnostic:
    """Suggest figure keys, not content keys, for an unknown key."""
    key = re.fullmatch(r"unknown key '(.*)'", diagnostic.message)
    if diagnostic.code != "schema.extra_forbidden" or key is None:
        return diagnostic
    hint = did_you_mean(key.group(1), [n for n in _FIELD_NAMES if n != key.group(1)]) or "remove it"
    return Diagnostic(diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.severity,
                      diagnostic.message, diagnostic.code, hint)

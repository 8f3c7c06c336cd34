"""`extends:` in a figure file: start from another figure and write only what differs.

A clinic's `figures/<id>.yaml` may say `extends: chair-stand` and give only the keys it
changes. The base is looked up by id in the figure's own folder and in the folders under it
(a clinic project's figures, then the built-in library's), never above: a built-in figure
never picks up a clinic's. A figure that extends its own id (a clinic's `chair-stand.yaml`
with `extends: chair-stand`) starts from the one it replaces. The base may extend another
figure in turn, up to `MAX_LEVELS` steps.

Merging: mappings (`start`, `end`, `near`, `far`, `alt`) merge key by key, the file's own
value winning; anything else (`view`, `hold`, a list such as `props`, `arrows` or `touch`)
is replaced whole. `exercise` is never inherited: every file names its own. The result is
then checked exactly like a figure written out in full (`load.check_figure`). A problem in a
value the file inherited is reported at its `extends:` line, naming the base it came from.

Every file of the chain is read through the world, so a build that prints the figure
records the base files too: a changed base makes every kept result that used it stale.

Contract: `figure_source(world, path, origin, layers)` -> `Source` for `check_figure`, or
raises `HandoutsError` (unknown base, a cycle, too many levels, a malformed `extends`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean, display_path
from handouts.source.load import FigureFile, Source
from handouts.source.model import ID_PATTERN
from handouts.source.yamlsafe import Loc, YamlDocument

if TYPE_CHECKING:
    from handouts.world.core import World

MAX_LEVELS = 4
"""How many `extends:` steps a figure may take to its last base."""

KEY = "extends"
NOT_INHERITED = ("exercise",)


Layers = Mapping[str, Sequence[FigureFile]]
"""Figure id -> its files, lowest root first."""


@dataclass(frozen=True)
class LayeredSource(Source):
    """A merged figure: positions in the file itself; what it inherited, at its `extends:`."""

    inherited: frozenset[Loc] = frozenset()
    base: str = ""

    def diagnostic(self, loc: tuple, message: str, code: str, hint: str | None = None,
                   severity: str = "error") -> Diagnostic:
        if self.document.known_path(loc) in self.inherited:
            message = f"{message} (inherited from '{self.base}')"
            hint = hint or f"set it in this file to override '{self.base}'"
        return super().diagnostic(loc, message, code, hint, severity)


def figure_source(world: World, path: Path, origin: str, layers: Layers) -> Source:
    """The figure file at `path` as checkable source: itself, or merged with what it extends."""
    rank = _rank_of(path, layers)
    document = world.yaml(path)
    if not isinstance(document.data, dict) or KEY not in document.data:
        return Source(document, origin)
    data, base = _resolve(world, document, rank, layers, (path,))
    marks = {}
    inherited = set()
    extends_mark = document.marks.get((KEY,), (1, 1))
    for loc in _locations(data):
        if loc in document.marks:
            marks[loc] = document.marks[loc]
        else:
            marks[loc] = extends_mark
            inherited.add(loc)
    marks[()] = document.marks.get((), (1, 1))
    merged = YamlDocument(document.path, data, marks, document.text)
    return LayeredSource(merged, origin, frozenset(inherited), base)


def _resolve(world: World, document: YamlDocument, rank: int, layers: Layers,
             chain: tuple[Path, ...]) -> tuple[dict[str, Any], str]:
    """`document`'s data merged over its bases (without `extends`), and the name of its base."""
    data = document.data
    assert isinstance(data, dict) and KEY in data
    wanted = data[KEY]
    shown = display_path(document.path)
    line, col = document.position((KEY,))

    def fail(message: str, code: str, hint: str) -> HandoutsError:
        return HandoutsError([Diagnostic(shown, line, col, "error", message, code, hint)])

    if not isinstance(wanted, str) or not re.fullmatch(ID_PATTERN, wanted):
        raise fail(f"'{KEY}' must be the id of a figure, not {wanted!r}", "figure.extends",
                   "write the id of the figure to start from, e.g. 'extends: chair-stand'")
    base = _base(wanted, document.path, rank, layers)
    if base is None:
        itself = wanted == document.path.stem
        raise fail(f"'{KEY}: {wanted}': there is no {'earlier ' if itself else ''}figure '{wanted}' to start from",
                   "figure.extends-unknown",
                   (did_you_mean(wanted, [k for k in layers if _base(k, document.path, rank, layers)])
                    or "see 'handouts pictures' for the figures there are"))
    if base.path in chain:
        names = " -> ".join(p.stem for p in (*chain, base.path))
        raise fail(f"'{KEY}' goes round in a circle: {names}", "figure.extends-cycle",
                   "let one of these figures be written out in full, without 'extends'")
    if len(chain) > MAX_LEVELS:  # this would be step len(chain)
        names = " -> ".join(p.stem for p in (*chain, base.path))
        raise fail(f"'{KEY}' goes more than {MAX_LEVELS} figures deep: {names}", "figure.extends-depth",
                   f"extend a figure nearer the built-in one: at most {MAX_LEVELS} steps")
    base_document = world.yaml(base.path)
    base_data = base_document.data
    if not isinstance(base_data, dict):
        raise fail(f"figure '{wanted}' ({display_path(base.path)}) is not a mapping of keys to values",
                   "figure.extends", f"fix '{display_path(base.path)}' first")
    if KEY in base_data:
        base_data, _ = _resolve(world, base_document, base.rank, layers, (*chain, base.path))
    own = {k: v for k, v in data.items() if k != KEY}
    inherited = {k: v for k, v in base_data.items() if k not in NOT_INHERITED and k != KEY}
    return _merge(inherited, own), wanted


def _base(wanted: str, path: Path, rank: int, layers: Layers) -> FigureFile | None:
    """The file `extends: wanted` names, seen from `path` in the root of `rank`."""
    found = [layer for layer in layers.get(wanted, ()) if layer.rank <= rank and layer.path != path]
    if wanted == path.stem:
        found = [layer for layer in found if layer.rank < rank]
    return found[-1] if found else None


def _rank_of(path: Path, layers: Layers) -> int:
    for layer in layers.get(path.stem, ()):
        if layer.path == path:
            return layer.rank
    return 0


def _merge(base: Any, own: Any) -> Any:
    if isinstance(base, dict) and isinstance(own, dict):
        merged = dict(base)
        for key, value in own.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return own


def _locations(data: Any, loc: Loc = ()) -> list[Loc]:
    found: list[Loc] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += [(*loc, key), *_locations(value, (*loc, key))]
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += [(*loc, i), *_locations(value, (*loc, i))]
    return found

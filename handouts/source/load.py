"""Stage 1, load: read the built-in library and any project folders layered over it.

Contract: `load_library(world, languages)` -> `Library`. Reads, through the world,
`<root>/{exercises,notes,recipes,clinics}/*.yaml` for each of its roots in order; an item in
a later root replaces the one with the same id in an earlier root. Every problem in every file
is collected first and raised together as one `HandoutsError` whose diagnostics name file, line
and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Sequence, cast

from pydantic import ValidationError

from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean, display_path
from handouts.source import model
from handouts.source.yamlsafe import YamlDocument

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from handouts.world.core import World

_FIELD_NAMES = sorted({name for cls in (
    model.Exercise, model.ExerciseText, model.Dosage, model.Note, model.NoteText, model.Clinic,
    model.Address, model.Colors, model.Recipe, model.ProseSection, model.ListSection,
    model.NoteSection, model.ExercisesSection, model.ContactSection, model.ExerciseRef,
) for name in cls.model_fields})


@dataclass(frozen=True)
class Source:
    """Where an item came from: its parsed document (for positions) and which root."""

    document: YamlDocument
    origin: str  # "built-in" or the project folder as shown to the user

    @property
    def file(self) -> str:
        return display_path(self.document.path)

    def diagnostic(self, loc: tuple, message: str, code: str, hint: str | None = None,
                   severity: str = "error") -> Diagnostic:
        line, col = self.document.position(loc)
        return Diagnostic(self.file, line, col, severity, message, code, hint)


class FigureFile(NamedTuple):
    """A figure file and the rank of the root holding it (0: the built-in library); what
    `extends:` looks its base up in (figures/extend.py)."""

    path: Path
    origin: str
    rank: int


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    origin: str


@dataclass(frozen=True)
class Library:
    languages: tuple[str, ...]
    exercises: Mapping[str, model.Exercise]
    notes: Mapping[str, model.Note]
    recipes: Mapping[str, model.Recipe]
    clinics: Mapping[str, model.Clinic]
    sources: Mapping[tuple[str, str], Source]  # (kind, id) -> source
    articles: Mapping[tuple[str, str], "ArticleFile"]  # (id, lang) -> Markdown file, parsed when built
    figure_files: Mapping[str, tuple[Path, str]] = field(default_factory=dict)  # exercise id -> (file, origin)
    world: Any = field(default=None, compare=False, repr=False)  # the World it was read from
    figure_layers: Mapping[str, Sequence[FigureFile]] = field(default_factory=dict)  # id -> its files, lowest root first
    _figures: dict = field(default_factory=dict, compare=False, repr=False)

    def figure(self, exercise_id: str):
        """The drawn figure of an exercise (a figures.FigureSpec), or None; read on first use.

        Figures are parsed and placed only when a leaflet prints them (placing a pose is real
        work); `check` reads them all. The file, and every figure it `extends:`, is read through
        the world every time, so the build that prints it records them all; the checked figure
        is kept while the merged text is the same.
        """
        from handouts.figures.extend import figure_source
        from handouts.figures.load import check_figure

        found = self.figure_files.get(exercise_id)
        if found is None:
            return None
        path, origin = found
        source = figure_source(self.world, path, origin, self.figure_layers)
        key = (path, repr(source.document.data))
        if key not in self._figures:
            figure = check_figure(source, path, set(self.exercises), self.languages)
            if isinstance(figure, list):
                raise HandoutsError(figure)
            self._figures[key] = figure
        return self._figures[key]

    def items(self, kind: str) -> Mapping[str, model.Item]:
        return getattr(self, kind)

    def source(self, kind: str, item_id: str) -> Source:
        return self.sources[(kind, item_id)]


def load_library(world: World, languages: Sequence[str]) -> Library:
    """Load every item under each of the world's roots; later roots override earlier ones."""
    library, problems = load_library_partially(world, languages)
    if problems:
        raise HandoutsError(problems)
    return library


def load_library_partially(world: World, languages: Sequence[str]) -> tuple[Library, list[Diagnostic]]:
    """Like `load_library`, but returns the items that loaded together with every problem, so
    `check` can go on checking what is not broken."""
    items: dict[str, dict[str, model.Item]] = {kind: {} for kind in model.KINDS}
    sources: dict[tuple[str, str], Source] = {}
    problems: list[Diagnostic] = []
    articles: dict[tuple[str, str], ArticleFile] = {}
    context = {"languages": frozenset(languages)}
    roots = world.roots()
    for root, origin in roots:
        if origin != "built-in" and root / "clinic.yaml" in world.files(root, "clinic.yaml"):
            _load_item(world, model.Clinic, root / "clinic.yaml", origin, context, items["clinics"], sources,
                       problems, check_name=False)
        for path in world.files(root / "articles", ".md"):
            name = path.name.removesuffix(".md")
            article_id, _, lang = name.rpartition(".")
            if lang not in languages or not re.fullmatch(model.ID_PATTERN, article_id):
                problems.append(Diagnostic(display_path(path), None, None, "error",
                                           "an article's file name is <id>.<language>.md", "load.article-name",
                                           f"e.g. {article_id or name}.{sorted(languages)[0]}.md"))
                continue
            articles[(article_id, lang)] = ArticleFile(path, origin)
        for kind, cls in model.KINDS.items():
            for path in world.files(root / kind, ".yaml"):
                _load_item(world, cls, path, origin, context, items[kind], sources, problems)
    layers: dict[str, list[FigureFile]] = {}
    for rank, (root, origin) in enumerate(roots):
        for path in world.files(root / "figures", ".yaml"):
            layers.setdefault(path.stem, []).append(FigureFile(path, origin, rank))
    figures = {name: (found[-1].path, found[-1].origin) for name, found in layers.items()}
    # each kind's mapping holds only items of that kind's class (_load_item validates with it)
    return (Library(tuple(sorted(languages)), cast("dict[str, model.Exercise]", items["exercises"]),
                    cast("dict[str, model.Note]", items["notes"]), cast("dict[str, model.Recipe]", items["recipes"]),
                    cast("dict[str, model.Clinic]", items["clinics"]), sources, articles, figures, world, layers),
            sorted(set(problems), key=_order))


def _load_item(world: World, cls: type[model.Item], path: Path, origin: str, context, items: dict, sources: dict,
               problems: list, check_name: bool = True) -> None:
    try:
        document = world.yaml(path)
    except HandoutsError as exc:
        problems.extend(exc.diagnostics)
        return
    source = Source(document, origin)
    item = _validate(cls, document, source, context, problems)
    if item is None:
        return
    if check_name and item.id != path.stem:
        problems.append(source.diagnostic(
            ("id",), f"id '{item.id}' does not match the file name '{path.name}'",
            "load.id-mismatch", f"rename the file to '{item.id}.yaml' or change the id"))
        return
    kind = next(k for k, c in model.KINDS.items() if c is cls)
    items[item.id] = item
    sources[(kind, item.id)] = source


def _validate(cls: type[model.Item], document: YamlDocument, source: Source, context, problems) -> model.Item | None:
    if not isinstance(document.data, dict):
        problems.append(source.diagnostic((), "expected a mapping of keys to values",
                                          "schema.not-mapping"))
        return None
    try:
        return cls.model_validate(document.data, context=context)
    except ValidationError as exc:
        problems.extend(schema_diagnostics(exc, source))
        return None


def schema_diagnostics(exc: ValidationError, source: Source) -> list[Diagnostic]:
    """pydantic's errors as diagnostics at their place in the source, one per place."""
    found: dict[tuple, Diagnostic] = {}
    errors = exc.errors(include_url=False, include_context=True)
    deeper = [tuple(e["loc"]) for e in errors]
    # A list that is "too short" because its items failed says nothing new: report the items.
    errors = [e for e in errors if not (e["type"] == "too_short" and any(
        len(other) > len(e["loc"]) and other[: len(e["loc"])] == tuple(e["loc"]) for other in deeper))]
    for err in errors:
        diagnostic = _schema_diagnostic(err, source)
        found.setdefault((diagnostic.line, diagnostic.col), diagnostic)  # unions report twice
    return list(found.values())


def _schema_diagnostic(err: ErrorDetails, source: Source) -> Diagnostic:
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    known = source.document.known_path(loc)
    if kind in ("extra_forbidden", "missing"):  # the key is not in the document (yet)
        known = known + loc[-1:]
    key = next((step for step in reversed(known) if isinstance(step, str)), "")
    hint = None
    if kind == "extra_forbidden":
        message = f"unknown key '{key}'"
        hint = did_you_mean(key, _FIELD_NAMES) or "remove it"
    elif kind == "missing":
        message = f"missing required key '{key}'"
    elif kind in ("int_type", "tuple_type") and isinstance(value, str):
        message = f"'{key}' must be a number, not the text '{value}'"
        hint = "write whole numbers without quotes or leading zeros"
    elif kind == "string_too_long":
        message = f"'{key}' is too long: {err['msg'][0].lower()}{err['msg'][1:]}"
        hint = "split it into shorter parts"
    elif kind == "bool_type":
        message = f"'{key}' must be true or false, not '{value}'"
    elif kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") in model.PATTERN_WORDS:
        words, hint = model.PATTERN_WORDS[err["ctx"]["pattern"]]
        message = f"'{key}' must be {words}, not '{value}'"
    elif kind == "string_type" and value is None and _commented_out(source, loc):
        message = f"'{key}' has no value: an unquoted # starts a YAML comment"
        hint = "quote the value, like '#0b6e4f'"
    elif kind == "literal_error" and isinstance(value, str):
        message = f"'{key}': {err['msg'][0].lower()}{err['msg'][1:]}"
        expected = [part.strip(" '") for part in err["msg"].split("should be", 1)[1].replace(" or ", ",").split(",")]
        hint = did_you_mean(value, expected)
    else:
        text = err["msg"].removeprefix("Value error, ")
        message = f"'{key}': {text[0].lower()}{text[1:]}" if key else text
    return source.diagnostic(loc, message, f"schema.{kind}", hint)


def _commented_out(source: Source, loc: tuple) -> bool:
    """Whether the line of the value at `loc` has a '#' after its key (a colour left unquoted)."""
    line, _ = source.document.position(loc)
    lines = source.document.text.splitlines()
    return 0 < line <= len(lines) and re.search(r":\s+#", lines[line - 1]) is not None


def _order(d: Diagnostic):
    return (d.file or "", d.line or 0, d.col or 0, d.message)

"""The front desk's engine: fields in (a batch job's, as JSON or from the page), the same build
and check as the CLI's out. No web framework here: app.py speaks HTTP, this speaks `Request`.

Contract: `Desk(world, clinic)` serves one World (the clinic project the server was started in)
to many threads: every use of the world, reportlab and PDFium is under one lock, so requests are
served concurrently and built one at a time (a build takes ~0.1 s once the library is parsed).
Field problems raise `FieldErrors`, each diagnostic with the field it concerns, worded as the CLI
words it (`--set`'s own parser, `personal_text`'s caps). Nothing here writes a file or logs.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field, StrictBool, StrictStr, ValidationError

from handouts.batch import limits
from handouts.batch.runner import JobSpec
from handouts.diagnostics import Diagnostic, HandoutsError, error
from handouts.resolve.program import MAX_ITEMS, Program, decode_program, encode_program, program_of
from handouts.resolve.request import MAX_NAME, MAX_NOTES, Composition, Request

if TYPE_CHECKING:
    from handouts.build import Built
    from handouts.world.core import World

MAX_PREVIEW_PAGES = 40
# what the page offers per exercise; the other keys of a program code's changes are kept as they are
DOSE_KEYS = ("reps", "sets", "hold", "rest", "minutes", "times_per_day", "days_per_week", "load_kg")
Cell = StrictStr  # a text field; its length is bounded by limits.MAX_CELL_CHARS below


class Fields(JobSpec):
    """A build as the API takes it: a batch job's fields (docs: README, "HTTP API"), and for a
    leaflet made from scratch (no recipe) the library notes and title. `program` is a program
    code; the fields given beside it win."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    pick: tuple[StrictStr, ...] | None = Field(None, max_length=MAX_ITEMS)
    set: tuple[StrictStr, ...] = Field((), max_length=300)
    note: tuple[StrictStr, ...] = Field((), max_length=MAX_NOTES)
    with_note: tuple[StrictStr, ...] = Field((), max_length=MAX_ITEMS)
    title: StrictStr | None = None
    program: StrictStr | None = None
    pdfa: StrictBool = False
    large_print: StrictBool = False


@dataclass(frozen=True)
class Problem:
    field: str | None  # "patient", "set[2]", "pick", ... None: the leaflet as a whole
    diagnostic: Diagnostic

    def as_json(self) -> dict[str, Any]:
        d = self.diagnostic
        return {"field": self.field, "file": d.file, "line": d.line, "col": d.col, "severity": d.severity,
                "code": d.code, "message": d.message, "hint": d.hint}


class FieldErrors(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def parse_fields(data: Any) -> Fields:
    """JSON (or the page's form, made into the same dict) as `Fields`, or `FieldErrors`."""
    try:
        fields = Fields.model_validate(data)
    except ValidationError as exc:
        problems = []
        for item in exc.errors(include_url=False, include_input=False):
            name = ".".join(str(part) for part in item["loc"]) or None
            problems.append(Problem(name, Diagnostic(None, None, None, "error", f"'{name}': {item['msg']}",
                                                     "request.field")))
        raise FieldErrors(problems) from None
    long = [name for name, value in fields if _longest(value) > limits.MAX_CELL_CHARS]
    if long:
        raise FieldErrors([Problem(name, Diagnostic(None, None, None, "error",
                                                    f"'{name}' has more than {limits.MAX_CELL_CHARS} characters",
                                                    "request.too-long")) for name in long])
    return fields


def _longest(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple):
        return max((len(v) for v in value if isinstance(v, str)), default=0)
    return 0


class Desk:
    def __init__(self, world: World, clinic: str, environ: dict[str, str] | None = None):
        self.world, self.clinic = world, clinic
        self.environ = dict(os.environ if environ is None else environ)
        self.lock = threading.Lock()
        self._pictures: dict[str, str] = {}
        self._library: dict[str, Any] | None = None

    # --- requests ---------------------------------------------------------------------------

    def request(self, fields: Fields) -> tuple[Request, Program]:
        """The request the fields ask for and its program, or every problem found, by field."""
        from handouts.resolve.changes import parse_change, parse_picks
        from handouts.world.core import build_date

        problems: list[Problem] = []

        def attempt(field: str | None, work):
            try:
                return work()
            except HandoutsError as exc:
                problems.extend(Problem(field, d) for d in exc.diagnostics)
                return None

        program = attempt("program", lambda: decode_program(fields.program)) if fields.program else None
        recipe = fields.recipe if fields.recipe is not None else (program.recipe if program else None)
        lang = fields.lang or (program.lang if program else None)
        pick_values = fields.pick if fields.pick is not None else (program.picks if program else None)
        set_values = fields.set or (program.changes if program else ())
        with_notes = fields.with_note or (program.with_notes if program else ())
        phase = fields.phase or (program.phase if program else None)
        large = fields.large_print or bool(program and program.large_print)
        if not lang:
            problems.append(Problem("lang", _diag("no language", "request.language", "choose sv or da")))
        if fields.output is not None:
            problems.append(Problem("output", _diag("'output' has no meaning here: the PDF is the answer",
                                                    "request.field", "leave it out")))
        if fields.clinic is not None and fields.clinic != self.clinic and not limits.CLINIC_ID.fullmatch(fields.clinic):
            problems.append(Problem("clinic", _diag("the clinic is a clinic id here, not a folder", "request.clinic",
                                                    "the server serves the clinic project it was started in")))
        if fields.title is not None and len(fields.title) > MAX_NAME:
            problems.append(Problem("title", _diag(f"the title is longer than {MAX_NAME} characters",
                                                   "request.too-long")))
        picks = attempt("pick", lambda: parse_picks(pick_values)) if pick_values is not None else None
        if recipe is None and not picks and not any(p.field == "pick" for p in problems):
            problems.append(Problem("pick", _diag("no program and no exercises", "request.pick",
                                                  "choose a program, or pick exercises for a leaflet from scratch")))
        changes = tuple(c for i, text in enumerate(set_values)
                        if (c := attempt(f"set[{i}]", lambda text=text: parse_change(text))) is not None)
        date = None
        if fields.date:
            try:
                date = dt.date.fromisoformat(fields.date)
            except ValueError:
                problems.append(Problem("date", _diag(f"date '{fields.date[:20]}' is not YYYY-MM-DD", "request.date")))
        printed = attempt("date", lambda: build_date(date, self.environ))
        if problems:
            raise FieldErrors(problems)
        assert lang is not None and printed is not None
        composition = None if recipe else Composition(tuple(picks or ()), tuple(with_notes), fields.title or None)
        request = Request(recipe=recipe or "compose", lang=lang, date=printed, clinic=fields.clinic or self.clinic,
                          phase=phase, patient=_text(fields.patient), therapist=_text(fields.therapist),
                          notes=tuple(n for n in fields.note if n.strip()), picks=picks if recipe else None,
                          changes=changes, compose=composition, large_print=large)
        program_asked = program_of(request)  # as the leaflet prints it
        assert program_asked is not None  # a recipe here is an id: `Fields` takes no file
        return request, program_asked

    # --- the engine -------------------------------------------------------------------------

    def build(self, fields: Fields) -> tuple[Built, str]:
        """The leaflet as `handouts build` makes it, and its program code."""
        from handouts.build import build

        request, program = self.request(fields)
        with self.lock:
            try:
                built = build(self.world, request, fields.imposition, fields.pdfa)
                code = encode_program(program)
            except HandoutsError as exc:
                raise FieldErrors([Problem(self._field(d, request), d) for d in exc.diagnostics]) from None
        return built, code

    @staticmethod
    def _field(diagnostic: Diagnostic, request: Request) -> str | None:
        """`field_of`, and for a dosage the engine refused, the `set` item that asked for it."""
        found = re.match(r"dosage of '([a-z0-9-]+)': ([a-z_]+)", diagnostic.message)
        if diagnostic.code == "request.set" and found:
            for index, change in enumerate(request.changes):
                if (change.exercise, change.key) == found.groups():
                    return f"set[{index}]"
        return field_of(diagnostic)

    def check(self, fields: Fields) -> list[Diagnostic]:
        """What `handouts check` reports about this one leaflet as it would print."""
        from handouts.check.content import check_leaflet

        request, _ = self.request(fields)
        with self.lock:
            return check_leaflet(self.world, request)

    def pages(self, data: bytes, width: int = 620) -> list[bytes]:
        """The PDF's pages as PNG images `width` pixels wide, at most MAX_PREVIEW_PAGES."""
        import pypdfium2 as pdfium

        images = []
        with self.lock:
            document = pdfium.PdfDocument(data)
            try:
                for index in range(min(len(document), MAX_PREVIEW_PAGES)):
                    page = document[index]
                    image = page.render(scale=width / page.get_width()).to_pil()
                    out = io.BytesIO()
                    image.save(out, "PNG", optimize=False)
                    images.append(out.getvalue())
                    page.close()
            finally:
                document.close()
        return images

    # --- the library ------------------------------------------------------------------------

    def library(self) -> dict[str, Any]:
        """Every exercise, note, recipe and article, with what the page needs to show and pick
        them (`GET /api/library`). Made once: the server's world is read at its start."""
        with self.lock:
            if self._library is None:
                self._library = self._make_library()
            return self._library

    def _make_library(self) -> dict[str, Any]:
        from handouts.resolve.dosage import dosage_sentences
        from handouts.resolve.recipe import display_name
        from handouts.source import model

        library = self.world.library
        cats = self.world.catalogues
        langs = list(library.languages)
        exercises: list[dict[str, Any]] = []
        for exercise_id, ex in sorted(library.exercises.items()):
            exercises.append({
                "id": exercise_id, "tags": list(ex.tags), "position": ex.position, "equipment": list(ex.equipment),
                "phases": list(ex.phases), "dosage": _dosage_json(ex.dosage),
                "picture": f"/pictures/{exercise_id}.svg" if self._has_picture(exercise_id) else None,
                "text": {lang: {"name": ex.text[lang].name, "purpose": ex.text[lang].purpose,
                                "steps": list(ex.text[lang].steps), "cautions": list(ex.text[lang].cautions),
                                "dosage": list(dosage_sentences(ex.dosage, cats[lang]))}
                         for lang in langs if lang in ex.text}})
        recipes = []
        for recipe_id, recipe in sorted(library.recipes.items()):
            # `group`: the exercises section an exercise is in (picks reorder within one only)
            groups = [section for section in recipe.sections if isinstance(section, model.ExercisesSection)]
            refs = [(group, ref) for group, section in enumerate(groups) for ref in section.exercises]
            recipes.append({"id": recipe_id, "layout": recipe.layout,
                            "title": {lang: display_name(recipe.title, lang) for lang in langs},
                            "exercises": [{"id": ref.id, "group": group, "dosage": _dosage_json(_merged(library, ref))}
                                          for group, ref in refs if ref.id in library.exercises],
                            "phases": [recipe.phase.id] if recipe.phase else []})
        articles: dict[str, dict[str, Any]] = {}
        listing = _article_titles(self.world)
        for (article_id, lang), _file in sorted(library.articles.items()):
            entry = articles.setdefault(article_id, {"id": article_id, "title": {}, "languages": []})
            entry["title"][lang] = listing.get((article_id, lang), article_id)
            entry["languages"].append(lang)
        notes = [{"id": note_id, "kind": note.kind, "title": {lang: note.text[lang].title for lang in note.text}}
                 for note_id, note in sorted(library.notes.items())]
        clinic = library.clinics.get(self.clinic)
        name = display_name(clinic.name, None) if clinic else self.clinic
        return {"languages": langs, "clinic": {"id": self.clinic, "name": name},
                "positions": sorted({e["position"] for e in exercises}),
                "tags": sorted({t for e in exercises for t in e["tags"]}),
                "equipment": sorted({t for e in exercises for t in e["equipment"]}),
                "dose_keys": list(DOSE_KEYS), "exercises": exercises, "recipes": recipes,
                "articles": list(articles.values()), "notes": notes}

    def picture(self, exercise_id: str) -> str:
        """An exercise's drawn picture as SVG (the drawing `handouts show --picture` writes)."""
        from handouts.layout.contact_sheet import exercise_svg

        with self.lock:
            if exercise_id not in self._pictures:
                self._pictures[exercise_id] = exercise_svg(self.world, exercise_id)
            return self._pictures[exercise_id]

    def _has_picture(self, exercise_id: str) -> bool:
        return exercise_id in self.world.library.figure_files

    def show(self, exercise_id: str, lang: str):
        """One exercise as its card prints, in `lang`."""
        from handouts.resolve.recipe import resolve_exercise

        with self.lock:
            return resolve_exercise(self.world.library, self.world.catalogues, exercise_id, lang)


def _merged(library, ref) -> Any:
    """The dosage an exercise prints with in a recipe: its own, with the recipe's changes."""
    from handouts.source import model

    overrides = ref.dosage_changes()
    return model.Dosage.model_validate({**library.exercises[ref.id].dosage.model_dump(exclude_defaults=True),
                                        **overrides})


def _dosage_json(dosage) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in DOSE_KEYS + ("per_side",):
        value = getattr(dosage, key)
        if value is None:
            continue
        out[key] = f"{value[0]}-{value[1]}" if isinstance(value, tuple) else value
    return out


def _article_titles(world: World) -> dict[tuple[str, str], str]:
    from handouts.resolve.article import article_title

    return {key: article_title(world, file.path) for key, file in world.library.articles.items()}


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _diag(message: str, code: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(None, None, None, "error", message, code, hint)


_OPTION_FIELDS = {"--patient": "patient", "--therapist": "therapist", "--note": "note", "--date": "date",
                  "--set": "set", "--pick": "pick"}
_CODE_FIELDS = {"request.unknown-recipe": "recipe", "request.article": "recipe", "request.language": "lang",
                "request.unknown-exercise": "pick", "request.pick": "pick", "request.exercise": "pick",
                "content.unknown-exercise": "pick", "content.unknown-note": "with_note",
                "request.phase": "phase", "request.imposition": "imposition", "request.clinic": "clinic"}


def field_of(diagnostic: Diagnostic) -> str | None:
    """The field an engine diagnostic is about: the option it names (its words are the CLI's),
    else its code's; None for the leaflet as a whole."""
    found = re.match(r"(--[a-z-]+)", diagnostic.message)
    if found and found.group(1) in _OPTION_FIELDS:
        return _OPTION_FIELDS[found.group(1)]
    for option, name in _OPTION_FIELDS.items():
        if f"{option} " in diagnostic.message or diagnostic.message.endswith(option):
            return name
    return _CODE_FIELDS.get(diagnostic.code)


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [replace(d, severity="error") for d in diagnostics]


__all__ = ["DOSE_KEYS", "Desk", "FieldErrors", "Fields", "Problem", "error", "field_of", "parse_fields"]

"""The page's form: what a desk typed and clicked, as `Fields` for the desk, and back.

The form posts plain fields (`recipe`, `lang`, `patient`, `pick` in order, `dose.ID.KEY` per
exercise, ...). The picks' order is the print order (a program's, within each group of its
exercises); `order` lists a program's rows as shown, unticked ones too, to list them again.
A dosage that differs from what the program prints becomes a `--set` change (`ID.KEY=VALUE`),
parsed by the CLI's own parser, and a problem with it is shown beside the input it came from.
A program code opens as the same state, without any personal text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handouts.serve.desk import DOSE_KEYS, FieldErrors, Fields, Problem, parse_fields
from handouts.source.model import DOSAGE_KEYS

DOSE_LABELS = {"reps": "Repetitions", "sets": "Sets", "hold": "Hold (s)", "rest": "Rest (s)", "minutes": "Minutes",
               "times_per_day": "Times a day", "days_per_week": "Days a week", "load_kg": "Load (kg)"}
DOSE_INPUT = {"load_kg": "decimal"}  # the keyboard a phone or tablet shows; "numeric" for the others
PERSONAL_FIELDS = ("patient", "therapist", "date", "note", "title")
FIXED_ERRORS = ("recipe", "lang", "patient", "therapist", "date", "note", "title", "pick", "with_note", "program",
                "general")


@dataclass
class FormState:
    recipe: str = ""  # "": a leaflet from scratch
    lang: str = "sv"
    large_print: bool = False
    patient: str = ""
    therapist: str = ""
    date: str = ""
    note: str = ""
    title: str = ""
    phase: str = ""
    picks: list[str] | None = None  # None: every exercise of the program
    order: list[str] = field(default_factory=list)  # a program's rows as the page showed them, unticked too
    with_notes: list[str] = field(default_factory=list)
    doses: dict[tuple[str, str], str] = field(default_factory=dict)
    _sets: list[tuple[str, str]] = field(default_factory=list)  # (--set text, form field), in order

    # --- for the templates ------------------------------------------------------------------

    def kind(self, lib: dict[str, Any]) -> str:
        if not self.recipe:
            return "scratch"
        if any(r["id"] == self.recipe for r in lib["recipes"]):
            return "recipe"
        return "article"

    def rows(self, lib: dict[str, Any]) -> list[dict[str, Any]]:
        """The chosen exercises as the page lists them: the program's (each kept or not), or
        the picks of a leaflet from scratch, in order; each with its dosage inputs."""
        exercises = {e["id"]: e for e in lib["exercises"]}
        kind = self.kind(lib)
        if kind == "recipe":
            recipe = next(r for r in lib["recipes"] if r["id"] == self.recipe)
            listed = [(ref["id"], ref["dosage"], ref["group"]) for ref in recipe["exercises"]]
            if self.order:  # the list again (in another language): as it was shown
                listed.sort(key=lambda row: self.order.index(row[0]) if row[0] in self.order else len(self.order))
            elif self.picks is not None:  # a program code: the picks in order, the unticked in place
                listed = _in_pick_order(listed, self.picks)
        elif kind == "scratch":
            listed = [(i, exercises[i]["dosage"], 0) for i in self.picks or () if i in exercises]
        else:
            listed = []
        rows = []
        for exercise_id, dosage, group in listed:
            exercise = exercises[exercise_id]
            text = exercise["text"].get(self.lang) or next(iter(exercise["text"].values()))
            rows.append({"id": exercise_id, "name": text["name"], "picture": exercise["picture"], "group": group,
                         "checked": self.picks is None or exercise_id in self.picks,
                         "doses": [{"key": key, "label": DOSE_LABELS[key], "default": _shown(dosage.get(key)),
                                    "value": self.doses.get((exercise_id, key), _shown(dosage.get(key))),
                                    "name": f"dose.{exercise_id}.{key}", "id": f"dose-{exercise_id}-{key}",
                                    "inputmode": DOSE_INPUT.get(key, "numeric")}
                                   for key in DOSE_KEYS],
                         # a program code's changes the page has no box for (band, distance, ...): kept
                         "kept": [{"name": f"dose.{exercise_id}.{key}", "value": value}
                                  for (dosed, key), value in self.doses.items()
                                  if dosed == exercise_id and key not in DOSE_KEYS]})
        return rows

    def error_ids(self) -> list[str]:
        """Every error slot the page has for this form, so an answer can clear the old ones."""
        ids = [f"err-{name}" for name in FIXED_ERRORS]
        ids += [f"err-dose-{i}-{k}" for (i, k) in self.doses]
        return ids

    def field_names(self, problems: list[Problem]) -> list[Problem]:
        """Problems by the form's field: `set[2]` becomes the dosage input it came from."""
        named = []
        for problem in problems:
            name = problem.field
            if name and name.startswith("set[") and name.endswith("]"):
                index = int(name[4:-1])
                name = self._sets[index][1] if index < len(self._sets) else "general"
            elif name not in FIXED_ERRORS:
                name = "general"
            named.append(Problem(name, problem.diagnostic))
        return named


def _in_pick_order(listed: list[tuple[str, Any, int]], picks: list[str]) -> list[tuple[str, Any, int]]:
    """A recipe's exercises as the picks order them, as the leaflet prints them: within each
    group, the picked ones take the places of the picked ones in the picks' order; an unticked
    one stays where the recipe has it."""
    ordered = list(listed)
    for group in {g for _, _, g in listed}:
        places = [i for i, (exercise_id, _, g) in enumerate(listed) if g == group and exercise_id in picks]
        picked = sorted((listed[i] for i in places), key=lambda row: picks.index(row[0]))
        for place, row in zip(places, picked):
            ordered[place] = row
    return ordered


def recipe_order(state: FormState, lib: dict[str, Any]) -> list[str]:
    """The exercises of the state's recipe in the recipe's own order."""
    recipe = next(r for r in lib["recipes"] if r["id"] == state.recipe)
    return [ref["id"] for ref in recipe["exercises"]]


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def state_of(pairs: list[tuple[str, str]]) -> FormState:
    """The posted form as a state (unknown fields are ignored: they can't reach the engine)."""
    state = FormState()
    picks: list[str] = []
    picked = False
    for name, value in pairs:
        if name in ("recipe", "lang", "patient", "therapist", "date", "note", "title", "phase"):
            setattr(state, name, value)
        elif name == "large_print":
            state.large_print = value in ("on", "true", "1")
        elif name == "pick":
            picks.append(value)
        elif name == "picked":  # the list was shown: no pick means none were kept
            picked = True
        elif name == "order":
            state.order.append(value)
        elif name == "with_note":
            state.with_notes.append(value)
        elif name.startswith("dose."):
            parts = name.split(".")
            if len(parts) == 3 and parts[2] in DOSAGE_KEYS:
                state.doses[(parts[1], parts[2])] = value.strip()
    state.picks = picks if picks or picked else None
    return state


def form_fields(state: FormState, lib: dict[str, Any] | None = None) -> Fields:
    """The state as the desk's `Fields`; a dosage becomes a change only where it differs from
    what the program prints."""
    defaults = _defaults(state, lib) if lib is not None else {}
    state._sets = []
    for (exercise_id, key), value in state.doses.items():
        if not value or defaults.get((exercise_id, key)) == value:
            continue
        if state.picks is not None and exercise_id not in state.picks:
            continue  # a dropped exercise keeps no changes
        state._sets.append((f"{exercise_id}.{key}={value}", f"dose-{exercise_id}-{key}"))
    data: dict[str, Any] = {"lang": state.lang or None, "large_print": state.large_print,
                            "set": [text for text, _ in state._sets]}
    if state.recipe:
        data["recipe"] = state.recipe
        if state.picks is not None and (lib is None or state.kind(lib) == "recipe"):
            # every exercise in the recipe's order is no pick at all; any other order or subset is
            everything = recipe_order(state, lib) if lib is not None else None
            if state.picks != everything:
                data["pick"] = state.picks
    else:
        data["pick"] = state.picks or []
        data["with_note"] = state.with_notes
        data["title"] = state.title.strip() or None
    for name in ("patient", "therapist", "date", "phase"):
        value = getattr(state, name).strip()
        if value:
            data[name] = getattr(state, name)
    if state.note.strip():
        data["note"] = [state.note]
    return parse_fields(data)


def _defaults(state: FormState, lib: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(row["id"], dose["key"]): dose["default"] for row in FormState(
        recipe=state.recipe, lang=state.lang, picks=state.picks).rows(lib) for dose in row["doses"]}


def state_from_program(code: str) -> FormState:
    """A program code opened on the page: the program, and no personal text (it holds none)."""
    from handouts.diagnostics import HandoutsError
    from handouts.resolve.changes import parse_change
    from handouts.resolve.program import change_text, decode_program

    try:
        program = decode_program(code)
    except HandoutsError as exc:
        raise FieldErrors([Problem("program", d) for d in exc.diagnostics]) from None
    doses = {}
    for text in program.changes:
        change = parse_change(text)
        doses[(change.exercise, change.key)] = change_text(change).split("=", 1)[1]
    return FormState(recipe=program.recipe or "", lang=program.lang, large_print=program.large_print,
                     phase=program.phase or "", picks=list(program.picks) if program.picks is not None else None,
                     with_notes=list(program.with_notes), doses=doses)


__all__ = ["FormState", "PERSONAL_FIELDS", "form_fields", "state_from_program", "state_of"]

"""Review status: which clinical content a clinician has signed off, and what is due again.

Clinical content is every recipe, every recipe's phase marks, every exercise that carries a
phase flag and every safety note. Each is reviewed when it says so itself (`reviewed:` who,
role, date) or when the clinic under check signs it off in its `clinic.yaml` (`signoff:`).
A passed `review:` date is due again. None of this is ever printed on a patient's page.

Severity: content a clinic hands out (its own, or built-in content checked in a clinic's
project) is a warning, an error under `--strict`. The built-in library checked on its own is
reviewed by no one, and says so as a *note*: a fact to know, which `--strict` does not fail on.

Contract: `review_findings(workspace, today)` -> list of `Diagnostic`; raises nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.diagnostics import Diagnostic
from handouts.source import model
from handouts.source.load import Source
from handouts.world.core import World


@dataclass(frozen=True)
class _Item:
    key: str  # "recipes/disc-surgery", "phases/osteoporosis"
    kind: str  # the library folder its file is in
    item_id: str
    loc: tuple  # where, in its file, a finding about it points
    what: str  # "recipe 'disc-surgery'", for a message
    reviewed: model.Reviewed | None
    review: str | None


def review_findings(workspace: World, today: dt.date) -> list[Diagnostic]:
    library = workspace.library
    clinic_id, clinic_source = _project_clinic(workspace)
    signoffs: dict[str, model.SignOff] = {}
    findings: list[Diagnostic] = []
    known = {item.key for item in _clinical_items(library)}
    if clinic_id is not None and clinic_source is not None:
        clinic = library.clinics[clinic_id]
        for i, signoff in enumerate(clinic.signoff):
            for j, key in enumerate(signoff.items):
                if key not in known:
                    findings.append(clinic_source.diagnostic(
                        ("signoff", i, "items", j), f"'{key}' is no clinical item of this library",
                        "review.unknown-item", "sign off recipes/ID, exercises/ID (with phase flags), "
                        "notes/ID (safety notes) or phases/RECIPE", "warning"))
                signoffs.setdefault(key, signoff)
            if signoff.review and dt.date.fromisoformat(signoff.review) < today:
                findings.append(clinic_source.diagnostic(
                    ("signoff", i, "review"), f"the sign-off by {signoff.who} was due for review on "
                    f"{signoff.review}", "review.passed", "review the items again, then set a new date",
                    "warning"))
    for item in _clinical_items(library):
        source = library.source(item.kind, item.item_id)
        severity = "note" if source.origin == "built-in" and clinic_id is None else "warning"
        if item.reviewed is None and item.key not in signoffs:
            hint = ("no clinician has reviewed the built-in content: a clinic signs it off in its "
                    "clinic.yaml (signoff:)" if severity == "note" else
                    f"add 'reviewed: {{who, role, date}}' to it, or sign off '{item.key}' in clinic.yaml")
            verb = "are" if item.key.startswith("phases/") else "is"
            findings.append(source.diagnostic(item.loc, f"{item.what} {verb} not reviewed by a clinician",
                                              "review.unreviewed", hint, severity))
    for item in _clinical_items(library, every=True):
        if item.review and dt.date.fromisoformat(item.review) < today:
            findings.append(library.source(item.kind, item.item_id).diagnostic(
                ("phase", "review") if item.key.startswith("phases/") else ("review",),
                f"{item.what} was due for review on {item.review}", "review.passed",
                "review the content, then set a new review date", "warning"))
    return findings


def _clinical_items(library, every: bool = False) -> list[_Item]:
    """The clinical items of `library`; with `every`, every item that may carry a review date."""
    items: list[_Item] = []
    for recipe_id, recipe in sorted(library.recipes.items()):
        items.append(_Item(f"recipes/{recipe_id}", "recipes", recipe_id, ("id",), f"recipe '{recipe_id}'",
                           recipe.reviewed, recipe.review))
        if recipe.phase is not None:
            items.append(_Item(f"phases/{recipe_id}", "recipes", recipe_id, ("phase", "flag"),
                               f"the phase marks of '{recipe_id}' ({recipe.phase.flag})",
                               recipe.phase.reviewed, recipe.phase.review))
    for exercise_id, exercise in sorted(library.exercises.items()):
        if exercise.phases or every:
            items.append(_Item(f"exercises/{exercise_id}", "exercises", exercise_id, ("phases",),
                               f"exercise '{exercise_id}'" + (f" with phase flags ({', '.join(exercise.phases)})"
                                                                if exercise.phases else ""),
                               exercise.reviewed, exercise.review))
    for note_id, note in sorted(library.notes.items()):
        if note.kind == "safety" or every:
            items.append(_Item(f"notes/{note_id}", "notes", note_id, ("kind",), f"{note.kind} note '{note_id}'",
                               note.reviewed, note.review))
    return items


def _project_clinic(workspace: World) -> tuple[str | None, Source | None]:
    """The clinic of the project under check, if there is one (not the built-in example)."""
    library = workspace.library
    for kind, item_id in library.sources:
        if kind == "clinics" and library.source(kind, item_id).origin != "built-in":
            return item_id, library.source(kind, item_id)
    return None, None

"""What a build is asked for, and the personal text it prints. Light: no library, no pydantic.

Personal text (the date, the patient's and therapist's lines) is worded here, by slot name,
from the request and the language's catalogue, and typeset for the language: resolve puts it
into the leaflet and the stamp prints it, for a fresh build and a remembered one alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handouts.diagnostics import error

if TYPE_CHECKING:
    from handouts.resolve.changes import DosageChange
    from handouts.resolve.i18n import Catalogue

MAX_NAME = 200
MAX_NOTE = 2000
MAX_NOTES = 10


@dataclass(frozen=True)
class Composition:
    """An ad-hoc leaflet put together at the desk: exercises and notes, no recipe."""

    exercises: tuple[str, ...]
    notes: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class Request:
    recipe: str
    lang: str
    date: dt.date
    clinic: str = "default"
    phase: str | None = None  # keep only exercises marked for this phase of the recipe
    patient: str | None = None  # printed on the leaflet, never logged
    therapist: str | None = None
    notes: tuple[str, ...] = ()  # free text for this patient, printed in a box
    picks: tuple[str, ...] | None = None  # keep only these exercises, in this order within a section
    changes: tuple[DosageChange, ...] = ()  # dosage changes for this patient
    compose: Composition | None = None  # build this instead of a recipe
    large_print: bool = False  # the large-print edition: body text 16 pt instead of 12

    def __post_init__(self) -> None:
        # Typed text (a desk, a hospital's patient list) may carry invisible format characters:
        # bidi controls, zero-width spaces. They print nothing but would make the PDF's text
        # layer differ from its page, so they are dropped here; content files must not hold
        # them (the glyph check refuses them there, at their line).
        for name in ("patient", "therapist"):
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, visible(value))
        object.__setattr__(self, "notes", tuple(visible(note) for note in self.notes))


def visible(text: str) -> str:
    """`text` without format characters (Unicode category Cf) but the soft hyphen."""
    import unicodedata

    return "".join(ch for ch in text if ch == "\u00ad" or unicodedata.category(ch) != "Cf")


# The personal options printed in the patient box, in print order: (option, request field, catalogue key).
_PATIENT_FIELDS = (("--patient", "patient", "patient.for"), ("--therapist", "therapist", "patient.therapist"))
_ARTICLE_KEYS = {"patient.for": "patient.to"}  # an article is addressed to the patient: "Till Åsa Öberg"


def personal_text(request: Request, cat: Catalogue, article: bool = False) -> dict[str, str]:
    """The personal text by slot name: the one place it is worded, for every build.

    "printed" is the date ("Datum 1 december 2026"); "patient.0", "patient.1" the lines of the
    patient box: for whom the program is ("Program för Åsa Öberg"), or to whom an `article` is
    addressed ("Till Åsa Öberg"), and the therapist. Refuses text over the CLI's caps."""
    from handouts.resolve.typography import typeset

    for option, name, _ in _PATIENT_FIELDS:
        value = getattr(request, name)
        if value and len(value) > MAX_NAME:
            raise error(f"{option} is longer than {MAX_NAME} characters", "request.too-long")
    if len(request.notes) > MAX_NOTES or any(len(note) > MAX_NOTE for note in request.notes):
        raise error(f"at most {MAX_NOTES} notes of {MAX_NOTE} characters each", "request.too-long",
                    hint="put longer advice in a note file of the clinic project")
    keys = [(name, _ARTICLE_KEYS.get(key, key) if article else key) for _, name, key in _PATIENT_FIELDS]
    lines = [cat.text(key, name=getattr(request, name)) for name, key in keys if getattr(request, name)]
    values = {"printed": cat.text("page.printed", date=cat.date(request.date))}
    values.update((f"patient.{i}", line) for i, line in enumerate(lines))
    return {slot: typeset(text, cat.lang) for slot, text in values.items()}


def personal_options(request: Request) -> dict[str, str]:
    """The option each personal slot's text was given with: what a message names instead of
    quoting it."""
    options = {"printed": "--date"}
    given = [option for option, name, _ in _PATIENT_FIELDS if getattr(request, name)]
    options.update((f"patient.{i}", option) for i, option in enumerate(given))
    return options

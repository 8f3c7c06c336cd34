"""`handouts build` and `handouts compose`: one leaflet, from a recipe or picked at the desk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from handouts.cli.common import reporting

LANG = typer.Option(..., "--lang", "-l", help="Leaflet language: sv or da.")
OUTPUT = typer.Option(None, "--output", "-o", dir_okay=False, help="PDF file to write.")
CLINIC = typer.Option(None, "--clinic", "-c",
                      help="Clinic id, or a clinic project folder [default: the project in this folder, "
                           "else the built-in example clinic].")
DATE = typer.Option(None, "--date", formats=["%Y-%m-%d"],
                    help="Date printed on the leaflet [default: SOURCE_DATE_EPOCH, else today].")
PATIENT = typer.Option(None, "--patient", help="The patient's name, printed on the leaflet (never logged).")
THERAPIST = typer.Option(None, "--therapist", help="The physiotherapist's name, printed on the leaflet.")
NOTE = typer.Option(None, "--note", help="Free text for the patient, printed in a box (repeatable).")
STRICT = typer.Option(False, "--strict", help="Treat warnings (a missing picture, ...) as errors.")
PDFA = typer.Option(False, "--pdfa", help="Write PDF/A-1b, for archiving (validated before it is written).")
LARGE_PRINT = typer.Option(False, "--large-print",
                           help="The large-print edition: body text 16 pt, headings, boxes and pictures to match "
                                "(an A5 booklet: its pages enlarged onto A4).")


def build(
    recipe: Optional[str] = typer.Argument(
        None, help="Recipe or article id, e.g. disc-surgery ('handouts list recipes'), or a Markdown file."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Leaflet language: sv or da [required without --program]."),
    output: Optional[Path] = OUTPUT,
    clinic: Optional[str] = CLINIC,
    date: Optional[dt.datetime] = DATE,
    patient: Optional[str] = PATIENT,
    therapist: Optional[str] = THERAPIST,
    note: Optional[List[str]] = NOTE,
    pick: Optional[List[str]] = typer.Option(
        None, "--pick", help="Keep only these exercises, in this order within each section: ids, comma-separated or repeated."),
    set_: Optional[List[str]] = typer.Option(
        None, "--set", help="Change a dosage: EXERCISE.KEY=VALUE, e.g. pelvic-lift.reps=15 (repeatable)."),
    phase: Optional[str] = typer.Option(
        None, "--phase", help="Keep only the exercises the recipe marks for this phase, e.g. acute."),
    imposition: Optional[str] = typer.Option(
        None, "--imposition", help="'booklet': print an A5 booklet two-up on A4 sheets, ready to fold."),
    strict: bool = STRICT,
    pdfa: bool = PDFA,
    large_print: bool = LARGE_PRINT,
    program: Optional[str] = typer.Option(
        None, "--program", help="A program code printed on a leaflet (HP1-...): build that program again."),
) -> None:
    """Build one leaflet and write it as a PDF [default file: RECIPE-LANG.pdf]."""
    from handouts.diagnostics import error
    from handouts.resolve.changes import parse_change, parse_picks
    from handouts.resolve.request import Composition

    with reporting():
        picks = parse_picks(pick) if pick else None
        texts = tuple(set_ or ())
        if program is not None:
            from handouts.resolve.program import asked_with_program

            asked = asked_with_program(program, recipe, lang, picks, texts, phase, large_print)
            recipe, lang, picks, texts = asked.recipe, asked.lang, asked.picks, asked.changes
            phase, large_print = asked.phase, asked.large_print
        target: str | Composition | None = recipe
        if program is not None and asked.scratch:
            target, picks = Composition(tuple(picks or ()), asked.with_notes), None
        if target is None or lang is None:
            raise error("give a recipe and --lang, or --program", "request.recipe",
                        hint="e.g. handouts build disc-surgery --lang sv")
        changes = tuple(parse_change(text) for text in texts)
        _write(target, lang, output, clinic, date, patient, therapist, note, picks, changes, phase,
               imposition, strict, pdfa, large_print)


def compose(
    exercise: List[str] = typer.Option(..., "--exercise", "-e", help="An exercise id (repeat, in print order)."),
    lang: str = LANG,
    note_id: Optional[List[str]] = typer.Option(None, "--with-note", help="A library note id to include (repeatable)."),
    title: Optional[str] = typer.Option(None, "--title", help="The leaflet's title [default: 'Your exercise program']."),
    output: Optional[Path] = OUTPUT,
    clinic: Optional[str] = CLINIC,
    date: Optional[dt.datetime] = DATE,
    patient: Optional[str] = PATIENT,
    therapist: Optional[str] = THERAPIST,
    note: Optional[List[str]] = NOTE,
    set_: Optional[List[str]] = typer.Option(None, "--set", help="Change a dosage: EXERCISE.KEY=VALUE (repeatable)."),
    strict: bool = STRICT,
    pdfa: bool = PDFA,
    large_print: bool = LARGE_PRINT,
) -> None:
    """Build an ad-hoc A4 leaflet from chosen exercises and notes, without a recipe."""
    from handouts.resolve.changes import parse_change

    with reporting():
        changes = tuple(parse_change(text) for text in set_ or ())
        from handouts.resolve.request import Composition

        composition = Composition(tuple(exercise), tuple(note_id or ()), title)
        _write(composition, lang, output or Path(f"program-{lang}.pdf"), clinic, date, patient, therapist, note,
               None, changes, None, None, strict, pdfa, large_print)


def _write(recipe, lang, output, clinic, date, patient, therapist, note, picks, changes, phase, imposition,
           strict, pdfa, large_print=False) -> None:
    import os

    from handouts.build import build_to_file
    from handouts.resolve.request import Request
    from handouts.world.core import build_date, open_world

    workspace, clinic_id = open_world(clinic)
    composition = None if isinstance(recipe, str) else recipe
    request = Request(recipe="compose" if composition else recipe, lang=lang, clinic=clinic_id, phase=phase,
                      date=build_date(date.date() if date else None, os.environ), patient=patient,
                      therapist=therapist, notes=tuple(note or ()), picks=picks, changes=changes,
                      compose=composition, large_print=large_print)
    name = "program" if composition else Path(recipe).name.removesuffix(".md")
    target = output or Path(f"{name}-{lang}.pdf")
    built = build_to_file(workspace, request, target, imposition, strict, pdfa, remember=True)
    for warning in built.warnings:
        typer.echo(warning.format(), err=True)
    if clinic is None and not workspace.projects:  # said once the example clinic is on paper
        typer.echo("note: no clinic project here or above (clinic.yaml): the leaflet carries the built-in "
                   "example clinic's name and contact details; use --clinic DIR", err=True)
    typer.echo(f"wrote {target} ({len(built.data) / 1024:.0f} KB)")


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(compose)

"""`handouts list` and `handouts show`: find content in the library."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from handouts.cli.common import reporting


class Kind(str, Enum):
    articles = "articles"
    exercises = "exercises"
    notes = "notes"
    recipes = "recipes"
    clinics = "clinics"


class Single(str, Enum):
    exercise = "exercise"
    note = "note"


class Format(str, Enum):
    table = "table"
    json = "json"


CLINIC = typer.Option(None, "--clinic", "-c", help="Include a clinic project folder [default: the one here].")


def list_items(
    kind: Kind = typer.Argument(..., help="What to list."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Show names in this language only."),
    tag: Optional[str] = typer.Option(None, "--tag", help="Only exercises with this tag."),
    position: Optional[str] = typer.Option(None, "--position", help="Only exercises done in this position."),
    clinic: Optional[str] = CLINIC,
    format: Format = typer.Option(Format.table, "--format", help="table for people, json for programs."),
) -> None:
    """List the articles, exercises, notes, recipes or clinics in the library."""
    from handouts.source.listing import list_entries
    from handouts.world.core import open_world

    with reporting():
        workspace, _ = open_world(clinic)
        entries = list_entries(workspace.projects, kind.value, lang=lang, tag=tag, position=position)
    if format is Format.json:
        typer.echo(json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2))
        return
    _table(entries, kind)


def _table(entries, kind: Kind) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("name")
    if kind is Kind.exercises:
        table.add_column("position")
        table.add_column("tags")
    if kind is Kind.articles:
        table.add_column("lang")
    table.add_column("from")
    for entry in entries:
        row = [entry.id, entry.name]
        if kind is Kind.exercises:
            row += [entry.position or "", ", ".join(entry.tags)]
        if kind is Kind.articles:
            row.append(", ".join(entry.languages))
        row.append(entry.origin)
        table.add_row(*row)
    # Plain text when piped: no colours, no terminal-width wrapping surprises.
    Console(width=None if sys.stdout.isatty() else 200, no_color=not sys.stdout.isatty(),
            highlight=False, soft_wrap=False).print(table)


def show(
    kind: Single = typer.Argument(..., help="exercise or note."),
    item_id: str = typer.Argument(..., metavar="ID", help="Its id ('handouts list exercises')."),
    lang: str = typer.Option("sv", "--lang", "-l", help="Language: sv or da."),
    clinic: Optional[str] = CLINIC,
    format: Format = typer.Option(Format.table, "--format", help="table (text) for people, json for programs."),
    picture: Optional[Path] = typer.Option(None, "--picture", metavar="FILE.svg|FILE.png",
                                           help="Also write the exercise's picture alone, as SVG or PNG (by "
                                                "the file name), with its alt text in --lang."),
) -> None:
    """Show one exercise or note as it prints in a leaflet."""
    from dataclasses import asdict

    from handouts.resolve.recipe import resolve_exercise, resolve_note
    from handouts.world.core import open_world

    with reporting():
        workspace, clinic_id = open_world(clinic)
        if picture is not None and kind is not Single.exercise:
            from handouts.diagnostics import error

            raise error("only an exercise has a picture", "request.picture", hint="leave out --picture")
        if picture is not None:  # first: a picture that can't be drawn also removes an old one there
            from handouts.build import picture_to_file

            picture_to_file(workspace, item_id, picture, lang, clinic_id)
        if kind is Single.exercise:
            card = resolve_exercise(workspace.library, workspace.catalogues, item_id, lang)
            data = {k: v for k, v in asdict(card).items() if k not in ("illustration",)}
            lines = [card.name, ""]
            if card.purpose:
                lines += [card.purpose, ""]
            lines += [f"{i}. {step}" for i, step in enumerate(card.steps, start=1)]
            if card.dosage:
                lines += ["", " ".join(card.dosage)]
            lines += [f"{card.caution_label} {c}" for c in card.cautions]
        else:
            note = resolve_note(workspace.library, workspace.catalogues, item_id, lang)
            data = asdict(note)
            lines = [note.title, "", *note.paragraphs, *(f"• {item}" for item in note.items)]
    if format is Format.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("list")(list_items)
    app.command()(show)



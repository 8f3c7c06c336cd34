"""`handouts list` and `handouts show`: find content in the library."""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from .common import reporting


class Kind(str, Enum):
    articles = "articles"
    exercises = "exercises"
    notes = "notes"
    recipes = "recipes"
    clinics = "clinics"


class Single(str, Enum):
    exercise = "exercise"
    note = "note"


def list_items(
    kind: Kind = typer.Argument(..., help="What to list."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Show names in this language only."),
    tag: Optional[str] = typer.Option(None, "--tag", help="Only exercises with this tag."),
    clinic: Optional[str] = typer.Option(None, "--clinic", "-c", help="Include a clinic project folder."),
) -> None:
    """List the exercises, notes, recipes or clinics in the library."""
    from handouts.build import open_workspace
    from handouts.resolve import display_name

    with reporting():
        workspace, _ = open_workspace(clinic)
        library = workspace.library
        rows = []
        if kind is Kind.articles:
            from handouts.article import article_title

            for (article_id, article_lang), path in sorted(library.articles.items()):
                if lang is None or lang == article_lang:
                    rows.append((f"{article_id} --lang {article_lang}", article_title(path), ""))
        for item_id, item in sorted(library.items(kind.value).items()) if kind is not Kind.articles else ():
            if tag and tag not in getattr(item, "tags", ()):
                continue
            if kind is Kind.exercises or kind is Kind.notes:
                names = {k: v.name if kind is Kind.exercises else v.title for k, v in item.text.items()}
            elif kind is Kind.recipes:
                names = item.title
            else:
                names = item.name
            origin = library.source(kind.value, item_id).origin
            rows.append((item_id, display_name(names, lang), "" if origin == "built-in" else f"[{origin}]"))
    width = max((len(r[0]) for r in rows), default=0)
    for item_id, name, origin in rows:
        typer.echo(f"{item_id:<{width}}  {name}  {origin}".rstrip())


def show(
    kind: Single = typer.Argument(..., help="exercise or note."),
    item_id: str = typer.Argument(..., metavar="ID", help="Its id ('handouts list exercises')."),
    lang: str = typer.Option("sv", "--lang", "-l", help="Language: sv or da."),
    clinic: Optional[str] = typer.Option(None, "--clinic", "-c", help="Include a clinic project folder."),
) -> None:
    """Show one exercise or note as it prints in a leaflet."""
    from handouts.build import open_workspace
    from handouts.resolve import resolve_exercise, resolve_note

    with reporting():
        workspace, _ = open_workspace(clinic)
        if kind is Single.exercise:
            card = resolve_exercise(workspace.library, workspace.catalogues, item_id, lang)
            lines = [card.name, ""]
            if card.purpose:
                lines += [card.purpose, ""]
            lines += [f"{i}. {step}" for i, step in enumerate(card.steps, start=1)]
            if card.dosage:
                lines += ["", " ".join(card.dosage)]
            lines += [f"{card.caution_label} {c}" for c in card.cautions]
        else:
            note = resolve_note(workspace.library, workspace.catalogues, item_id, lang)
            lines = [note.title, "", *note.paragraphs, *(f"• {item}" for item in note.items)]
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("list")(list_items)
    app.command()(show)

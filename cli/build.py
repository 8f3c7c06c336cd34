"""`handouts build`: one leaflet from a recipe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from .common import reporting


def build(
    recipe: str = typer.Argument(
        ..., help="Recipe or article id, e.g. disc-surgery ('handouts list recipes'), or a Markdown file."),
    lang: str = typer.Option(..., "--lang", "-l", help="Leaflet language: sv or da."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="PDF file to write [default: RECIPE-LANG.pdf].", dir_okay=False),
    clinic: Optional[str] = typer.Option(
        None, "--clinic", "-c", help="Clinic id, or a clinic project folder [default: the built-in clinic]."),
    date: Optional[dt.datetime] = typer.Option(
        None, "--date", formats=["%Y-%m-%d"],
        help="Date printed on the leaflet [default: SOURCE_DATE_EPOCH, else today]."),
    phase: Optional[str] = typer.Option(
        None, "--phase", help="Keep only the exercises the recipe marks for this phase, e.g. acute."),
    imposition: Optional[str] = typer.Option(
        None, "--imposition", help="'booklet': print an A5 booklet two-up on A4 sheets, ready to fold."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (a missing picture, ...) as errors."),
) -> None:
    """Build one leaflet and write it as a PDF."""
    import os

    from handouts.build import build_date, build_to_file, open_workspace
    from handouts.resolve import Request

    with reporting():
        workspace, clinic_id = open_workspace(clinic)
        request = Request(recipe=recipe, lang=lang, clinic=clinic_id, phase=phase,
                          date=build_date(date.date() if date else None, os.environ))
        target = output or Path(f"{Path(recipe).name.removesuffix('.md')}-{lang}.pdf")
        built = build_to_file(workspace, request, target, imposition, strict)
    for warning in built.warnings:
        typer.echo(warning.format(), err=True)
    typer.echo(f"wrote {target} ({len(built.data) / 1024:.0f} KB)")


def register(app: typer.Typer) -> None:
    app.command()(build)

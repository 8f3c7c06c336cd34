"""`handouts init`: start a clinic project folder."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from handouts.cli.common import reporting


def init(
    folder: Path = typer.Argument(..., help="The folder to create, e.g. my-clinic."),
    name: Optional[str] = typer.Option(None, "--name", help="The clinic's name [default: the folder's name]."),
) -> None:
    """Create a clinic project: clinic.yaml, folders for your own content, and a README."""
    from handouts.world.project import init_project

    with reporting():
        written = init_project(folder, name)
    typer.echo(f"created {folder}/ with {', '.join(p.name for p in written if p.name != '.keep')}")
    typer.echo(f"next: edit {folder / 'clinic.yaml'}, then run 'handouts build disc-surgery --lang sv' inside it")


def register(app: typer.Typer) -> None:
    app.command()(init)

"""`handouts pictures`: every exercise picture on a contact sheet, for review."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from handouts.cli.common import reporting


def pictures(
    out: Path = typer.Option(Path("contact-sheet.pdf"), "--out", "-o", help="The PDF to write."),
    lang: str = typer.Option("sv", "--lang", "-l", help="Language of the names and alt texts."),
    clinic: Optional[str] = typer.Option(None, "--clinic", "-c", help="Include a clinic project folder."),
) -> None:
    """Print every exercise's picture with its id, name and alt text, for a physiotherapist to review."""
    import os

    from handouts.build import refuse_foreign_pdf
    from handouts.layout.contact_sheet import contact_sheet_pdf
    from handouts.pdf.render import write_atomic
    from handouts.world.core import build_date, open_world

    with reporting():
        refuse_foreign_pdf(out)  # never over a file this tool did not write
        workspace, _ = open_world(clinic)
        data = contact_sheet_pdf(workspace, lang, build_date(None, os.environ))
    write_atomic(out, data)
    typer.echo(f"wrote {out} ({len(data) / 1024:.0f} KB)")


def register(app: typer.Typer) -> None:
    app.command()(pictures)

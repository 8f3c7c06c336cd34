"""`handouts check`: a content gate for CI and for clinics before they print."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from handouts.cli.common import EXIT_USAGE, reporting


class Format(str, Enum):
    text = "text"
    json = "json"


def check(
    folder: Optional[Path] = typer.Argument(
        None, help="A clinic project folder [default: the one here, else the built-in library alone]."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    format: Format = typer.Option(Format.text, "--format", help="text for people, json for machines."),
    lix_max: float = typer.Option(40, "--lix-max", help="Warn when a leaflet's LIX readability is above this."),
    today: Optional[dt.datetime] = typer.Option(
        None, "--today", formats=["%Y-%m-%d"], help="Check review dates against this day [default: today]."),
) -> None:
    """Check every recipe and article in every language; exit 1 if anything is wrong."""
    from handouts.check.content import check_content
    from handouts.world.core import open_world

    if folder is not None and not folder.is_dir():
        typer.echo(f"error: '{folder}' is not a folder [request.check]", err=True)
        raise typer.Exit(EXIT_USAGE)
    with reporting():
        workspace, _ = open_world(str(folder) if folder else None)
    findings = check_content(workspace, (today.date() if today else dt.date.today()), lix_max)
    if strict:  # under --strict every warning is an error, and says so; a note stays a note
        findings = [dataclasses.replace(f, severity="error") if f.severity == "warning" else f for f in findings]
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    notes = [f for f in findings if f.severity == "note"]  # facts to know, e.g. unreviewed built-in content
    if format is Format.json:
        typer.echo(json.dumps({"errors": len(errors), "warnings": len(warnings), "notes": len(notes), "findings": [
            {"file": f.file, "line": f.line, "col": f.col, "severity": f.severity, "code": f.code,
             "message": f.message, "hint": f.hint} for f in findings]}, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            typer.echo(finding.format())
        if notes:
            typer.echo(f"{len(notes)} note(s)")
        typer.echo(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (strict and warnings):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(check)

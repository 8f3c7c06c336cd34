"""`handouts batch`: many leaflets at once, for hospitals and release pipelines."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from handouts.cli.common import EXIT_USAGE, reporting


def batch(
    manifest: Path = typer.Argument(..., exists=True, dir_okay=False,
                                    help="A YAML manifest (jobs and/or a matrix) or a CSV with one row per patient."),
    out: Path = typer.Option(Path("dist"), "--out", help="Folder for the PDFs and manifest.json."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes [default: the machine's cores]."),
    shard: Optional[str] = typer.Option(None, "--shard", help="Build only shard K of N, e.g. 2/8 (stable)."),
    force: bool = typer.Option(False, "--force", help="Rebuild outputs that are up to date."),
    date: Optional[dt.datetime] = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="Date for jobs without one [default: SOURCE_DATE_EPOCH, else today]."),
) -> None:
    """Build every job in a manifest or CSV; exit 1 if any row failed or was refused, 130/143 if
    interrupted (SIGINT/SIGTERM; run again to resume)."""
    from handouts.batch.interrupt import Stop
    from handouts.batch.runner import plan_batch
    from handouts.world.core import build_date

    parts = None
    if shard is not None:
        match = re.fullmatch(r"(\d+)/(\d+)", shard)
        if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
            typer.echo(f"error: --shard '{shard}' is not K/N with 1 <= K <= N [request.shard]", err=True)
            raise typer.Exit(EXIT_USAGE)
        parts = (int(match.group(1)), int(match.group(2)))
    with reporting():
        plan = plan_batch(manifest, build_date(date.date() if date else None, os.environ), parts)
    for problem in plan.problems:
        typer.echo(problem.format(), err=True)
    if any(job.clinic is None for job in plan.jobs):  # said once the example clinic is on paper
        typer.echo("note: no clinic project here or above (clinic.yaml): rows without a clinic print the built-in "
                   "example clinic's name and contact details; add a clinic column, or run inside a project",
                   err=True)
    workers = jobs or os.cpu_count() or 1
    name = f"manifest.shard-{parts[0]}-of-{parts[1]}.json" if parts else "manifest.json"
    stop = Stop()
    with reporting(), stop.on_signals():
        report = _run(plan, out, workers, force, name, stop)
    failed = [o for o in report.outcomes if o.status == "failed"]
    for outcome in sorted(failed, key=lambda o: o.index):
        typer.echo(f"{outcome.where}: failed: {outcome.error}", err=True)
    built, skipped = report.count("built"), report.count("skipped")
    if report.interrupted:
        also = f", {skipped} up to date" if skipped else ""
        typer.echo(f"interrupted: {built} of {len(plan.jobs)} built{also}; run again to resume", err=True)
        raise typer.Exit(stop.exit_code)
    typer.echo(f"{built} built, {skipped} up to date, {len(failed)} failed, {len(plan.problems)} refused; "
               f"manifest: {out / name}")
    if failed or plan.problems:
        raise typer.Exit(1)


def _run(plan, out: Path, workers: int, force: bool, name: str, stop):
    from handouts.batch.runner import run_batch

    total = len(plan.jobs)
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("building", total=total)
            return run_batch(plan, out, workers, force, lambda o, n, t: bar.update(task, completed=n), name, stop)

    step = max(1, total // 20)

    def line(outcome, n, t):  # job numbers only: file names can hold patient names
        if outcome.status == "failed" or n % step == 0 or n == t:
            typer.echo(f"[{n}/{t}] {outcome.where}: {outcome.status}", err=True)

    return run_batch(plan, out, workers, force, line, name, stop)


def register(app: typer.Typer) -> None:
    app.command()(batch)

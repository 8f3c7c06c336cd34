"""The Typer application and the `handouts` console script."""

from __future__ import annotations

from typing import Optional

import typer

from handouts import __version__
from handouts.cli import batch, build, cache, check, library, pictures, project, serve

app = typer.Typer(
    name="handouts",
    help="Compile printable physiotherapy leaflets in Swedish and Danish from YAML content.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print local variables: they may hold patient data
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Compile printable physiotherapy leaflets in Swedish and Danish from YAML content."""


build.register(app)
library.register(app)
project.register(app)
check.register(app)
batch.register(app)
pictures.register(app)
cache.register(app)
serve.register(app)


def main() -> None:
    app()

"""What every command shares: turning engine errors into one line each and exit code 2."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer

EXIT_USAGE = 2  # the input can't be used: bad option, unknown id, broken source file


@contextmanager
def reporting() -> Iterator[None]:
    from handouts.diagnostics import HandoutsError

    try:
        yield
    except HandoutsError as exc:
        for diagnostic in exc.diagnostics:
            typer.echo(diagnostic.format(), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None

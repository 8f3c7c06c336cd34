"""`handouts cache info` and `handouts cache clear`: the store of results kept between runs."""

from __future__ import annotations

import typer

from handouts.cli.common import reporting

app = typer.Typer(help="Show or empty the store of results kept between runs (never patient data).",
                  no_args_is_help=True)


@app.command()
def info() -> None:
    """Where the store is, and what it holds."""
    from handouts.world.store import FORMAT, Store

    with reporting():
        usage = Store.from_environment().usage()
    if usage is None:
        typer.echo("no store: HANDOUTS_NO_CACHE is set")
        return
    typer.echo(f"store: {usage.folder} (format {FORMAT})")
    for kind, count in sorted(usage.entries.items()):
        typer.echo(f"  {kind:<14} {count:>6} entries")
    typer.echo(f"  {'total':<14} {sum(usage.entries.values()):>6} entries, {usage.size / 2**20:.1f} MB")


@app.command()
def clear() -> None:
    """Remove every entry; the next build makes them again."""
    from handouts.world.store import Store

    with reporting():
        removed = Store.from_environment().clear()
    typer.echo(f"removed {removed} entries")


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="cache")

"""`handouts serve`: the front desk's web page (the engine lives in handouts/serve/)."""

from __future__ import annotations

from typing import Optional

import typer

from handouts.cli.common import reporting


def serve(
    clinic: Optional[str] = typer.Option(
        None, "--clinic", "-c", help="Clinic id, or a clinic project folder [default: the project in this folder]."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on. Any but loopback (e.g. 0.0.0.0) prints an address "
                                  "with a random token, and refuses requests without it."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the page in the browser."),
) -> None:
    """Serve a local web page to make leaflets with: pick, preview, print. Nothing is stored."""
    from handouts.serve.server import serve as run

    with reporting():
        run(clinic, host, port, open_browser, lambda line: typer.echo(line, err=True))


def register(app: typer.Typer) -> None:
    app.command()(serve)

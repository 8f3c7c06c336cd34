"""The floor for any Typer CLI's start-up: a one-command Typer app."""

import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Whom to greet.")) -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()

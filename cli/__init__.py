"""The `handouts` command line: a thin Typer shell over the engine in `handouts/`.

Each command group lives in its own module and only parses arguments, calls the engine and
prints. Engine modules are imported inside the commands, so `--help` stays fast.
"""

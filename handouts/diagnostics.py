"""Diagnostics and the small exception hierarchy the CLI turns into messages and exit codes.

A `Diagnostic` is one finding about one place in one source file. Every error the engine
raises for a user's mistake is a `HandoutsError` carrying one or more diagnostics; anything
else escaping the engine is a bug.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str | None
    line: int | None
    col: int | None
    severity: str  # "error" | "warning" | "note" (a fact to know: never an error, not even under --strict)
    message: str
    code: str
    hint: str | None = None

    def format(self) -> str:
        place = ""
        if self.file:
            place = self.file
            if self.line is not None:
                place += f":{self.line}"
                if self.col is not None:
                    place += f":{self.col}"
            place += ": "
        text = f"{place}{self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f" ({self.hint})"
        return text


class HandoutsError(Exception):
    """The user's input can't be turned into a leaflet. Exit code 2 at the CLI."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def error(message: str, code: str, *, file: str | None = None, line: int | None = None,
          col: int | None = None, hint: str | None = None) -> HandoutsError:
    return HandoutsError([Diagnostic(file, line, col, "error", message, code, hint)])


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    path = Path(path)
    if path.is_absolute() and Path.cwd() in path.parents:
        return str(path.relative_to(Path.cwd()))
    return str(path)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None

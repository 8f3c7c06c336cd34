"""What a batch accepts before any work starts: sizes, output patterns and clinic cells.
(How much of a clinic folder a job key may read is the World's cap: `World.digest`.)

Every check here either passes or raises `HandoutsError` with a message that names a column
or a field, never a cell's value (a cell may hold a patient's name).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from handouts.diagnostics import error

MAX_CSV_BYTES = 16 * 2**20  # ~100,000 typical patient rows; a bigger file is a mistake or an attack
MAX_JOBS = 50_000  # rows of a CSV, or jobs plus matrix cells of a YAML manifest
MAX_CELL_CHARS = 4_000  # a note is a few sentences; the csv module's own limit is 131,072
PATTERN_FIELDS = ("recipe", "lang", "clinic", "patient", "row")
CLINIC_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
CLINIC_FILE = "clinic.yaml"


def check_pattern(pattern: str) -> None:
    """Allow plain `{field}`s only: a format spec (`{patient:>999999999}`), a conversion or
    attribute and index access (`{recipe.__class__}`) could take memory or reach into objects."""
    fields = ", ".join(f"{{{name}}}" for name in PATTERN_FIELDS)
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        raise error("the output pattern has an unmatched '{' or '}'", "batch.output",
                    hint="write '{{' or '}}' for a brace in a file name") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise error("the output pattern may hold only plain fields, without ':', '!', '.' or '['",
                        "batch.output", hint=f"fields: {fields}")
        if name not in PATTERN_FIELDS:
            raise error("the output pattern uses an unknown field", "batch.output", hint=f"fields: {fields}")


def clinic_of(cell: str, base: Path) -> str:
    """A clinic cell as the worker opens it: a clinic id, or the resolved path of a clinic
    project folder (relative to the manifest's folder) holding clinic.yaml."""
    folder = base / cell
    if folder.is_dir():
        if not (folder / CLINIC_FILE).is_file():
            raise error(f"the clinic cell names a folder without a {CLINIC_FILE}", "batch.clinic",
                        hint="name a clinic id, or a clinic project folder")
        return str(folder.resolve())
    if not CLINIC_ID.fullmatch(cell):
        raise error("the clinic cell is neither a clinic id nor a clinic project folder", "batch.clinic",
                    hint=f"a clinic id (lower-case letters, digits, hyphens) or a folder holding {CLINIC_FILE}")
    return cell

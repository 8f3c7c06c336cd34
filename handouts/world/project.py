"""`handouts init`: a new clinic project folder from the template in `assets/templates/project`."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from handouts.diagnostics import error
from handouts.world.assets import assets_root

FOLDERS = ("exercises", "notes", "recipes", "articles")


def slug(text: str) -> str:
    """An id from a name: 'Fysio Ängelholm' -> 'fysio-angelholm'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "my-clinic"


MAX_NAME = 120  # characters: a clinic's name on a header band


def _check_name(name: str) -> None:
    """A name the leaflets can print: not too long for the header, every character in the font."""
    from handouts.diagnostics import HandoutsError
    from handouts.layout.glyphs import missing_in_personal

    if not name.strip() or len(name) > MAX_NAME:
        raise error(f"the clinic's name must have 1 to {MAX_NAME} characters", "init.name",
                    hint='e.g. --name "Fysio Öst"')
    missing = missing_in_personal({"name": name}, {"name": "--name"})
    if missing:
        raise HandoutsError(missing)


def init_project(folder: Path, name: str | None = None) -> list[Path]:
    """Create the project; returns the files written. Refuses a folder that has files in it."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise error(f"'{folder}' already exists and is not empty", "init.exists",
                    hint="choose a new folder name")
    name = name or folder.name
    _check_name(name)
    values = {"id": slug(name), "name": name.replace('\\', '/').replace('"', "'")}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted((assets_root() / "templates" / "project").iterdir()):
        target = folder / template.name
        target.write_text(template.read_text(encoding="utf-8").format(**values), encoding="utf-8")
        written.append(target)
    for sub in FOLDERS:
        (folder / sub).mkdir()
        keep = folder / sub / ".keep"
        keep.write_text("", encoding="utf-8")
        written.append(keep)
    return written

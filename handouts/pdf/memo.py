"""Builds remembered between runs: a leaflet built before, from files unchanged since, is only
stamped.

The front desk prints the same program for patient after patient, each time in a new process.
When a request names a leaflet built before (the same recipe, language, clinic, picks, dosage
changes and phase, with or without a patient and therapist), and no file it could depend on has
changed, there is nothing to load, validate, resolve or lay out: the template the first build
stored (templates.py) is stamped with this patient's text (request.py words it). The key covers
every content file under the library and project folders (YAML, Markdown and pictures; the PDFs
written there and hidden folders left out),
the language catalogues, a Markdown file given by path, and the code, fonts and library versions
(`templates.code`). A build with warnings, or with the patient's own notes, is not remembered;
neither is anything about the patient: the entry names a template and its layout, no more.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.world.store import load, store
from handouts.pdf.templates import code

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet
    from handouts.pdf.render import Template
    from handouts.resolve.request import Request
    from handouts.world.workspace import Workspace


def recall(key: tuple[str, str] | None, values: dict[str, str]) -> tuple[Template, str] | None:
    """The template remembered under `key` and its layout, if it fits `values` (the personal
    text); else None, and the leaflet is built in full."""
    from handouts.layout.personal import shape

    remembered = load(*key) if key else None
    if remembered is None:
        return None
    template_name, template_key, layout = remembered
    stored = load(template_name, template_key)
    if stored is None:
        return None
    template, template_shape = stored
    if not {form.value for form in template.forms} <= set(values) or shape(template.forms, values) != template_shape:
        return None
    return template, layout


def remember(key: tuple[str, str] | None, leaflet: Leaflet, template_key: tuple[str, str]) -> None:
    if key and not leaflet.warnings:
        store(*key, (*template_key, leaflet.layout))


def key(workspace: Workspace, request: Request) -> tuple[str, str] | None:
    """Where a request is remembered: (name, key) for cache.load; None if it never is."""
    from handouts.world.assets import catalogue_dir

    if request.notes:
        return None
    roots = [root for root, _ in workspace.roots()]
    files = sorted(catalogue_dir().glob("*.yaml"))
    if request.recipe.endswith(".md"):
        files.append(Path(request.recipe).resolve())
    digest = hashlib.sha256(code().encode())
    for path in files + [path for root in roots for path in _files(root)]:
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"\0{path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    asked = (request.recipe, request.lang, request.clinic, request.phase, request.picks, request.changes,
             request.compose, bool(request.patient), bool(request.therapist))
    digest.update(repr(asked).encode())
    name = hashlib.sha256(repr((roots, request.recipe, request.lang, request.clinic)).encode()).hexdigest()[:16]
    return f"request-{name}", digest.hexdigest()[:32]


SOURCES = (".yaml", ".yml", ".md", ".png", ".jpg", ".jpeg", ".svg")  # what content is made of


def _files(root: Path) -> list[Path]:
    """The files under `root` that a leaflet can be made of: not the PDFs a desk writes into its
    project folder, nor hidden folders such as .git."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [Path(folder) / name for name in sorted(names)
                  if not name.startswith(".") and name.lower().endswith(SOURCES)]
    return found

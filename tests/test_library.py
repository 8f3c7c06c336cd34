"""The built-in library is complete: every item in both languages, every reference resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handouts.resolve.recipe import Request, resolve_leaflet

from .conftest import DATE

LANGS = ("da", "sv")


def test_every_item_is_translated(workspace):
    library = workspace.library
    for kind in ("exercises", "notes"):
        for item_id, item in library.items(kind).items():
            assert set(item.text) == set(LANGS), f"{kind}/{item_id}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_recipe_resolves(workspace, lang):
    for recipe_id in workspace.library.recipes:
        resolve_leaflet(workspace.library, workspace.catalogues, Request(recipe_id, lang, DATE))


def test_no_sentences_copied_from_the_reference_brochures():
    tool = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "overlap.py"
    if not tool.exists():
        pytest.skip("shared/tools/overlap.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(tool), "."], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout

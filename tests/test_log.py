"""The training log (`kind: log`): a tick-box table of every exercise of the program, by day or
by week, in the leaflet's language, printed whole by every layout."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from handouts import leaflet as lf
from handouts.build import World, build_pdf
from handouts.resolve.recipe import Request, resolve_leaflet

from .conftest import DATE, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

DISC = ["core-brace", "pelvic-lift", "toe-heel-rock", "mini-squat", "side-weight-shift", "calf-stretch",
        "curl-up", "oblique-curl-up", "glute-stretch-lying", "glute-stretch-seated"]
HEADS = {"sv": ("Träningsdagbok", ("Må", "Sö"), "v. 4"), "da": ("Træningsdagbog", ("Ma", "Sø"), "Uge 4")}


def project(tmp_path, layout: str, by: str, exercises=DISC):
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: loggers\nname: Loggkliniken\n")
    listed = "".join(f"      - {e}\n" for e in exercises)
    write(root, "recipes/logged.yaml",
          f"id: logged\nversion: 1\nlayout: {layout}\ntitle: {{sv: Logg, da: Log}}\nsections:\n"
          f"  - kind: log\n    by: {by}\n    weeks: 4\n  - kind: exercises\n    exercises:\n{listed}")
    return World((root,))


def log_pages(data: bytes, heading: str) -> list[str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return [" ".join(text.split()) for text in pages if heading in text]


@pytest.mark.parametrize("layout", ["sheet-a4", "booklet-a5", "article"])
@pytest.mark.parametrize("lang", ["sv", "da"])
def test_the_log_lists_every_exercise_of_the_program(tmp_path, layout, lang):
    world = project(tmp_path, layout, "day")
    leaflet = resolve_leaflet(world.library, world.catalogues, Request("logged", lang, DATE))
    names = [card.name for block in leaflet.blocks if isinstance(block, lf.ExerciseList) for card in block.cards]
    log = next(block for block in leaflet.blocks if isinstance(block, lf.TrainingLog))
    # the log stands before the exercises and still lists every one, numbered as its card
    assert log.rows == tuple((str(i), name) for i, name in enumerate(names, 1)) and len(names) == len(DISC)
    heading, (first, last), _ = HEADS[lang]
    pages = log_pages(build_pdf(world, Request("logged", lang, DATE)), heading)
    assert len(pages) == 1  # never split
    assert first in pages[0] and last in pages[0]
    for i, name in enumerate(names, 1):
        assert f"{i}. {name}" in pages[0]


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_a_log_by_week(tmp_path, lang):
    world = project(tmp_path, "booklet-a5", "week")
    heading, _, week = HEADS[lang]
    pages = log_pages(build_pdf(world, Request("logged", lang, DATE)), heading)
    assert len(pages) == 1 and week in pages[0]


def test_a_log_longer_than_a_page_goes_on_with_its_heads(tmp_path):

    every = sorted(World().library.exercises)
    world = project(tmp_path, "booklet-a5", "day", every)
    data = build_pdf(world, Request("logged", "sv", DATE))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    tables = [text for text in pages if "Övning Må" in text]
    assert len(tables) >= 2 and all("Sätt ett kryss" not in text for text in tables[1:])
    numbers = [n for n in range(1, len(every) + 1) if any(f" {n}. " in f" {text}" for text in tables)]
    assert numbers == list(range(1, len(every) + 1))

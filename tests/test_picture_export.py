"""`handouts show exercise ID --picture out.svg|out.png`: the picture alone, with its alt text,
written only over a picture this tool exported."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.layout.contact_sheet import PICTURE_POINTS, PNG_SCALE
from handouts.world.core import World

from .conftest import write

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # no clinic project above


def export(out: Path, exercise: str = "pelvic-lift", *args: str):
    return runner.invoke(app, ["show", "exercise", exercise, "--picture", str(out), *args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and "Traceback" not in result.output, lines
    return lines[0]


def test_the_svg_parses_and_holds_the_drawing_with_its_alt_text(tmp_path):
    out = tmp_path / "pelvic-lift.svg"
    result = export(out, "pelvic-lift", "--lang", "da")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    assert root.tag == f"{SVG}svg" and root.get("width") == str(PICTURE_POINTS)
    shapes = [e for e in root.iter() if e.tag in (f"{SVG}polygon", f"{SVG}polyline", f"{SVG}circle", f"{SVG}path")]
    assert len(shapes) > 20  # a person, a mat and a floor, not an empty frame
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == World().library.figure("pelvic-lift").alt["da"]


def test_the_png_has_the_figure_inside_its_box(tmp_path):
    out = tmp_path / "chair-stand.png"
    assert export(out, "chair-stand").exit_code == 0
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (PICTURE_POINTS * PNG_SCALE,) * 2
        assert image.info["Description"] == World().library.figure("chair-stand").alt["sv"]
        pixels = image.convert("L")
    side = pixels.size[0]
    margin = side * 4 // 100  # draw.MARGIN: the figure box inside the square
    inside = pixels.crop((margin, margin, side - margin, side - margin))
    inked = sum(inside.histogram()[:200])
    assert inked > 0.05 * inside.size[0] * inside.size[1]  # a person and a chair, not a blank page
    corners = [pixels.getpixel((x, y)) for x in (0, side - 1) for y in (0, side - 1)]
    assert corners == [255] * 4  # white paper around the box


@pytest.mark.parametrize("name", ["picture.jpg", "picture", "picture.pdf"])
def test_a_file_name_without_a_picture_format_is_refused(tmp_path, name):
    out = tmp_path / name
    message = one_line_error(export(out))
    assert message == (f"error: can't tell the picture's format from '{name}' [request.output] "
                       "(give a file name ending in .svg or .png)")
    assert not out.exists()


def test_a_file_this_tool_did_not_write_is_never_replaced(tmp_path):
    for name in ("notes.svg", "photo.png"):
        foreign = tmp_path / name
        foreign.write_bytes(b"<?xml version='1.0'?><svg/>" if name.endswith(".svg") else b"")
        if name.endswith(".png"):
            Image.new("RGB", (4, 4)).save(foreign)
        before = foreign.read_bytes()
        message = one_line_error(export(foreign))
        assert f"'{foreign}' exists and was not written by handouts" in message
        assert foreign.read_bytes() == before


def test_a_picture_exported_before_is_replaced(tmp_path):
    out = tmp_path / "picture.png"
    assert export(out, "pelvic-lift").exit_code == 0
    first = out.read_bytes()
    assert export(out, "chair-stand").exit_code == 0
    assert out.read_bytes() != first


def test_a_failed_export_leaves_no_picture_behind(tmp_path):
    clinic = tmp_path / "clinic"
    write(clinic, "clinic.yaml", "id: c\nname: K\nphone: \"+46 70 174 06 99\"\n")
    out = tmp_path / "picture.svg"
    assert export(out, "chair-stand", "--clinic", str(clinic)).exit_code == 0
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: nothing-here\n")
    message = one_line_error(export(out, "chair-stand", "--clinic", str(clinic)))
    assert "figures/chair-stand.yaml:2:10: error: 'extends: nothing-here'" in message
    assert not out.exists()  # the earlier picture can't pass for this one


def test_an_unknown_language_is_refused(tmp_path):
    out = tmp_path / "x.svg"
    assert "unknown language 'en'" in one_line_error(export(out, "pelvic-lift", "--lang", "en"))
    assert not out.exists()


def test_without_pdfium_a_png_is_refused_in_one_line_and_svg_still_works(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # as without the serve extra: the import fails
    out = tmp_path / "x.png"
    assert "PNG export needs PDFium" in one_line_error(export(out))
    assert not out.exists()
    assert export(tmp_path / "x.svg").exit_code == 0


def test_the_contact_sheet_replaces_only_its_own_pdf(tmp_path):
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"%PDF-1.4 someone else's\n")
    before = out.read_bytes()
    message = one_line_error(runner.invoke(app, ["pictures", "--out", str(out)]))
    assert f"'{out}' exists and was not written by handouts" in message and out.read_bytes() == before
    out.unlink()
    assert runner.invoke(app, ["pictures", "--out", str(out)]).exit_code == 0
    first = out.read_bytes()
    assert runner.invoke(app, ["pictures", "--out", str(out), "--lang", "da"]).exit_code == 0
    assert out.read_bytes() != first  # written again over its own sheet, in Danish


@pytest.mark.parametrize("lang, title, key, page, signoff", [
    ("sv", "Övningsbilder (sv)", ("= håll kvar", "= rörelse", "= utgångsläge", "= fötterna sedda uppifrån"), "Sida {} av {}",
     ("Granskad och godkänd av", "Namn", "Datum", "Underskrift")),
    ("da", "Øvelsesbilleder (da)", ("= hold stillingen", "= bevægelse", "= udgangsstilling", "= fødderne set oppefra"),
     "Side {} af {}",
     ("Gennemgået og godkendt af", "Navn", "Dato", "Underskrift")),
])
def test_the_contact_sheet_explains_the_symbols_and_keeps_each_picture_with_its_words(lang, title, key, page,
                                                                                      signoff):
    """What a physiotherapist signs off is the pictures as a patient reads them: with the key the
    leaflets print, each id on the same page as its names and alt text."""
    import datetime as dt
    import io

    from pypdf import PdfReader

    from handouts.layout.contact_sheet import contact_sheet_pdf

    world = World()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(contact_sheet_pdf(world, lang, dt.date(2026, 12, 1)))).pages]
    first = " ".join(pages[0].split())
    assert first.startswith(title)
    for word in key:
        assert first.count(word) == 1 and sum(" ".join(p.split()).count(word) for p in pages) == 1, word
    library = world.library
    for exercise_id in library.exercises:
        alt = " ".join(library.figure(exercise_id).alt[lang].split())
        holding = [i for i, p in enumerate(pages) if exercise_id in p.split()]
        assert len(holding) == 1, exercise_id
        assert alt[:40] in " ".join(pages[holding[0]].split()), exercise_id
    # a reviewer signs it on paper: every page says what it is and which of how many, the last
    # ends with the lines to sign on
    for n, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert f"{title}, 2026-12-01" in flat and page.format(n, len(pages)) in flat, n
        assert all(word in flat for word in signoff) == (n == len(pages)), n
    # the lines to sign on share the last page with the last pictures (the Danish sheet's last
    # row, one picture and the sign-off, once took a fourth page of its own, the third 40 % empty)
    assert max(library.exercises) in pages[-1].split()
    assert len(pages) == -(-len(library.exercises) // 12)  # three rows of four to a page, every page full


def test_nothing_is_drawn_below_a_picture_floor_so_the_sheet_rows_stand_on_one_line():
    """The contact sheet stands each picture on its lowest ink, bottom-aligned in its row: the
    floors were up to 10 mm apart while each picture sat in its square. That lines the floors up
    only if nothing is drawn under a floor line."""
    from handouts.figures import marks as mk
    from handouts.figures import props as pr
    from handouts.figures.scene import compose

    library = World().library
    grounded = 0
    for exercise_id in library.exercises:
        figure = library.figure(exercise_id)
        if figure is None or not any(p.kind == "floor" for p in figure.props):
            continue
        scene = compose(figure)[0]
        floor = min(mk.extent(m)[1] for m in scene.marks if isinstance(m, mk.Line) and m.role == "prop"
                    and m.width == pr.WIDTH and m.layer == mk.BACK)
        assert min(mk.extent(m)[1] for m in scene.marks) >= floor - 0.01, exercise_id
        grounded += 1
    assert grounded > 25


def test_the_pictures_of_a_contact_sheet_row_stand_on_one_line():
    import datetime as dt

    import pypdfium2 as pdfium

    from handouts.layout.contact_sheet import contact_sheet_pdf

    page = pdfium.PdfDocument(contact_sheet_pdf(World(), "sv", dt.date(2026, 12, 1)))[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    pixels = image.load()
    left, cell, size = 15 / 25.4 * 72, 44 / 25.4 * 72, 40 / 25.4 * 72

    def is_floor(x: int, y: int) -> bool:
        return all(abs(channel - 0x7C) <= 12 for channel in pixels[x, y])

    floors = []
    for column in range(4):
        x0 = int(left + column * cell)
        xs = range(x0, int(x0 + size))
        ys = [y for y in range(image.height // 2) if sum(is_floor(x, y) for x in xs) > 0.3 * size]
        assert ys, column
        floors.append(ys[0])
    assert max(floors) - min(floors) <= 2, floors  # the first row's floors, level

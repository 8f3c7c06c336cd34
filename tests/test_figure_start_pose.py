"""The start pose and the picture key (issue #17): the start pose is an unfilled dashed outline
at 3:1 or more against the paper, a treatment no far-side limb has; the near and far sides are
filled in two tones that both reach 3:1; the key's symbols are readable next to its 12 pt text
and show the start pose the way the pictures do."""

from __future__ import annotations

import io

import pytest
from reportlab.graphics.shapes import Group, Polygon
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handouts import leaflet as lf
from handouts.figures import figure_drawing, load_figures
from handouts.figures import marks as mk
from handouts.figures.draw import PALETTE, person_colours
from handouts.figures.scene import compose
from handouts.layout import picture_key as pk
from handouts.layout.theme import FAMILY, contrast, register_fonts
from handouts.world.assets import library_root
from handouts.world.core import World

LANGS = ("da", "sv")
LIBRARY = library_root()
EXERCISES = sorted(p.stem for p in (LIBRARY / "exercises").glob("*.yaml"))
FIGURES = sorted(p.stem for p in (LIBRARY / "figures").glob("*.yaml"))
WHITE = HexColor("#ffffff")
CLINIC = "#1d5c73"
GREY_APART = 2.0
"""The contrast between the start outline and every far-side fill, at least: the outline is so
much darker that the two are told apart in a grey print even without the dashes (the outline's
#4d4d4d against the far tones at 3.2:1 to the paper gives about 2.6)."""


@pytest.fixture(scope="module")
def figures():
    return load_figures(World(), LIBRARY / "figures", EXERCISES, LANGS)


def _fills(scene) -> tuple[set[str], set[str]]:
    """The fill roles of the end pose's body parts (not the paper halos, not highlights): those
    of the near side and the trunk, and those of the far side (the `-far` tones; a front view
    has none, its limbs behind the trunk are drawn in the near tones)."""
    roles = {m.fill for m in scene.marks if isinstance(m, mk.Shape) and m.layer in (mk.FAR, mk.TRUNK, mk.NEAR)
             and m.fill != "paper" and not m.fill.startswith("accent")}
    return {r for r in roles if not r.endswith("-far")}, {r for r in roles if r.endswith("-far")}


@pytest.mark.parametrize("colour", [CLINIC, "#f2c14e", "#7fd1ae"])
@pytest.mark.parametrize("exercise", FIGURES)
def test_start_outline_and_both_sides_reach_3_to_1(figures, exercise, colour):
    scene, _ = compose(figures[exercise])
    colours = person_colours(colour)
    near, far = _fills(scene)
    assert near, "the end pose has near-side parts"
    assert far or figures[exercise].view == "front", "a side view has far-side parts"
    for role in near | far:
        assert contrast(colours[role], WHITE) >= 3.0, role
    ghost = [m for m in scene.marks if m.layer == mk.GHOST and isinstance(m, mk.Shape)]
    if figures[exercise].start is None:
        assert not ghost
        return
    outlined = [m for m in ghost if m.outline is not None]
    assert outlined, "the start pose is outlined"
    for m in ghost:
        assert m.fill == "paper", "the start pose has no fill"
    for m in outlined:
        assert m.outline == "ghost-line" and m.dash, "the start pose's outline is dashed"
        assert contrast(colours[m.outline], WHITE) >= 3.0
    start = colours["ghost-line"]
    for role in far:
        assert colours[role].hexval() != start.hexval(), role
        assert contrast(start, colours[role]) >= GREY_APART, (role, round(contrast(start, colours[role]), 2))


@pytest.mark.parametrize("exercise", FIGURES)
def test_no_far_side_part_is_drawn_as_an_outline(figures, exercise):
    scene, _ = compose(figures[exercise])
    for m in scene.marks:
        if m.layer != mk.GHOST and isinstance(m, mk.Shape):
            assert not m.dash, m
            assert m.outline != "ghost-line", m


def _polygons(node):
    for item in getattr(node, "contents", ()):
        if isinstance(item, Group):
            yield from _polygons(item)
        elif isinstance(item, Polygon):
            yield item


def test_the_drawing_prints_the_start_pose_dashed_and_unfilled(figures):
    drawing = figure_drawing(figures["chair-stand"], 100, colour=CLINIC)
    dashed = [p for p in _polygons(drawing) if p.strokeDashArray]
    assert dashed
    for p in dashed:
        assert p.strokeColor.hexval() == HexColor(PALETTE["ghost-line"]).hexval()
        assert p.fillColor.hexval() == WHITE.hexval()
        assert all(d > 0 for d in p.strokeDashArray)


# --- the key ------------------------------------------------------------------------------

SCALE = 20  # pixels per point when the key is rasterised


def _raster(draw, width: float, height: float):
    import pypdfium2 as pdfium

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return pdfium.PdfDocument(buffer.getvalue())[0].render(scale=SCALE).to_pil().convert("RGB")


def _ink_box(image) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in points of everything not white."""
    from PIL import Image, ImageChops

    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).convert("L").point(
        lambda v: 255 if v > 40 else 0).getbbox()
    assert box is not None, "nothing was drawn"
    return tuple(v / SCALE for v in box)  # type: ignore[return-value]


def _cap_height() -> float:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return pdfmetrics.getFont(FAMILY).face.capHeight / 1000 * pk.KEY_SIZE


@pytest.mark.parametrize("symbol", ["clock", "arrow", "outline"])
def test_each_key_symbol_is_half_again_as_tall_as_the_capitals(symbol):
    image = _raster(lambda c: pk.draw_symbol(c, symbol, 20, 20, HexColor(CLINIC)), 40, 40)
    left, top, right, bottom = _ink_box(image)
    assert bottom - top >= 1.5 * _cap_height(), (symbol, bottom - top)
    assert right - left <= pk.ICON + 0.5, (symbol, right - left)  # the key's width is unchanged


def _key() -> pk.PictureKey:
    return pk.PictureKey(lf.PictureKey("håll kvar", "rörelse", "start"), HexColor(CLINIC))


def test_the_key_is_one_line_of_12_pt_text_within_8_mm():
    from pypdf import PdfReader

    register_fonts()
    key = _key()
    width, height = key.wrap(500, 100)
    assert height <= 8 * mm
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20, height + 20))
    key.drawOn(canvas, 10, 10)
    canvas.showPage()
    canvas.save()
    sizes, baselines = [], set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * tm[3])
            baselines.add(round(tm[5] + cm[5], 1))

    PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 12.0
    assert len(baselines) == 1, baselines  # one line
    image = _raster(lambda c: key.drawOn(c, 10, 10), width + 20, height + 20)
    left, top, right, bottom = _ink_box(image)
    page = height + 20
    assert page - bottom >= 10 - 1.5 and page - top <= 10 + height + 1.5  # the ink stays on its line
    assert right - left <= width + 0.5


def _near(pixel, colour: Color, tolerance: int = 40) -> bool:
    want = (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, want))


def test_the_keys_start_sample_is_drawn_like_the_start_pose():
    start = HexColor(PALETTE["ghost-line"])
    image = _raster(lambda c: pk.draw_symbol(c, "outline", 20, 20, HexColor(CLINIC)), 40, 40)
    pixels = image.load()
    inked = [(x, y) for x in range(image.width) for y in range(image.height) if sum(pixels[x, y]) < 3 * 200]
    assert inked
    # the pictures' start colour, and only lighter (anti-aliased) shades of it towards the paper
    want = round(start.red * 255)
    assert start.red == start.green == start.blue
    assert all(max(pixels[p]) - min(pixels[p]) <= 3 and min(pixels[p]) >= want - 3 for p in inked)
    assert sum(1 for p in inked if _near(pixels[p], start, 6)) > len(inked) / 4
    left, top, right, bottom = (round(v * SCALE) for v in _ink_box(image))
    body = (left + right) // 2, top + (bottom - top) * 3 // 5  # the chest, inside the outline
    assert pixels[body] == (255, 255, 255), "the sample is not filled"
    # the outline is broken into dashes: many separate pieces of ink, not a head and a body
    assert _pieces(set(inked)) >= 8


def _pieces(ink: set[tuple[int, int]]) -> int:
    """How many 8-connected pieces the pixels `ink` make."""
    count, left = 0, set(ink)
    while left:
        count += 1
        todo = [left.pop()]
        while todo:
            x, y = todo.pop()
            for n in ((x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                if n in left:
                    left.remove(n)
                    todo.append(n)
    return count

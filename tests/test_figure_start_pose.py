"""The start pose and the picture key (issue #17): the start pose is an unfilled dashed outline
at 3:1 or more against the paper, a treatment no far-side limb has; the near and far sides are
filled in two tones that both reach 3:1; the key's symbols are readable next to its 12 pt text
and show the start pose the way the pictures do."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Group, Polygon
from reportlab.lib.colors import HexColor

from handouts.figures import figure_drawing, load_figures
from handouts.figures import marks as mk
from handouts.figures.draw import PALETTE, person_colours
from handouts.figures.scene import compose
from handouts.layout.theme import contrast
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

"""The side an exercise's text names ("höger fot", "venstre knæ") is drawn in the clinic's
colour: the figure says which limb (`highlight:`), and the drawing marks exactly that limb."""

from __future__ import annotations

import re

import pytest

from handouts.diagnostics import HandoutsError
from handouts.figures import figure_drawing, load_figures
from handouts.figures.marks import Shape, extent
from handouts.figures.scene import compose
from handouts.world.core import World

from .conftest import write

LIBRARY = World().library
SIDES = {"höger": "near", "højre": "near", "vänster": "far", "venstre": "far"}  # near: the person's right
LEG = ("fot", "fotled", "knä", "ben", "höft", "fod", "ankel", "knæ", "hofte")
ARM = ("hand", "arm", "axel", "hånd", "skulder")
SIDE_WORD = re.compile(r"\b(höger|vänster|højre|venstre)\s+(\w+)", re.IGNORECASE)


def named_limb(exercise_id: str) -> str | None:
    """The limb the steps name first, as `highlight:` spells it (e.g. 'near-leg'), or None."""
    for lang in ("sv", "da"):
        for step in LIBRARY.exercises[exercise_id].text[lang].steps:
            found = SIDE_WORD.search(step)
            if found:
                side, part = SIDES[found.group(1).lower()], found.group(2).lower()
                assert part in LEG + ARM, f"{exercise_id}: add '{part}' to LEG or ARM"
                return f"{side}-{'leg' if part in LEG else 'arm'}"
    return None


def test_exercises_whose_steps_name_a_side_highlight_that_limb_and_no_others_do():
    named = {e: named_limb(e) for e in LIBRARY.exercises}
    assert sum(1 for limb in named.values() if limb) >= 4  # glute stretches, oblique curl-up, weight shift
    for exercise_id, limb in sorted(named.items()):
        figure = LIBRARY.figure(exercise_id)
        drawn = {h.replace("-foot", "-leg").replace("-hand", "-arm") for h in figure.highlight}
        assert drawn == ({limb} if limb else set()), exercise_id


JOINTS = {"leg": (("hip", "knee"), ("knee", "ankle"), ("heel", "toe")),
          "arm": (("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "hand"))}


ENDS = {"near": {"arm": "skin", "leg": "shoe"}, "far": {"arm": "skin-far", "leg": "shoe-far"}}


def covers(shape: Shape, *points) -> bool:
    x0, y0, x1, y1 = extent(shape)
    return all(x0 - 0.01 <= x <= x1 + 0.01 and y0 - 0.01 <= y <= y1 + 0.01 for x, y in points)


@pytest.mark.parametrize("exercise_id", sorted(e for e in LIBRARY.exercises if LIBRARY.figure(e).highlight))
def test_the_highlight_lies_on_the_named_limb_of_the_end_pose(exercise_id):
    figure = LIBRARY.figure(exercise_id)
    scene, problems = compose(figure)
    assert problems == []
    body = scene.bodies["end"]
    marked = [m for m in scene.marks if isinstance(m, Shape) and m.outline == "accent"
              and (m.fill == "accent-mid" or m.fill in {r for e in ENDS.values() for r in e.values()})]
    (limb,) = figure.highlight
    side, kind = limb.split("-")
    segments = JOINTS[kind] if kind in JOINTS else JOINTS["leg" if kind == "foot" else "arm"][-1:]
    assert len(marked) == len(segments)
    # the sleeve or trouser leg in the tint; the hand or foot keeps its own colour, outlined, so
    # the limb still reads as an arm or a leg (filled to its tip it read as a stick or a cushion)
    assert [m.fill for m in marked[:-1]] == ["accent-mid"] * (len(segments) - 1)
    assert marked[-1].fill == ("accent-mid" if len(segments) == 1 else ENDS[side][kind])
    for shape, (a, b) in zip(marked, segments):  # each marked segment spans the named side's joints
        assert covers(shape, body.at(f"{side}-{a}"), body.at(f"{side}-{b}"))
    other = "far" if side == "near" else "near"
    a, b = segments[0]
    assert not any(covers(m, body.at(f"{other}-{a}"), body.at(f"{other}-{b}")) and
                   not covers(m, body.at(f"{side}-{a}"), body.at(f"{side}-{b}")) for m in marked)
    unmarked = compose(figure.model_copy(update={"highlight": ()}))[0]
    plain = {m.points: m for m in unmarked.marks if isinstance(m, Shape)}
    for shape in marked:  # the same limb, only coloured: its outline is the plain drawing's
        assert plain[shape.points].fill in ("legs", "legs-far", "shoe", "shoe-far", "cloth", "cloth-far",
                                            "skin", "skin-far")


def test_only_the_foot_or_hand_can_be_marked(tmp_path):
    spec = LIBRARY.figure("side-weight-shift").model_copy(update={"highlight": ("far-foot",)})
    marked = [m for m in compose(spec)[0].marks if isinstance(m, Shape) and m.fill == "accent-mid"]
    assert len(marked) == 1
    body = compose(spec)[0].bodies["end"]
    assert covers(marked[0], body.at("far-heel"), body.at("far-toe"))
    drawing = figure_drawing(spec, 100, colour="#aa0000")
    fills = {str(s.fillColor) for g in drawing.contents for s in g.contents if getattr(s, "fillColor", None)}
    assert "Color(.75,.25,.25,1)" in fills  # three quarters of #aa0000 on white


FIGURE = """
exercise: pelvic-lift
props: [floor, mat]
end: {{trunk: -90, hip: 45, knee: floor, touch: [pelvis]}}
highlight: {value}
alt: {{sv: Person på rygg., da: Person på ryggen.}}
"""


@pytest.mark.parametrize("value, message", [
    ("[right-foot]", "figures/pelvic-lift.yaml:4:13: error: 'highlight': input should be 'near-arm', "),
    ("[near-leg, near-leg]", "figures/pelvic-lift.yaml:4:1: error: 'highlight': 'near-leg' is listed twice"),
    ("right-leg", "figures/pelvic-lift.yaml:4:12: error: 'highlight': input should be 'near-arm', "),
    ("[near-leg, far-leg, far-arm]", "figures/pelvic-lift.yaml:4:1: error: 'highlight': "),
])
def test_a_bad_highlight_is_refused_at_its_line(tmp_path, value, message):
    write(tmp_path, "figures/pelvic-lift.yaml", FIGURE.format(value=value))
    with pytest.raises(HandoutsError) as info:
        load_figures(World((tmp_path,)), tmp_path / "figures", ["pelvic-lift"], ("da", "sv"))
    (found,) = info.value.diagnostics
    assert found.format().replace(str(tmp_path) + "/", "").startswith(message)


OWN_EXERCISE = """
id: own-lift
position: lying
dosage: {{reps: 10}}
text:
  sv: {{name: Benlyft, steps: [Ligg på rygg., Lyft {sv} långsamt.]}}
  da: {{name: Benløft, steps: [Lig på ryggen., Løft {da} langsomt.]}}
"""


@pytest.mark.parametrize("sv, da, highlight, warned", [
    ("höger ben", "højre ben", "", "the steps name 'højre ben', but the picture of 'own-lift' highlights no limb"),
    ("höger ben", "højre ben", "highlight: [near-foot]", None),
    ("vänster knä", "venstre knæ", "highlight: [near-leg]",
     "the steps name 'venstre knæ', but the picture of 'own-lift' highlights near-leg"),
    ("benet", "benet", "", None),  # no side named
    ("höger sida", "højre side", "", None),  # a side, but no limb after it
])
def test_check_warns_when_the_picture_does_not_mark_the_side_the_steps_name(tmp_path, sv, da, highlight, warned):
    from handouts.check.content import _named_side

    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: c\nname: K\nphone: \"+46 70 174 06 99\"\n")
    write(root, "exercises/own-lift.yaml", OWN_EXERCISE.format(sv=sv, da=da))
    write(root, "figures/own-lift.yaml", f"exercise: own-lift\nextends: straight-leg-raise\n{highlight}\n")
    world = World((root.resolve(),))
    found = _named_side(world, "own-lift", world.library.source("exercises", "own-lift"))
    assert [d.message for d in found] == ([warned] if warned else [])
    if warned:
        assert found[0].severity == "warning" and found[0].code == "picture.side" and found[0].line == 6  # da's steps
        assert "add 'highlight: [" in found[0].hint


def test_no_built_in_exercise_gets_the_side_warning():
    from handouts.check.content import _named_side

    world = World()
    assert [d for e in sorted(world.library.exercises)
            for d in _named_side(world, e, world.library.source("exercises", e))] == []


@pytest.mark.parametrize("colour", ["#1d5c73", "#2e7d32", "#7b3fa0", "#c0392b"])
def test_the_highlight_is_stronger_than_a_far_limb(colour):
    """Filled with half the clinic's colour, a highlighted leg was paler than the far leg's
    grey, and two readers took it for "the leg in the background", not the one that works: it
    now stands further from the paper than any far-side tone does, in grey as well."""
    from reportlab.lib.colors import HexColor, linearlyInterpolatedColor

    from handouts.figures.draw import MID, person_colours
    from handouts.layout.theme import contrast

    paper = HexColor("#ffffff")
    marked = linearlyInterpolatedColor(paper, HexColor(colour), 0, 1, MID)  # as figure_drawing mixes it
    far = person_colours(colour)
    assert all(contrast(marked, paper) > contrast(far[f"{part}-far"], paper) for part in ("legs", "cloth"))

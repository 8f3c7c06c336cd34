"""Views that show what matters (issue #17): a top-view inset of the feet where a side view hides
that they are in one line, and the sideways weight shift seen from the front. Checked from the
picture's data: the footprints, where the inset is drawn, its colours, the views."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.figures import load_figures
from handouts.figures import marks as mk
from handouts.figures.draw import person_colours
from handouts.figures.inset import FOOT_LENGTH, HATCH_LINE, WALL_LINE, footprints
from handouts.figures.scene import compose
from handouts.layout.theme import contrast
from handouts.world.assets import library_root
from handouts.world.core import World

from .conftest import write

LANGS = ("da", "sv")
LIBRARY = library_root()
EXERCISES = sorted(p.stem for p in (LIBRARY / "exercises").glob("*.yaml"))
INSETS = {"standing-balance": "tandem", "walking-balance": "walking"}
runner = CliRunner()


@pytest.fixture(scope="module")
def figures():
    return load_figures(World(), LIBRARY / "figures", EXERCISES, LANGS)


def _inset_marks(scene) -> list[mk.Mark]:
    """The inset's marks: the frame (the only paper shape outlined in the prop colour) and
    everything drawn inside it."""
    frames = [m for m in scene.marks if isinstance(m, mk.Shape) and m.outline == "prop" and m.fill == "paper"
              and m.layer == mk.NOTE]
    assert len(frames) == 1
    x0, y0, x1, y1 = mk.extent(frames[0])
    return [m for m in scene.marks if m.layer == mk.NOTE and x0 <= mk.extent(m)[0] and mk.extent(m)[2] <= x1
            and y0 <= mk.extent(m)[1] and mk.extent(m)[3] <= y1]


@pytest.mark.parametrize("exercise, feet", sorted(INSETS.items()))
def test_the_feet_of_the_balance_exercises_are_shown_from_above(figures, exercise, feet):
    spec = figures[exercise]
    assert spec.view == "side" and spec.inset is not None and spec.inset.feet == feet
    scene, problems = compose(spec)
    assert problems == []
    prints = scene.footprints
    assert len(prints) == (2 if feet == "tandem" else 3)
    drawn = _inset_marks(scene)
    tones = [m.fill for m in drawn if isinstance(m, mk.Shape) and m.fill in ("shoe", "shoe-far")]
    assert sorted(tones) == sorted("shoe" if p.side == "near" else "shoe-far" for p in prints)


@pytest.mark.parametrize("exercise", sorted(INSETS))
def test_the_footprints_are_in_one_line_heel_against_toes(figures, exercise):
    prints = compose(figures[exercise])[0].footprints
    for back, front in zip(prints, prints[1:]):
        assert front.heel[0] == pytest.approx(back.toe[0], abs=0.5)  # touching, not a step apart
        assert front.heel[1] == back.toe[1] == back.heel[1] == front.toe[1]  # on one line
        assert front.side != back.side  # one foot in front of the other
    for p in prints:
        assert p.toe[0] - p.heel[0] == pytest.approx(FOOT_LENGTH)  # pointing forward, the way the person faces


def test_the_front_footprint_is_the_foot_in_front_in_the_pose(figures):
    scene = compose(figures["standing-balance"])[0]
    end = scene.bodies["end"]
    in_front = "near" if end.at("near-toe")[0] > end.at("far-toe")[0] else "far"
    assert scene.footprints[-1].side == in_front
    assert [p.side for p in footprints("tandem", "far")] == ["near", "far"]


@pytest.mark.parametrize("colour", ["#1d5c73", "#f2c14e", "#ffffff", "#7fd1ae"])
@pytest.mark.parametrize("exercise", sorted(INSETS))
def test_the_inset_reads_at_three_to_one(figures, exercise, colour):
    colours = person_colours(colour)
    roles = set()
    for m in _inset_marks(compose(figures[exercise])[0]):
        roles |= {m.fill, m.outline} if isinstance(m, mk.Shape) else {m.role}
    roles -= {None, "paper"}
    assert roles == {"prop", "shoe", "shoe-far"}  # frame and line, the near and the far foot
    for role in roles:
        assert contrast(colours[role], colours["paper"]) >= 3.0, role


@pytest.mark.parametrize("exercise", sorted(INSETS))
def test_the_inset_fits_in_the_picture_as_it_was(figures, exercise):
    spec = figures[exercise]
    scene = compose(spec)[0]
    without = compose(spec.model_copy(update={"inset": None}))[0]
    assert scene.square == without.square  # the picture keeps its size and shape on the page
    # (it may reach above the head, a panel beside the person, but never beyond the square)
    inset = _inset_marks(scene)
    x0, y0, x1, y1 = mk.bounds(inset)
    sx, sy, side = scene.square
    assert sx < x0 and x1 < sx + side and 0 < y0 and y1 < sy + side  # inside, above the floor
    assert y0 > 12  # off it: standing on the floor line, the tall frame read as a cupboard
    for m in without.marks:
        if m.layer != mk.BACK:  # the floor runs under everything
            a0, b0, a1, b1 = mk.extent(m)
            assert a1 < x0 or x1 < a0 or b1 < y0 or y1 < b0, m  # clear of the person, props, arrows


@pytest.mark.parametrize("exercise", sorted(INSETS))
def test_the_footprints_point_up_the_page_and_are_larger_than_the_feet_drawn(figures, exercise):
    """Drawn along the page at most 0.9 times life size, the prints were 13-15 mm on the printed
    page and read as objects on the floor. Standing up the page they fit the tall free space
    beside an upright person: forward is up, as on a map or a footprint diagram."""
    _, feet = _walls_and_feet(figures[exercise])
    x0, y0, x1, y1 = feet
    count = len(compose(figures[exercise])[0].footprints)
    assert y1 - y0 > 2.5 * (x1 - x0)  # a column of prints, toes up
    assert (y1 - y0) / count > 1.5 * 19.0  # each print half as long again as the figure's foot (FOOT)


def _walls_and_feet(spec) -> tuple[mk.Line, tuple[float, float, float, float]]:
    """The inset's walls (the line of their room-side faces) and the bounds of its footprints."""
    drawn = _inset_marks(compose(spec)[0])
    (walls,) = [m for m in drawn if isinstance(m, mk.Line) and m.width == WALL_LINE]
    hatch = [m for m in drawn if isinstance(m, mk.Line) and m.width == HATCH_LINE]
    assert len(hatch) > 5  # hatched on the outside, as the picture draws a wall
    return walls, mk.bounds([m for m in drawn if isinstance(m, mk.Shape) and m.fill in ("shoe", "shoe-far")])


def test_standing_balance_shows_the_corner_of_the_room_the_steps_name(figures):
    """The steps say "stand in a corner"; the side view shows only the wall ahead, so the top
    view draws the corner: one wall ahead of the front toe, one on the left of the feet."""
    assert figures["standing-balance"].inset.walls == "corner"
    walls, feet = _walls_and_feet(figures["standing-balance"])
    x0, y0, x1, y1 = mk.extent(walls)
    assert y1 > feet[3] + 2 and x0 < feet[0] - 2  # reaching past the toes (up) and the left side (left)
    ahead = [p for p in walls.points if p[1] > feet[3]]
    beside = [p for p in walls.points if p[0] < feet[0]]
    assert max(p[0] for p in ahead) - min(p[0] for p in ahead) > feet[2] - feet[0]  # a wall across the way ahead
    assert max(p[1] for p in beside) - min(p[1] for p in beside) > feet[3] - feet[1]  # and one along the feet


def test_walking_balance_shows_the_wall_the_steps_walk_along(figures):
    """"Walk along a wall": a side view can't show a wall beside the way, so the top view draws
    it on the left of the footprints, along all of them, and no wall ahead."""
    assert figures["walking-balance"].inset.walls == "left"
    wall, feet = _walls_and_feet(figures["walking-balance"])
    x0, y0, x1, y1 = mk.extent(wall)
    assert x1 < feet[0] and y0 <= feet[1] and y1 >= feet[3]  # beside all of the way, on the left
    assert x1 - x0 < feet[2] - feet[0]  # one wall, thinner than a print: not a corner across the way


def test_weight_transfer_is_seen_from_the_front_and_shifts_the_other_way(figures):
    transfer, shift = figures["weight-transfer"], figures["side-weight-shift"]
    assert transfer.view == "front"  # the sideways shift shows
    assert transfer.highlight == ()  # its text names no side

    def lean(spec) -> float:
        """How far the pelvis is from the middle between the feet in the end pose, in cm."""
        body = compose(spec)[0].bodies["end"]
        return body.at("pelvis")[0] - (body.at("near-heel")[0] + body.at("far-heel")[0]) / 2

    assert lean(transfer) > 5 and lean(shift) < -5  # over the other leg than side-weight-shift's
    body = compose(transfer)[0].bodies["end"]
    for side in ("near", "far"):  # hands on the hips, not hanging as in side-weight-shift
        assert abs(body.at(f"{side}-hand")[1] - body.at("waist")[1]) < 15


# --- the key in a figure file ------------------------------------------------------------

@pytest.fixture
def clinic(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: fig-clinic\nname: Figurkliniken\n")
    return root


def refused(clinic: Path, tmp_path: Path, exercise: str) -> str:
    out = tmp_path / "out.svg"
    result = runner.invoke(app, ["show", "exercise", exercise, "--clinic", str(clinic), "--picture", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists() and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1, lines
    return lines[0].replace(str(clinic) + "/", "")


@pytest.mark.parametrize("inset, where, words", [
    ("{feet: tandme}", ":3:15:", "input should be 'tandem', 'walking' or 'rock'"),
    ("{feet: tandem, side: left}", ":3:29:", "unknown key 'side' [schema.extra_forbidden] (remove it)"),
    ("{feet: tandem, corner: top}", ":3:31:", "input should be 'left' or 'right'"),
    ("tandem", ":3:8:", "error"),
    ("{feet: 5}", ":3:15:", "input should be 'tandem', 'walking' or 'rock'"),
    ("{feet: tandem, walls: room}", ":3:30:", "input should be 'corner' or 'left'"),
    ("{feet: rock, walls: corner}", ":3:1:", "'walls' is drawn in the top view only"),
])
def test_a_bad_inset_is_refused_at_its_line(clinic, tmp_path, inset, where, words):
    write(clinic, "figures/standing-balance.yaml",
          f"exercise: standing-balance\nextends: standing-balance\ninset: {inset}\n")
    message = refused(clinic, tmp_path, "standing-balance")
    assert message.startswith("figures/standing-balance.yaml" + where) and ": error: " in message, message
    assert words in message


@pytest.mark.parametrize("inset, words", [("{feet: walking}", "neither lower corner is free"),
                                          ("{feet: walking, corner: left}", "the lower left corner is not free")])
def test_an_inset_where_there_is_no_room_is_refused(clinic, tmp_path, inset, words):
    write(clinic, "figures/dumbbell-side-raise.yaml",
          f"exercise: dumbbell-side-raise\nextends: dumbbell-side-raise\ninset: {inset}\n")
    message = refused(clinic, tmp_path, "dumbbell-side-raise")  # arms and their arrows out to both sides
    assert message.startswith("figures/dumbbell-side-raise.yaml:3:1: error: ") and words in message, message
    assert message.endswith("[figure.inset]") or "[figure.inset] (" in message


def test_an_inset_in_the_other_free_corner_is_drawn_there(clinic):
    write(clinic, "figures/walking-balance.yaml",
          "exercise: walking-balance\nextends: walking-balance\ninset: {feet: tandem, corner: right}\n")
    spec = World((clinic.resolve(),)).library.figure("walking-balance")
    scene, problems = compose(spec)
    assert problems == []
    x0, _, x1, _ = mk.bounds(_inset_marks(scene))
    feet = scene.bodies["end"].at("near-toe")[0]
    assert x0 > feet and math.isclose(len(scene.footprints), 2)  # ahead of the person (the library's is behind)
    library = compose(World().library.figure("walking-balance"))[0]
    assert mk.bounds(_inset_marks(library))[2] < library.bodies["start"].at("far-heel")[0]


@pytest.mark.parametrize("exercise", sorted(INSETS))
def test_each_footprint_has_toes_the_big_toe_on_the_inner_side(figures, exercise):
    """A sole alone read as a shoe or a pebble lying there; five toes ahead of it make it a foot
    seen from above. Up the page is forward, so the right (near) foot's big toe is on its left."""
    scene = compose(figures[exercise])[0]
    drawn = _inset_marks(scene)
    soles = [m for m in drawn if isinstance(m, mk.Shape) and m.fill in ("shoe", "shoe-far")]
    toes = [m for m in drawn if isinstance(m, mk.Dot) and m.role in ("shoe", "shoe-far")]
    assert len(toes) == 5 * len(soles)
    for sole in soles:
        x0, y0, x1, y1 = mk.extent(sole)
        length = y1 - y0
        mine = [t for t in toes if t.role == sole.fill and x0 - 1 <= t.centre[0] <= x1 + 1
                and y1 - 0.1 * length < t.centre[1] < y1 + 0.3 * length]
        assert len(mine) == 5, sole.fill  # all ahead of this sole, none ahead of the next one
        big = max(mine, key=lambda t: t.radius)
        middle = (x0 + x1) / 2
        assert (big.centre[0] < middle) == (sole.fill == "shoe")  # near: the right foot, big toe to its left

"""The pictures a reviewer reading the contact sheet as a patient of 80 found wrong: each fix
checked from the pose data or the drawn scene, so that undoing it fails here."""

from __future__ import annotations

import math

import pytest
from reportlab.lib.colors import HexColor

from handouts.figures import load_figures
from handouts.figures import marks as mk
from handouts.figures import props as pr
from handouts.figures.draw import band_colour, person_colours
from handouts.figures.scene import ARROW_WIDTH, compose
from handouts.figures.skeleton import radius
from handouts.layout.theme import contrast
from handouts.world.assets import library_root
from handouts.world.core import World

LIBRARY = library_root()
EXERCISES = sorted(p.stem for p in (LIBRARY / "exercises").glob("*.yaml"))
BELLY = 9.0  # cm the belly reaches above the back's line lying on the back (SIDE_PROFILE)


@pytest.fixture(scope="module")
def figures():
    return load_figures(World(), LIBRARY / "figures", EXERCISES, ("da", "sv"))


def _body(spec, which="end"):
    return compose(spec)[0].bodies[which]


def _arrows(scene):
    return [m for m in scene.marks if isinstance(m, mk.Line) and m.role == "accent" and m.width == ARROW_WIDTH]


def test_core_brace_rests_both_hands_on_the_belly(figures):
    body = _body(figures["core-brace"])
    pelvis, waist = body.at("pelvis"), body.at("waist")
    for side in ("near", "far"):
        hand = body.at(f"{side}-hand")
        assert waist[0] - 3 < hand[0] < pelvis[0], side  # over the belly, between waist and hips
        assert abs(hand[1] - radius("hand") - (pelvis[1] + BELLY)) < 3, side  # on it, not above the chest
        assert abs(body.points[f"{side}-hand"][2]) < 8, side  # on the belly, not beside the body
        assert math.dist(hand, body.at("head")) > 35, side  # nowhere near the chin


def test_abdominal_brace_keeps_the_arms_by_the_sides(figures):
    body = _body(figures["abdominal-brace"])
    assert body.at("near-hand")[1] - body.at("pelvis")[1] < 4
    assert abs(body.points["near-hand"][2]) > 12


def test_abdominal_brace_presses_the_lower_back_down_from_above(figures):
    """Arms by the sides alone read as core-brace without its hands: the step "press the lower
    back down into the mat" gets an arrow coming down onto the belly, drawn above the body."""
    scene = compose(figures["abdominal-brace"])[0]
    (arrow,) = _arrows(scene)
    (x0, y0), (x1, y1) = arrow.points[0], arrow.points[-1]
    assert abs(x1 - x0) < 1 and y1 < y0  # straight down
    waist = scene.bodies["end"].at("waist")
    assert abs(x1 - waist[0]) < 1
    body = [m for m in scene.marks if m.layer in (mk.TRUNK, mk.NEAR)]
    top = mk.bounds(body)[3]
    assert y1 - ARROW_WIDTH > waist[1] + BELLY - 1 and y0 > top  # over the belly, never through the body


def test_the_right_leg_weight_shift_goes_one_way_and_the_transfer_both(figures):
    shift, transfer = figures["side-weight-shift"], figures["weight-transfer"]
    assert [(a.direction, a.both) for a in shift.arrows] == [("left", False)]  # onto the right leg
    assert [(a.direction, a.both) for a in transfer.arrows] == [("right", True)]  # side to side
    bent = _body(shift).angles.near["knee"]
    assert bent > _body(transfer).angles.far["knee"] + 5  # the right knee bends more


def test_the_knee_lift_lifts_both_legs_and_knee_to_chest_holds_one(figures):
    lift, hug = _body(figures["abdominal-knee-lift"]), _body(figures["knee-to-chest"])
    floor = lift.at("pelvis")[1] - radius("pelvis")
    for side in ("near", "far"):
        assert lift.at(f"{side}-heel")[1] - floor > 20, side  # both feet off the mat
    assert math.dist(lift.at("near-toe"), lift.at("far-toe")) > 8  # two legs show, not one
    assert lift.at("near-hand")[1] - lift.at("pelvis")[1] < 4  # arms by the sides
    assert hug.at("far-heel")[1] - radius("heel") - floor < 3  # the other foot stays down
    for side in ("near", "far"):
        assert math.dist(hug.at(f"{side}-hand"), hug.at("near-knee")) < 15, side  # hands round the knee


def test_knee_to_chest_hugs_the_knee_and_the_glute_stretch_lays_the_shin_across(figures):
    """Both draw one thigh up to the chest; a reviewer could not tell them apart at print size.
    Knee to chest folds the knee so the foot hangs down by the bottom; the glute stretch lays its
    shin level across the other knee."""
    def shin_slope(body) -> float:
        (kx, ky), (ax, ay) = body.at("near-knee"), body.at("near-ankle")
        return math.degrees(math.atan2(ay - ky, abs(ax - kx)))

    assert shin_slope(_body(figures["knee-to-chest"])) < -20  # the foot falls below the knee
    assert abs(shin_slope(_body(figures["glute-stretch-lying"]))) < 10  # level, across the knee


@pytest.mark.parametrize("exercise", ["glute-stretch-lying", "glute-stretch-seated"])
def test_the_glute_stretches_show_the_pull_or_press(figures, exercise):
    spec = figures[exercise]
    assert [a.at for a in spec.arrows] == ["near-knee"]
    assert _arrows(compose(spec)[0])


def test_the_lying_glute_stretch_draws_the_knee_towards_the_head(figures):
    """Drawn as the held stretch alone: its start pose differed by a few degrees, and a reader
    took the start foot's dashed outline, beside the end foot, for a stray object."""
    spec = figures["glute-stretch-lying"]
    assert spec.start is None and spec.hold
    assert [(a.at, a.direction) for a in spec.arrows] == [("near-knee", "back")]  # towards the shoulder
    body = _body(spec)  # the ankle on the other knee
    assert math.dist(body.points["near-ankle"], body.points["far-knee"]) < radius("ankle") + radius("knee") + 6


def test_the_seated_glute_stretch_presses_the_knee_down_on_a_chair_with_a_back(figures):
    spec = figures["glute-stretch-seated"]
    assert [a.direction for a in spec.arrows] == ["down"]
    scene = compose(spec)[0]
    seat = scene.bodies["end"].at("pelvis")[1] - radius("pelvis")
    props = [m for m in scene.marks if isinstance(m, mk.Line) and m.role == "prop" and m.layer == mk.BACK]
    assert max(p[1] for m in props for p in m.points) > seat + 30  # a backrest, not a stool


def test_the_mini_squat_bends_a_little_holding_a_chair(figures):
    """The steps say "hold a chair's backrest" and "bend the knees a little": the
    picture showed a deep squat with the arms out in the air."""
    spec = figures["mini-squat"]
    assert [(p.kind, p.at) for p in spec.props if p.kind == "chair"] == [("chair", "near-hand")]
    end = _body(spec)
    assert 30 <= end.angles.near["knee"] <= 60  # a mini squat, not a deep one
    scene = compose(spec)[0]
    start = scene.bodies["start"]
    for body in (start, end):  # both hands at the backrest's height in both poses
        assert abs(body.at("near-hand")[1] - end.at("near-hand")[1]) < 8


def test_toe_heel_rock_holds_the_chair_its_caution_names(figures):
    """The caution said "hold on to a chair's backrest if you feel unsteady"; the picture showed
    a person standing free, which a reader of 80 copies. Now the picture holds the chair, and so
    does the first step (a reviewer saw a picture that always holds one and a text that says
    "only if unsteady")."""
    spec = figures["toe-heel-rock"]
    exercise = World().library.exercises["toe-heel-rock"]
    assert "chair" in exercise.equipment
    assert "stol" in exercise.text["sv"].steps[0] and "stol" in exercise.text["da"].steps[0]
    assert [(p.kind, p.at) for p in spec.props if p.kind == "chair"] == [("chair", "near-hand")]
    scene = compose(spec)[0]
    end, start = scene.bodies["end"], scene.bodies["start"]
    assert end.at("near-hand")[0] > end.at("near-toe")[0]  # reaching forward to it, in front of the feet
    assert abs(start.at("near-hand")[1] - end.at("near-hand")[1]) < 10  # on the backrest on heels and on toes


def test_chair_stand_crosses_the_arms_over_the_chest(figures):
    spec = figures["chair-stand"]
    for which in ("start", "end"):
        body = _body(spec, which)
        points = body.points
        assert points["near-hand"][2] < 0 < points["far-hand"][2], which  # each hand on the other side
        neck, waist = body.at("neck"), body.at("waist")
        for side in ("near", "far"):
            hand = body.at(f"{side}-hand")
            assert waist[1] < hand[1] < neck[1] + 3, (which, side)  # at the chest, not by the chin


@pytest.mark.parametrize("colour", ["#1d5c73", "#f2c14e", "#c0392b", "#7fd1ae", "#ffffff"])
def test_the_band_has_a_colour_of_its_own(colour):
    band = band_colour(colour)
    colours = person_colours(colour)
    assert contrast(band, HexColor("#ffffff")) >= 3.0
    for other in (HexColor(colour), colours["cloth"], colours["cloth-far"]):
        assert band.hexval() != other.hexval()
        assert math.dist((band.red, band.green, band.blue), (other.red, other.green, other.blue)) > 0.25


def test_band_row_draws_the_band_in_the_band_colour(figures):
    scene = compose(figures["band-row"])[0]
    bands = [m for m in scene.marks if isinstance(m, mk.Line) and m.role == "band"]
    assert len(bands) == 2  # one to each hand
    assert not [m for m in scene.marks if isinstance(m, mk.Line) and m.role == "accent" and m.width == 1.8]


def test_band_row_ties_the_band_in_a_door_and_shows_the_pull(figures):
    """The steps shut the band in a door; drawn edge-on as one line, the door read as a pole. And
    the arrow at the elbow lay on the chest, where a reviewer did not see it."""
    scene = compose(figures["band-row"])[0]
    (door,) = [m for m in scene.marks if isinstance(m, mk.Shape) and m.fill == "paper" and m.outline == "prop"]
    x0, y0, x1, y1 = mk.extent(door)
    assert x1 - x0 >= 20 and y1 - y0 >= 190 and y0 <= 0  # a door's panel standing on the floor
    knob = max((m for m in scene.marks if isinstance(m, mk.Line) and m.role == "band"), key=lambda m: m.points[0][0])
    assert x0 <= max(p[0] for p in knob.points) <= x1  # the band ends at the door
    end = scene.bodies["end"]
    assert 80 <= end.angles.near["elbow"] <= 100 and end.angles.neck > 0  # "rät vinkel", "dra in hakan"
    assert x0 - end.at("near-toe")[0] < 50  # near enough to reach: 60 cm off, the person looked lost beside it
    (arrow,) = _arrows(scene)
    trunk = scene.bodies["end"].trunk_shape()
    assert not any(_inside(p, trunk) for p in arrow.points)  # not over the chest


def _inside(point, polygon) -> bool:
    """Whether `point` lies inside `polygon` (even-odd rule)."""
    x, y = point
    inside = False
    for (ax, ay), (bx, by) in zip(polygon, [*polygon[1:], polygon[0]]):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def test_the_keys_start_sample_is_a_person_not_an_eight():
    from handouts.layout import picture_key as pk

    outline = pk.SILHOUETTE
    assert outline[0] == (0.0, 1.0) and outline[-1][0] == 0.0 and outline[-1][1] > 0.3  # legs apart
    assert max(u for u, _ in outline) > 0.9  # arms beside the body, wider than the hips
    assert min(v for u, v in outline if u > 0.8) > 0.3  # the hands end above the feet


def test_toe_heel_rock_shows_the_feet_enlarged(figures):
    from handouts.figures import inset as ins

    spec = figures["toe-heel-rock"]
    assert spec.inset is not None and spec.inset.feet == "rock"
    scene, problems = compose(spec)
    assert problems == []
    plain = compose(spec.model_copy(update={"inset": None}))[0]
    assert scene.square == plain.square  # the close-up never grows the picture
    shoes = [m for m in scene.marks if isinstance(m, mk.Shape) and m.fill == "shoe"]
    body = scene.bodies["end"]
    foot = math.dist(body.at("near-heel"), body.at("near-toe"))
    drawn = max(math.dist(a, b) for m in shoes for a in m.points for b in m.points)
    assert drawn > 1.4 * foot  # a foot in the close-up is larger than the picture's
    ghosts = [m for m in scene.marks if isinstance(m, mk.Shape) and m.outline == "ghost-line" and m.width == 2 * ins.GHOST_LINE]
    assert ghosts  # the start foot outlined beside the end foot
    assert min(ins.ROCK_SCALES) >= 1.4
    # the close-up stands on a floor as heavy as the picture's: a thin one read as a foot in the air
    floors = sorted(m.width for m in scene.marks if isinstance(m, mk.Line) and m.role == "prop" and len(m.points) == 2)
    assert floors == [pr.WIDTH, pr.WIDTH]
    assert ins.GHOST_LINE >= 1.5  # the start foot's outline as strong as the start pose's
    # a round frame, not the top view's rectangle: the key says what that one is (feet from above)
    (frame,) = [m for m in scene.marks if isinstance(m, mk.Shape) and m.fill == "paper" and m.outline == "prop"]
    x0, y0, x1, y1 = mk.bounds([mk.Shape(frame.points, "paper", mk.BACK)])
    cx, cy, a, b = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    assert all(abs(((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 - 1) < 0.01 for x, y in frame.points)


def test_walking_with_pauses_shows_the_pause(figures):
    """The steps' pause, leaning on a trolley: a reader saw only walking with one, in a stride.
    The feet stand side by side and the clock says the position is held."""
    spec = figures["walking-with-pauses"]
    assert spec.hold
    end = _body(spec)
    assert abs(end.at("near-heel")[0] - end.at("far-heel")[0]) < 10  # standing, not striding
    assert end.angles.trunk >= 25  # leaning forward on the handle
    # and the walk before it: a second reader saw only standing still, and nothing said "walk"
    start = _body(spec, "start")
    assert abs(start.at("near-heel")[0] - start.at("far-toe")[0]) > 25  # a stride
    assert start.at("pelvis")[0] < end.at("pelvis")[0] - 15  # behind, walking up to the pause
    assert [(a.at, a.direction) for a in spec.arrows] == [("near-toe", "forward")]


def test_the_walking_arrows_run_at_the_feet(figures):
    """At the head, the arrow of walking on a line read as "look ahead"."""
    for exercise in ("walking-balance", "walking-with-pauses"):
        spec = figures[exercise]
        (arrow,) = spec.arrows
        assert arrow.at == "near-toe" and arrow.direction == "forward", exercise
        (line,) = _arrows(compose(spec)[0])
        assert max(p[1] for p in line.points) < 20, exercise  # along the floor, below the knees


@pytest.mark.parametrize("exercise, lean", [("calf-stretch", 20), ("seated-cycling", 30)])
def test_the_leaning_exercises_lean(figures, exercise, lean):
    """The calf stretch's steps say "lean forward", the cycling's purpose "a slightly forward-leaning
    posture", which eases the legs in spinal stenosis; a reviewer saw both upright."""
    body = _body(figures[exercise])
    (px, py), (nx, ny) = body.at("pelvis"), body.at("neck")
    assert math.degrees(math.atan2(nx - px, ny - py)) >= lean


def test_the_cat_keeps_its_hands_where_they_are(figures):
    """The start's hands were drawn 19 cm ahead of the end's: a reviewer read it as sliding the
    hands. On all fours the arms start straight down under the shoulders."""
    spec = figures["cat-stretch"]
    start, end = _body(spec, "start"), _body(spec, "end")
    assert abs(start.at("near-hand")[0] - end.at("near-hand")[0]) < 6
    assert abs(start.at("near-wrist")[0] - start.at("near-shoulder")[0]) < 3


def test_every_hold_clock_prints_at_one_size(figures):
    """The clock was drawn in cm, so the wide diagonal reach, drawn at a smaller scale, printed
    a smaller clock than the others."""
    sizes = {}
    for exercise, spec in figures.items():
        if spec.hold:
            scene = compose(spec)[0]
            (ring,) = [m for m in scene.marks if isinstance(m, mk.Line) and m.closed and m.role == "accent"]
            x0, _, x1, _ = mk.extent(ring)
            sizes[exercise] = (x1 - x0) / scene.square[2]
    assert len(sizes) > 5 and max(sizes.values()) - min(sizes.values()) < 0.002, sizes


def test_the_cyclist_sits_with_both_knees_bent(figures):
    """With one leg straight down to its pedal, a reviewer saw the rider standing over the saddle."""
    body = _body(figures["seated-cycling"])
    assert min(body.angles.near["knee"], body.angles.far["knee"]) >= 40


@pytest.mark.parametrize("exercise", ["standing-balance", "walking-balance"])
def test_the_balance_pictures_look_ahead(figures, exercise):
    """The steps fix the eyes on a point ahead; with the neck straight the head tipped back and a
    reviewer read the walker as leaning back, looking up."""
    spec = figures[exercise]
    for which in ("start", "end") if spec.start else ("end",):
        assert _body(spec, which).angles.neck >= 5, which


def test_every_hold_clock_sits_beside_its_drawing(figures):
    """In the square's corner, a narrow standing figure's clock printed in the gutter beside the
    text, far from the person (a reviewer read it as a bullet of the text)."""
    for exercise, spec in figures.items():
        if not spec.hold:
            continue
        scene = compose(spec)[0]
        (ring,) = [m for m in scene.marks if isinstance(m, mk.Line) and m.closed and m.role == "accent"]
        rx0, _, rx1, _ = mk.extent(ring)
        clock = [m for m in scene.marks if isinstance(m, mk.Line) and m.role == "accent" and m.width == ring.width
                 and m.layer == mk.NOTE]  # the ring and its hands
        floor = [m for m in scene.marks if m.layer == mk.BACK and isinstance(m, mk.Line) and len(m.points) == 2
                 and m.points[0][1] == m.points[1][1]]  # drawn across the whole square
        drawn = [m for m in scene.marks if all(m is not c for c in clock + floor)]
        bx0, _, bx1, _ = mk.bounds(drawn)
        assert rx0 - bx1 < 12 and bx0 - rx1 < 12, exercise  # at most a clock's width off the drawing


def test_the_clock_sits_by_the_drawing_not_over_the_card(figures):
    """In the square's top corner, all-fours-diagonal-reach's clock floated over the card's
    text, apart from the picture, and made the picture taller than the person: where the top
    corners beside the drawing are taken, it goes just above the drawing."""
    from handouts.figures.scene import HOLD_GAP, HOLD_RADIUS, MIN_SIDE

    held_figures = [spec for spec in figures.values() if spec.hold]
    assert len(held_figures) > 10
    for spec in held_figures:
        held, plain = compose(spec)[0], compose(spec.model_copy(update={"hold": False}))[0]
        r = HOLD_RADIUS * held.square[2] / MIN_SIDE
        assert mk.bounds(held.marks)[3] - mk.bounds(plain.marks)[3] <= HOLD_GAP + 2 * r + 2, spec.exercise


def test_no_arrow_runs_through_the_floor_line(figures):
    """An arm's arrow from a hand on the floor, and toe-heel-rock's heel arrow, ran through the
    floor line, and a walking arrow's head cut it: a reader took the part under it for a second,
    buried arrow, or a mark on the floor. Every arrow, heads included, keeps clear of the floor
    and of a mat on it."""
    from handouts.figures.scene import ARROW_EDGE, FLOOR_CLEAR

    checked = 0
    for spec in figures.values():
        scene = compose(spec)[0]
        floors = [m for m in scene.marks if isinstance(m, mk.Line) and m.layer == mk.BACK and m.role == "prop"
                  and m.width == pr.WIDTH and len(m.points) == 2 and m.points[0][1] == m.points[1][1]
                  and m.points[1][0] - m.points[0][0] > 0.8 * scene.square[2]]
        if not floors:
            continue
        ground = floors[0].points[0][1] + pr.WIDTH / 2
        if spec.view == "side" and any(p.kind == "mat" for p in spec.props):
            ground += pr.MAT
        drawn = _arrows(scene) + [m for m in scene.marks if isinstance(m, mk.Shape) and m.fill == "accent"]
        for mark in drawn:
            assert mk.extent(mark)[1] - ARROW_EDGE >= ground + FLOOR_CLEAR - 0.01, spec.exercise
        checked += 1
    assert checked > 25 and FLOOR_CLEAR >= 5

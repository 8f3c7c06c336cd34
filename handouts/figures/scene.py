"""Composing a picture: a `FigureSpec` -> a `Scene` of marks in cm, and the square to show.

The order of work: place the poses on the bare floor to know where the mat and pillow go; place
them again resting on those; fit the other props to the placed bodies; check the points each
pose says it touches; then draw the ghost start pose, the end pose, the arrows along the real
path of the moving point (the poses are interpolated, so an arc is an arc), the hold mark in a
free corner, and the floor across the whole square.

Contract: `compose(spec)` -> `(Scene, problems)`; a problem is `(loc in the figure file,
message)`, and a scene with problems is still drawable (the loader refuses it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from handouts.figures import inset as ins
from handouts.figures import marks as mk
from handouts.figures import props as pr
from handouts.figures.body import body_marks
from handouts.figures.marks import P2, Line, Mark, Shape, Surface
from handouts.figures.model import Arrow, FigureSpec
from handouts.figures.pose import Placed, Problem, place_pose, surface_at
from handouts.figures.shape import capsule, foot
from handouts.figures.skeleton import SIDES, STROKE, Angles, body_points, radius
from handouts.figures.skeleton import lying as lying_of

MIN_SIDE = 190.0  # cm shown at least, so every person is drawn at about the same size
PAD = 5.0  # cm kept free around everything inside the square
ARROW_WIDTH = 2.8
ARROW_OFFSET = 15.0  # how far an arrow runs beside the path of the point it shows
ARROW_MIN = 28.0  # shorter movements get a straight arrow this long
ARROW_TRIM = 6.0  # cm left off each end of a long path, so the arrow doesn't touch the limbs
ARROW_HEAD = 9.0
ARROW_EDGE = 1.4  # cm of paper around an arrow
FLOOR_CLEAR = 5.0  # cm between an arrow (its paper edge) and the floor or mat under it: touching, it read as a mark on the floor
HOLD_RADIUS = 9.0  # cm in a picture MIN_SIDE across; a larger square draws it larger
CLOCK_LINE = 2.2
HOLD_GAP = 6.0  # cm between the clock and the drawing beside it
TOUCH_TOLERANCE = 2.0


@dataclass(frozen=True)
class Scene:
    """What to draw, and the square of the world (x0, y0, side), in cm, that fills the picture."""

    marks: tuple[Mark, ...]
    square: tuple[float, float, float]
    bodies: Mapping[str, Placed] = field(default_factory=dict, compare=False, repr=False)
    """The placed poses ("start", "end"), for tests and checks that read the picture's data."""
    footprints: tuple[ins.Footprint, ...] = ()
    """The foot inset's prints in top view coordinates (cm), back to front; () without one."""


def compose(spec: FigureSpec) -> tuple[Scene, list[Problem]]:
    """The picture `spec` describes, and what is wrong with its poses (see the module doc)."""
    problems: list[Problem] = []
    poses = {"end": spec.end} if spec.start is None else {"start": spec.start, "end": spec.end}
    bike = {p.pose for p in spec.props if p.kind == "exercise-bike"}
    rest = {name: (pr.bike_rest if name in bike else None) for name in poses}

    # a three-quarter body rests as in side view; only the camera differs (see pose.py)
    placing = "side" if spec.view == "three-quarter" else spec.view
    bare = {name: place_pose(pose, placing, [], rest[name])[0] for name, pose in poses.items()}
    marks, surfaces = pr.supports(spec.props, placing, bare)
    bodies: dict[str, Placed] = {}
    for name, pose in poses.items():
        bodies[name], found = place_pose(pose, placing, surfaces, rest[name])
        problems += [((name,) + loc, message) for loc, message in found]
    more, held = pr.fitted(spec.props, placing, bodies)
    marks += more
    surfaces += held
    for name, pose in poses.items():
        problems += _check_touch(bodies[name], pose.touch, surfaces, name)
    level: float | None = 0.0 if _has(spec, "floor") else None
    if placing != spec.view:
        lying = lying_of(bodies["end"].angles)  # one camera for both poses: the end pose's
        bodies = {name: replace(body, view=spec.view, lying=lying) for name, body in bodies.items()}
        marks, edge = pr.seen(spec.props, bodies, surfaces)
        level = edge if level is not None else None

    if "start" in bodies:
        marks += body_marks(bodies["start"], ghost=True)
    marks += body_marks(bodies["end"], ghost=False, highlight=spec.highlight)
    for i, arrow in enumerate(spec.arrows):
        drawn = _arrow(arrow, bodies, _ground(spec, level))
        if drawn is None:
            problems.append(((("arrows", i, "direction")), "the point hardly moves: give a direction"))
        else:
            marks += drawn

    floor = level is not None
    square = _square(marks, level)
    prints: tuple[ins.Footprint, ...] = ()
    if spec.inset is not None:  # into the square as it is: an inset never grows the picture
        end = bodies["end"]
        feet = [end.at(f"{s}-{n}")[0] for s in SIDES for n in ("heel", "toe")]
        front: ins.Side = "near" if end.at("near-toe")[0] >= end.at("far-toe")[0] else "far"
        if spec.inset.feet == "rock":
            marks, problem = ins.place_rock(spec.inset, marks, square, floor, sum(feet) / len(feet),
                                            [_near_foot(bodies[name], name == "start")
                                             for name in ("start", "end") if name in bodies])
        else:
            marks, prints, problem = ins.place(spec.inset, marks, square, floor, sum(feet) / len(feet), front)
        if problem:
            problems.append((("inset",), problem))
    if spec.hold:
        marks, square = _with_hold(marks, square, level, bodies["end"].at("head")[0])
    if level is not None:
        sx, _, s = square
        marks.insert(0, pr.floor(sx + PAD / 2, sx + s - PAD / 2, level))
    layered = sorted(marks, key=lambda m: m.layer)  # stable: equal layers keep their order
    return Scene(tuple(layered), square, bodies, prints), problems


def _near_foot(body: Placed, ghost: bool) -> tuple[list[P2], list[P2], bool]:
    """The near foot and the bottom of its shin as drawn (real cm), for the foot close-up."""
    ankle, knee = body.at("near-ankle"), body.at("near-knee")
    d = math.dist(ankle, knee) or 1.0
    top = (ankle[0] + (knee[0] - ankle[0]) * ins.ROCK_SHIN / d, ankle[1] + (knee[1] - ankle[1]) * ins.ROCK_SHIN / d)
    shin = capsule(top, ankle, radius("knee") - 0.4, radius("ankle"))
    return shin, foot(ankle, body.at("near-heel"), body.at("near-toe"), STROKE / 2), ghost


def _has(spec: FigureSpec, kind: str) -> bool:
    return any(p.kind == kind for p in spec.props)


def _square(marks: list[Mark], floor: float | None) -> tuple[float, float, float]:
    """The square (x0, y0, side) around `marks` and the floor line under them (at the page
    height `floor`, None without one), at least MIN_SIDE."""
    if floor is not None:  # the floor is drawn across the whole square later; here only its height counts
        x0, _, x1, _ = mk.bounds(marks)
        marks = marks + [pr.floor(x0, x1, floor)]
    x0, y0, x1, y1 = mk.bounds(marks)
    side = max(x1 - x0, y1 - y0, MIN_SIDE) + 2 * PAD
    return ((x0 + x1 - side) / 2, (y0 + y1 - side) / 2, side)


def _check_touch(body: Placed, touch: tuple[str, ...], surfaces: list[Surface], name: str) -> list[Problem]:
    problems = []
    for i, point in enumerate(touch):
        x, y = body.at(point)
        bottom = y - radius(point)
        levels = [0.0] + [s.top for s in surfaces if s.x0 - 3 <= x <= s.x1 + 3]
        gap = min(levels, key=lambda top: abs(bottom - top))
        if abs(bottom - gap) > TOUCH_TOLERANCE:
            under = surface_at(surfaces, x)
            where = "above" if bottom > under else "below"
            problems.append(((name, "touch", i), f"'{point}' should touch something but is "
                                                 f"{abs(bottom - under):.0f} cm {where} the surface under it"))
    return problems


# --- arrows -----------------------------------------------------------------------------

_DIRECTIONS = {"up": (0.0, 1.0), "down": (0.0, -1.0), "forward": (1.0, 0.0), "back": (-1.0, 0.0),
               "right": (1.0, 0.0), "left": (-1.0, 0.0)}
_WORLD = {"up": (0.0, 1.0, 0.0), "down": (0.0, -1.0, 0.0), "forward": (1.0, 0.0, 0.0), "back": (-1.0, 0.0, 0.0)}
_SIDES = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "above": (0.0, 1.0), "below": (0.0, -1.0)}


def _between(a: Placed, b: Placed, t: float) -> Placed:
    """The body part way from `a` to `b`: every angle and the pelvis moved by the fraction `t`."""
    mix = lambda u, v: u + (v - u) * t  # noqa: E731
    limbs: dict[str, Any] = {s: {k: mix(v, getattr(b.angles, s)[k]) for k, v in getattr(a.angles, s).items()}
                             for s in SIDES}  # the fields `near` and `far`
    trunk, tilt, chest, neck, turn = (mix(getattr(a.angles, f), getattr(b.angles, f))
                                      for f in ("trunk", "tilt", "chest", "neck", "turn"))
    angles = Angles(trunk, tilt, chest, neck, limbs["near"], limbs["far"], turn)
    pelvis = tuple(mix(u, v) for u, v in zip(a.points["pelvis"], b.points["pelvis"]))
    return Placed(angles, body_points(angles, pelvis), a.view, a.lying)


def _arrow(arrow: Arrow, bodies: Mapping[str, Placed], ground: float | None) -> list[Mark] | None:
    end = bodies["end"]
    tip = end.at(arrow.at)
    if arrow.direction is not None:
        dx, dy = _DIRECTIONS[arrow.direction]
        if end.view == "three-quarter" and arrow.direction in _WORLD:
            # the way the person moves, as the turned camera sees it ("back" runs left and up)
            dx, dy = end.seen(_WORLD[arrow.direction])
            d = math.hypot(dx, dy) or 1.0
            dx, dy = dx / d, dy / d
        path = [(tip[0] - dx * ARROW_MIN / 2, tip[1] - dy * ARROW_MIN / 2),
                (tip[0] + dx * ARROW_MIN / 2, tip[1] + dy * ARROW_MIN / 2)]
    elif "start" in bodies:
        path = [_between(bodies["start"], end, i / 24).at(arrow.at) for i in range(25)]
        if math.dist(path[0], path[-1]) < 3:
            return None
    else:
        return None
    if _length(path) < ARROW_MIN:  # too short to read: a straight arrow of readable length
        (ax, ay), (bx, by) = path[0], path[-1]
        d = math.dist(path[0], path[-1])
        ux, uy = (bx - ax) / d, (by - ay) / d
        mx, my = (ax + bx) / 2, (ay + by) / 2
        path = [(mx - ux * ARROW_MIN / 2, my - uy * ARROW_MIN / 2), (mx + ux * ARROW_MIN / 2, my + uy * ARROW_MIN / 2)]
    if arrow.side in ("ahead", "onto"):
        clear = radius(arrow.at) + 5
        if arrow.side == "onto":  # the arrow's head just short of the point, coming to it
            (ax, ay), (bx, by) = path[0], path[-1]
            d = math.dist(path[0], path[-1]) or 1.0
            ux, uy = (bx - ax) / d, (by - ay) / d
            head = (tip[0] - ux * clear, tip[1] - uy * clear)
            return _clear([(head[0] - ux * ARROW_MIN, head[1] - uy * ARROW_MIN), head], arrow.both, ground)
        (ax, ay), (bx, by) = path[-2], path[-1]
        d = math.dist(path[-2], path[-1]) or 1.0
        start = (tip[0] + (bx - ax) / d * clear, tip[1] + (by - ay) / d * clear)
        shift = (start[0] - path[0][0], start[1] - path[0][1])
        return _clear([(x + shift[0], y + shift[1]) for x, y in path], arrow.both, ground)
    return _clear(_beside(path, arrow, _centroid(end)), arrow.both, ground)


def _ground(spec: FigureSpec, level: float | None) -> float | None:
    """The top of what the arrows keep clear of: the floor line, or the mat on it (side view)."""
    if level is None:
        return None
    return level + pr.MAT if spec.view == "side" and _has(spec, "mat") else level


def _clear(path: list[P2], both: bool, ground: float | None) -> list[Mark]:
    """The arrow along `path`, all of it (heads and paper edge included) at least FLOOR_CLEAR
    above `ground`: a curve loses the ends that dip under that (an arm's arrow from a hand on
    the floor ran through the floor line); a straight arrow, or a curve too short without them,
    is moved up. A horizontal arrow's head reaches below its shaft, and cut the floor line."""
    marks = _drawn(path, both)
    if ground is None:
        return marks
    low = ground + FLOOR_CLEAR

    def bottom(drawn: list[Mark]) -> float:
        return min(mk.extent(m)[1] for m in drawn)

    if bottom(marks) >= low:
        return marks
    if len(path) > 2:
        reach = bottom(marks) - min(y for _, y in path)  # how far the drawing reaches under its path
        runs, run = [], []
        for p in path:
            if p[1] + reach >= low:
                run.append(p)
            elif run:
                runs.append(run)
                run = []
        runs.append(run)
        longest = max(runs, key=_length)
        if len(longest) > 1 and _length(longest) >= ARROW_MIN * 0.8:
            path, marks = longest, _drawn(longest, both)
    lift = low - bottom(marks)
    if lift > 0:
        path = [(x, y + lift) for x, y in path]
        marks = _drawn(path, both)
    return marks


def _centroid(body: Placed) -> P2:
    points = [p for p, _ in body.outline()]
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _length(path: list[P2]) -> float:
    return sum(math.dist(a, b) for a, b in zip(path, path[1:]))


def _beside(path: list[P2], arrow: Arrow, centre: P2) -> list[P2]:
    """`path` moved sideways by ARROW_OFFSET, to the arrow's side or away from `centre`."""
    mid = len(path) // 2
    a, b = path[max(mid - 1, 0)], path[min(mid + 1, len(path) - 1)]
    normal = (a[1] - b[1], b[0] - a[0])
    if arrow.side:
        want = _SIDES[arrow.side]
    else:
        m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        want = (m[0] - centre[0], m[1] - centre[1])
    sign = 1.0 if normal[0] * want[0] + normal[1] * want[1] >= 0 else -1.0
    shifted = []
    for i, p in enumerate(path):
        a, b = path[max(i - 1, 0)], path[min(i + 1, len(path) - 1)]
        nx, ny = a[1] - b[1], b[0] - a[0]
        n = math.hypot(nx, ny) or 1.0
        shifted.append((p[0] + sign * ARROW_OFFSET * nx / n, p[1] + sign * ARROW_OFFSET * ny / n))
    return mk.trimmed(shifted, ARROW_TRIM, ARROW_TRIM) if _length(shifted) > ARROW_MIN + 2 * ARROW_TRIM else shifted


def _drawn(path: list[P2], both: bool) -> list[Mark]:
    head = ARROW_HEAD
    shaft = mk.trimmed(path, head * 0.8 if both else 0.0, head * 0.8)
    heads = [_head(path, head)] + ([_head(path[::-1], head)] if both else [])
    # a paper edge first, so an arrow reads where it crosses the clothes (the same colour)
    marks: list[Mark] = [Line(tuple(shaft), ARROW_WIDTH + 2 * ARROW_EDGE, "paper", mk.NOTE)]
    marks += [Shape(h.points, "paper", mk.NOTE, "paper", 2 * ARROW_EDGE) for h in heads]
    return marks + [Line(tuple(shaft), ARROW_WIDTH, "accent", mk.NOTE), *heads]


def _head(path: list[P2], length: float) -> Shape:
    """A filled arrow head at the end of `path`."""
    tip = path[-1]
    i = len(path) - 2
    while i > 0 and math.dist(path[i], tip) < length:
        i -= 1
    dx, dy = tip[0] - path[i][0], tip[1] - path[i][1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    half = length * 0.6
    return Shape((tip, (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)), "accent", mk.NOTE)


# --- the hold mark ----------------------------------------------------------------------

def _with_hold(marks: list[Mark], square: tuple[float, float, float], floor: float | None, head_x: float
               ) -> tuple[list[Mark], tuple[float, float, float]]:
    """A small clock in the first free top corner of the square on the person's side of any wall
    or door (beyond one it read as a clock hanging on the wall); beside the picture if none is.
    The clock grows with the square, so it prints at one size in every picture (a wide picture
    is drawn at a smaller scale, and its clock had printed smaller than the others)."""
    x0, y0, side = square
    r = HOLD_RADIUS * side / MIN_SIDE
    inset = r + PAD
    # first beside the drawing's own top corners, then just above them, then the square's: in
    # the square's corner, a narrow standing figure's clock printed in the gutter, far from the
    # person it is about, and a wide low figure's floated over the card's text, apart from it
    bx0, _, bx1, by1 = mk.bounds(marks)
    top = min(by1 - r, y0 + side - inset)
    beside = [(min(bx1 + r + HOLD_GAP, x0 + side - inset), top), (max(bx0 - r - HOLD_GAP, x0 + inset), top)]
    above = []
    for x in (min(bx1 - r, x0 + side - inset), max(bx0 + r, x0 + inset)):
        under = [mk.extent(m)[3] for m in marks if mk.extent(m)[0] < x + r + HOLD_GAP and x - r - HOLD_GAP < mk.extent(m)[2]]
        over = max(under, default=y0) + HOLD_GAP + r  # over what is drawn at that end, not over the tallest thing
        if over <= y0 + side - inset:
            above.append((x, over))
    for centre in (*beside, *above, (x0 + side - inset, y0 + side - inset), (x0 + inset, y0 + side - inset)):
        if all(mk.distance_to(m, centre) > r + HOLD_GAP for m in marks) and not _walled_off(marks, centre, head_x):
            return marks + _clock(centre, r), square
    marks = marks + _clock((bx1 + r + 4, by1 - r), r)
    return marks, _square(marks, floor)


def _walled_off(marks: list[Mark], centre: P2, head_x: float) -> bool:
    """Whether an upright prop line (a wall, a door) standing as high as `centre` runs between it
    and the person's head."""
    low, high = sorted((centre[0], head_x))
    return any(isinstance(m, Line) and m.role == "prop" and len(m.points) == 2
               and m.points[0][0] == m.points[1][0] and low < m.points[0][0] < high
               and min(m.points[0][1], m.points[1][1]) < centre[1] < max(m.points[0][1], m.points[1][1])
               for m in marks)


def _clock(centre: P2, r: float) -> list[Mark]:
    x, y = centre
    width = CLOCK_LINE * r / HOLD_RADIUS
    ring = tuple((x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a))) for a in range(0, 360, 12))
    return [Line(ring, width, "accent", mk.NOTE, closed=True),
            Line(((x, y + r * 0.6), (x, y), (x + r * 0.45, y)), width, "accent", mk.NOTE)]

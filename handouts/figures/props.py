"""Props: floor, mat, furniture and equipment, drawn simply at their real sizes in cm.

Supports (mat, pillow) are placed first, because the body rests on them. Everything else is
fitted to the placed body: a chair's or stool's seat is put under the pelvis at the height the
pose sits at, a wall against the back or in front of the face, a trolley's handle in the hands,
an exercise bike's cranks around the feet. So a prop can't float or cut through the person,
and adding a picture never needs a coordinate.

In the three-quarter view the body rests exactly as in side view; `seen` then draws the props
it has (`SEEN`) again as boxes and frames in space, at the sizes and places the side view gave
them, and tells where the floor's edge nearest the reader runs on the page: the floor line is
drawn there, in front of every foot and chair leg, so nothing stands in front of it.

Contract: `supports(props, view, bodies)` -> `(marks, surfaces)`;
`fitted(props, view, bodies)` -> `(marks, surfaces)`; `SIDE_ONLY` names the props
that have no front view; `seen(props, bodies, surfaces)` -> `(marks, floor level)` for the
three-quarter view.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

from handouts.figures import marks as mk
from handouts.figures.marks import P2, Line, Mark, Shape, Surface
from handouts.figures.model import Prop
from handouts.figures.pose import Placed
from handouts.figures.skeleton import SIDES, STROKE, Vec, grip_axis, project, radius

WIDTH = 3.0  # prop line width: lighter than the figure's
MAT = 3.5  # mat thickness (a little more than a real one, so it shows when small)
WALL = 205.0  # a wall is drawn this high: well above the person
SEAT = 45.0  # chair seat height when nobody sits on it
BACKREST = 43.0  # backrest above the seat
SEAT_DEPTH = 42.0
STOOL = 34.0
TABLE = 74.0
DOOR = 200.0
HANDLE = 105.0
DOOR_SEEN = 27.0  # cm: a 90 cm door as wide as the side view's OBLIQUE shows it
PILLOW = (42.0, 12.0)  # length, height
CRANK = 30.0  # an exercise bike's crank axle above the floor

SIDE_ONLY = frozenset({"wall", "table", "door-band", "exercise-bike", "shopping-trolley"})
SEEN = frozenset({"floor", "mat", "pillow", "chair", "stool", "dumbbells"})
"""The props the three-quarter view draws (a chair to hold on to, `at:`, is side view only)."""
MAT_HALF = 10.0
"""How far the mat reaches behind the body's middle line in three-quarter view, cm; `MAT_NEAR`
towards the reader. Only its front edge is drawn (see `seen`): its top face seen from above,
as wide as a real mat, rose round the lying body as a pale slab, which three reviewers took
for a bench or a bed, and narrowed it still read as a step."""
MAT_NEAR = 15.0  # past the near foot, so the mat, not the foot, lies on the floor line
SEAT_HALF = 21.0  # half a chair's or stool's width
PILLOW_HALF = 24.0
FLOOR_GAP = 2.0  # cm on the page between the nearest foot or leg and the floor line


def supports(props: Sequence[Prop], view: str, bodies: Mapping[str, Placed]) -> tuple[list[Mark], list[Surface]]:
    """The mat and pillow, placed under the bodies (as they would lie on the bare floor)."""
    marks: list[Mark] = []
    surfaces: list[Surface] = []
    xs = [p[0] for body in bodies.values() for p, _ in body.outline()]
    for prop in props:
        if prop.kind == "mat":
            x0, x1 = min(xs) - 12, max(xs) + 12
            marks.append(_rounded(x0, 0, x1, MAT, 1.2, "accent-light", None, 0.0))
            surfaces.append(Surface(x0, x1, MAT, "mat"))
    base = max([s.top for s in surfaces], default=0.0)
    for prop in props:
        if prop.kind == "pillow":
            x = bodies[prop.pose].at(prop.at or "pelvis")[0]
            length, height = PILLOW
            marks.append(_rounded(x - length / 2, base, x + length / 2, base + height, height / 2.2,
                                  "accent-light", "prop", 1.5))
            surfaces.append(Surface(x - length / 2 + 4, x + length / 2 - 4, base + height, "pillow"))
    return marks, surfaces


def fitted(props: Sequence[Prop], view: str, bodies: Mapping[str, Placed]) -> tuple[list[Mark], list[Surface]]:
    """Every other prop, fitted to the placed bodies."""
    marks: list[Mark] = []
    surfaces: list[Surface] = []
    for prop in props:
        body = bodies[prop.pose]
        if prop.kind in ("chair", "stool"):
            m, s = _seat(prop, view, body)
        elif prop.kind == "wall":
            m, s = _wall(prop, bodies), []
        elif prop.kind == "table":
            m, s = _table(prop, bodies)
        elif prop.kind == "door-band":
            m, s = _door_band(prop, body, bodies), []
        elif prop.kind == "dumbbells":
            m, s = [mark for key, b in bodies.items() for mark in _dumbbells(b, key == "start")], []
        elif prop.kind == "exercise-bike":
            m, s = _bike(body), []
        elif prop.kind == "shopping-trolley":
            m, s = _trolley(prop, body), []
        else:
            continue  # floor, mat and pillow are drawn elsewhere
        marks += m
        surfaces += s
    return marks, surfaces


def floor(x0: float, x1: float, level: float = 0.0) -> Line:
    """The floor line, its top edge at `level` (0, the floor's height, but in a lying view)."""
    return Line(((x0, level - WIDTH / 2), (x1, level - WIDTH / 2)), WIDTH, "prop", mk.BACK)


def bike_rest(body: Placed) -> float:
    """How far to lift a body so its feet are on the pedals of an exercise bike."""
    return CRANK - _crank(body)[0][1]


# --- the props --------------------------------------------------------------------------

def _line(*points: P2, width: float = WIDTH, role: mk.Role = "prop", layer: int = mk.BACK) -> Line:
    return Line(tuple(points), width, role, layer)


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float, fill: mk.Role, outline: mk.Role | None,
             width: float, layer: int = mk.BACK) -> Shape:
    r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
    points: list[P2] = []
    for cx, cy, start in ((x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180), (x1 - r, y0 + r, 270)):
        for i in range(7):
            a = math.radians(start + 15 * i)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return Shape(tuple(points), fill, layer, outline, width)


def _reach(bodies: Mapping[str, Placed], side: str) -> float:
    """The body's paint furthest back (`behind`) or forward (`front`) over all poses."""
    xs = [p[0] + (r if side == "front" else -r) for b in bodies.values() for p, r in b.outline()]
    return max(xs) if side == "front" else min(xs)


def _seat(prop: Prop, view: str, body: Placed) -> tuple[list[Mark], list[Surface]]:
    chair = prop.kind == "chair"
    if prop.at is not None:  # a chair to hold on to: its backrest under the hand
        back = body.at(prop.at)[0]
        top = SEAT + BACKREST
        return _chair(back, SEAT), [Surface(back - 4, back + 4, top + WIDTH / 2, "chair")]
    px, py = body.at("pelvis")
    seat = py - radius("pelvis") - WIDTH / 2
    if view == "front":
        half = 22.0 if chair else STOOL / 2
        marks: list[Mark] = [_line((px - half, 0), (px - half, seat), (px + half, seat), (px + half, 0))]
        if chair:  # the backrest behind the person: its posts above the seat and a top rail
            top = seat + BACKREST
            marks.append(_line((px - half, seat), (px - half, top), (px + half, top), (px + half, seat)))
            marks.append(_line((px - half, seat + BACKREST * 0.6), (px + half, seat + BACKREST * 0.6)))
        return marks, [Surface(px - half, px + half, seat + WIDTH / 2, prop.kind)]
    back = px - 13 - prop.gap
    if chair:
        return _chair(back, seat), [Surface(back, back + SEAT_DEPTH, seat + WIDTH / 2, "chair")]
    front = back + STOOL
    marks = [_line((back, seat), (front, seat)),
             _line((back + 4, seat), (back - 1, 0)), _line((front - 4, seat), (front + 1, 0))]
    return marks, [Surface(back, front, seat + WIDTH / 2, "stool")]


def _chair(back: float, seat: float) -> list[Mark]:
    """A chair seen from its side, facing right: backrest and back leg at `back`."""
    front = back + SEAT_DEPTH
    lean = 0.1 * BACKREST
    return [_line((back - lean, seat + BACKREST), (back, seat), (back, 0)),
            _line((back, seat), (front, seat), (front, 0))]


def _wall(prop: Prop, bodies: Mapping[str, Placed]) -> list[Mark]:
    edge = _reach(bodies, prop.side)
    sign = 1 if prop.side == "front" else -1
    x = edge + sign * (prop.gap + WIDTH / 2)
    hatch: list[Mark] = [_line((x + sign * WIDTH / 2, y), (x + sign * 9, y + 9), width=1.5)
                         for y in range(12, int(WALL) - 8, 16)]
    return [_line((x, 0), (x, WALL))] + hatch


def _table(prop: Prop, bodies: Mapping[str, Placed]) -> tuple[list[Mark], list[Surface]]:
    x0 = _reach(bodies, "front") + prop.gap
    x1 = x0 + 80
    marks: list[Mark] = [_line((x0, TABLE), (x1, TABLE)), _line((x0 + 4, TABLE), (x0 + 4, 0)),
                         _line((x1 - 4, TABLE), (x1 - 4, 0))]
    return marks, [Surface(x0, x1, TABLE + WIDTH / 2, "table")]


def _door_band(prop: Prop, body: Placed, bodies: Mapping[str, Placed]) -> list[Mark]:
    # the door seen a little from the front (the side view's OBLIQUE): a panel with its handle,
    # the band shut in at the handle; drawn edge-on as one thick line it read as a pole
    x = _reach(bodies, "front") + prop.gap + 10
    knob = (x + 4, HANDLE)
    marks: list[Mark] = [_rounded(x, 0, x + DOOR_SEEN, DOOR, 1.5, "paper", "prop", WIDTH),
                         _line(knob, (x + 16, HANDLE), width=WIDTH * 1.5),  # a lever handle, seen at arm's length
                         _rounded(x + 2, HANDLE - 9, x + 7, HANDLE + 5, 2.0, "prop", None, 0)]  # and its plate
    for side, layer in (("far", mk.FAR_HELD), ("near", mk.NEAR_HELD)):
        marks.append(_line(knob, body.at(f"{side}-hand"), width=1.8, role="band", layer=layer))
    return marks


GHOST_PROP_LINE = 0.8  # cm: the outline of a prop held in the start pose


def _dumbbells(body: Placed, ghost: bool) -> list[Mark]:
    """A dumbbell in each hand, its bar across the palm; end-on it is a dot. In the start pose
    (`ghost`) it is outlined like the body there: `ghost-line` round a paper core."""
    marks: list[Mark] = []
    for side in ("far", "near"):
        hx, hy, hz = body.points[f"{side}-hand"]
        ax = grip_axis(body.angles, side)
        ends = [project((hx + k * ax[0], hy + k * ax[1], hz + k * ax[2]), body.view, body.lying) for k in (-9, 9)]
        (x0, y0, _), (x1, y1, _) = ends
        layer = mk.FAR_HELD if side == "far" and body.view != "front" else mk.NEAR_HELD
        layer = mk.GHOST if ghost else layer
        parts = [((x0, y0), (x1, y1), 2.5)]
        for (ex, ey), (ox, oy) in (((x0, y0), (x1, y1)), ((x1, y1), (x0, y0))):
            parts.append(((ex, ey), (ex + (ox - ex) * 0.25, ey + (oy - ey) * 0.25), 8.0))
        if not ghost:
            marks += [_line(a, b, width=w, layer=layer) for a, b, w in parts]
            continue
        marks += [_line(a, b, width=w, role="ghost-line", layer=layer) for a, b, w in parts]
        marks += [_line(a, b, width=w - 2 * GHOST_PROP_LINE, role="paper", layer=layer) for a, b, w in parts]
    return marks


def _crank(body: Placed) -> tuple[P2, list[P2]]:
    """The crank axle (midway between the pedals) and the pedals under the balls of the feet."""
    pedals = []
    for side in ("near", "far"):
        heel, toe = body.at(f"{side}-heel"), body.at(f"{side}-toe")
        pedals.append((heel[0] + 0.6 * (toe[0] - heel[0]), heel[1] + 0.6 * (toe[1] - heel[1]) - STROKE / 2))
    centre = ((pedals[0][0] + pedals[1][0]) / 2, (pedals[0][1] + pedals[1][1]) / 2)
    return centre, pedals


def _bike(body: Placed) -> list[Mark]:
    """An upright exercise bike built around the rider: saddle, cranks, handlebar, flywheel."""
    (cx, cy), pedals = _crank(body)
    px, py = body.at("pelvis")
    saddle = py - radius("pelvis") - WIDTH
    hands = [body.at(f"{s}-hand") for s in ("near", "far")]
    hx, hy = max(h[0] for h in hands), sum(h[1] for h in hands) / 2
    rear, front = cx - 42, max(hx, cx + 40) + 8
    wheel = (cx + 27, cy + 4)
    marks: list[Mark] = [
        _line((rear, WIDTH / 2), (front, WIDTH / 2), width=WIDTH * 1.5),  # the stand on the floor
        _line((rear + 8, WIDTH), (cx, cy), (px - 2, saddle)),  # frame up to the saddle
        _line((px - 12, saddle + 1), (px + 10, saddle + 1), width=WIDTH * 1.8),  # saddle
        _line((cx, cy), (hx - 9, hy - 10)),  # frame up to the handlebar
        _line((front - 8, WIDTH), (hx - 9, hy - 10), (hx, hy)),  # front post and handlebar
        Shape(tuple((wheel[0] + 15 * math.cos(math.radians(a)), wheel[1] + 15 * math.sin(math.radians(a)))
                    for a in range(0, 360, 15)), "prop-fill", mk.BACK, "prop", WIDTH),
    ]
    for pedal, layer in zip(pedals, (mk.NEAR_HELD, mk.FAR_HELD)):
        marks.append(_line((cx, cy), pedal, width=2.5, layer=layer))
        marks.append(_line((pedal[0] - 5, pedal[1]), (pedal[0] + 5, pedal[1]), width=3.0, layer=layer))
    marks.append(mk.Dot((cx, cy), 4.0, "prop", mk.BACK))
    return marks


def _trolley(prop: Prop, body: Placed) -> list[Mark]:
    hx, hy = body.at("near-hand")
    top, bottom = hy - 8, 45.0
    x0 = hx + 6 + prop.gap
    basket = ((x0, top), (x0 + 70, top), (x0 + 62, bottom), (x0 + 6, bottom))
    return [
        _line((hx, hy), (x0, top)),  # handle
        Line(basket, WIDTH, "prop", mk.BACK, closed=True),
        _line((x0 + 6, bottom), (x0 + 4, 8)), _line((x0 + 62, bottom), (x0 + 64, 8)),
        _line((x0 + 4, 20), (x0 + 64, 20)),
        mk.Dot((x0 + 4, 5), 5, "prop", mk.BACK), mk.Dot((x0 + 64, 5), 5, "prop", mk.BACK),
    ]



# --- the three-quarter view -------------------------------------------------------------

VIEW = "three-quarter"


def seen(props: Sequence[Prop], bodies: Mapping[str, Placed], surfaces: Sequence[Surface]
         ) -> tuple[list[Mark], float]:
    """The props (`SEEN`) in the three-quarter view, and the page height of the floor line.

    The supports keep the extent and height the side view measured (`surfaces`); across the
    body they are as wide as a real mat, pillow or seat, centred under it."""
    lying = bodies["end"].lying
    marks: list[Mark] = []
    ground: list[Vec] = [(p[0], 0.0, p[2]) for b in bodies.values() for side in SIDES
                         for p in (b.points[f"{side}-heel"], b.points[f"{side}-toe"])]
    named = {s.name: s for s in surfaces}
    mat_foot: float | None = None
    for prop in props:
        if prop.kind == "mat" and "mat" in named:
            mat = named["mat"]
            box = _box(mat.x0, mat.x1, 0.0, mat.top, -MAT_HALF, MAT_NEAR)
            # its front edge only, a pale band with no rim, as thin as the side view's mat: the
            # top face seen from above, even outlined or narrowed, read as a bench or a step
            marks += [_hull([c for c in box if c[2] == MAT_NEAR], lying, "accent-light", None, 0.0)]
            mat_foot = min(project(p, VIEW, lying)[1] for p in box[:4])
        elif prop.kind == "pillow" and "pillow" in named:
            pillow = named["pillow"]
            base = named["mat"].top if "mat" in named else 0.0
            box = _box(pillow.x0 - 4, pillow.x1 + 4, base, pillow.top, -PILLOW_HALF, PILLOW_HALF)
            marks.append(_hull(box, lying, "accent-light", "prop", 1.5))
        elif prop.kind in ("chair", "stool") and prop.kind in named:
            seat = named[prop.kind]
            m, feet = _seen_seat(seat, prop.kind == "chair", lying)
            marks += m
            ground += feet
        elif prop.kind == "dumbbells":
            marks += [mark for key, b in bodies.items() for mark in _dumbbells(b, key == "start")]
    level = min(project(p, VIEW, lying)[1] for p in ground) - FLOOR_GAP
    if mat_foot is not None:  # the mat lies on the floor line
        level = min(level, mat_foot)
    return marks, level


def _page(point: Vec, lying: float) -> P2:
    x, y, _ = project(point, VIEW, lying)
    return (x, y)


def _box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> list[Vec]:
    """The corners of a box: the four on the floor side first, then the four on top."""
    return [(x, y, z) for y in (y0, y1) for x, z in ((x0, z0), (x1, z0), (x1, z1), (x0, z1))]


def _hull(corners: Sequence[Vec], lying: float, fill: mk.Role, outline: mk.Role | None, width: float) -> Shape:
    """A box (or any solid) as its silhouette: the convex hull of its corners on the page."""
    points = sorted(set(_page(c, lying) for c in corners))

    def half(pts: list[P2]) -> list[P2]:
        out: list[P2] = []
        for p in pts:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(points), half(points[::-1])
    return Shape(tuple(lower[:-1] + upper[:-1]), fill, mk.BACK, outline, width)


def _seen_seat(seat: Surface, backrest: bool, lying: float) -> tuple[list[Mark], list[Vec]]:
    """A chair or stool in space: legs, a seat board, the backrest behind (`seat.x0`)."""
    y = seat.top - WIDTH / 2
    back, front = seat.x0, seat.x1
    corners = [(back, y, -SEAT_HALF), (front, y, -SEAT_HALF), (front, y, SEAT_HALF), (back, y, SEAT_HALF)]
    feet = [(x, 0.0, z) for x, _, z in corners]
    marks: list[Mark] = [_line(_page(c, lying), _page(f, lying)) for c, f in zip(corners, feet)]
    marks.append(Shape(tuple(_page(c, lying) for c in corners), "prop-fill", mk.BACK, "prop", WIDTH))
    if backrest:
        lean = 0.1 * BACKREST
        tops = [(back - lean, y + BACKREST, z) for z in (-SEAT_HALF, SEAT_HALF)]
        rail = [(back - lean * 0.7, y + BACKREST * 0.7, z) for z in (-SEAT_HALF, SEAT_HALF)]
        marks += [_line(_page((back, y, z), lying), _page(t, lying)) for z, t in zip((-SEAT_HALF, SEAT_HALF), tops)]
        marks += [_line(_page(tops[0], lying), _page(tops[1], lying)), _line(_page(rail[0], lying), _page(rail[1], lying))]
    return marks, feet

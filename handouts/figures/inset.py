"""The foot-placement inset: a top view of where the feet stand, in free space beside the person.

A side view can't show that the feet are in one line (tandem stance, heel-to-toe walking): the
far foot hides behind the near one. `inset: {feet: tandem}` adds a framed top view of two
footprints on a line, the back foot's toes touching the front foot's heel; `feet: walking`
shows three footprints heel to toe along the line; `walls: corner` adds the corner of a room,
a wall ahead and one on the left, for an exercise done in a corner (the side view shows only the
wall ahead), and `walls: left` a wall along the way on the left. Which foot is in front follows the end pose
(the foot further forward there is the front footprint). A print is a bare foot, its five toes
drawn ahead of the sole (without them it read as a shoe or a pebble), and the prints take the shoe tones
of the figure: the near foot (the person's right) dark, the far foot the lighter far tone, so
the inset reads like the person drawn beside it, and both stay at 3:1 or more against paper.

Top view coordinates are real centimetres: x forward (the way the person faces in side view),
y to the person's left. The inset stands them up the page, as a map or a footprint diagram
does: forward is up, the person's left is left, so the near (right) foot is on the right. A
column of prints fits the tall free space beside an upright person; laid along the floor, the
prints were a centimetre or so on the printed page and read as objects lying there. The inset
draws them scaled (as large as the corner allows, `SCALES`) into a frame of paper outlined in
the prop colour.

The frame goes into the picture's existing free space: beside the person, on the side of the
lower corner nearest the feet where nothing else is drawn, as large as the space there allows,
raised off the floor (`LIFTS`) so that it reads as a panel, not as a thing standing in the
room. It never grows the picture's square, so a picture with an inset keeps its size and shape
on the page. With no free corner, `place` returns a problem instead (the loader refuses the
figure).

`feet: rock` is a close-up instead, in a round frame (`LENS`): the near foot and the lowest part
of the shin seen from the side, enlarged (`ROCK_SCALES`), standing on a floor line, in the start pose as a dashed
outline and in the end pose filled, as the picture draws the two poses, so a rock from the
heels onto the toes reads even though the feet in the picture are small.

Contract: `footprints(feet, front)` -> the top view's `Footprint`s, back to front;
`place(spec_inset, marks, square, floor, feet_x, front)` -> `(marks, problem or None)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Literal, Sequence

from handouts.figures import marks as mk
from handouts.figures.marks import P2, Dot, Line, Mark, Shape
from handouts.figures.model import Inset

FOOT_LENGTH = 26.0  # cm, heel to toe of a footprint (a shoe), in top view coordinates
FOOT_WIDTH = 10.0  # cm across the ball of the foot
PRINTS = {"tandem": 2, "walking": 3}  # footprints drawn for each kind of placement
SCALES = tuple(round(1.6 - 0.05 * i, 2) for i in range(23))
"""Scene cm per top-view cm, largest first: the inset is drawn as large as its corner allows (a
print 42 cm long at most, twice the figure's foot, so it reads at arm's length; 13 cm at least)."""
LIFTS = tuple(float(cm) for cm in range(12, 61, 2))
"""cm the frame is raised above the floor, lowest first: never standing on it (a tall frame on
the floor line read as a cupboard or a door in the room), a panel beside the person."""
MARGIN = 3.5  # scene cm between the frame and what it holds
FRAME = 0.7  # scene cm: the frame's line, light beside the figure's 3 cm floor
RADIUS = 2.5  # the frame's rounded corners
LINE = 1.4  # the line the feet stand on (at 0.7 a reader never saw the line to walk on)
WALL_LINE = 2.0  # scene cm: a wall's face in the top view
HATCH_LINE = 0.8
HATCH = 5.0  # scene cm between the hatch strokes on a wall's outside
HALO = 0.5  # paper around each print, so two touching prints stay two
CLEAR = 6.0  # scene cm kept free between the frame and anything else in the picture (at 4 it nearly touched)
FLOOR_GAP = 3.0  # the frame's bottom above the floor's top edge
EDGE = 5.0  # the frame's side from the edge of the square (the scene's PAD)
WALL = 6.0  # top-view cm: a wall's thickness
WALL_GAP = 8.0  # top-view cm between the feet and a wall

ROCK_SCALES = (2.4, 2.2, 2.0, 1.8, 1.6, 1.4)
"""Scene cm per real cm of the foot close-up, largest first: at least 1.4 times the picture's foot."""
ROCK_SHIN = 14.0  # cm of the shin above the ankle shown in the close-up
GHOST_LINE = 1.5  # scene cm: the start foot's dashed outline in the close-up (at 1, a reader missed it)
ROCK_FLOOR = 3.0  # scene cm: the close-up's floor, as heavy as the picture's (a thin one read as no floor)
GHOST_DASH = (3.0, 2.0)

Side = Literal["near", "far"]
Outline = Sequence[P2]


@dataclass(frozen=True)
class Footprint:
    """One footprint in top view coordinates (cm): its heel, its toe, which foot it is."""

    side: Side
    heel: P2
    toe: P2


def footprints(feet: str, front: Side) -> tuple[Footprint, ...]:
    """The prints of `feet` back to front along y = 0, each heel against the toes behind it;
    the front print is the `front` foot, and the feet alternate behind it."""
    count = PRINTS[feet]
    other: Side = "far" if front == "near" else "near"
    sides = [front if (count - 1 - i) % 2 == 0 else other for i in range(count)]
    return tuple(Footprint(side, (i * FOOT_LENGTH, 0.0), ((i + 1) * FOOT_LENGTH, 0.0))
                 for i, side in enumerate(sides))


SOLE = 0.8
"""How much of a footprint's length the sole takes, heel to the ball; the toes are ahead of it."""
TOES = ((0.56, 2.0, 1.0), (0.04, 1.35, 0.955), (-0.38, 1.2, 0.915), (-0.7, 1.05, 0.87), (-0.94, 0.9, 0.82))
"""Each toe, big toe first: its centre across the foot (a fraction of half the foot's width, +
on the inner side), its radius (cm) and how far along the foot its tip is (a fraction of the
length). Toes are what make a print read as a foot seen from above: a sole alone read as a shoe
or a pebble lying there."""


def _print_outline(print_: Footprint, at) -> tuple[P2, ...]:
    """A bare foot's sole: a rounded heel, the arch narrower on the inner side, the ball widest
    and rounded in front, where the toes (`_toes`) begin."""
    (hx, hy), (tx, ty) = print_.heel, print_.toe
    whole = math.dist(print_.heel, print_.toe)
    length, ux, uy = whole * SOLE, (tx - hx) / whole, (ty - hy) / whole
    inner = 1.0 if print_.side == "near" else -1.0  # the right foot's inner edge is on its left
    half = FOOT_WIDTH / 2
    # (fraction of the sole's length, outer half-width, inner half-width), as fractions of `half`
    profile = [(0.0, 0.0, 0.0), (0.04, 0.46, 0.46), (0.12, 0.62, 0.62), (0.26, 0.66, 0.62), (0.5, 0.74, 0.38),
               (0.66, 0.9, 0.8), (0.8, 0.98, 1.0), (0.9, 0.9, 0.98), (0.96, 0.66, 0.8), (1.0, 0.0, 0.0)]
    left = [(t, w_in if inner > 0 else w_out) for t, w_out, w_in in profile]
    right = [(t, w_out if inner > 0 else w_in) for t, w_out, w_in in profile]
    points = [(hx + ux * t * length - uy * w * half, hy + uy * t * length + ux * w * half) for t, w in left]
    points += [(hx + ux * t * length + uy * w * half, hy + uy * t * length - ux * w * half)
               for t, w in reversed(right[1:-1])]
    return tuple(at(p) for p in points)


def _toes(print_: Footprint, at, scale: float) -> list[tuple[P2, float]]:
    """The toes of a print as (centre, radius) in scene cm, the big toe on the foot's inner side."""
    (hx, hy), (tx, ty) = print_.heel, print_.toe
    length = math.dist(print_.heel, print_.toe)
    ux, uy = (tx - hx) / length, (ty - hy) / length
    inner = 1.0 if print_.side == "near" else -1.0
    toes = []
    for across, r, tip in TOES:
        t, s = tip * length - r, inner * across * FOOT_WIDTH / 2  # s: towards the person's left
        toes.append((at((hx + ux * t - uy * s, hy + uy * t + ux * s)), r * scale))
    return toes


def inset_size(feet: str, scale: float, walls: str | None = None) -> tuple[float, float]:
    """The frame's width and height in scene cm: the prints point up the page (see the module doc)."""
    room = (WALL_GAP + WALL) * scale if walls else 0.0
    ahead = room if walls == "corner" else 0.0
    return (FOOT_WIDTH * scale + 2 * MARGIN + room, PRINTS[feet] * FOOT_LENGTH * scale + 2 * MARGIN + ahead)


def inset_marks(prints: Sequence[Footprint], box: tuple[float, float, float, float], scale: float,
                walls: str | None = None) -> list[Mark]:
    """The framed top view of `prints` drawn into `box` (x0, y0, x1, y1, scene cm), forward up the
    page and the person's left to the left, with the corner of a room ahead and on the left when
    `walls` is `corner`, a wall on the left along the way when it is `left`."""
    x0, y0, x1, y1 = box
    room = (WALL_GAP + WALL) * scale if walls else 0.0
    ahead = room if walls == "corner" else 0.0
    back, front = min(p.heel[0] for p in prints), max(p.toe[0] for p in prints)
    cx = (x0 + x1 + room) / 2  # the line the feet stand on: the middle of what the walls leave
    cy = (y0 + y1 - ahead) / 2 - (back + front) * scale / 2

    def at(p: P2) -> P2:
        return (cx - p[1] * scale, cy + p[0] * scale)

    marks: list[Mark] = [Shape(_rounded(box, RADIUS), "paper", mk.NOTE, "prop", FRAME)]
    marks.append(Line(((cx, y0 + MARGIN / 2), (cx, y1 - ahead - MARGIN / 2)), LINE, "prop", mk.NOTE))
    if walls:
        # the walls' room-side faces, WALL_GAP from the feet's left side (and from the front toe),
        # hatched on the outside as the picture draws a wall: a plain grey band beside the prints
        # read as the line to walk on
        left, w = cx - (FOOT_WIDTH / 2 + WALL_GAP) * scale, WALL * scale
        bottom, top = y0 + MARGIN / 2, y1 - MARGIN / 2
        ahead_y = at((front + WALL_GAP, 0.0))[1] if walls == "corner" else top
        marks.append(Line(((left, bottom), (left, ahead_y)) if walls == "left" else
                          ((left, bottom), (left, ahead_y), (x1 - MARGIN / 2, ahead_y)), WALL_LINE, "prop", mk.NOTE))
        y = bottom + HATCH / 2
        while y + w < ahead_y:
            marks.append(Line(((left - WALL_LINE / 2, y), (left - w, y + w)), HATCH_LINE, "prop", mk.NOTE))
            y += HATCH
        if walls == "corner":
            x = left + HATCH / 2
            while x + w < x1 - MARGIN / 2:
                marks.append(Line(((x, ahead_y + WALL_LINE / 2), (x + w, ahead_y + w)), HATCH_LINE, "prop", mk.NOTE))
                x += HATCH
    for print_ in prints:
        outline = _print_outline(print_, at)
        role: mk.Role = "shoe" if print_.side == "near" else "shoe-far"
        toes = _toes(print_, at, scale)
        marks += [Shape(outline, "paper", mk.NOTE, "paper", 2 * HALO)]
        marks += [Dot(centre, r + HALO, "paper", mk.NOTE) for centre, r in toes]
        marks += [Shape(outline, role, mk.NOTE)] + [Dot(centre, r, role, mk.NOTE) for centre, r in toes]
    return marks


def _rounded(box: tuple[float, float, float, float], r: float) -> tuple[P2, ...]:
    x0, y0, x1, y1 = box
    corners = ((x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180), (x1 - r, y0 + r, 270))
    return tuple((cx + r * math.cos(math.radians(a0 + a)), cy + r * math.sin(math.radians(a0 + a)))
                 for cx, cy, a0 in corners for a in range(0, 91, 15))


def _free(box: tuple[float, float, float, float], marks: Sequence[Mark]) -> bool:
    x0, y0, x1, y1 = box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR
    for mark in marks:
        a0, b0, a1, b1 = mk.extent(mark)
        if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
            return False
    return True


LENS = math.sqrt(2)
"""The close-up's round frame: an ellipse this many times as wide and tall as what it holds (its
corners on the ellipse). In the top view's rectangle, readers took the side-on close-up for
another view from above, which the picture key says that frame is."""


def rock_marks(feet: Sequence[tuple[Outline, Outline, bool]], frame: tuple[float, float, float, float],
               scale: float, origin: P2) -> list[Mark]:
    """The close-up of the feet `feet` ((shin, foot, ghost) outlines in real cm, the floor at
    y = 0) in a round frame filling `frame`, real cm `origin` at the lower middle of what it
    holds, above its floor line."""
    fx0, fy0, fx1, fy1 = frame
    cx, cy, a, b = (fx0 + fx1) / 2, (fy0 + fy1) / 2, (fx1 - fx0) / 2, (fy1 - fy0) / 2
    floor = cy - b / LENS + MARGIN  # the held box's bottom, and the margin above it

    def at(p: P2) -> P2:
        return (cx + (p[0] - origin[0]) * scale, floor + (p[1] - origin[1]) * scale)

    line = floor - ROCK_FLOOR / 2
    reach = a * math.sqrt(max(0.0, 1 - ((line - cy) / b) ** 2)) - MARGIN / 2  # the floor, from rim to rim
    ellipse = tuple((cx + a * math.cos(math.radians(t)), cy + b * math.sin(math.radians(t))) for t in range(0, 360, 6))
    # in the picture's own layers (the corner is free, so nothing else lies under the frame):
    # the frame at the back, the start foot as the start pose (GHOST), the end foot over it
    marks: list[Mark] = [Shape(ellipse, "paper", mk.BACK, "prop", FRAME),
                         Line(((cx - reach, line), (cx + reach, line)), ROCK_FLOOR, "prop", mk.BACK)]
    for shin, foot, ghost in feet:
        parts = [tuple(at(p) for p in shin), tuple(at(p) for p in foot)]
        if ghost:
            marks += [Shape(p, "paper", mk.GHOST, "ghost-line", 2 * GHOST_LINE, GHOST_DASH) for p in parts]
            marks += [Shape(p, "paper", mk.GHOST) for p in parts]
        else:
            marks += [Shape(p, "paper", mk.NEAR, "paper", 2 * HALO) for p in parts]
            marks += [Shape(parts[0], "legs", mk.NEAR), Shape(parts[1], "shoe", mk.NEAR)]
    return marks


def place_rock(inset: Inset, marks: list[Mark], square: tuple[float, float, float], floor: bool, feet_x: float,
               feet: Sequence[tuple[Outline, Outline, bool]]) -> tuple[list[Mark], str | None]:
    """`marks` with the foot close-up of `feet` (see `rock_marks`) in the free lower corner of
    `square` nearest `feet_x` (or `inset.corner`), or a problem if neither is free."""
    xs = [p[0] for shin, foot, _ in feet for p in (*shin, *foot)]
    ys = [p[1] for shin, foot, _ in feet for p in (*shin, *foot)]
    origin = ((min(xs) + max(xs)) / 2, 0.0)

    def size(scale: float) -> tuple[float, float]:
        return (((max(xs) - min(xs)) * scale + 2 * MARGIN) * LENS, (max(ys) * scale + 2 * MARGIN) * LENS)

    found = _corner(inset, marks, square, floor, feet_x, size, ROCK_SCALES)
    if found is not None:
        return marks + rock_marks(feet, found[0], found[1], origin), None
    where = f"the lower {inset.corner} corner is not" if inset.corner else "neither lower corner is"
    return marks, f"{where} free for the foot close-up"


def _corner(inset: Inset, marks: list[Mark], square: tuple[float, float, float], floor: bool, feet_x: float,
            size: Callable[[float], tuple[float, float]], scales: Sequence[float],
            ) -> tuple[tuple[float, float, float, float], float] | None:
    """The box (and its scale) of an inset `size(scale)` big in the free lower corner of `square`
    nearest `feet_x` (or the one `inset.corner` names): the largest scale first, then lifted
    off the floor; None when no corner is free."""
    sx, sy, side = square
    floor_top = FLOOR_GAP if floor else sy + EDGE

    def box(corner: str, scale: float, lift: float) -> tuple[float, float, float, float]:
        width, height = size(scale)
        x0 = sx + EDGE if corner == "left" else sx + side - EDGE - width
        return (x0, floor_top + lift, x0 + width, floor_top + lift + height)

    def nearness(corner: str) -> float:
        x0, _, x1, _ = box(corner, scales[0], 0.0)
        return abs((x0 + x1) / 2 - feet_x)

    wanted = [inset.corner] if inset.corner else sorted(("left", "right"), key=nearness)
    for corner in wanted:
        for scale in scales:
            for lift in LIFTS:
                if _free(box(corner, scale, lift), marks):
                    return box(corner, scale, lift), scale
    return None


def place(inset: Inset, marks: list[Mark], square: tuple[float, float, float], floor: bool,
          feet_x: float, front: Side) -> tuple[list[Mark], tuple[Footprint, ...], str | None]:
    """`marks` with the inset in the free lower corner of `square` nearest `feet_x` (or the
    one `inset.corner` names), the top view's footprints, and a problem if no corner is free."""
    prints = footprints(inset.feet, front)
    found = _corner(inset, marks, square, floor, feet_x, lambda scale: inset_size(inset.feet, scale, inset.walls),
                    SCALES)
    if found is not None:
        return marks + inset_marks(prints, found[0], found[1], inset.walls), prints, None
    width, height = inset_size(inset.feet, SCALES[-1], inset.walls)
    where = f"the lower {inset.corner} corner is not" if inset.corner else "neither lower corner is"
    return marks, prints, f"{where} free for the foot inset ({width:.0f} x {height:.0f} cm at least)"

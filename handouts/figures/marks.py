"""What a picture is made of before it is drawn: lines, dots and filled shapes in cm.

Marks carry a colour role, not a colour, so one scene can be drawn in any clinic's colours, and
a layer that fixes the drawing order (background props, the ghost pose, far limbs, trunk, near
limbs, arrows). `bounds` measures everything a mark covers, stroke width included, which is
what lets a picture be scaled into its square without clipping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Literal, Union

P2 = tuple[float, float]

Role = Literal["ink", "ghost-line", "paper", "prop", "prop-fill", "accent", "band",
               "accent-light", "accent-mid", "cloth", "cloth-far", "legs", "legs-far", "skin", "skin-far", "shoe", "shoe-far",
               "hair", "hair-far"]

# Drawing order.
BACK, GHOST, FAR, FAR_HELD, TRUNK, NEAR, NEAR_HELD, FRONT, NOTE = range(9)


@dataclass(frozen=True)
class Line:
    """A stroked polyline with round caps and joins; `gap` cuts a paper-coloured edge around it."""

    points: tuple[P2, ...]
    width: float
    role: Role
    layer: int
    gap: float = 0.0
    gap_skip: float = 0.0  # cm without the gap at the start, so a limb stays joined to the trunk
    closed: bool = False


@dataclass(frozen=True)
class Dot:
    """A filled circle."""

    centre: P2
    radius: float
    role: Role
    layer: int


@dataclass(frozen=True)
class Shape:
    """A filled polygon, optionally outlined; `dash` (cm on, cm off, ...) breaks the outline."""

    points: tuple[P2, ...]
    fill: Role
    layer: int
    outline: Role | None = None
    width: float = 0.0
    dash: tuple[float, ...] = ()


Mark = Union[Line, Dot, Shape]


@dataclass(frozen=True)
class Surface:
    """Something level the body can rest on: from x0 to x1 at height `top` (cm)."""

    x0: float
    x1: float
    top: float
    name: str


def extent(mark: Mark) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of everything the mark paints."""
    if isinstance(mark, Dot):
        (x, y), r = mark.centre, mark.radius
        return (x - r, y - r, x + r, y + r)
    pad = (mark.width / 2 + getattr(mark, "gap", 0.0)) if mark.width else 0.0
    xs = [p[0] for p in mark.points]
    ys = [p[1] for p in mark.points]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def bounds(marks: Iterable[Mark]) -> tuple[float, float, float, float]:
    boxes = [extent(m) for m in marks]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def distance_to(mark: Mark, point: P2) -> float:
    """How far `point` is from the paint of `mark` (0 inside it; shapes count as their box)."""
    px, py = point
    if isinstance(mark, Dot):
        return max(0.0, math.dist(mark.centre, point) - mark.radius)
    if isinstance(mark, Shape):
        x0, y0, x1, y1 = extent(mark)
        return math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1))
    best = math.inf
    pts = mark.points + ((mark.points[0],) if mark.closed else ())
    for a, b in zip(pts, pts[1:] or pts):
        best = min(best, _segment_distance(a, b, point))
    return max(0.0, best - mark.width / 2)


def _segment_distance(a: P2, b: P2, p: P2) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if not length2 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)


def trimmed(path: list[P2], start: float, end: float) -> list[P2]:
    """`path` without its first `start` and last `end` cm (at least a stub of it stays)."""

    def cut(points: list[P2], length: float) -> list[P2]:
        while length > 0 and len(points) > 2 and math.dist(points[0], points[1]) <= length:
            length -= math.dist(points[0], points[1])
            points = points[1:]
        if length > 0:
            (ax, ay), (bx, by) = points[0], points[1]
            k = min(length / (math.dist(points[0], points[1]) or 1.0), 0.9)
            points = [(ax + (bx - ax) * k, ay + (by - ay) * k)] + points[1:]
        return points

    return cut(cut(list(path), start)[::-1], end)[::-1]

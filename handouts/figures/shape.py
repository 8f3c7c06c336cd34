"""The outlines of a body with volume, in cm: tapering limbs, a trunk that bends with the back.

Pure plane geometry on projected points: a limb segment is a capsule that narrows from one
joint to the next, the trunk is the back's curve (pelvis -> waist -> neck) widened by a profile
that is deeper at the chest and the seat, so a rounded, an arched and a flat back each keep
their curve in the outline. `pose` measures the resting body with these outlines and `body`
draws them, so what is drawn is what rests on the floor.

Contract: every function takes and returns points in cm; none depends on anything but its
arguments.
"""

from __future__ import annotations

import math
from typing import Sequence

P2 = tuple[float, float]

ARC_STEPS = 8

# The trunk's profile along the back's curve (0 at the pelvis, 1 at the base of the neck):
# how far it reaches forward (belly, chest) and back (seat, shoulder blades) of the curve in
# side view, and its half-width seen from the front.
SIDE_PROFILE = ((0.0, 9.5, 8.5), (0.35, 8.5, 7.5), (0.75, 11.5, 8.0), (1.0, 7.0, 7.0))
FRONT_PROFILE = ((0.0, 15.5, 15.5), (0.4, 13.0, 13.0), (0.85, 17.5, 17.5), (1.0, 13.0, 13.0))


def _arc(centre: P2, r: float, start: float, end: float, steps: int = ARC_STEPS) -> list[P2]:
    """Points on a circle from angle `start` to `end` (radians, either way round)."""
    cx, cy = centre
    return [(cx + r * math.cos(start + (end - start) * i / steps), cy + r * math.sin(start + (end - start) * i / steps))
            for i in range(steps + 1)]


def circle(centre: P2, r: float, steps: int = 24) -> list[P2]:
    return _arc(centre, r, 0.0, 2 * math.pi, steps)[:-1]


def capsule(a: P2, b: P2, ra: float, rb: float) -> list[P2]:
    """A limb segment from `a` (radius `ra`) to `b` (radius `rb`): two round ends joined by
    the lines that touch both."""
    length = math.dist(a, b)
    if length < 1e-6 or length <= abs(ra - rb):
        return circle(a if ra >= rb else b, max(ra, rb))
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    tilt = math.asin((ra - rb) / length)
    top, bottom = angle + math.pi / 2 + tilt, angle - math.pi / 2 - tilt
    return _arc(b, rb, top, bottom) + _arc(a, ra, bottom, top - 2 * math.pi)


def _profile(table: Sequence[tuple[float, float, float]], t: float) -> tuple[float, float]:
    for (t0, f0, b0), (t1, f1, b1) in zip(table, table[1:]):
        if t <= t1:
            k = (t - t0) / (t1 - t0)
            return f0 + (f1 - f0) * k, b0 + (b1 - b0) * k
    return table[-1][1], table[-1][2]


def trunk_outline(curve: Sequence[P2], front: bool) -> list[P2]:
    """The trunk around the back's `curve` (pelvis first): in side view the person faces the
    way the curve turns clockwise (right when upright); from the front it is symmetric."""
    table = FRONT_PROFILE if front else SIDE_PROFILE
    n = len(curve) - 1
    return widened(curve, [_profile(table, i / n) for i in range(n + 1)])


def seen_profile(t: float, forward: P2, right: P2, normal: P2) -> tuple[float, float]:
    """How far the trunk reaches ahead of and behind the back's curve at `t` (0 pelvis, 1 neck)
    in a turned view: the cross-section, deep as SIDE_PROFILE and wide as FRONT_PROFILE, with
    its forward and right axes as they run on the page, measured along the curve's `normal`."""
    ahead, behind = _profile(SIDE_PROFILE, t)
    half = _profile(FRONT_PROFILE, t)[0]
    reach = []
    for i in range(36):
        a = math.radians(10 * i)
        depth = math.cos(a) * (ahead if math.cos(a) > 0 else behind)
        width = math.sin(a) * half
        reach.append((depth * forward[0] + width * right[0]) * normal[0]
                     + (depth * forward[1] + width * right[1]) * normal[1])
    return max(reach), -min(reach)


def widened(curve: Sequence[P2], reach: Sequence[tuple[float, float]]) -> list[P2]:
    """The outline around `curve` reaching `reach[i]` = (ahead, behind) of each of its points,
    ahead being the curve's tangent turned clockwise."""
    n = len(curve) - 1
    ahead: list[P2] = []
    behind: list[P2] = []
    normals = []
    for i, (x, y) in enumerate(curve):
        (ax, ay), (bx, by) = curve[max(i - 1, 0)], curve[min(i + 1, n)]
        d = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = (by - ay) / d, -(bx - ax) / d  # the tangent turned clockwise: the front
        f, b = reach[i]
        ahead.append((x + f * nx, y + f * ny))
        behind.append((x - b * nx, y - b * ny))
        normals.append((nx, ny))
    def cap(i: int, sweep: float) -> list[P2]:
        (x, y), (nx, ny) = curve[i], normals[i]
        f, b = reach[i]
        r, shift = (f + b) / 2, (f - b) / 2
        start = math.atan2(ny, nx)
        return _arc((x + shift * nx, y + shift * ny), r, start, start + sweep)[1:-1]
    # front from pelvis to neck, over the top, down the back, round the seat
    return ahead + cap(n, math.pi) + behind[::-1] + cap(0, -math.pi)


def foot(ankle: P2, heel: P2, toe: P2, sole: float) -> list[P2]:
    """A foot with a heel and toes: `heel` and `toe` are `sole` cm above the sole's line;
    seen end-on (its length foreshortened) it is a rounded block under the ankle."""
    length = math.dist(heel, toe)
    if length < 8.0:
        mid = ((heel[0] + toe[0]) / 2, (heel[1] + toe[1]) / 2)
        return capsule(ankle, mid, 3.6, sole + 1.0)
    fx, fy = (toe[0] - heel[0]) / length, (toe[1] - heel[1]) / length
    ux, uy = -fy, fx
    if (ankle[0] - heel[0]) * ux + (ankle[1] - heel[1]) * uy < 0:
        ux, uy = -ux, -uy  # "up" is the side the ankle is on

    def at(base: P2, along: float, up: float) -> P2:
        return (base[0] + along * fx + up * ux, base[1] + along * fy + up * uy)

    def arc(base: P2, r: float, start: float, end: float, steps: int) -> list[P2]:
        return [at(base, r * math.cos(math.radians(a)), r * math.sin(math.radians(a)))
                for a in (start + (end - start) * i / steps for i in range(steps + 1))]

    toe_r = sole * 0.75
    return ([at(ankle, -3.4, 1.5)]
            + arc(at(heel, 0.5, 0.0), sole, 160, 270, 5)
            + arc(at(toe, 0.6, toe_r - sole), toe_r, 270, 420, 6)
            + [at(toe, -6.0, sole * 0.9), at(ankle, 3.8, 0.0)])

"""Placing a pose: the angles of a figure file become a body resting on the floor, a mat or a seat.

A pose never says how high the body is. It rests: it is lowered until its lowest part touches
what is under it (floor, mat, pillow), so it can neither float nor sink. A knee written as
`floor` is then bent until that foot stands on the surface too (lying with bent knees), and an
ankle written as `flat` is turned until the sole is level.

A three-quarter body is placed as in side view and only seen from elsewhere: resting, a foot on
the floor and what touches what are questions of height, which every view shares, and the
supports under the body (their left-to-right extent) are measured in side view.

Contract: `place_pose(pose, view, surfaces)` -> `(Placed, problems)`, where each problem is
`(loc inside the pose, message)` for a pose that can't be placed as written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from handouts.figures.marks import P2, Surface
from handouts.figures.model import FLAT, FLOOR, RANGES, Pose
from handouts.figures.shape import seen_profile, trunk_outline, widened
from handouts.figures.skeleton import (
    ANGLE_NAMES,
    SIDES,
    STROKE,
    Angles,
    Vec,
    body_points,
    direction,
    level_ankle,
    project,
    radius,
    trunk_frames,
)
from handouts.figures.skeleton import lying as lying_of

Problem = tuple[tuple, str]

REACH_SLACK = 1.5  # cm a straight leg may fall short of the floor and still count as standing

_LEG_POINTS = ("knee", "ankle", "heel", "toe")


@dataclass(frozen=True)
class Placed:
    """A pose with every angle known and the body at its place, in cm."""

    angles: Angles
    points: dict[str, Vec]
    view: str
    lying: float = 0.0
    """How much the body the three-quarter camera is set for lies (`skeleton.lying`, 0 to 1)."""

    def at(self, name: str) -> P2:
        x, y, _ = project(self.points[name], self.view, self.lying)
        return (x, y)

    def depth(self, name: str) -> float:
        return project(self.points[name], self.view, self.lying)[2]

    def seen(self, vector: Vec) -> P2:
        """A direction in space (a body axis) as it runs on the page."""
        return direction(vector, self.view, self.lying)

    def trunk(self) -> list[P2]:
        """The back as a smooth curve from pelvis through waist to the base of the neck."""
        return trunk_curve(self.at("pelvis"), self.at("waist"), self.at("neck"))

    def trunk_shape(self) -> list[P2]:
        """The trunk's outline as drawn: a side or front profile, or in a turned view the
        cross-section seen along its own axes (wider where the shoulders turn to the reader)."""
        curve = self.trunk()
        if self.view != "three-quarter":
            return trunk_outline(curve, self.view == "front")
        lower, upper, _ = trunk_frames(self.angles)
        n = len(curve) - 1
        reach = []
        for i in range(n + 1):
            t = i / n
            axes = [self.seen(tuple((1 - t) * a + t * b for a, b in zip(lower[k], upper[k])))  # type: ignore[arg-type]
                    for k in (0, 2)]
            (ax, ay), (bx, by) = curve[max(i - 1, 0)], curve[min(i + 1, n)]
            d = math.hypot(bx - ax, by - ay) or 1.0
            reach.append(seen_profile(t, axes[0], axes[1], ((by - ay) / d, -(bx - ax) / d)))
        return widened(curve, reach)

    def outline(self, skip: frozenset[str] = frozenset()) -> list[tuple[P2, float]]:
        """Points around the drawn body with the radius of paint around them, leaving out `skip`:
        the trunk's outline, and every joint with the limb's thickness there."""
        return [(p, 0.0) for p in self.trunk_shape()] + [
            (self.at(n), radius(n)) for n in self.points if n not in skip]


def trunk_curve(pelvis: P2, waist: P2, neck: P2, steps: int = 10) -> list[P2]:
    """A quadratic curve from `pelvis` to `neck` that passes through `waist`."""
    control = (2 * waist[0] - (pelvis[0] + neck[0]) / 2, 2 * waist[1] - (pelvis[1] + neck[1]) / 2)
    curve = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t * t
        curve.append((a * pelvis[0] + b * control[0] + c * neck[0],
                      a * pelvis[1] + b * control[1] + c * neck[1]))
    return curve


def surface_at(surfaces: Sequence[Surface], x: float) -> float:
    """The height of the highest surface under `x` (the floor, 0, at least)."""
    return max([0.0] + [s.top for s in surfaces if s.x0 <= x <= s.x1])


def place_pose(pose: Pose, view: str, surfaces: Sequence[Surface],
               rest: Callable[[Placed], float] | None = None) -> tuple[Placed, list[Problem]]:
    """The body of `pose`, resting on `surfaces`, or lifted by `rest(body)` cm (a bike's pedals)."""
    if view == "three-quarter":  # placed as in side view, then only seen from elsewhere
        body, found = place_pose(pose, "side", surfaces, rest)
        return replace(body, view=view, lying=lying_of(body.angles)), found
    problems: list[Problem] = []
    written = {side: _written(pose, side) for side in SIDES}
    angles = Angles(pose.trunk, pose.tilt, pose.chest, pose.neck,
                    **{side: {name: _number(name, value) for name, value in written[side].items()}
                       for side in SIDES}, turn=pose.turn)
    for side in SIDES:
        if written[side]["ankle"] == FLAT and written[side]["knee"] != FLOOR:
            angles = _flat_ankle(angles, side, problems, _loc(pose, side, "ankle"))
    base: Vec = (pose.x, 0.0, 0.0) if view == "side" else (0.0, 0.0, -pose.x)
    body = Placed(angles, body_points(angles, base), view)
    floor_legs = [side for side in SIDES if written[side]["knee"] == FLOOR]
    if rest is not None:
        lift = rest(body)
    else:
        skip = frozenset(f"{side}-{name}" for side in floor_legs for name in _LEG_POINTS)
        lift = _lift(body, surfaces, skip)
    pelvis = (base[0], base[1] + lift, base[2])
    for side in floor_legs:
        flat = written[side]["ankle"] == FLAT
        angles = _stand_foot(angles, side, flat, pelvis, view, surfaces, problems, _loc(pose, side, "knee"))
    return Placed(angles, body_points(angles, pelvis), view), problems


def _loc(pose: Pose, side: str, name: str) -> tuple:
    """Where an angle of `side` is written: under `near:`/`far:`, or for both sides."""
    return (side, name) if getattr(getattr(pose, side), name) is not None else (name,)


def _written(pose: Pose, side: str) -> dict[str, float | str | None]:
    own = getattr(pose, side)
    values = {}
    for name in ANGLE_NAMES:
        value = getattr(own, name)
        values[name] = value if value is not None else getattr(pose, name)
    if values["knee"] == FLOOR and values["ankle"] is None:
        values["ankle"] = FLAT
    return values


def _number(name: str, value: float | str | None) -> float:
    if value is None:
        return 0.0
    if value == FLOOR:
        return 90.0  # until the foot is put on the floor
    if value == FLAT:
        return 0.0  # until the sole is levelled
    return float(value)


def _lift(body: Placed, surfaces: Sequence[Surface], skip: frozenset[str]) -> float:
    """How far the body must move up for its lowest part to rest on the surfaces under it."""
    return max(surface_at(surfaces, x) - (y - r) for (x, y), r in body.outline(skip))


def _flat_ankle(angles: Angles, side: str, problems: list[Problem], loc: tuple = ()) -> Angles:
    low, high, _ = RANGES["ankle"]
    ankle = level_ankle(angles, side)
    if not low - 0.5 <= ankle <= high + 0.5:
        problems.append((loc, f"the {side} foot can't be level: the shin is too steep"))
    return _with(angles, side, ankle=min(max(ankle, low), high))


def _stand_foot(angles: Angles, side: str, flat: bool, pelvis: Vec, view: str,
                surfaces: Sequence[Surface], problems: list[Problem], loc: tuple) -> Angles:
    """Bend the knee of `side` until its foot (levelled if `flat`) rests on the surface under it."""

    def posed(knee: float, found: list[Problem]) -> Angles:
        trial = _with(angles, side, knee=knee)
        return _flat_ankle(trial, side, found, loc) if flat else trial

    def gap(knee: float) -> float:
        trial = posed(knee, [])
        points = body_points(trial, pelvis)
        heel, toe = (project(points[f"{side}-{n}"], view) for n in ("heel", "toe"))
        sole = min(heel[1], toe[1]) - STROKE / 2
        return sole - surface_at(surfaces, (heel[0] + toe[0]) / 2)

    low, high, _ = RANGES["knee"]
    knee = _root(gap, low, high, step=5.0)
    if knee is None and 0 < gap(low) <= REACH_SLACK:
        knee = low  # straight, and near enough: the sole's rounded edge touches
    if knee is None:
        problems.append((loc, f"the {side} foot can't reach the floor by bending the knee; "
                              f"change the hip angle"))
        return posed(90.0, [])
    return posed(knee, problems)


def _with(angles: Angles, side: str, **values: float) -> Angles:
    changed: dict[str, Any] = {side: {**getattr(angles, side), **values}}  # the field named by `side`
    return replace(angles, **changed)


def _root(f: Callable[[float], float], low: float, high: float, step: float = 1.0) -> float | None:
    """The first x in [low, high] where f changes sign, found by a scan and bisection."""
    a, fa = low, f(low)
    if abs(fa) < 1e-9:
        return a
    for i in range(1, math.ceil((high - low) / step) + 1):
        b = min(high, low + i * step)
        fb = f(b)
        if fa * fb <= 0:
            for _ in range(24):
                m = (a + b) / 2
                fm = f(m)
                if fa * fm <= 0:
                    b = m
                else:
                    a, fa = m, fm
            return (a + b) / 2
        a, fa = b, fb
    return None

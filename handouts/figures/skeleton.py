"""The body: fixed proportions, and joint angles turned into points in space.

Proportions are those of a person 170 cm tall, segment lengths as fractions of stature from the
standard anthropometric tables (Drillis & Contini, as tabulated by Winter): thigh 0.245, shank
0.246, upper arm 0.186, forearm 0.146, hip to shoulder 0.288, about 7.5 heads tall. All
lengths are in cm, so props can be drawn at their real sizes beside the person.

Space: x forward (the way the person faces in side view), y up, z to the person's right (towards
the reader in side view). A joint angle turns a segment relative to its parent, so a pose can't
tear a limb off or bend a knee backwards: the model's ranges are all there is to check.

Views: `side` looks along the person's right-to-left axis (a little from the front, OBLIQUE);
`front` looks at the face; `three-quarter` turns the camera THREE_QUARTER_TURN degrees from the
side towards the front around the vertical and raises it (THREE_QUARTER_RAISE), by how much the
body lies (`lying`), so the reader sees its width: which shoulder is lifted, which knee a hand
reaches for, elbows drawn back beside the head. All three are parallel projections, so lengths
along one direction keep their ratios; the floor's edge nearest the reader stays level on the
page, and so does a lying body's length, because the camera is then raised but not turned.

Contract: `body_points(angles, pelvis)` -> `{point name: (x, y, z)}` for one resolved pose;
`project(point, view, lying)` -> `(x, y, depth)` on the page, depth growing towards the reader
(`lying`, 0 to 1, sets the three-quarter camera: see `lying`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

Vec = tuple[float, float, float]

# Segment lengths (cm) for a person 170 cm tall.
PELVIS_TO_WAIST = 19.5
WAIST_TO_NECK = 29.5
NECK = 8.5
HEAD_RADIUS = 10.5
SHOULDER_DROP = 3.0  # shoulder joints sit a little below the base of the neck
SHOULDER_HALF = 17.0  # half the distance between the shoulder joints
HIP_HALF = 8.5
THIGH = 41.5
SHIN = 41.5  # knee to ankle joint
ANKLE_HEIGHT = 6.5  # ankle joint above the sole
FOOT = 19.0  # heel to toes, as drawn
UPPER_ARM = 31.5
FOREARM = 25.0  # elbow to wrist
HAND = 9.0  # wrist to the middle of the fingers, as drawn

STROKE = 7.0
"""The thickness of a foot (twice the sole's distance below the heel and toe points), in cm."""

RADIUS = {"pelvis": 8.5, "waist": 7.5, "neck": 7.0, "head": HEAD_RADIUS, "hip": 7.5, "knee": 4.6,
          "ankle": 3.6, "heel": 3.5, "toe": 3.0, "shoulder": 7.0, "elbow": 3.9, "wrist": 2.9, "hand": 3.4}
"""How far the drawn body reaches around each named point (cm): the half-thickness of a limb at
a joint, of the trunk at the pelvis (the seat, the back lying down), the head's radius. What
rests and what touches is measured to this edge, so the filled body meets the floor."""

OBLIQUE = 0.3
"""Side view is seen a little from the front: a point's x moves by this much of its depth, so
the far leg and arm show beside the near ones instead of hiding behind them."""

THREE_QUARTER_TURN = (20.0, 0.0)
"""Degrees the three-quarter camera is turned from the side view towards the person's front, for
a person upright and lying. Upright: enough to show both elbows out to the sides, little enough
that forward still reads as to the right and the far elbow stays behind the head (turned 35°,
it showed before the face: a reader took the head press for pulling the head forward). Lying:
not at all, because a camera both turned and raised tilts a lying body and its mat on the page
(a reader took it for a sit-up on a slope); raised alone, they lie level on the floor line."""
THREE_QUARTER_RAISE = (10.0, 20.0)
"""Degrees the three-quarter camera looks down, for a person upright and lying: lying, enough for
the body to show its width (both shoulders, both knees, a hand across to the other thigh) and
little enough that the mat stays a mat on the floor (at 30° its top read as a bench or a bed);
upright, only a little, so elbows drawn back stay level with the head instead of rising over it."""

SIDES = ("near", "far")
SIDE_SIGN = {"near": 1.0, "far": -1.0}  # near is the person's right (+z)

ANGLE_NAMES = ("hip", "hip_out", "hip_turn", "knee", "ankle", "shoulder", "shoulder_out", "shoulder_turn", "elbow",
               "wrist")


@dataclass(frozen=True)
class Angles:
    """A pose with every angle a number: what the model's pose becomes once resolved."""

    trunk: float
    tilt: float
    chest: float
    neck: float
    near: dict[str, float]
    far: dict[str, float]
    turn: float = 0.0


# --- frames: three orthonormal axes (forward, up, right) --------------------------------

Frame = tuple[Vec, Vec, Vec]
WORLD: Frame = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return (a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2])


def _mix(a: Vec, b: Vec, ca: float, cb: float) -> Vec:
    return (ca * a[0] + cb * b[0], ca * a[1] + cb * b[1], ca * a[2] + cb * b[2])


def turn(frame: Frame, axis: int, degrees: float) -> Frame:
    """`frame` rotated about its own axis 0 (forward), 1 (up) or 2 (right).

    Positive angles turn forward towards up about `right`, up towards right about `forward`,
    and right towards forward about `up` (the right-hand rule).
    """
    if not degrees:
        return frame
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    f, u, r = frame
    if axis == 2:
        return (_mix(f, u, c, s), _mix(f, u, -s, c), r)
    if axis == 0:
        return (f, _mix(u, r, c, s), _mix(u, r, -s, c))
    return (_mix(r, f, -s, c), u, _mix(r, f, c, s))


def _down(frame: Frame, length: float, start: Vec) -> Vec:
    return _add(start, frame[1], -length)


def _limb_frame(parent: Frame, flex: float, out: float, rot: float, sign: float) -> Frame:
    """A hip or shoulder: raised forward by `flex`, out to the side by `out`, turned by `rot`."""
    frame = turn(parent, 2, flex)
    frame = turn(frame, 0, -sign * out)
    return turn(frame, 1, -sign * rot)


def trunk_frames(a: Angles) -> tuple[Frame, Frame, Frame]:
    """The frames of the lower back, the upper back and the head."""
    lower = turn(turn(WORLD, 2, -a.trunk), 0, a.tilt)
    # the upper back turns about its own long axis after bending, as in a diagonal curl-up:
    # the right shoulder comes forward and across, and the head turns with it
    upper = turn(turn(lower, 2, -a.chest), 1, a.turn)
    head = turn(upper, 2, -a.neck)
    return lower, upper, head


def body_points(a: Angles, pelvis: Vec) -> dict[str, Vec]:
    """Every named point of the body for the resolved angles, with the pelvis at `pelvis`."""
    lower, upper, head = trunk_frames(a)
    waist = _add(pelvis, lower[1], PELVIS_TO_WAIST)
    neck = _add(waist, upper[1], WAIST_TO_NECK)
    points = {"pelvis": pelvis, "waist": waist, "neck": neck,
              "head": _add(neck, head[1], NECK + HEAD_RADIUS)}
    for side in SIDES:
        sign, j = SIDE_SIGN[side], getattr(a, side)
        hip = _add(pelvis, lower[2], sign * HIP_HALF)
        thigh = _limb_frame(lower, j["hip"], j["hip_out"], j["hip_turn"], sign)
        knee = _down(thigh, THIGH, hip)
        shin = turn(thigh, 2, -j["knee"])
        ankle = _down(shin, SHIN, knee)
        foot = turn(shin, 2, j["ankle"])
        heel = _add(_down(foot, ANKLE_HEIGHT - STROKE / 2, ankle), foot[0], -1.0)
        shoulder = _add(_add(neck, upper[1], -SHOULDER_DROP), upper[2], sign * SHOULDER_HALF)
        arm = _limb_frame(upper, j["shoulder"], j["shoulder_out"], j["shoulder_turn"], sign)
        elbow = _down(arm, UPPER_ARM, shoulder)
        forearm = turn(arm, 2, j["elbow"])
        wrist = _down(forearm, FOREARM, elbow)
        points.update({
            f"{side}-hip": hip, f"{side}-knee": knee, f"{side}-ankle": ankle,
            f"{side}-heel": heel, f"{side}-toe": _add(heel, foot[0], FOOT),
            f"{side}-shoulder": shoulder, f"{side}-elbow": elbow,
            f"{side}-wrist": wrist, f"{side}-hand": _down(turn(forearm, 2, j["wrist"]), HAND, wrist),
        })
    return points


def grip_axis(a: Angles, side: str) -> Vec:
    """The direction of a bar held in the hand of `side` with the thumb forward (a neutral grip)."""
    j = getattr(a, side)
    arm = _limb_frame(trunk_frames(a)[1], j["shoulder"], j["shoulder_out"], j["shoulder_turn"], SIDE_SIGN[side])
    return turn(arm, 2, j["elbow"])[0]


def level_ankle(a: Angles, side: str) -> float:
    """The ankle angle that makes the sole of `side` level (it may be out of the ankle's range)."""
    lower = trunk_frames(a)[0]
    j = getattr(a, side)
    thigh = _limb_frame(lower, j["hip"], j["hip_out"], j["hip_turn"], SIDE_SIGN[side])
    forward, up, _ = turn(thigh, 2, -j["knee"])
    # turning the foot by t gives a forward axis of forward*cos(t) + up*sin(t): level when its y is 0
    if abs(up[1]) < 1e-9:
        return 90.0 if forward[1] < 0 else -90.0
    return math.degrees(math.atan(-forward[1] / up[1]))


@functools.lru_cache(maxsize=16)
def _camera(turned: float, raised: float) -> Frame:
    """The page's right, its up and the way towards the reader, as world directions."""
    ct, st = math.cos(math.radians(turned)), math.sin(math.radians(turned))
    cr, sr = math.cos(math.radians(raised)), math.sin(math.radians(raised))
    return ((ct, 0.0, -st), (-st * sr, cr, -ct * sr), (st * cr, sr, ct * cr))


def lying(a: Angles) -> float:
    """How much a body with the angles `a` lies (its lower back: 0 upright, 1 lying on the back
    or face down): the three-quarter camera is turned and raised between its upright and lying
    angles by this much."""
    return abs(math.sin(math.radians(a.trunk)))


def _between(ends: tuple[float, float], k: float) -> float:
    return ends[0] + (ends[1] - ends[0]) * k


VIEWS = ("side", "front", "three-quarter")


def project(point: Vec, view: str, lying: float = 0.0) -> tuple[float, float, float]:
    """Page coordinates (x right, y up, in cm) and depth (larger is nearer the reader)."""
    x, y, z = point
    if view == "front":
        return (-z, y, x)
    if view == "three-quarter":
        right, up, toward = _camera(_between(THREE_QUARTER_TURN, lying), _between(THREE_QUARTER_RAISE, lying))
        return tuple(a[0] * x + a[1] * y + a[2] * z for a in (right, up, toward))  # type: ignore[return-value]
    return (x + OBLIQUE * z, y, z)


def direction(vector: Vec, view: str, lying: float = 0.0) -> tuple[float, float]:
    """A direction in space as it runs on the page (not normalised: foreshortened)."""
    origin, tip = project((0.0, 0.0, 0.0), view, lying), project(vector, view, lying)
    return (tip[0] - origin[0], tip[1] - origin[1])


def radius(name: str) -> float:
    """How far the drawn body reaches around the point `name` (see RADIUS)."""
    return RADIUS[name.split("-", 1)[1] if "-" in name else name]

"""The person as filled shapes: a placed body -> marks in cm, with colour roles.

Each limb is drawn in segments that taper (upper arm, forearm, hand; thigh, shin, foot with a
heel and toes), the trunk follows the curve of the back, the neck joins a head whose hair and
nose show which way it faces. The sleeve and the trousers take clothing roles, hands and head
skin roles; the near side (side view) or the side nearer the reader (front view) is dark and
the far side a lighter tone of the same colours, which `draw` keeps at 3:1 against paper or
more. Every part is first outlined in paper colour (a halo), so a near arm stays readable where
it crosses the trunk and a far leg where the near one covers it.

A highlighted limb (`highlight`, the side the exercise's text names) is filled with a mid tint
of the clinic's colour and outlined in the full colour: it stands out from the dark clothes in
colour and in grey alike. Its hand or foot keeps its skin or shoe, outlined the same way, so it
still reads as an arm or a leg (filled to the tip, a reader took it for a stick or a cushion);
`near-hand` or `near-foot` alone fills the hand or foot with the tint.

The start pose of a movement is drawn as one dashed outline and no fill: every part's halo in
the `ghost-line` role, broken into dashes, then every part filled with paper, so only the
body's silhouette shows, behind the end pose. "Outline = start" is a treatment, not a tone: the
far side is filled, never outlined, so the two stay apart in grey as well as in colour, and the
outline is darker than any far-side fill besides (`draw` keeps both at 3:1 or more).

Contract: `body_marks(body, ghost, highlight=())` -> list of marks; `PART_ROLES` are the roles
it uses besides the highlight's (`accent-mid`, `accent`).
"""

from __future__ import annotations

import math

from handouts.figures import marks as mk
from handouts.figures.marks import P2, Mark, Shape
from handouts.figures.pose import Placed
from handouts.figures.shape import capsule, circle, foot
from handouts.figures.skeleton import HEAD_RADIUS, SIDES, STROKE, radius, trunk_frames

HALO = 1.3  # cm of paper colour around each part
GHOST_LINE = 1.5  # cm: the start pose's outline (half its stroke; the paper fill covers the rest)
GHOST_DASH = (6.0, 3.0)  # cm on, cm off along the start pose's outline
NECK_RADIUS = 4.6
EYE_RADIUS = 1.5  # cm: the eyes of a face turned to the reader (front view), dots of a millimetre in print
EYE_APART = 3.8  # cm from the middle of the face to each eye
EYE_UP = 0.5  # cm above the head's centre
ARM_TOP = 5.0  # the upper arm at the shoulder (its contact reach, RADIUS, is the shoulder blade's)
HIGHLIGHT_LINE = 0.9  # cm: the outline of a highlighted segment
HIGHLIGHT = "highlight"  # a part's role while it is marked: drawn as accent-mid outlined in accent
OUTLINED = "outlined:"  # before a part's role: its own fill, outlined in accent (a marked limb's hand or foot)

PART_ROLES = ("cloth", "legs", "skin", "shoe", "hair")


def _role(part: str, far: bool) -> mk.Role:
    return f"{part}-far" if far else part  # type: ignore[return-value]


def _arm(body: Placed, side: str) -> list[tuple[list[P2], str]]:
    at = body.at
    s, e, w, h = (at(f"{side}-{n}") for n in ("shoulder", "elbow", "wrist", "hand"))
    return [(capsule(s, e, ARM_TOP, radius("elbow")), "cloth"),
            (capsule(e, w, radius("elbow") - 0.3, radius("wrist")), "skin"),
            (capsule(w, h, radius("wrist"), radius("hand")), "skin")]


def _leg(body: Placed, side: str) -> list[tuple[list[P2], str]]:
    at = body.at
    hip, knee, ankle, heel, toe = (at(f"{side}-{n}") for n in ("hip", "knee", "ankle", "heel", "toe"))
    return [(capsule(hip, knee, radius("hip"), radius("knee")), "legs"),
            (capsule(knee, ankle, radius("knee") - 0.2, radius("ankle")), "legs"),
            (foot(ankle, heel, toe, STROKE / 2), "shoe")]


def _face(body: Placed, ux: float, uy: float) -> tuple[float, float, float] | None:
    """Which way the face looks on the page, as a unit direction and how much of it shows
    (1 in profile); None when it looks at the reader (front view, or turned nearly so)."""
    if body.view == "front":
        return None
    if body.view != "three-quarter":
        return (uy, -ux, 1.0)  # the face: the head's up turned clockwise
    fx, fy = body.seen(trunk_frames(body.angles)[2][0])
    shown = math.hypot(fx, fy)
    return None if shown < 0.35 else (fx / shown, fy / shown, shown)


def _head(body: Placed) -> list[tuple[list[P2], str]]:
    """Neck, head, hair on the back of it and a nose in front (side view), hair on top (front)."""
    neck, head = body.at("neck"), body.at("head")
    ux, uy = head[0] - neck[0], head[1] - neck[1]
    d = math.hypot(ux, uy) or 1.0
    ux, uy = ux / d, uy / d
    r = HEAD_RADIUS
    up = math.atan2(uy, ux)
    parts: list[tuple[list[P2], str]] = [
        (capsule(neck, (head[0] - ux * r * 0.6, head[1] - uy * r * 0.6), NECK_RADIUS, NECK_RADIUS - 0.4), "skin"),
        (circle(head, r), "skin")]
    face = _face(body, ux, uy)
    if face is None:
        hair = [(head[0] + (r + 0.6) * math.cos(up + a), head[1] + (r + 0.6) * math.sin(up + a))
                for a in (math.radians(x) for x in range(-60, 61, 10))]
        # two eyes: without them a reader could not tell a face from the back of a head, nor so
        # the person's right from their left
        across = (uy, -ux)
        eyes = [circle((head[0] + side * across[0] * EYE_APART + ux * EYE_UP,
                        head[1] + side * across[1] * EYE_APART + uy * EYE_UP), EYE_RADIUS) for side in (-1, 1)]
        return parts + [(hair, "hair")] + [(eye, "hair") for eye in eyes]
    fx, fy, shown = face
    if body.view == "three-quarter":
        # from over the crown (a little towards the face) round to the back of the head,
        # whichever way the face turns on the page
        turn = 1.0 if ux * fy - uy * fx < 0 else -1.0
        back = math.atan2(-fy, -fx)
        sweep = (back - up + turn * math.pi) % (2 * math.pi) - math.pi
        start, end = up - turn * math.radians(25), up + sweep + turn * math.radians(65)
        hair = [(head[0] + (r + 0.6) * math.cos(a), head[1] + (r + 0.6) * math.sin(a))
                for a in (start + (end - start) * i / 18 for i in range(19))]
    else:
        hair = [(head[0] + (r + 0.6) * math.cos(up + a), head[1] + (r + 0.6) * math.sin(up + a))
                for a in (math.radians(x) for x in range(-25, 156, 10))]
    hair.append((head[0] - fx * r * 0.25, head[1] - fy * r * 0.25))
    reach = 2.6 * shown
    tip = (head[0] + fx * (r + reach) + ux * 0.5, head[1] + fy * (r + reach) + uy * 0.5)
    nose = [(head[0] + fx * (r - 1) + ux * 2.5, head[1] + fy * (r - 1) + uy * 2.5), tip,
            (head[0] + fx * (r - 0.5) - ux * 1.5, head[1] + fy * (r - 0.5) - uy * 1.5)]
    return parts + [(nose, "skin"), (hair, "hair")]


def _group(parts: list[tuple[list[P2], str]], far: bool, layer: int, ghost: bool) -> list[Mark]:
    """One limb (or the trunk and head): a paper halo under all its parts, then the parts."""
    if ghost:
        return [Shape(tuple(points), "paper", layer, "ghost-line", 2 * GHOST_LINE, GHOST_DASH) for points, _ in parts]
    halo: list[Mark] = [Shape(tuple(points), "paper", layer, "paper", 2 * HALO) for points, _ in parts]
    return halo + [Shape(tuple(points), "accent-mid", layer, "accent", HIGHLIGHT_LINE) if part == HIGHLIGHT
                   else Shape(tuple(points), _role(part.removeprefix(OUTLINED), far), layer, "accent", HIGHLIGHT_LINE)
                   if part.startswith(OUTLINED) else Shape(tuple(points), _role(part, far), layer)
                   for points, part in parts]


def _marked(parts: list[tuple[list[P2], str]], side: str, limb: str, highlight: tuple[str, ...]
            ) -> list[tuple[list[P2], str]]:
    """`parts` of one arm or leg, the highlighted ones with the highlight's role: all of them for
    `near-arm`, only the last (the hand, the foot) for `near-hand`."""
    end = "hand" if limb == "arm" else "foot"
    if f"{side}-{limb}" in highlight:  # the hand or foot keeps its skin or shoe, outlined
        return [(points, HIGHLIGHT) for points, _ in parts[:-1]] + [(parts[-1][0], OUTLINED + parts[-1][1])]
    if f"{side}-{end}" in highlight:
        return parts[:-1] + [(parts[-1][0], HIGHLIGHT)]
    return parts


def body_marks(body: Placed, ghost: bool, highlight: tuple[str, ...] = ()) -> list[Mark]:
    """The person, far parts first; a ghost is one silhouette outline (see the module doc)."""
    front = body.view == "front"
    turned = body.view == "three-quarter"
    trunk = [(body.trunk_shape(), "cloth")]
    if not turned:
        trunk += _head(body)
    limbs = []
    for side in SIDES:
        for limb, parts, joints in (
                ("leg", _marked(_leg(body, side), side, "leg", highlight), ("hip", "knee", "ankle")),
                ("arm", _marked(_arm(body, side), side, "arm", highlight), ("shoulder", "elbow", "hand"))):
            depth = sum(body.depth(f"{side}-{j}") for j in joints) / len(joints)
            near = depth > 6.0 if front else side == "near"
            limbs.append((depth if front else (1.0 if near else -1.0), near, parts, f"{side}-{limb}"))
    limbs.sort(key=lambda item: item[0])  # stable: legs before arms on each side
    groups = [(parts, not near and not front, mk.NEAR if near else mk.FAR) for _, near, parts, _ in limbs if not near]
    groups.append((trunk, False, mk.TRUNK))
    near_limbs = [(parts, name) for _, near, parts, name in limbs if near]
    if turned:
        # A turned camera sees a hand behind the head (clasped at the back of it) beside the
        # head: the head covers it, so it is drawn after every near arm whose hand is further
        # from the reader than the head's middle, and otherwise over the trunk, under them.
        behind = body.depth("head")
        last = max([i for i, (_, name) in enumerate(near_limbs, 1)
                    if name.endswith("-arm") and body.depth(name.replace("-arm", "-hand")) < behind] or [0])
        groups += [(parts, False, mk.NEAR) for parts, _ in near_limbs[:last]]
        groups.append((_head(body), False, mk.NEAR if last else mk.TRUNK))
        groups += [(parts, False, mk.NEAR) for parts, _ in near_limbs[last:]]
    else:
        groups += [(parts, False, mk.NEAR) for parts, _ in near_limbs]
    if ghost:
        outlines = [m for parts, _, _ in groups for m in _group(parts, False, mk.GHOST, True)]
        fills: list[Mark] = [Shape(tuple(points), "paper", mk.GHOST) for parts, _, _ in groups for points, _ in parts]
        return outlines + fills
    return [m for parts, far, layer in groups for m in _group(parts, far, layer, False)]

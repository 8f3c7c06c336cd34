"""The figure schema: one exercise picture as data, validated by frozen pydantic models.

A figure file (`figures/<exercise-id>.yaml`) says which exercise it shows, from which side, what
props stand around the person, and one or two poses: `end`, the position drawn in full, and an
optional `start`, drawn as a dashed outline where the exercise moves. A pose is a handful of joint
angles in degrees, measured the way a physiotherapist measures them (0 is standing upright with
the arms hanging), each checked against the range a joint can actually move: a knee can't bend
backwards, an elbow can't pass straight. Angles not given are 0.

`inset` adds a small top view of the feet in a free corner (tandem stance, heel-to-toe walking),
for what a side view hides: that the feet are in one line (see `inset.py`).

Sides: in side view the person faces right and `near` is the side facing the reader (drawn
dark), `far` the other (drawn lighter); in front view the person faces the reader, `near` is
the person's right side, on the left of the picture. The `three-quarter` view is the side view
with the camera turned towards the person's front and raised to look down (see `skeleton.py`):
the person's right (`near`, dark) is still the side nearer the reader, and the body's width
shows, for what a side view hides (a shoulder lifted across the body, elbows drawn back).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictFloat, model_validator

from handouts.source.model import Id, LocalShort, Model

# The range of every joint, in degrees: (smallest, largest, what the ends mean).
RANGES: dict[str, tuple[float, float, str]] = {
    "trunk": (-180, 180, "-90 lies on the back, 0 stands upright, 90 lies face down"),
    "tilt": (-90, 90, "leans the body to its right (+) or left (-)"),
    "chest": (-30, 70, "bends the upper back forward (+, rounded) or back (-)"),
    "turn": (-45, 45, "turns the upper back about its long axis: the right shoulder forward (+) or the left (-)"),
    "neck": (-45, 60, "bends the head forward, chin to chest (+), or back (-)"),
    "hip": (-30, 140, "moves the thigh forward (+) or back (-) from the line of the trunk"),
    "hip_out": (-20, 70, "moves the thigh out to the side (+) or across (-)"),
    "hip_turn": (-45, 90, "turns the thigh outward (+) or inward (-)"),
    "knee": (0, 155, "0 is straight, 155 fully bent; a knee can't bend backwards"),
    "ankle": (-50, 40, "lifts the toes towards the shin (+) or points them (-)"),
    "shoulder": (-60, 180, "moves the arm forward and up (+) or back (-) from the side of the trunk"),
    "shoulder_out": (-40, 180, "moves the arm out to the side (+) or across the front of the body (-)"),
    "shoulder_turn": (-70, 90, "turns the arm outward (+) or inward (-) about its own length"),
    "elbow": (0, 150, "0 is straight, 150 fully bent; an elbow can't bend backwards"),
    "wrist": (-80, 90, "bends the hand forward (+, as when the palm is flat on the floor) or back (-)"),
}

FLOOR = "floor"
"""A knee angle: once the rest of the body rests, bend the knee until the foot is on the floor."""
FLAT = "flat"
"""An ankle angle: turn the foot so that its sole is level (standing on a flat foot)."""


def _angle(name: str, word: str | None = None) -> BeforeValidator:
    """The check of the joint angle `name` (in RANGES); `word` is allowed besides a number."""
    low, high, meaning = RANGES[name]

    def check(value: Any) -> Any:
        if word is not None and value == word:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            extra = f" or '{word}'" if word else ""
            raise ValueError(f"must be a number of degrees{extra}, not {value!r}")
        if not low <= value <= high:
            raise ValueError(f"{value:g} degrees is out of range: from {low:g} to {high:g} ({meaning})")
        return float(value)

    return BeforeValidator(check)


# One type per joint: the number of degrees, checked against the joint's range. The knee and the
# ankle also take a word (FLOOR, FLAT), spelled out here because a type can't name a constant.
HipAngle = Annotated[float, _angle("hip")]
HipOutAngle = Annotated[float, _angle("hip_out")]
HipTurnAngle = Annotated[float, _angle("hip_turn")]
KneeAngle = Annotated[Union[float, Literal["floor"]], _angle("knee", FLOOR)]
AnkleAngle = Annotated[Union[float, Literal["flat"]], _angle("ankle", FLAT)]
ShoulderAngle = Annotated[float, _angle("shoulder")]
ShoulderOutAngle = Annotated[float, _angle("shoulder_out")]
ShoulderTurnAngle = Annotated[float, _angle("shoulder_turn")]
ElbowAngle = Annotated[float, _angle("elbow")]
WristAngle = Annotated[float, _angle("wrist")]
TrunkAngle = Annotated[float, _angle("trunk")]
TiltAngle = Annotated[float, _angle("tilt")]
ChestAngle = Annotated[float, _angle("chest")]
TurnAngle = Annotated[float, _angle("turn")]
NeckAngle = Annotated[float, _angle("neck")]


Point = Literal[
    "pelvis", "waist", "neck", "head",
    "near-shoulder", "near-elbow", "near-wrist", "near-hand",
    "near-hip", "near-knee", "near-ankle", "near-heel", "near-toe",
    "far-shoulder", "far-elbow", "far-wrist", "far-hand",
    "far-hip", "far-knee", "far-ankle", "far-heel", "far-toe",
]
"""Named points of the body, for arrows, contacts and prop placement."""


class Limbs(Model):
    """The joint angles of one arm and one leg; any angle left out is taken from the pose."""

    hip: HipAngle | None = None
    """Hip flexion: the thigh forward (+, 90 is sitting) or back (-) from the line of the trunk."""
    hip_out: HipOutAngle | None = None
    """Hip abduction: the thigh out to the side (+)."""
    hip_turn: HipTurnAngle | None = None
    """Hip rotation: the knee turned outward (+), which swings a bent leg's foot inward."""
    knee: KneeAngle | None = None
    """Knee flexion: 0 straight, 90 a right angle; `floor` bends it until the foot is on the floor."""
    ankle: AnkleAngle | None = None
    """Ankle: toes towards the shin (+) or pointed (-); `flat` keeps the sole level."""
    shoulder: ShoulderAngle | None = None
    """Shoulder flexion: the arm forward (+, 90 is pointing ahead, 180 overhead) or back (-)."""
    shoulder_out: ShoulderOutAngle | None = None
    """Shoulder abduction: the arm out to the side (+, 90 is level with the shoulder), or across
    the front of the body (-, a hand reaching for the other thigh)."""
    shoulder_turn: ShoulderTurnAngle | None = None
    """Shoulder rotation: the arm turned outward (+) about its length. With the arm out to the
    side and the elbow bent, + swings the hand up and back: hands behind the head."""
    elbow: ElbowAngle | None = None
    """Elbow flexion: 0 straight, 90 a right angle."""
    wrist: WristAngle | None = None
    """The hand bent forward (+, 90 for a palm flat on the floor under the shoulder) or back (-)."""


class Pose(Limbs):
    """A position of the whole body. Limb angles given here apply to both sides."""

    x: Annotated[StrictFloat, Field(ge=-300, le=300)] = 0
    """Where the pelvis is, in cm to the right; move one pose against the other (a person who
    stands up from a chair ends up further forward). Sideways in front view."""
    trunk: TrunkAngle = 0
    """The lower back's lean: 0 upright, forward (+) or back (-); -90 lies on the back, 90 face down."""
    tilt: TiltAngle = 0
    """Sideways lean of the whole trunk, seen from the front."""
    chest: ChestAngle = 0
    """The upper back bent forward (+, rounded) or back (-) from the lower back."""
    turn: TurnAngle = 0
    """The upper back turned about its long axis (after `chest` bends it), the head with it: the
    right shoulder forward and across (+, turning to the left) or the left shoulder (-). Lying on
    the back, + lifts the right shoulder off the mat towards the left knee (a diagonal curl-up);
    best seen in the `three-quarter` view."""
    neck: NeckAngle = 0
    """The head bent forward (+, chin to chest) or back (-) from the upper back."""
    near: Limbs = Limbs()
    """Angles that differ on the near side (the person's right)."""
    far: Limbs = Limbs()
    """Angles that differ on the far side (the person's left)."""
    touch: Annotated[tuple[Point, ...], Field(max_length=8)] = ()
    """Points that must rest on the floor, mat or a prop; checked, so a pose can't float."""


Limb = Literal[
    "near-arm", "near-hand", "near-leg", "near-foot",
    "far-arm", "far-hand", "far-leg", "far-foot",
]
"""A part of the body to highlight: a whole arm (upper arm, forearm, hand) or leg (thigh, shin,
foot), or only its hand or foot. `near` is the person's right side in both views."""


def _one_or_more(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


def _distinct_limbs(limbs: tuple[str, ...]) -> tuple[str, ...]:
    twice = sorted({limb for limb in limbs if limbs.count(limb) > 1})
    if twice:
        raise ValueError(f"'{twice[0]}' is listed twice")
    return limbs


PropKind = Literal[
    "floor", "mat", "wall", "chair", "stool", "table", "pillow", "door-band", "dumbbells",
    "exercise-bike", "shopping-trolley",
]


def _prop_mapping(value: Any) -> Any:
    return {"kind": value} if isinstance(value, str) else value


# Which options each prop uses; giving another is an error, like an unknown key.
PROP_OPTIONS: dict[str, frozenset[str]] = {
    "floor": frozenset(), "mat": frozenset(), "dumbbells": frozenset(),
    "wall": frozenset({"side", "gap"}),
    "table": frozenset({"gap"}),
    "door-band": frozenset({"gap", "pose"}),
    "shopping-trolley": frozenset({"gap", "pose"}),
    "chair": frozenset({"at", "gap", "pose"}),
    "stool": frozenset({"gap", "pose"}),
    "pillow": frozenset({"at", "pose"}),
    "exercise-bike": frozenset({"pose"}),
}


class Prop(Model):
    """A thing drawn with the person: written as its name, or a mapping with `kind` and options.

    Props are fitted to the body, so they need no coordinates: a chair, stool or bike is put
    under the pelvis of the pose it belongs to, a wall against the back (`side: behind`) or in
    front of the person, a door, table or trolley in front, a mat under everything.
    """

    kind: PropKind
    """What it is; each is drawn at a fixed, real size."""
    side: Literal["behind", "front"] = "front"
    """A wall: in front of the person or behind their back."""
    gap: Annotated[StrictFloat, Field(ge=0, le=200)] = 0
    """Distance in cm from the person to a wall, table, door or trolley, or from the back to a
    chair's backrest (sitting far forward)."""
    at: Point | None = None
    """A pillow: the body point it lies under (default the pelvis). A chair: the hand on its
    backrest (the person stands behind it)."""
    pose: Literal["start", "end"] = "end"
    """Which pose a seat, pillow, door band or trolley belongs to."""

    @model_validator(mode="after")
    def _options_fit_the_kind(self) -> "Prop":
        extra = sorted(self.model_fields_set - {"kind"} - PROP_OPTIONS[self.kind])
        if extra:
            raise ValueError(f"'{extra[0]}' does not apply to a {self.kind}")
        return self


Props = Annotated[tuple[Annotated[Prop, BeforeValidator(_prop_mapping)], ...], Field(max_length=8)]

Direction = Literal["up", "down", "forward", "back", "left", "right"]


class Arrow(Model):
    """A movement arrow: along the path a body point takes from `start` to `end`, or one way."""

    at: Point
    """The body point that moves."""
    direction: Direction | None = None
    """Draw a short straight arrow this way instead of the path (needed without a start pose)."""
    both: StrictBool = False
    """A head at both ends: the movement goes back and forth."""
    side: Literal["left", "right", "above", "below", "ahead", "onto"] | None = None
    """Where the arrow runs: beside the path on this side (default: away from the body),
    `ahead` of the point, starting where it ends up, or `onto` it, ending just short of where it
    starts: a press (the lower back pressed down into the mat), drawn where it can't cross the
    body."""


def _distinct_props(props: tuple[Prop, ...]) -> tuple[Prop, ...]:
    kinds = [p.kind for p in props]
    twice = sorted({k for k in kinds if kinds.count(k) > 1} - {"wall"})
    if twice:
        raise ValueError(f"'{twice[0]}' is listed twice")
    return props


class Inset(Model):
    """A small framed top view of where the feet stand, in a free lower corner of the picture:
    for what a side view hides, that the feet are in one line (see `inset.py`)."""

    feet: Literal["tandem", "walking", "rock"]
    """`tandem`: two footprints in one line, the back foot's toes against the front foot's heel;
    `walking`: three footprints heel to toe along a line; `rock`: the near foot and ankle seen
    from the side, enlarged, in the start pose (outlined) and the end pose (filled), for a
    movement of the feet too small to read at the person's size (rocking heel to toe)."""
    corner: Literal["left", "right"] | None = None
    """The lower corner it goes in; by default the free one nearest the feet."""
    walls: Literal["corner", "left"] | None = None
    """`corner`: the top view also draws the corner of a room the person stands in, a wall ahead
    and one on the left, where a side view shows only the wall ahead (a balance exercise done in
    a corner, so there is a wall to catch hold of on two sides); `left`: only the wall on the
    left, along the way (walking beside a wall, which a side view can't show). With `tandem`
    and `walking`."""

    @model_validator(mode="after")
    def _walls_only_from_above(self) -> "Inset":
        if self.walls is not None and self.feet == "rock":
            raise ValueError("'walls' is drawn in the top view only: use feet: tandem or walking")
        return self


class FigureSpec(Model):
    """One exercise picture."""

    exercise: Id
    """The exercise it shows; equals the file name without `.yaml`."""
    view: Literal["side", "front", "three-quarter"] = "side"
    """Seen from the side (the person faces right), from the front, or `three-quarter`: from the
    right side turned towards the front and from a little above."""
    props: Annotated[Props, AfterValidator(_distinct_props)] = ()
    """Floor, mat, furniture and equipment, in drawing order."""
    start: Pose | None = None
    """Where the movement starts: drawn as a dashed outline, unfilled, behind the end pose."""
    end: Pose
    """The position the picture shows, drawn in full."""
    arrows: Annotated[tuple[Arrow, ...], Field(max_length=3)] = ()
    """Movement arrows."""
    hold: StrictBool = False
    """Draw the hold mark: the end position is held for a while."""
    highlight: Annotated[tuple[Limb, ...], BeforeValidator(_one_or_more), Field(max_length=2),
                         AfterValidator(_distinct_limbs)] = ()
    """Limbs of the end pose drawn in the clinic's colour: the side the exercise's text names
    ("höger fot", "venstre knæ"); `near` is the person's right."""
    inset: Inset | None = None
    """A top view of the feet's placement, drawn in a free corner (`inset: {feet: tandem}`)."""
    alt: LocalShort
    """Per language: one plain sentence describing the picture, for readers who can't see it."""

    @property
    def feet_from_above(self) -> bool:
        """Whether it has the framed top view of the feet (not the side-on close-up), which the
        picture key explains."""
        return self.inset is not None and self.inset.feet != "rock"

    @model_validator(mode="after")
    def _start_is_there_when_used(self) -> "FigureSpec":
        if self.start is None and any(p.pose == "start" for p in self.props):
            raise ValueError("a prop belongs to the start pose, but there is no 'start'")
        return self

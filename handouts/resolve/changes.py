"""Per-patient changes typed at the desk: `--pick` and `--set exercise.key=value`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from handouts.diagnostics import did_you_mean, error

_CHANGE = re.compile(r"^([a-z0-9-]+)\.([a-z_]+)=(.+)$")
# ASCII digits only ("²" and "٣" pass str.isdigit), and no more of them than a dosage needs
_NUMBER = re.compile(r"^[0-9]{1,4}$")
_RANGE = re.compile(r"^([0-9]{1,4})\s*[-–]\s*([0-9]{1,4})$")
_DISTANCE = re.compile(r"^([0-9]{1,3})(?:[.,]([0-9]))?\s*km$|^([0-9]{1,6})\s*m$")  # 2.5km, 800m
_KILOGRAMS = re.compile(r"^([0-9]{1,3})(?:[.,]([0-9]{1,2}))?$")  # 0.5, 1,5, 12
MAX_CHANGE = 200  # characters of one --set


@dataclass(frozen=True)
class DosageChange:
    exercise: str
    key: str
    value: int | float | str | tuple[int, int] | bool


def parse_change(text: str) -> DosageChange:
    """`pelvic-lift.reps=15`, `wall-slide.hold=5-10`, `calf-stretch.per_side=false`,
    `daily-walk.minutes=30`, `daily-walk.distance=2.5km` (or 800m, or metres), `dumbbell-front-raise.load_kg=0.5`,
    `band-row.band=red`. Bounds are the schema's: the merged dosage is validated when resolved."""
    from handouts.source.model import BAND_COLOURS, DOSAGE_KEYS

    if len(text) > MAX_CHANGE:
        raise error(f"--set is longer than {MAX_CHANGE} characters", "request.set", hint="e.g. --set pelvic-lift.reps=15")
    match = _CHANGE.match(text.strip())
    if not match:
        raise error(f"--set '{text}' is not EXERCISE.KEY=VALUE", "request.set", hint="e.g. --set pelvic-lift.reps=15")
    exercise, key, raw = match.groups()
    if key not in DOSAGE_KEYS:
        raise error(f"--set '{text}': unknown dosage key '{key}'", "request.set",
                    hint=did_you_mean(key, DOSAGE_KEYS) or f"keys: {', '.join(DOSAGE_KEYS)}")
    raw = raw.strip()
    value: int | float | str | tuple[int, int] | bool
    if key == "band":
        if raw not in BAND_COLOURS:
            raise error(f"--set '{text}': band is one of {', '.join(BAND_COLOURS)}", "request.set",
                        hint=did_you_mean(raw, BAND_COLOURS))
        value = raw
    elif key == "load_kg" and (kg := _KILOGRAMS.match(raw)):
        whole, part = kg.groups()
        value = int(whole) + int(part) / 10 ** len(part) if part else int(whole)
    elif key == "load_kg":
        raise error(f"--set '{text}': '{raw}' is not a weight in kg like 2 or 0.5", "request.set")
    elif key == "distance" and (far := _DISTANCE.match(raw)):
        km, tenth, metres = far.groups()
        value = int(metres) if metres else int(km) * 1000 + int(tenth or 0) * 100
    elif key == "per_side":
        if raw not in ("true", "false"):
            raise error(f"--set '{text}': per_side is true or false", "request.set")
        value = raw == "true"
    elif _NUMBER.match(raw):
        value = int(raw)
    elif found := _RANGE.match(raw):
        low, high = map(int, found.groups())
        value = (low, high)
    else:
        raise error(f"--set '{text}': '{raw}' is not a whole number (0–9999) or a range like 5-10", "request.set")
    return DosageChange(exercise, key, value)


def parse_picks(values: Iterable[str]) -> tuple[str, ...]:
    """`--pick a,b --pick c` -> ("a", "b", "c"); an empty pick would print a program of nothing."""
    picks = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    if not picks:
        raise error("--pick names no exercise", "request.pick", hint="give exercise ids, e.g. --pick pelvic-lift,wall-slide")
    return picks

"""Per-patient changes typed at the desk: `--pick` and `--set exercise.key=value`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from handouts.diagnostics import did_you_mean, error

_CHANGE = re.compile(r"^([a-z0-9-]+)\.([a-z_]+)=(.+)$")
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")


@dataclass(frozen=True)
class DosageChange:
    exercise: str
    key: str
    value: int | tuple[int, int] | bool


def parse_change(text: str) -> DosageChange:
    """`pelvic-lift.reps=15`, `wall-slide.hold=5-10`, `calf-stretch.per_side=false`."""
    from handouts.source.model import DOSAGE_KEYS

    match = _CHANGE.match(text.strip())
    if not match:
        raise error(f"--set '{text}' is not EXERCISE.KEY=VALUE", "request.set", hint="e.g. --set pelvic-lift.reps=15")
    exercise, key, raw = match.groups()
    if key not in DOSAGE_KEYS:
        raise error(f"--set '{text}': unknown dosage key '{key}'", "request.set",
                    hint=did_you_mean(key, DOSAGE_KEYS) or f"keys: {', '.join(DOSAGE_KEYS)}")
    raw = raw.strip()
    value: int | tuple[int, int] | bool
    if key == "per_side":
        if raw not in ("true", "false"):
            raise error(f"--set '{text}': per_side is true or false", "request.set")
        value = raw == "true"
    elif raw.isdigit():
        value = int(raw)
    elif found := _RANGE.match(raw):
        low, high = map(int, found.groups())
        value = (low, high)
    else:
        raise error(f"--set '{text}': '{raw}' is not a number or a range like 5-10", "request.set")
    return DosageChange(exercise, key, value)


def parse_picks(values: Iterable[str]) -> tuple[str, ...]:
    """`--pick a,b --pick c` -> ("a", "b", "c")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())

"""The program code: a leaflet's program (never its patient) as a short text a desk can reopen.

A program is what makes two patients' leaflets the same one: the recipe or article (or the
exercises and notes of a leaflet made from scratch), the picks, the dosage changes, the language,
the phase and large print. It never holds the patient's or therapist's name, the date, the
patient's notes or a typed title: those are the patient's, and the code is printed for anyone
to scan.

Format, version 1: `HP1-` then the base32 text (RFC 4648, no padding, grouped by `-` in fours
for reading aloud) of the JSON object `Program.to_json()`, zlib-compressed with the preset
dictionary `DICTIONARY` (the JSON's keys and the built-in ids: a typical program's code is ~60
characters instead of ~130). Base32 is what QR codes hold compactly (their alphanumeric mode)
and survives being typed in either case. zlib's checksum catches a typo. The dictionary is part
of the version: it never changes for `HP1` (new exercises compress a little less, nothing else).
A code is untrusted input: its length, the inflated size, the JSON shape and every value are
bounded and checked (the same checks as `--pick` and `--set`) before it becomes a request, and
nothing but JSON is ever decoded.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handouts.diagnostics import error

if TYPE_CHECKING:
    from handouts.resolve.changes import DosageChange
    from handouts.resolve.request import Request

PREFIX = "HP"
VERSION = 1
MAX_CODE = 1200  # characters of a code as given (a full 60-exercise program fits)
MAX_JSON = 8192  # bytes of the JSON inside
MAX_ITEMS = 60  # exercises in a program: a recipe's own limit
MAX_CHANGES = 300  # five dosage keys for each of 60 exercises
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_RECIPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2}$")
_KEYS = {"v", "recipe", "lang", "pick", "set", "with", "phase", "large"}
# Frozen with version 1 (see the module docstring): the words a program's JSON is made of.
DICTIONARY = (
    '{"lang":"da","large":true,"phase":"acute","with":["v":1,"pick":["abdominal-brace","abdominal-knee-lift",'
    '"all-fours-arm-reach","all-fours-diagonal-reach","all-fours-leg-reach","back-prone-lift","band-row",'
    '"calf-stretch","cat-stretch","chair-stand","core-brace","curl-up","daily-walk","dumbbell-front-raise",'
    '"dumbbell-side-raise","forward-lean-rest","glute-stretch-lying","glute-stretch-seated","knee-to-chest",'
    '"mini-squat","oblique-curl-up","pelvic-lift","posture-arm-extension","posture-head-press","seated-cycling",'
    '"side-weight-shift","standing-balance","straight-leg-raise","toe-heel-rock","walking-balance",'
    '"walking-with-pauses","wall-slide","weight-transfer"],"recipe":"disc-surgery","osteoporosis",'
    '"spinal-stenosis","osteoporosis-recommendations","osteoarthritis-exercise","set":[".reps=",".sets=",'
    '".hold=",".rest=",".times_per_day=",".build_up_to=",".per_side=false",".per_side=true","lang":"sv"'
).encode()
_MISREAD = str.maketrans("018", "OIB")
HINT = "copy the code again from the leaflet, e.g. HP1-ABCD-…"


@dataclass(frozen=True)
class Program:
    """A leaflet without its patient: what a program code holds."""

    lang: str
    recipe: str | None = None  # None: made from scratch, of `picks` and `with_notes`
    picks: tuple[str, ...] | None = None
    changes: tuple[str, ...] = ()  # as `--set` takes them: "pelvic-lift.reps=15"
    with_notes: tuple[str, ...] = ()  # library notes of a leaflet made from scratch
    phase: str | None = None
    large_print: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"v": VERSION, "lang": self.lang}
        if self.recipe is not None:
            data["recipe"] = self.recipe
        if self.picks is not None:
            data["pick"] = list(self.picks)
        if self.changes:
            data["set"] = list(self.changes)
        if self.with_notes:
            data["with"] = list(self.with_notes)
        if self.phase:
            data["phase"] = self.phase
        if self.large_print:
            data["large"] = True
        return data


def encode_program(program: Program) -> str:
    """The program's code, e.g. `HP1-EJ2G-…`; checked as `decode_program` would check it."""
    check_program(program)
    text = json.dumps(program.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    deflater = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=DICTIONARY)
    packed = base64.b32encode(deflater.compress(text.encode()) + deflater.flush()).decode().rstrip("=")
    code = f"{PREFIX}{VERSION}-" + "-".join(packed[i:i + 4] for i in range(0, len(packed), 4))
    if len(code) > MAX_CODE:
        raise error("the program is too large for a program code", "program.too-large",
                    hint=f"at most {MAX_ITEMS} exercises")
    return code


def program_of(request: Request) -> Program | None:
    """The program of a request, as its leaflet prints it: the recipe (or the exercises and
    notes of a leaflet from scratch), picks, dosage changes, language, phase and large print.
    Only what the request names; its patient, therapist, notes, date and title are left out.
    None for a Markdown file given by its path (there is no id to reopen it by)."""
    composition = request.compose
    if composition is None and not _RECIPE.fullmatch(request.recipe):
        return None
    changes = tuple(change_text(c) for c in request.changes)
    if composition is not None:
        return Program(request.lang, None, composition.exercises, changes, composition.notes, request.phase,
                       request.large_print)
    return Program(request.lang, request.recipe, request.picks, changes, (), request.phase, request.large_print)


def change_text(change: DosageChange) -> str:
    """A parsed `--set` change as `--set` takes it again: `pelvic-lift.reps=8-12`."""
    value = change.value
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, tuple):
        shown = f"{value[0]}-{value[1]}"
    elif change.key == "distance":
        shown = f"{value}m"
    else:
        shown = str(value)  # a float load is written as Python writes it: 0.5, 2.25
    return f"{change.exercise}.{change.key}={shown}"


def decode_program(code: str) -> Program:
    """The program a code holds; a `HandoutsError` [program.*] for anything but a valid code."""
    if not isinstance(code, str) or len(code) > MAX_CODE:
        raise error(f"a program code is at most {MAX_CODE} characters", "program.invalid", hint=HINT)
    text = re.sub(r"[\s-]", "", code).upper()
    found = re.fullmatch(rf"{PREFIX}(\d{{1,3}})([A-Z0-9]*)", text)
    if not found:
        raise error("this is not a program code (they start with HP1-)", "program.invalid", hint=HINT)
    if int(found.group(1)) != VERSION:
        raise error(f"program code version {int(found.group(1))} is not known to this version of handouts",
                    "program.version", hint="update handouts, or make the program again")
    # base32 has no 0, 1 or 8: a reader who took an O, I or B for one meant the letter
    body = found.group(2).translate(_MISREAD)
    try:
        packed = base64.b32decode(body + "=" * (-len(body) % 8))
        inflater = zlib.decompressobj(15, zdict=DICTIONARY)
        raw = inflater.decompress(packed, MAX_JSON + 1)
        if len(raw) > MAX_JSON or inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("too large or cut short")
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError):
        raise error("the program code is damaged (a letter mistyped or missing?)", "program.damaged",
                    hint=HINT) from None
    program = _program(data)
    check_program(program)
    return program


def _program(data: Any) -> Program:
    if not isinstance(data, dict) or not set(data) <= _KEYS or data.get("v") != VERSION:
        raise _invalid()
    picks, changes, notes = (_strings(data, key) for key in ("pick", "set", "with"))
    recipe, lang, phase = data.get("recipe"), data.get("lang"), data.get("phase")
    large = data.get("large", False)
    if not all(v is None or isinstance(v, str) for v in (recipe, phase)) or not isinstance(lang, str) \
            or not isinstance(large, bool):
        raise _invalid()
    return Program(lang, recipe, picks, changes or (), notes or (), phase, large)


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_CHANGES or not all(isinstance(v, str) for v in value):
        raise _invalid()
    return tuple(value)


def check_program(program: Program) -> None:
    """Every value as the CLI takes it: ids, a language, `--set` changes; bounded in number."""
    from handouts.resolve.changes import parse_change

    if not _LANG.fullmatch(program.lang):
        raise _invalid()
    if program.recipe is not None and not _RECIPE.fullmatch(program.recipe):
        raise _invalid()
    if program.phase is not None and not _ID.fullmatch(program.phase):
        raise _invalid()
    items = [*(program.picks or ()), *program.with_notes]
    if len(program.picks or ()) > MAX_ITEMS or len(program.with_notes) > MAX_ITEMS \
            or len(program.changes) > MAX_CHANGES or not all(_ID.fullmatch(item) for item in items):
        raise _invalid()
    if program.recipe is None and not program.picks:
        raise _invalid()
    for change in program.changes:
        parse_change(change)


def _invalid():
    return error("the program code holds something a program can't", "program.invalid", hint=HINT)


@dataclass(frozen=True)
class Asked:
    """What `handouts build` builds once a `--program` code is read: the code's program, with
    the options given beside it winning (a language, picks), its changes after the code's."""

    recipe: str
    lang: str
    picks: tuple[str, ...] | None
    changes: tuple[str, ...]
    phase: str | None
    large_print: bool
    with_notes: tuple[str, ...]
    scratch: bool  # made from scratch: build it as `handouts compose` would


def asked_with_program(code: str, recipe: str | None, lang: str | None, picks: tuple[str, ...] | None,
                       changes: tuple[str, ...], phase: str | None, large_print: bool) -> Asked:
    if recipe is not None:
        raise error("give a recipe or --program, not both", "request.program",
                    hint="the program code names its recipe")
    program = decode_program(code)
    scratch = program.recipe is None
    return Asked(program.recipe or "compose", lang or program.lang,
                 picks if picks is not None else program.picks, (*program.changes, *changes),
                 phase or program.phase, large_print or program.large_print, program.with_notes, scratch)

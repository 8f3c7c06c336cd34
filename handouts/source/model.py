"""The content schema: what a source file may say, as frozen pydantic models.

Every model rejects unknown keys. Scalars are strict (the number 10, never the text "10";
`true`, never `yes`), so the YAML reader's typing is the only typing. Translated fields are
mappings from language code to text; which languages exist is passed in as validation context
(`{"languages": {...}}`), so adding a language needs no code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
)

from handouts.layout.kinds import LAYOUTS  # plain data, no reportlab

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Word = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN, max_length=40)]
Short = Annotated[StrictStr, StringConstraints(min_length=1, max_length=200)]
Para = Annotated[StrictStr, StringConstraints(min_length=1, max_length=2000)]
Long = Annotated[StrictStr, StringConstraints(min_length=1, max_length=20000)]
HEX_PATTERN = r"^#[0-9a-fA-F]{6}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
URL_PATTERN = r"^(https?://|mailto:|tel:)[^\s<>\"]+$"


def _real_date(text: str) -> str:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the calendar") from None
    return text


HexColor = Annotated[StrictStr, StringConstraints(pattern=HEX_PATTERN)]
IsoDate = Annotated[StrictStr, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_real_date)]
Url = Annotated[StrictStr, StringConstraints(pattern=URL_PATTERN, max_length=500)]
# what each pattern asks for, in words: a message never shows a regular expression
PATTERN_WORDS = {
    ID_PATTERN: ("lower-case letters, digits and single hyphens", "e.g. 'pelvic-lift'"),
    HEX_PATTERN: ("a colour of six hex digits", "quote it, like '#0b6e4f'"),
    DATE_PATTERN: ("a date written YYYY-MM-DD", "e.g. 2026-03-01"),
    URL_PATTERN: ("a web address starting with https:// (or mailto:, tel:), without spaces",
                  "e.g. https://example.org/page"),
}


def _known_languages(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    languages = (info.context or {}).get("languages")
    if languages:
        for lang in value:
            if lang not in languages:
                known = ", ".join(sorted(languages))
                raise ValueError(f"unknown language '{lang}'; known: {known}")
    if not value:
        raise ValueError("give the text in at least one language")
    return value


_T = TypeVar("_T")

Localized = Annotated[dict[StrictStr, _T], AfterValidator(_known_languages)]
"""`Localized[X]`: a mapping from language code to an X, in the known languages, not empty."""

LocalShort = Localized[Short]
LocalPara = Localized[Para]
LocalLong = Localized[Long]
LocalItems = Localized[Annotated[tuple[Para, ...], Field(min_length=1, max_length=50)]]


class Model(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import. A build
    # from the parsed-library cache validates little or nothing, and need not pay for the rest
    # (nor for reading attribute docstrings from the source: they document, nothing reads them).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# --- review status: for the clinic, never printed ---------------------------------------

class Reviewed(Model):
    """Who signed the clinical content off, as the clinic's own records say: never printed on a
    patient's page, read by `handouts check` only."""

    who: Short
    """The reviewer's name."""
    role: Short
    """Their role, e.g. "leg. fysioterapeut" or "overlæge, rygkirurgi"."""
    date: IsoDate
    """When they reviewed it (YYYY-MM-DD)."""


class SignOff(Reviewed):
    """A clinic's sign-off in its `clinic.yaml`: these items of the library (built-in or its own)
    were reviewed, by whom and when, and when to review them again."""

    items: Annotated[tuple[Annotated[StrictStr, StringConstraints(
        pattern=r"^(recipes|exercises|notes|phases)/[a-z0-9]+(-[a-z0-9]+)*$")], ...], Field(min_length=1)]
    """What was reviewed: `recipes/ID`, `exercises/ID`, `notes/ID`, or `phases/RECIPE` for a
    recipe's phase marks (the badge and which exercises carry the flag)."""
    review: IsoDate | None = None
    """When to review them again; `check` warns once it has passed."""


# --- dosage -----------------------------------------------------------------------------

Count = Annotated[StrictInt, Field(ge=1, le=1000)]
Seconds = Annotated[StrictInt, Field(ge=1, le=3600)]


def _ordered_range(value: Any) -> Any:
    if isinstance(value, tuple) and value[0] >= value[1]:
        raise ValueError("a range is [smaller, larger]")
    return value


CountRange = Annotated[Union[Count, tuple[Count, Count]], AfterValidator(_ordered_range)]
SecondsRange = Annotated[Union[Seconds, tuple[Seconds, Seconds]], AfterValidator(_ordered_range)]


Minutes = Annotated[StrictInt, Field(ge=1, le=600)]
MinutesRange = Annotated[Union[Minutes, tuple[Minutes, Minutes]], AfterValidator(_ordered_range)]
Weeks = Annotated[StrictInt, Field(ge=1, le=52)]
WeeksRange = Annotated[Union[Weeks, tuple[Weeks, Weeks]], AfterValidator(_ordered_range)]
Kilograms = Annotated[Union[StrictInt, StrictFloat], Field(gt=0, le=200)]
BAND_COLOURS = ("yellow", "red", "green", "blue", "black")
"""Elastic bands by colour, lightest to heaviest (the usual order; the catalogues name them)."""
BandColour = Literal["yellow", "red", "green", "blue", "black"]


class Amount(Model):
    """How much, in one stretch of weeks: what a dosage and each step of a progression share."""

    reps: CountRange | None = None
    """Repetitions: a number, or a range [low, high]."""
    sets: Count | None = None
    """How many sets (rounds) of the repetitions."""
    hold: SecondsRange | None = None
    """Seconds to hold the position: a number, or a range [low, high]."""
    minutes: MinutesRange | None = None
    """How long, for a walk, a ride or any exercise done for a time: minutes, or a range."""
    distance: Annotated[StrictInt, Field(ge=10, le=100_000)] | None = None
    """How far, in metres, for a walk or a ride (printed as km from 1000 m)."""
    days_per_week: Annotated[StrictInt, Field(ge=1, le=7)] | None = None
    """On how many days of the week."""
    load_kg: Kilograms | None = None
    """The weight to hold (a dumbbell, a bag), in kg: 0.5 for half a kilo."""
    band: BandColour | None = None
    """The elastic band to use, by colour: yellow, red, green, blue or black."""


class Step(Amount):
    """One step of a progression: from week to week, the amounts that change."""

    weeks: WeeksRange
    """The weeks it is for: a week, or a range [first, last] (1 is the first week)."""


class Dosage(Amount):
    build_up_to: Count | None = None
    """Start with `reps` and build up gradually towards this many repetitions."""
    rest: SecondsRange | None = None
    """Seconds of rest between repetitions: a number, or a range."""
    per_side: StrictBool = False
    """Repetitions and hold count for each side (leg, arm or direction)."""
    times_per_day: Annotated[StrictInt, Field(ge=1, le=24)] | None = None
    """How many times a day to do the exercise."""
    progression: Annotated[tuple[Step, ...], Field(max_length=8)] = ()
    """How the amounts grow, week by week: `[{weeks: [1, 2], reps: 8}, {weeks: [3, 4], reps: 12}]`."""


DOSAGE_KEYS = tuple(key for key in Dosage.model_fields if key != "progression")
"""The dosage keys `--set` changes (a progression is a list: it is written in a file)."""


# --- exercise ---------------------------------------------------------------------------

Position = Literal["standing", "sitting", "lying", "prone", "side-lying", "kneeling"]


class ExerciseText(Model):
    name: Short
    """The exercise's name as printed in its card heading."""
    purpose: Para | None = None
    """One sentence on what the exercise is for."""
    steps: Annotated[tuple[Para, ...], Field(min_length=1, max_length=20)]
    """The instructions, one action each, in order."""
    cautions: Annotated[tuple[Para, ...], Field(max_length=10)] = ()
    """Warnings, printed in a caution box."""


class Illustration(Model):
    """A clinic's own photo or drawing of an exercise, instead of the drawn figure."""

    file: StrictStr
    """PNG or JPEG, relative to the folder that holds exercises/ (the library or project)."""
    credit: Short | None = None
    """Who made it, printed with the leaflet's picture credits."""
    licence: Short | None = None
    """Its licence, e.g. CC BY 4.0 or "own photo"; `check --strict` fails without one."""
    alt: LocalShort | None = None
    """The picture described in words, per language."""


class Exercise(Model):
    id: Id
    """Identifier; equals the file name without `.yaml`."""
    tags: tuple[Word, ...] = ()
    """Free words used to find the exercise (strength, balance, posture, ...)."""
    position: Position
    """The starting position."""
    equipment: tuple[Word, ...] = ()
    """What the patient needs (chair, wall, elastic-band, dumbbells, ...)."""
    phases: tuple[Word, ...] = ()
    """Phases in which the exercise is safe, e.g. acute-vertebral-fracture."""
    illustration: Illustration | None = None
    """A photo or drawing of the clinic's own; without one, the drawn figure is used."""
    video: Url | None = None
    """A video of the exercise; printed as a small QR code with its address."""
    dosage: Dosage = Field(default_factory=Dosage)
    """How much: repetitions, sets, hold and rest times."""
    text: Localized[ExerciseText]
    """Name, purpose, steps and cautions per language."""
    reviewed: Reviewed | None = None
    """Who signed the exercise (and its phase flags) off; never printed."""
    review: IsoDate | None = None
    """When to review it again (YYYY-MM-DD)."""


# --- note -------------------------------------------------------------------------------

class NoteText(Model):
    title: Short
    """Printed as the note's heading."""
    body: Long | None = None
    """Paragraphs, separated by a blank line."""
    items: Annotated[tuple[Para, ...], Field(max_length=50)] = ()
    """A bullet list printed after the body."""


class Note(Model):
    id: Id
    """Identifier; equals the file name without `.yaml`."""
    kind: Literal["rules", "safety", "tip", "advice"]
    """How the note is styled: rules and safety notes stand out."""
    text: Localized[NoteText]
    """Title, body and items per language."""
    reviewed: Reviewed | None = None
    """Who signed the note off; never printed."""
    review: IsoDate | None = None
    """When to review it again (YYYY-MM-DD)."""


# --- clinic -----------------------------------------------------------------------------

class Address(Model):
    street: Short
    postcode: Short
    town: Short
    country: Short | None = None


class Colors(Model):
    brand: HexColor = "#1d5c73"
    """The clinic's main colour: header band, headings."""
    accent: HexColor = "#e3eef2"
    """A light tint for boxes and illustration slots."""


class Clinic(Model):
    id: Id
    """Identifier; equals the file name without `.yaml`."""
    name: Short | LocalShort
    """The clinic's name, the same in all languages or per language."""
    department: Short | LocalShort | None = None
    """Department or unit, printed under the name."""
    address: Address | None = None
    phone: Short | None = None
    email: Short | None = None
    web: Short | None = None
    hours: LocalShort | None = None
    """Opening or telephone hours, per language."""
    colors: Colors = Field(default_factory=Colors)
    logo: StrictStr | None = None
    """PNG, JPEG or SVG file, relative to the folder of the clinic file."""
    qr: StrictBool = True
    """Print a QR code to the clinic's web page in the contact block."""
    site_root: Annotated[StrictStr, StringConstraints(max_length=200)] | None = None
    """The project folder a blog post's picture paths written from the site's root
    (`![...](/images/x.png)`) start from; default: the project folder itself."""
    signoff: Annotated[tuple[SignOff, ...], Field(max_length=200)] = ()
    """The clinic's review of library items before it hands them out (see SignOff)."""


# --- recipe -----------------------------------------------------------------------------

def _id_or_mapping(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class ExerciseRef(Dosage):
    """An exercise in a recipe, optionally with dosage changes for this leaflet."""

    id: Id
    per_side: StrictBool | None = None  # type: ignore[assignment]  # None: keep the exercise's
    badge: LocalShort | None = None
    """A mark on this exercise's card in this leaflet, above its purpose: when the program says
    when to start it ("Efter 6 veckor"). Overrides the recipe's phase badge."""

    def dosage_changes(self) -> dict:
        """The dosage this entry changes for its leaflet (its id and badge aside)."""
        return self.model_dump(exclude={"id", "badge"}, exclude_none=True, exclude_unset=True)


class ProseSection(Model):
    kind: Literal["prose"]
    heading: LocalShort | None = None
    text: LocalLong
    """Paragraphs, separated by a blank line."""


class ListSection(Model):
    kind: Literal["list"]
    heading: LocalShort | None = None
    items: LocalItems


class NoteSection(Model):
    kind: Literal["note"]
    note: Id
    """The id of a note in the library."""


MAX_EXERCISES = 60  # in one leaflet: a program a patient can follow, and pages to match
ExerciseRefs = Annotated[
    tuple[Annotated[ExerciseRef, BeforeValidator(_id_or_mapping)], ...],
    Field(min_length=1, max_length=MAX_EXERCISES),
]


class ExercisesSection(Model):
    kind: Literal["exercises"]
    heading: LocalShort | None = None
    exercises: ExerciseRefs
    """Exercise ids in print order; `{id: ..., reps: 12}` changes the dosage."""


class ContactSection(Model):
    kind: Literal["contact"]
    heading: LocalShort | None = None


class PartSection(Model):
    """Starts a new part: a new page in a booklet, and an entry in the table of contents."""

    kind: Literal["part"]
    title: LocalShort
    lead: LocalPara | None = None  # a sentence or two under the part's title, before its first box


class ContentsSection(Model):
    """A table of contents listing the parts with their pages."""

    kind: Literal["contents"]
    heading: LocalShort | None = None


class NotesPageSection(Model):
    """A page of ruled lines for the patient's own notes."""

    kind: Literal["notes-page"]
    heading: LocalShort | None = None
    note: Id | None = None
    """A note printed above the lines."""


class LogSection(Model):
    """A training log: a tick-box table of every exercise the leaflet prints, a column per day of
    the week or per week, for the patient to tick what they did. Never split over a page."""

    kind: Literal["log"]
    heading: LocalShort | None = None
    """Default: the language's "Träningsdagbok"."""
    by: Literal["day", "week"] = "day"
    """A column per day of one week (Mon–Sun), or per week."""
    weeks: Annotated[StrictInt, Field(ge=1, le=12)] = 6
    """With `by: week`: how many weeks (columns)."""


# --- article blocks: usable as recipe sections (translated) and as Markdown fences (not) ------



class FaqItem(Model):
    q: Para
    """The question."""
    a: Long
    """The answer."""


class Case(Model):
    name: Short
    age: Annotated[StrictInt, Field(ge=0, le=130)] | None = None
    details: Short | None = None
    """Short facts printed beside the name, e.g. a T-score."""
    situation: Long
    advice: Long


class ThemedColumn(Model):
    heading: Short
    items: Annotated[tuple[Para, ...], Field(min_length=1, max_length=30)]


class Reference(Model):
    text: Para
    """The citation: authors, title, where and when."""
    url: Url | None = None
    """Printed as a readable address."""


class KeyPoints(Model):
    title: Short | None = None
    items: Annotated[tuple[Para, ...], Field(min_length=1, max_length=20)]


class ThemedBox(Model):
    title: Short
    columns: Annotated[tuple[ThemedColumn, ...], Field(min_length=1, max_length=4)]


class Summary(Model):
    title: Short | None = None
    items: Annotated[tuple[Para, ...], Field(min_length=1, max_length=20)]


class Disclaimer(Model):
    text: Long


class RedFlags(Model):
    """Warning signs: when to stop and seek care at once, printed early in a box that stands out."""

    title: Short | None = None
    """The box's heading; default: the language's "Sök vård direkt om …"."""
    items: Annotated[tuple[Para, ...], Field(min_length=1, max_length=12)]
    """One sign each, in the patient's words."""
    action: Para | None = None
    """Whom to call, and how fast: printed under the signs."""


FaqItems = Annotated[tuple[FaqItem, ...], Field(min_length=1, max_length=40)]
Cases = Annotated[tuple[Case, ...], Field(min_length=1, max_length=10)]
References = Annotated[tuple[Reference, ...], Field(min_length=1, max_length=100)]


class FaqSection(Model):
    kind: Literal["faq"]
    heading: LocalShort | None = None
    items: Localized[FaqItems]


class KeyPointsSection(Model):
    kind: Literal["key-points"]
    box: Localized[KeyPoints]
    """Per language: an optional title and the points."""


class CasesSection(Model):
    kind: Literal["cases"]
    heading: LocalShort | None = None
    items: Localized[Cases]


class ThemedBoxSection(Model):
    kind: Literal["themed-box"]
    box: Localized[ThemedBox]


class SummarySection(Model):
    kind: Literal["summary"]
    box: Localized[Summary]


class ReferencesSection(Model):
    kind: Literal["references"]
    heading: LocalShort | None = None
    items: Localized[References]


class DisclaimerSection(Model):
    kind: Literal["disclaimer"]
    text: LocalLong


class RedFlagsSection(Model):
    """Warning signs (see RedFlags): put it on the first page, or right after the introduction."""

    kind: Literal["red-flags"]
    box: Localized[RedFlags]
    """Per language: an optional title, the signs and whom to call."""


Section = Annotated[
    Union[ProseSection, ListSection, NoteSection, ExercisesSection, ContactSection, PartSection,
          ContentsSection, NotesPageSection, FaqSection, KeyPointsSection, CasesSection,
          ThemedBoxSection, SummarySection, ReferencesSection, DisclaimerSection, RedFlagsSection,
          LogSection],
    Field(discriminator="kind"),
]

if TYPE_CHECKING:
    # a Literal built from data at import is beyond a static checker: to it, a layout is a name
    Layout = str
else:
    Layout = Literal[LAYOUTS]  # the layouts that declare what they print (layout/kinds.py)


class PhaseMark(Model):
    """How a leaflet marks the exercises that are safe in an early phase, e.g. after a fracture."""

    id: Word
    """Short name for the command line: `--phase acute` keeps only the marked exercises."""
    flag: Word
    """Exercises with this word in their `phases` get the badge."""
    badge: LocalShort
    """The short label printed on marked exercises."""
    legend: LocalPara
    """Printed once, beside the badge, to explain it."""
    only: StrictBool = False
    """Print only the marked exercises, as `--phase` does (for a dedicated early-phase leaflet)."""
    reviewed: Reviewed | None = None
    """Who signed the marks off (the badge, and which exercises carry the flag); never printed."""
    review: IsoDate | None = None
    """When to review the marks again (YYYY-MM-DD)."""


class Recipe(Model):
    id: Id
    """Identifier; equals the file name without `.yaml`."""
    version: Annotated[StrictInt, Field(ge=1)]
    """Raise it whenever the content changes in substance."""
    layout: Layout
    """Which page design prints the leaflet."""
    title: LocalShort
    subtitle: LocalShort | None = None
    phase: PhaseMark | None = None
    """Marks exercises that are allowed in an early phase (see PhaseMark)."""
    credits: LocalLong | None = None
    """Who made the leaflet; printed small at the end."""
    written: IsoDate | None = None
    """When the content was written or last revised (YYYY-MM-DD); printed in the footer."""
    reviewed: Reviewed | None = None
    """Who signed the leaflet off; never printed (review status is for the clinic)."""
    review: IsoDate | None = None
    """When the content must be reviewed again (YYYY-MM-DD); `check` warns once it has passed.
    Never printed."""
    sections: Annotated[tuple[Section, ...], Field(min_length=1, max_length=200)]
    """What the leaflet contains, in print order."""


# --- Markdown articles --------------------------------------------------------------------

ArticleDate = Annotated[StrictStr, StringConstraints(pattern=r"^(\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2})$")]


class ArticleMeta(BaseModel):
    """Front matter of a Markdown article. Keys it does not know are ignored, with a warning."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True, defer_build=True)

    title: Short
    author: Short | None = None
    datePublished: ArticleDate | None = None
    """DD-MM-YYYY, as clinic blogs write it, or YYYY-MM-DD."""
    lastUpdated: ArticleDate | None = None
    previewImage: StrictStr | None = None
    """A picture printed under the title; a path relative to the article."""
    previewImageAlt: Short | None = None
    contents: StrictBool = False
    """Print a contents list of the article's ## headings."""
    lang: StrictStr | None = None
    """The article's language; also given by the file name (post.da.md)."""


FENCE_MODELS: dict[str, Any] = {
    "faq": FaqItems,
    "key-points": KeyPoints,
    "cases": Cases,
    "themed-box": ThemedBox,
    "summary": Summary,
    "references": References,
    "disclaimer": Disclaimer,
    "red-flags": RedFlags,
}


# --- glossary: a language's preferred terms, read by `handouts check` ------------------------

TermText = Annotated[StrictStr, StringConstraints(min_length=2, max_length=80, pattern=r"^[^\s*][^*]*\*?$")]


class Term(Model):
    """Words a leaflet in this language should not use, and what to write instead."""

    avoid: Annotated[tuple[TermText, ...], Field(min_length=1, max_length=40)]
    """Words or phrases, matched as whole words, in any case; a trailing `*` matches any ending
    ("slaggprodukt*" finds "slaggprodukterna")."""
    use: Short | None = None
    """The preferred term (none: rephrase)."""
    why: Short
    """Why, in a few words: printed with the finding."""


class Glossary(Model):
    """`assets/i18n/terms-<lang>.yaml`: the preferred terms of one language."""

    lang: StrictStr
    """The language it is for; equals the file name's `terms-<lang>`."""
    letters: Annotated[StrictStr, StringConstraints(max_length=20)] = ""
    """Letters of a neighbouring language that never belong in this one's words (Danish æ ø in
    a Swedish text), named with the word they are in."""
    terms: Annotated[tuple[Term, ...], Field(max_length=500)] = ()


Item = Union[Exercise, Note, Recipe, Clinic]
"""An item of the library: what KINDS maps its kind to."""

KINDS: dict[str, type[Item]] = {
    "exercises": Exercise,
    "notes": Note,
    "recipes": Recipe,
    "clinics": Clinic,
}

"""The resolved leaflet: plain, language-specific data, the hand-over from resolve to layout.

Nothing here knows about YAML or reportlab. Text fields may contain the inline emphasis subset
(`**bold**`, `*italic*`, `[text](https://...)`; a backslash makes `*`, `[`, `]` literal); every
other character is literal and is escaped by the layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Union


def literal(text: str) -> str:
    """`text` in the inline markup of leaflet text, printing as it is: `*`, `[`, `]` and `\\`
    escaped with a backslash (a Markdown text token, whose markup markdown-it has read)."""
    import re

    return re.sub(r"([\\*\[\]])", r"\\\1", text)


@dataclass(frozen=True)
class Origin:
    """Where a block's text was written, for diagnostics only: never printed, and no part of what
    a block is (blocks that differ only in origin are equal, and share a template)."""

    file: str | None  # as shown to the user: "recipes/knee.yaml"; None for text given on the command line
    line: int | None = None  # 1-based
    field: str | None = None  # personal text: the option it came with ("--note"), named instead of quoted

    def place(self) -> str:
        """"recipes/knee.yaml:12", or the option, for a message."""
        if self.field:
            return self.field
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)


@dataclass(frozen=True)
class Brand:
    primary: str  # "#rrggbb"
    tint: str


@dataclass(frozen=True)
class ContactLine:
    label: str | None  # "Telefon"; None for name and address lines
    value: str


@dataclass(frozen=True)
class ClinicInfo:
    name: str
    department: str | None
    contact: tuple[ContactLine, ...]  # address, phone, e-mail, web, hours, in print order
    logo: object | None = None  # images.Logo
    qr_url: str | None = None  # the clinic's web page, printed as a QR code
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Prose:
    heading: str | None
    paragraphs: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Bullets:
    heading: str | None
    items: tuple[str, ...]
    numbered: bool = False
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NoteBlock:
    kind: str  # rules | safety | tip | advice
    title: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ExerciseCard:
    id: str
    label: str  # "Øvelse 3"
    name: str
    purpose: str | None
    steps: tuple[str, ...]
    dosage: tuple[str, ...]  # whole sentences
    cautions: tuple[str, ...]
    caution_label: str  # "OBS!"
    illustration: Path | None
    badge: str | None = None  # phase mark, e.g. "Tidig fas"
    video_url: str | None = None  # printed as a small QR code
    video_label: str = "Video"
    figure: object | None = None  # figures.FigureSpec: the drawn picture
    photo: object | None = None  # images.Picture: the clinic's own picture, used instead
    alt: str | None = None  # the picture described in words, in the leaflet's language
    origin: Origin | None = field(default=None, compare=False)
    no_picture: str = ""  # printed in the frame of an exercise without a picture ("Bild saknas")
    continued: str = ""  # after its name atop the page a card goes on on: "(fortsättning)"
    goes_on: str = ""  # at the foot of the page a card starts on: "Övningen fortsätter på nästa sida"


@dataclass(frozen=True)
class PictureKey:
    """What the symbols in the drawn pictures mean, in the leaflet's language."""

    hold: str | None  # the clock: hold the position
    move: str | None  # the arrow: the movement
    start: str | None  # the outline: where the movement starts
    above: str | None = None  # the framed footprints: the feet seen from above (only where a picture has them)
    # the first key has the first three; a second one, with the first pictures of the feet
    # from above further on, has only `above`


@dataclass(frozen=True)
class ExerciseList:
    heading: str | None
    cards: tuple[ExerciseCard, ...]
    origin: Origin | None = field(default=None, compare=False)
    picture_key: PictureKey | None = None  # the leaflet's first drawn pictures: printed with the heading


@dataclass(frozen=True)
class ProgramCode:
    """The leaflet's program code (resolve/program.py), printed in the contact block for the desk
    to reopen the program: the program only, never the patient's text."""

    code: str  # "HP1-PD4Z-..."
    label: str  # "Programkod"
    hint: str  # one line on what it is for


@dataclass(frozen=True)
class ContactBlock:
    heading: str
    clinic: ClinicInfo
    origin: Origin | None = field(default=None, compare=False)
    program: ProgramCode | None = None  # printed beside the clinic's QR code


@dataclass(frozen=True)
class PhaseLegend:
    badge: str
    text: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Part:
    key: str  # anchor for the table of contents: "part-2"
    title: str
    lead: str | None = None
    origin: Origin | None = field(default=None, compare=False)
    picture_key: PictureKey | None = None  # over the leaflet's first drawn pictures


@dataclass(frozen=True)
class ContentsEntry:
    key: str
    title: str


@dataclass(frozen=True)
class Contents:
    heading: str
    entries: tuple[ContentsEntry, ...]
    page_label: str  # "Sid {pages}": the layout fills in "4" or "4–5"
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NotesPage:
    key: str
    heading: str
    note: NoteBlock | None = None
    origin: Origin | None = field(default=None, compare=False)


PRINTED = "printed"  # the slot of the printed date; the patient box's slots are "patient.0", ...


@dataclass(frozen=True)
class PatientBox:
    lines: tuple[tuple[str, str], ...]  # (slot, text): ("patient.0", "Program för Åsa Öberg"), ...
    options: tuple[str, ...] = field(default=(), compare=False)  # per line, its option: "--patient"
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3
    text: str
    key: str | None = None  # contents anchor for level-2 headings
    origin: Origin | None = field(default=None, compare=False)
    picture_key: PictureKey | None = None  # over the leaflet's first drawn pictures


@dataclass(frozen=True)
class Lead:
    text: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Figure:
    alt: str
    image: bytes | None  # sanitised PNG; None: print a placeholder with the alt text
    width: int = 0  # pixels
    height: int = 0
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Faq:
    heading: str | None
    items: tuple[tuple[str, tuple[str, ...]], ...]  # (question, answer paragraphs)
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KeyPointsBox:
    title: str  # the box's own, else the language's default ("Det viktigaste")
    items: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CaseCard:
    name: str  # "Inge, 74 år"
    details: str | None
    situation: str
    advice: str
    situation_label: str
    advice_label: str


@dataclass(frozen=True)
class Cases:
    heading: str | None
    items: tuple[CaseCard, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ThemedBox:
    title: str
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items)
    origin: Origin | None = field(default=None, compare=False)
    continued: str = ""  # after a theme's name atop the page it goes on on: "(fortsättning)"


@dataclass(frozen=True)
class SummaryBox:
    title: str | None
    items: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class References:
    heading: str | None
    items: tuple[tuple[str, str | None], ...]  # (citation, url)
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Disclaimer:
    paragraphs: tuple[str, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RedFlagsBox:
    """Warning signs, in a box of its own look that is never split across pages."""

    title: str  # the box's own, else the language's default ("Sök vård direkt om …")
    items: tuple[str, ...]
    action: str | None  # whom to call
    call: str | None = None  # the clinic's phone and hours, so the number is where the warning is
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TrainingLog:
    """A tick-box table: a row per exercise of the leaflet, a column per day or week."""

    heading: str
    intro: str  # how to fill it in
    corner: str  # the first column's heading: "Övning"
    columns: tuple[str, ...]  # "Mån", "Tis", ... or "Vecka 1", ...
    rows: tuple[tuple[str, str], ...] = ()  # (number, name): ("3", "Knäböj"); filled in after every section
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Fill:
    """What an imposed booklet prints on the pages its fold would otherwise leave blank, before
    the back cover: a training log of the program first, when it fits, then lined notes pages.
    Set only for the imposed edition (`build --imposition booklet`); the layout counts the blanks."""

    notes: str  # the heading of each lined notes page: the booklet's own notes page's ("Anteckningar")
    log: TrainingLog | None = None  # None: the program has no exercises, or prints a log already


Block = Union[Prose, Bullets, NoteBlock, ExerciseList, ContactBlock, PhaseLegend, Part, Contents, NotesPage,
              PatientBox, Heading, Lead, Quote, Figure, Faq, KeyPointsBox, Cases, ThemedBox, SummaryBox, References,
              Disclaimer, RedFlagsBox, TrainingLog]


@dataclass(frozen=True)
class Leaflet:
    lang: str  # "da"
    locale: str  # "da-DK", for the PDF's /Lang
    hyphenation: str  # pyphen dictionary name
    layout: str
    title: str
    subtitle: str | None
    date: dt.date
    page_label: str  # "Side {page} af {total}", formatted by the layout
    clinic: ClinicInfo
    brand: Brand
    blocks: tuple[Block, ...]
    subject: str
    keywords: tuple[str, ...]
    page_short: str = "{page}"  # "Sida {page}", for layouts without a total
    credits: tuple[str, ...] = ()  # paragraphs
    byline: str | None = None  # articles: "Skrevet af Öresundskliniken den 10. juli 2025"
    warnings: tuple = ()  # Diagnostics found while resolving that don't stop the build
    control: str = ""  # document control line, small: "Skriven 1 juni 2026 · #7029f872"
    version: str = ""  # "Version 1", beside the date in the footer; "" for articles
    # 1.0, or theme.LARGE_PRINT for the large-print edition: an A4 sheet scales every text style
    # by it, and its picture slots and paddings to match; an A5 booklet is enlarged onto A4
    scale: float = 1.0
    picture_credits: tuple[str, ...] = ()  # "Foto: Anna Berg (CC BY 4.0)", printed small at the end
    personal_text: tuple[tuple[str, str], ...] = ()  # (slot, text), as resolve/request.py words them
    fill: Fill | None = None  # the imposed booklet's blank pages, filled (booklet layout only)
    origin: Origin | None = field(default=None, compare=False)  # the recipe or article file

    def personal(self) -> dict[str, str]:
        """The text that differs between patients of one recipe, by slot (layout/personal.py):
        the printed date and the lines of the patient box."""
        return dict(self.personal_text)

    def impersonal(self) -> "Leaflet":
        """This leaflet with its personal text and its origins taken out: equal for every patient of
        a recipe, wherever its sources are and whichever folder it is built from (templates are
        keyed by it, field by field)."""
        blocks = tuple(PatientBox(tuple((slot, "") for slot, _ in b.lines)) if isinstance(b, PatientBox) else b
                       for b in self.blocks)
        personal = tuple((slot, "") for slot, _ in self.personal_text)
        return _unplaced(replace(self, date=dt.date.min, personal_text=personal, blocks=blocks, warnings=()))


def _unplaced(value):
    """`value` with every `origin` in it set to None: leaflet dataclasses, and tuples of them."""
    if isinstance(value, tuple):
        return tuple(_unplaced(v) for v in value)
    if not is_dataclass(value) or type(value).__module__ != __name__:
        return value  # text, numbers, and the figures and pictures blocks carry
    changes = {f.name: None if f.name == "origin" else _unplaced(getattr(value, f.name))
               for f in fields(value) if isinstance(getattr(value, f.name), (tuple, Origin))
               or f.name == "origin" or is_dataclass(getattr(value, f.name))}
    return replace(value, **changes) if changes else value

"""Fonts, colours and paragraph styles shared by every layout.

Sizes follow print guidance for older readers: body text 12 pt on 17 pt leading, headings
clearly larger, nothing the patient must read below 12 pt (footers and credits may be smaller).
The large-print edition of an A4 sheet multiplies every size, leading and space by `Theme.scale`
(16/12); an A5 booklet's is the booklet itself enlarged onto A4 (layout/booklet.py).

Words are split at line ends as little as Clear Print guidance asks: only long words (where
carrying the whole word over would leave a very loose line), never with fewer than three
letters on either side, and never in headings, dosage lines, caution boxes, names, addresses
or personal text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, MutableMapping

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handouts.layout.rlsettings import pin_reportlab
from handouts.world.assets import font_dir
from handouts.world.store import Store

FAMILY = "NotoSans"
BOLD = "NotoSans-Bold"
ITALIC = "NotoSans-Italic"
BOLD_ITALIC = "NotoSans-BoldItalic"

INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
CAUTION_INK = HexColor("#8a3b00")
CAUTION_BAR = HexColor("#c8641e")
CAUTION_TINT = HexColor("#fbeee3")
WHITE = HexColor("#ffffff")


@cache
def register_fonts() -> None:
    """Register the bundled family with reportlab (once per process; reportlab's registry is global)."""
    folder = font_dir()
    for name, file in ((FAMILY, "NotoSans-Regular.ttf"), (BOLD, "NotoSans-Bold.ttf"),
                       (ITALIC, "NotoSans-Italic.ttf"), (BOLD_ITALIC, "NotoSans-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


def prepare(hyphenation: str = "", store: Store | None = None) -> None:
    """The one setup of reportlab for setting text in these styles: its settings pinned, the
    fonts registered, the language's hyphenation patterns loaded (from `store` when given).

    The pipeline calls it with the world's store before laying out; layouts call it without,
    and then find everything already done."""
    pin_reportlab()
    register_fonts()
    if hyphenation:
        load_hyphenation(hyphenation, store)


def load_hyphenation(lang: str, store: Store | None = None) -> None:
    """Hand pyphen its parsed dictionary for `lang`, once per process; from the store when it
    has one (parsing the patterns is the slowest step of a cold build after the imports)."""
    import hashlib

    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    if path in pyphen.hdcache:
        return
    if store is None:
        pyphen.hdcache[path] = pyphen.HyphDict(path)
        return
    key = store.key("hyphenation", hashlib.sha256(path.read_bytes()).hexdigest())
    kept = store.get_json("hyphenation", key)
    try:
        patterns = {k: (start, tuple(values)) for k, (start, values) in kept["patterns"].items()}
        hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyph.patterns, hyph.cache, hyph.maxlen = patterns, {}, kept["maxlen"]
    except (TypeError, KeyError, ValueError, AttributeError):
        hyph = pyphen.HyphDict(path)
        values = [v for _, vs in hyph.patterns.values() for v in vs]
        if all(type(v) is int for v in values):  # alternative spellings are objects: not kept
            store.put_json("hyphenation", key, {"patterns": {k: [s, list(vs)] for k, (s, vs) in hyph.patterns.items()},
                                                "maxlen": hyph.maxlen})
    pyphen.hdcache[path] = hyph


def luminance(color: Color) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: Color) -> Color:
    """White or near-black, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


# Words shorter than this are never split: carrying a short word to the next line costs a
# ragged right edge, which is easy to read; a split word is not. A long compound carried over
# whole would leave a line very loose, so only those may be split.
HYPHENATE_MIN_LETTERS = 12
HYPHENATE_EDGE = 3  # letters kept on each side of a break ("se-dan", "el-ler" never happen)
# reportlab tries a word's splits from the longest head down and takes the first that fits the
# space left on the line; so asking for a head of at least this many letters splits a word only
# when the line would otherwise lose that much width: when it would be loose, not just ragged.
HYPHENATE_HEAD = 8

LARGE_PRINT = 16 / 12  # the scale of the large-print edition: body text 16 pt


@dataclass(frozen=True)
class Hyphenator:
    """reportlab's `hyphenationLang` as a callable: a word -> its (head, tail) splits, longest
    head first. reportlab asks pyphen with its default minimums (two letters each side) and
    splits any word of five letters; this asks it for three, and only for long words."""

    lang: str
    min_letters: int = HYPHENATE_MIN_LETTERS
    head: int = HYPHENATE_HEAD
    tail: int = HYPHENATE_EDGE

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if len(word) < self.min_letters:
            return []
        return list(_pyphen(self.lang, self.head, self.tail).iterate(word))


@cache
def _pyphen(lang: str, left: int, right: int):
    import pyphen

    return pyphen.Pyphen(lang=lang, left=left, right=right)


# Styles for what a patient reads (as opposed to page furniture, captions and QR labels).
BODY_STYLES = ("body", "step", "purpose", "dosage", "caution", "contact", "lead", "quote", "question",
               "reference", "disclaimer", "patient", "toc", "toc_pages")
MIN_BODY_SIZE = 12


@dataclass(frozen=True)
class Theme:
    primary: Color  # the clinic's brand colour
    tint: Color  # its light accent
    heading: Color  # brand colour, or ink when the brand is too light to read on paper
    styles: dict[str, ParagraphStyle]
    # drawings and encoded images made once and shared by every leaflet laid out with the same
    # `kept` (the world's): placing a pose and encoding a photo are the costly parts
    kept: MutableMapping[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # 1.0 for the normal edition, LARGE_PRINT for large print: every style is already scaled by
    # it; layouts multiply picture slots, paddings and rules by it to match
    scale: float = 1.0
    # the page's running head ends in a rule: a card's own rule is left out at a page's top,
    # where it printed a second line 3 mm under the head's
    ruled_head: bool = False

    @property
    def link(self) -> str:
        return "#%02x%02x%02x" % tuple(round(c * 255) for c in (self.heading.red, self.heading.green, self.heading.blue))


def make_theme(primary_hex: str, tint_hex: str, hyphenation: str,
               kept: MutableMapping[Any, Any] | None = None, scale: float = 1.0) -> Theme:
    """The styles for one leaflet; `scale` multiplies every size, leading and space (large
    print: `LARGE_PRINT`)."""
    prepare(hyphenation)
    primary, tint = HexColor(primary_hex), HexColor(tint_hex)
    heading = primary if contrast(primary, WHITE) >= 4.5 else INK
    hyphenator = Hyphenator(hyphenation) if hyphenation else ""

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=FAMILY, fontSize=12, leading=17, textColor=INK, alignment=TA_LEFT,
                    hyphenationLang=hyphenator, hyphenationMinWordLength=HYPHENATE_MIN_LETTERS,
                    embeddedHyphenation=0, uriWasteReduce=0.3, splitLongWords=1,
                    allowWidows=0, allowOrphans=0)  # no paragraph leaves one line alone on a page
        base.update(kw)
        if not base["hyphenationLang"]:
            base["hyphenationLang"] = ""
        for key in ("fontSize", "leading", "spaceBefore", "spaceAfter"):
            if key in base:
                base[key] = round(base[key] * scale, 2)
        return ParagraphStyle(name, **base)

    styles = {
        "body": style("body", spaceAfter=8),
        "title": style("title", fontName=BOLD, fontSize=25, leading=30, textColor=heading,
                       hyphenationLang="", spaceAfter=6),
        "subtitle": style("subtitle", fontSize=15, leading=20, textColor=MUTED, spaceAfter=2, hyphenationLang=""),
        "printed": style("printed", fontSize=10, leading=13, textColor=MUTED, spaceAfter=14, hyphenationLang=""),
        "h2": style("h2", fontName=BOLD, fontSize=17, leading=22, textColor=heading,
                    spaceBefore=14, spaceAfter=8, keepWithNext=1, hyphenationLang=""),
        "h1": style("h1", fontName=BOLD, fontSize=20, leading=25, textColor=heading,
                    spaceAfter=10, keepWithNext=1, hyphenationLang=""),
        # a heading set again atop the page its section goes on on (the contents): not a heading
        # of its own in the document's structure
        "h1_again": style("h1_again", fontName=BOLD, fontSize=20, leading=25, textColor=heading,
                          spaceAfter=10, hyphenationLang=""),
        "h3": style("h3", fontName=BOLD, fontSize=14, leading=18, textColor=heading,
                    spaceBefore=6, spaceAfter=3, keepWithNext=1, hyphenationLang=""),
        "toc": style("toc", fontSize=13, leading=18, hyphenationLang=""),
        "toc_pages": style("toc_pages", fontName=BOLD, fontSize=13, leading=18, alignment=2),
        "cover_title": style("cover_title", fontName=BOLD, fontSize=26, leading=31,
                             textColor=text_on(primary), hyphenationLang=""),
        "cover_subtitle": style("cover_subtitle", fontSize=15, leading=20, textColor=text_on(primary),
                                spaceBefore=8, hyphenationLang=""),
        "credits": style("credits", fontSize=9, leading=12, textColor=MUTED, spaceAfter=4, hyphenationLang=""),
        "lead": style("lead", fontSize=14, leading=20, spaceAfter=10),
        "byline": style("byline", fontSize=11, leading=15, textColor=MUTED, spaceAfter=2, hyphenationLang=""),
        "quote": style("quote", fontName=ITALIC, fontSize=13, leading=18),
        "question": style("question", fontName=BOLD, spaceBefore=6, spaceAfter=2, hyphenationLang=""),
        "caption": style("caption", fontName=ITALIC, fontSize=11, leading=15, textColor=MUTED, spaceBefore=3),
        "reference": style("reference", spaceAfter=4, hyphenationLang=""),
        "patient": style("patient", fontName=BOLD, fontSize=13, leading=18, hyphenationLang=""),
        "qr": style("qr", fontSize=9, leading=11.5, textColor=MUTED, hyphenationLang=""),
        "disclaimer": style("disclaimer"),  # the body's ink: grey on a grey tint reads poorly
        "note_title": style("note_title", fontName=BOLD, fontSize=14, leading=18, spaceAfter=4,
                            hyphenationLang=""),
        "card_title": style("card_title", fontName=BOLD, fontSize=14, leading=18, textColor=heading,
                            spaceAfter=3, hyphenationLang=""),
        # "Övning 5 (fortsättning)" atop the page a large-print card goes on on
        "continued": style("continued", fontName=BOLD, fontSize=14, leading=18, textColor=heading, spaceAfter=4,
                           hyphenationLang=""),
        # "Övningen fortsätter på nästa sida" at the foot of the page it starts on
        "goes_on": style("goes_on", fontName=BOLD, fontSize=10.5, leading=12, textColor=heading,
                         alignment=2, hyphenationLang=""),
        # the purpose in the brand's colour, upright: italics are harder to read for older eyes
        "purpose": style("purpose", textColor=heading, spaceAfter=5),
        "step": style("step", spaceAfter=2),
        "dosage": style("dosage", fontName=BOLD, hyphenationLang=""),
        "caution": style("caution", textColor=CAUTION_INK, spaceAfter=3, hyphenationLang=""),
        "contact": style("contact", spaceAfter=0, hyphenationLang=""),
        "contact_name": style("contact_name", fontName=BOLD, fontSize=14, leading=19, hyphenationLang=""),
        "header_name": style("header_name", fontName=BOLD, fontSize=15, leading=19,
                             textColor=text_on(primary), hyphenationLang=""),
        "header_dept": style("header_dept", fontSize=11, leading=14, textColor=text_on(primary),
                             hyphenationLang=""),
    }
    return Theme(primary, tint, heading, styles, {} if kept is None else kept, scale)

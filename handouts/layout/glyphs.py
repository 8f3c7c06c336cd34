"""Text the layout can't print: characters the bundled font lacks, and text too long to set.

reportlab prints a character the font lacks as an empty box, silently. Before laying out, every
text in the leaflet is checked against the font, and each missing character is reported with
where it was found, so `Ł` or `ễ` print and an emoji is refused, not boxed. The same pass
refuses what reportlab would take minutes over: a word longer than a line, a paragraph longer
than a prose field may be, and a leaflet with more text than any leaflet needs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from handouts.diagnostics import Diagnostic

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet, Origin


@cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    from handouts.layout.theme import FAMILY, register_fonts

    register_fonts()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)


def _texts(value, origin: Origin | None) -> Iterator[tuple[str, Origin | None]]:
    """Every text in `value` with the origin of the innermost block holding it. Origins
    themselves are not text, and personal lines are named by their option (`Origin.field`)."""
    from handouts.leaflet import Origin, PatientBox, ProgramCode

    if isinstance(value, str):
        yield value, origin
    elif isinstance(value, ProgramCode):  # the code is set in its groups of four, a line broken between them
        yield from ((text, origin) for text in (value.code.replace("-", " "), value.label, value.hint))
    elif isinstance(value, PatientBox):
        for (_, line), option in zip(value.lines, value.options or ("--patient",) * len(value.lines)):
            yield line, Origin(None, field=option)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (type, Origin)):
        origin = getattr(value, "origin", None) or origin
        for f in dataclasses.fields(value):
            if f.name not in ("origin", "warnings"):
                yield from _texts(getattr(value, f.name), origin)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item, origin)


def missing_glyphs(leaflet: Leaflet) -> list[Diagnostic]:
    """A diagnostic per missing character and place: the file and line of the block whose text
    has it, or the option of personal text, which is never quoted."""
    texts = list(_texts(leaflet, leaflet.origin))
    total = sum(len(text) for text, _ in texts)
    if total > MAX_LEAFLET_TEXT:  # before the character-by-character pass, which costs by length
        origin = leaflet.origin
        return [Diagnostic(origin.file if origin else None, None, None, "error",
                           f"the leaflet holds {total} characters of text, more than {MAX_LEAFLET_TEXT}",
                           "text.too-long", "a leaflet is read in one sitting: shorten it, or make several")]
    return _missing(texts)


def missing_in_personal(values: Mapping[str, str], options: Mapping[str, str]) -> list[Diagnostic]:
    """Like `missing_glyphs`, for the personal text alone (slot -> text), each named by the
    option it came with (slot -> option, e.g. "--patient")."""
    covered = _covered()
    if not any(len(text) > MAX_TEXT or _longest_word(_ESCAPE.sub(r"\1", text)) > MAX_WORD
               or any(_unprintable(ch, covered) for ch in text) for text in values.values()):
        # the usual answer, found without the leaflet model: a remembered build never imports it
        return []
    from handouts.leaflet import Origin

    return _missing((text, Origin(None, field=options.get(slot, slot))) for slot, text in values.items())


def _unprintable(ch: str, covered: frozenset[int]) -> bool:
    return _invisible(ch) or ord(ch) not in covered and not ch.isspace() and unicodedata.category(ch) != "Cc"


def _missing(texts: Iterable[tuple[str, Origin | None]]) -> list[Diagnostic]:
    covered = _covered()
    found: dict[tuple[str, Origin | None], str] = {}
    texts_seen = list(texts)
    for text, origin in texts_seen:
        for ch in text:
            if _unprintable(ch, covered):
                found.setdefault((ch, origin), text)
    problems = [_diagnostic(ch, origin, text) for (ch, origin), text in found.items()]
    problems += _overlong(texts_seen)
    return sorted(problems, key=lambda d: (d.file or "", d.line or 0, d.message))


MAX_WORD = 60  # letters without a space: more than a line holds, and each costs reportlab dear
# Characters in one text (a paragraph, an item, a box), as a prose field in YAML may hold: a
# paragraph split over pages is wrapped again for each page, so its cost grows as its square.
MAX_TEXT = 20_000
MAX_LEAFLET_TEXT = 200_000  # characters in a whole leaflet; the longest built-in one has 16,000
_NOT_WORDS = re.compile(r"\]\([^)\s]*\)|(?:https?://|mailto:|tel:|www\.)\S+|[\w.+-]+@[\w.-]+")
_ESCAPE = re.compile(r"\\([\\*\[\]])")  # leaflet.literal's: '\[' is one letter on paper


def _overlong(texts: list[tuple[str, Origin | None]]) -> list[Diagnostic]:
    """A word longer than a line can hold, or a text longer than `MAX_TEXT`, is refused before
    layout: reportlab would try every way of breaking the word, which takes minutes for a few
    thousand letters, and wrap the text again for every page it runs over."""
    words: dict[Origin | None, int] = {}
    texts_found: dict[Origin | None, int] = {}
    for text, origin in texts:
        printed = _ESCAPE.sub(r"\1", text)
        if len(printed) > MAX_TEXT:
            texts_found[origin] = max(texts_found.get(origin, 0), len(printed))
            continue
        longest = _longest_word(printed)
        if longest > MAX_WORD:
            words[origin] = max(words.get(origin, 0), longest)
    problems = []
    for found, what, code, hint in ((words, "a word of {} letters{} is longer than a line can hold (at most "
                                     f"{MAX_WORD})", "text.long-word", "put spaces in it"),
                                    (texts_found, "a paragraph of {} characters{} is longer than one may be "
                                     f"(at most {MAX_TEXT})", "text.too-long", "split it into paragraphs")):
        for origin, length in found.items():
            if origin is not None and origin.field:  # personal text: say where it was typed, never what
                where, file, line = f" in the text given with {origin.field}", None, None
            else:
                where, file, line = "", origin.file if origin else None, origin.line if origin else None
            problems.append(Diagnostic(file, line, None, "error", what.format(length, where), code, hint))
    return problems


def _longest_word(text: str) -> int:
    return max((len(word) for word in _NOT_WORDS.sub(" ", text).split()), default=0)


def _invisible(ch: str) -> bool:
    """Format characters (bidi controls, zero-width spaces and joiners, BOM) print nothing but
    reorder or split what a reader of the text layer gets: the PDF would say something other
    than its page. A soft hyphen is a hyphenation hint, and fine."""
    return unicodedata.category(ch) == "Cf" and ch != "\u00ad"


def _diagnostic(ch: str, origin: Origin | None, text: str) -> Diagnostic:
    name = unicodedata.name(ch, f"U+{ord(ch):04X}")
    if _invisible(ch):
        where = f"in the text given with {origin.field}" if origin is not None and origin.field else "in this text"
        file, line = (None, None) if origin is None or origin.field else (origin.file, origin.line)
        return Diagnostic(file, line, None, "error", f"an invisible character U+{ord(ch):04X} ({name}) {where} "
                          "would make the PDF's text differ from its page", "text.invisible",
                          "delete it (copy the text again as plain text)")
    if origin is not None and origin.field:  # personal text: say where it was typed, never what
        where, file, line = f"in the text given with {origin.field}", None, None
    else:
        where = "in: " + (text if len(text) <= 60 else text[:57] + "...")
        file, line = (origin.file, origin.line) if origin else (None, None)
    return Diagnostic(file, line, None, "error", f"the font has no '{ch}' ({name}), {where}", "glyph.missing",
                      "write it another way (a plain letter, a word)")

"""Characters the bundled font can't print.

reportlab prints a character the font lacks as an empty box, silently. Before laying out, every
text in the leaflet is checked against the font, and each missing character is reported with
where it was found, so `Ł` or `ễ` print and an emoji is refused, not boxed.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator

from handouts.diagnostics import Diagnostic

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet


@cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    from handouts.layout.theme import FAMILY, register_fonts

    register_fonts()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)


def _texts(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)


def missing_glyphs(leaflet: Leaflet) -> list[Diagnostic]:
    return missing_in(_texts(leaflet))


def missing_in(texts: Iterable[str]) -> list[Diagnostic]:
    covered = _covered()
    found: dict[str, str] = {}
    for text in texts:
        for ch in text:
            if ord(ch) not in covered and not ch.isspace() and unicodedata.category(ch) != "Cc":
                found.setdefault(ch, text)
    problems = []
    for ch, text in sorted(found.items()):
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        where = text if len(text) <= 60 else text[:57] + "..."
        problems.append(Diagnostic(None, None, None, "error",
                                   f"the font has no '{ch}' ({name}), in: {where}", "glyph.missing",
                                   "write it another way (a plain letter, a word)"))
    return problems

"""Stage 3, layout: a `Leaflet` -> a `Document` (reportlab page templates and flowables).

One module per layout. Layouts never read files other than the bundled fonts, and never
render: they describe pages; `render.py` turns the description into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    locale: str  # "sv-SE", the PDF's /Lang


@dataclass(frozen=True)
class Document:
    pagesize: tuple[float, float]
    templates: tuple[PageTemplate, ...]
    story: tuple[Flowable, ...]
    decorate: Callable[[Canvas, int, int], None]  # (canvas, page, total): page furniture
    font: str  # the canvas's initial font, so no unembedded base-14 font is referenced
    metadata: Metadata
    anchors: dict[str, int] | None = None  # filled while rendering: anchor key -> page number


def layout_leaflet(leaflet: Leaflet, pages: dict[str, int] | None = None) -> Document:
    """Lay out `leaflet`. Layouts that print page references (a table of contents) return a
    document with `anchors`; render it, then lay out again with `pages=document.anchors`."""
    if leaflet.layout == "sheet-a4":
        from handouts.layout.sheet import layout_sheet
        return layout_sheet(leaflet, pages)
    if leaflet.layout == "article":
        from reportlab.lib.units import mm

        from handouts.layout.sheet import layout_sheet
        return layout_sheet(leaflet, pages, measure=150 * mm)
    if leaflet.layout == "booklet-a5":
        from handouts.layout.booklet import layout_booklet
        return layout_booklet(leaflet, pages)
    raise ValueError(f"unknown layout {leaflet.layout!r}")  # the schema only admits known layouts


def metadata_of(leaflet: Leaflet) -> Metadata:
    return Metadata(leaflet.title, leaflet.clinic.name, leaflet.subject, leaflet.keywords, leaflet.locale)

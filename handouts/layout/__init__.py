"""Stage 3, layout: a `Leaflet` -> a `Document` (reportlab page templates and flowables).

One module per layout. Layouts never read files other than the bundled fonts, and never
render: they describe pages; `render.py` turns the description into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, MutableMapping

from handouts.layout.kinds import LAYOUTS

if TYPE_CHECKING:  # reportlab loads with a layout module, not with this package: resolve imports kinds
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, PageTemplate

    from handouts.leaflet import Leaflet, Origin


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
    origins: tuple[tuple[Flowable, Origin | None], ...] = ()  # story flowables and the blocks they print
    # the paper each page is printed on, enlarged to fill it, when it is not `pagesize` (the A5
    # booklet's large print: its pages enlarged onto A4, see layout/booklet.py)
    enlarged_to: tuple[float, float] | None = None

    @property
    def enlarged(self) -> tuple[float, float, float]:
        """(scale, dx, dy): how a laid-out page maps onto its paper, centred."""
        if self.enlarged_to is None:
            return 1.0, 0.0, 0.0
        (w, h), (paper_w, paper_h) = self.pagesize, self.enlarged_to
        scale = min(paper_w / w, paper_h / h)
        return scale, (paper_w - w * scale) / 2, (paper_h - h * scale) / 2


class LayoutBug(Exception):
    """A layout was handed something it does not print: resolve should have refused it."""


def layout_leaflet(leaflet: Leaflet, pages: dict[str, int] | None = None,
                   kept: MutableMapping[Any, Any] | None = None) -> Document:
    """Lay out `leaflet`. Layouts that print page references (a table of contents) return a
    document with `anchors`; render it, then lay out again with `pages=document.anchors`.
    `kept` is where drawings and encoded pictures are shared between leaflets (the world's)."""
    match leaflet.layout:
        case "sheet-a4":
            from handouts.layout.sheet import layout_sheet
            return layout_sheet(leaflet, pages, kept=kept)
        case "article":
            from reportlab.lib.units import mm

            from handouts.layout.sheet import layout_sheet
            return layout_sheet(leaflet, pages, measure=150 * mm, kept=kept)
        case "booklet-a5":
            from handouts.layout.booklet import layout_booklet
            return layout_booklet(leaflet, pages, kept=kept)
        case _:  # the schema admits only the layouts of kinds.SUPPORTS, each one matched above
            raise LayoutBug(f"no layout function for {leaflet.layout!r} (declared: {', '.join(LAYOUTS)})")


def metadata_of(leaflet: Leaflet) -> Metadata:
    return Metadata(leaflet.title, leaflet.clinic.name, leaflet.subject, leaflet.keywords, leaflet.locale)

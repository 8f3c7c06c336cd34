"""The `booklet-a5` layout: an A5 booklet like the ones clinics staple and hand out.

Page 1 is the cover (the clinic's colour, title, clinic name). Each part starts on a new page
and is listed in the table of contents with its real pages ("Sid 4–5"): the layout is run twice,
the first time to find where parts land (see `blocks.Anchor`). A notes page gives ruled lines; the last
page is the back cover with the contact block, credits and date. Page numbers sit on the outer
edge of every page but the cover, with the clinic's name on the inner edge.
"""

from __future__ import annotations

from typing import Any, Mapping, MutableMapping, Sequence

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer

from handouts import leaflet as lf
from handouts.layout import Document, blocks, metadata_of
from handouts.layout.personal import Slot
from handouts.layout.picture_key import HeadingWithKey, picture_key
from handouts.layout.tags import para
from handouts.layout.text import escape, inline
from handouts.layout.theme import BOLD, FAMILY, MUTED, Theme, make_theme

PAGE_W, PAGE_H = A5
MARGIN_X = 14 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 19 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
SLOT = 45 * mm  # the picture frame's width, beside the exercise's name; the steps run below
GUTTER = 5 * mm
COVER_BAND = 118 * mm


class RuledLines(Flowable):
    """Writing lines filling the rest of the frame."""

    def __init__(self, gap: float, color):
        super().__init__()
        self.gap, self.color = gap, color

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, max(available_height - 1, 0)
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(self.color)
        c.setLineWidth(0.5)
        y = self.height - self.gap
        while y >= 0:
            c.line(0, y, self.width, y)
            y -= self.gap
        c.restoreState()


def layout_booklet(leaflet: lf.Leaflet, pages: dict[str, int] | None,
                   kept: MutableMapping[Any, Any] | None = None, grow: Mapping[str, float] | None = None) -> Document:
    theme = make_theme(leaflet.brand.primary, leaflet.brand.tint, leaflet.hyphenation, kept, leaflet.scale)
    pages_ = blocks.Pages(pages, grow=grow or {})
    found = pages_.found

    def frame(name: str) -> Frame:
        return Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    cover_frame = Frame(MARGIN_X + 8 * mm, PAGE_H - MARGIN_TOP - COVER_BAND + 10 * mm, CONTENT_W - 16 * mm,
                        COVER_BAND - 20 * mm, id="cover", leftPadding=0, rightPadding=0, topPadding=0,
                        bottomPadding=0)
    templates = (
        PageTemplate("cover", [cover_frame], onPage=lambda c, d: _cover(c, leaflet, theme)),
        PageTemplate("body", [frame("body")]),
        PageTemplate("back", [frame("back")]),
    )
    story: list[Flowable] = [Spacer(0, 18 * mm), para(inline(leaflet.title), theme.styles["cover_title"])]
    if leaflet.subtitle:
        story.append(para(inline(leaflet.subtitle), theme.styles["cover_subtitle"]))
    story += [NextPageTemplate("body"), PageBreak()]
    notes_heading: str | None = None
    first_part = True
    listed = blocks.listed(leaflet.blocks, pages_of_their_own=True)
    entries = tuple(listed.values())
    heading: list[Flowable] = []  # a heading waits for the block it introduces
    origins: list[tuple[Flowable, lf.Origin | None]] = []  # which block each flowable prints
    for i, block in enumerate(leaflet.blocks):
        start = len(story)
        entry = listed.get(i)
        anchor = [blocks.Anchor(entry.key, entry.title, found)] if entry and entry.key.startswith("listed-") else []
        if heading and isinstance(block, (lf.Part, lf.NotesPage, lf.ContactBlock)):
            story += heading  # nothing to keep it with on this page
            heading = []
        if isinstance(block, (lf.Part, lf.NotesPage, lf.ContactBlock)):
            # the space after the last block before a new page: were it to fall on the next
            # page by itself, the page break would leave that page blank
            while isinstance(story[-1], Spacer):
                dropped = story.pop()
                origins = [(f, o) for f, o in origins if f is not dropped]
            start = len(story)
        if isinstance(block, lf.Part):
            if not first_part or not isinstance(story[-1], PageBreak):
                story.append(PageBreak())
            first_part = False
            title: Flowable = para(inline(block.title), theme.styles["h1"])
            if block.picture_key is not None:
                title = HeadingWithKey(title, picture_key(block.picture_key, theme.link))
            story += [blocks.Anchor(block.key, block.title, found), title]
            if block.lead:
                story.append(para(inline(block.lead), theme.styles["lead"]))
        elif isinstance(block, lf.NotesPage):
            story += [PageBreak(), blocks.Anchor(block.key, block.heading, found),
                      para(inline(block.heading), theme.styles["h1"])]
            if block.note:
                story += [blocks.note(block.note, theme, CONTENT_W), Spacer(0, 6 * mm)]
            story.append(RuledLines(10 * mm, MUTED))
            notes_heading = block.heading
        elif isinstance(block, lf.ContactBlock):
            story += _padding(notes_heading, pages, found, theme)
            story += _back_cover(block, leaflet, theme, anchor)
        elif isinstance(block, lf.Heading):
            heading += blocks.flow(block, theme, CONTENT_W, SLOT, GUTTER, pages_)
            continue
        else:
            story += blocks.keep_with([*heading, *anchor],
                                      blocks.flow(block, theme, CONTENT_W, SLOT, GUTTER, pages_, entries))
        origins += [(f, block.origin) for f in story[start:]]
        heading = []
    story += heading
    if not any(isinstance(b, lf.ContactBlock) for b in leaflet.blocks):
        story += [Spacer(0, 10 * mm), *_colophon(leaflet, theme)]  # no back cover: at the end
    # always: the padding before the back cover needs to know where the content ends
    return Document(A5, templates, tuple(story), lambda c, page, total: _footer(c, leaflet, page, total),
                    FAMILY, metadata_of(leaflet), anchors=found, origins=tuple(origins))


def _cover(c: Canvas, leaflet: lf.Leaflet, theme: Theme) -> None:
    c.saveState()
    c.setFillColor(theme.primary)
    c.roundRect(MARGIN_X, PAGE_H - MARGIN_TOP - COVER_BAND, CONTENT_W, COVER_BAND, 4 * mm, stroke=0, fill=1)
    y = MARGIN_BOTTOM + 14 * mm
    if leaflet.clinic.logo:
        logo = blocks.logo_drawing(leaflet.clinic.logo, 50 * mm, 20 * mm)
        _, lh = logo.wrap(50 * mm, 20 * mm)
        logo.drawOn(c, MARGIN_X, y + 9 * mm)
    c.setFillColor(theme.heading)
    c.setFont(BOLD, 15)
    c.drawString(MARGIN_X, y, leaflet.clinic.name)
    if leaflet.clinic.department:
        c.setFillColor(MUTED)
        c.setFont(FAMILY, 11)
        c.drawString(MARGIN_X, y - 6 * mm, leaflet.clinic.department)
    c.restoreState()


def _footer(c: Canvas, leaflet: lf.Leaflet, page: int, total: int) -> None:
    if page == 1:  # the cover
        return
    y = MARGIN_BOTTOM - 11 * mm
    outer_right = page % 2 == 1  # odd pages are right-hand pages in a booklet
    number = leaflet.page_short.format(page=page)
    c.saveState()
    c.setFillColor(MUTED)
    c.setFont(BOLD, 10)
    (c.drawRightString if outer_right else c.drawString)(PAGE_W - MARGIN_X if outer_right else MARGIN_X, y, number)
    c.setFont(FAMILY, 8.5)
    (c.drawString if outer_right else c.drawRightString)(MARGIN_X if outer_right else PAGE_W - MARGIN_X, y,
                                                         " · ".join(filter(None, (leaflet.clinic.name,
                                                                                  leaflet.version))))
    c.setFont(FAMILY, 6.5)
    (c.drawString if outer_right else c.drawRightString)(MARGIN_X if outer_right else PAGE_W - MARGIN_X,
                                                         y - 3.5 * mm, leaflet.control)
    c.restoreState()


CONTENT_END = "content-end"  # the anchor on the last page before the padding and the back cover


class PageMark(blocks.Anchor):
    """Records the page it lands on, without a bookmark."""

    def draw(self):
        self.found[self.key] = self.canv.getPageNumber()


def _padding(heading: str | None, pages: dict[str, int] | None, found: dict[str, int],
             theme: Theme) -> list[Flowable]:
    """Where the content ends, before the back cover. A plain A5 PDF is not padded: it is
    read on screen or printed page by page, and lined pages added only to reach a multiple of
    four would be pages the reader has to leaf through. Folding (`--imposition booklet`)
    places the blanks a saddle-stitched copy needs before the back cover (see impose.py)."""
    return [PageMark(CONTENT_END, "", found)]


def _back_cover(block: lf.ContactBlock, leaflet: lf.Leaflet, theme: Theme,
                anchor: Sequence[Flowable] = ()) -> list[Flowable]:
    s = theme.styles
    story: list[Flowable] = [NextPageTemplate("back"), PageBreak(), *anchor,
                             para(inline(block.heading), s["h2"]), blocks.contact(block.clinic, theme, CONTENT_W, block.program),
                             Spacer(0, 10 * mm)]
    return story + _colophon(leaflet, theme)


def _colophon(leaflet: lf.Leaflet, theme: Theme) -> list[Flowable]:
    """Credits, picture credits and the printed date."""
    s = theme.styles
    return [*[para(inline(p), s["credits"]) for p in leaflet.credits],
            *[para(escape(line), s["credits"]) for line in leaflet.picture_credits],
            Slot(lf.PRINTED, leaflet.personal()[lf.PRINTED], s["credits"])]

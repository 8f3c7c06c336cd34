"""The `booklet-a5` layout: an A5 booklet like the ones clinics staple and hand out.

Page 1 is the cover (the clinic's colour, title, clinic name). Each part starts on a new page
and is listed in the table of contents with its real pages ("Sid 4–5"): the layout is run twice,
the first time to find where parts land (see `blocks.Anchor`). A notes page gives ruled lines; the last
page is the back cover with the contact block, credits and date. The edition built for imposition
(`leaflet.fill`) fills the pages its fold would leave blank with a training log and notes pages. Page numbers sit on the outer
edge of every page but the cover, with the clinic's name on the inner edge.
"""

from __future__ import annotations

from typing import Any, MutableMapping, Sequence

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer

from handouts import leaflet as lf
from handouts.layout import Document, blocks, metadata_of
from handouts.layout.log import training_log
from handouts.layout.personal import Slot
from handouts.layout.picture_key import HeadingWithKey, picture_key
from handouts.layout.tags import balanced, para
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
NOTES_GAP = 10 * mm  # between the writing lines of a notes page


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
                   kept: MutableMapping[Any, Any] | None = None) -> Document:
    # The large-print booklet is this booklet enlarged onto A4 (141 %: body text 17 pt, pictures
    # 64 mm): set again at 16 pt on A5, a card no longer fits a page, every other page ends half
    # empty and the booklet doubles; enlarged, every page is the page the normal edition proved,
    # with the same page numbers, so "see page 12" holds in both editions.
    theme = make_theme(leaflet.brand.primary, leaflet.brand.tint, leaflet.hyphenation, kept)
    pages_ = blocks.Pages(pages)
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
    story: list[Flowable] = [Spacer(0, 18 * mm), balanced(inline(leaflet.title), theme.styles["cover_title"])]
    if leaflet.subtitle:
        story.append(para(inline(leaflet.subtitle), theme.styles["cover_subtitle"]))
    story += [NextPageTemplate("body"), PageBreak()]
    first_part = True
    listed = blocks.listed(leaflet.blocks, pages_of_their_own=True)
    plan = _fill_plan(leaflet.fill, pages)
    entries = _with_fill_entries(tuple(listed.values()), leaflet, plan)
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
            note = [blocks.note(block.note, theme, CONTENT_W), Spacer(0, 6 * mm)] if block.note else []
            story += [PageBreak(), blocks.Anchor(block.key, block.heading, found), *_lined(block.heading, theme, note)]
        elif isinstance(block, lf.ContactBlock):
            story += _padding(leaflet.fill, plan, pages, found, theme)
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
        story += _padding(leaflet.fill, plan, pages, found, theme)  # and the filled blanks after it
    # always: the padding before the back cover needs to know where the content ends
    blocks.link_following(story)
    return Document(A5, templates, tuple(story), lambda c, page, total: _footer(c, leaflet, page, total),
                    FAMILY, metadata_of(leaflet), anchors=found, origins=tuple(origins),
                    enlarged_to=A4 if leaflet.scale > 1 else None)


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
LOG_PAGES = "fill-log-pages"  # how many pages the filling training log takes (not a page number)
FILL_LOG, FILL_NOTES = "fill-log", "fill-notes"  # the anchors of the filled pages, for the contents


class LogEnd(blocks.Anchor):
    """After the filling training log: records how many pages it took, counted from the
    content's end (the log starts on the page after it)."""

    def draw(self):
        self.found[self.key] = self.canv.getPageNumber() - self.found[CONTENT_END]


def _padding(fill: lf.Fill | None, plan: tuple[bool, int], pages: dict[str, int] | None,
             found: dict[str, int], theme: Theme) -> list[Flowable]:
    """Where the content ends, before the back cover, and for the imposed edition (`fill`) the
    pages that fill its fold's blanks, as `_fill_plan` counts them."""
    story: list[Flowable] = [blocks.PageMark(CONTENT_END, "", found)]
    if fill is None:
        return story
    log_pages = (pages or {}).get(LOG_PAGES)
    if log_pages is not None:
        found[LOG_PAGES] = log_pages  # kept when the log is left out; LogEnd says it again if not
    with_log, notes = plan
    if with_log:
        assert fill.log is not None
        story += [PageBreak(), blocks.Anchor(FILL_LOG, fill.log.heading, found),
                  *training_log(fill.log, theme, CONTENT_W, own_page=True), LogEnd(LOG_PAGES, "", found)]
    for n in range(notes):
        anchor = [blocks.Anchor(FILL_NOTES, fill.notes, found)] if n == 0 else []
        story += [PageBreak(), *anchor, *_lined(fill.notes, theme)]
    return story


def _fill_plan(fill: lf.Fill | None, pages: dict[str, int] | None) -> tuple[bool, int]:
    """Whether the imposed edition's blanks start with the training log, and how many lined
    notes pages follow (`lf.Fill`); (False, 0) for the plain booklet.

    A plain A5 PDF is not padded: it is read on screen or printed page by page, and pages added
    only to reach a multiple of four would be pages the reader has to leaf through. Folded
    (`--imposition booklet`), the booklet needs a multiple of four pages, and the pages the
    content leaves over before the back cover would be blank (impose.py): the imposed edition
    fills them with the program's training log, then lined notes pages. A booklet that folds
    without blanks gets neither. A log longer than the blanks (large print: two pages) is
    printed whole all the same, and notes pages make up the next multiple of four: a log is
    never cut short, and the fold then takes one sheet more than it would have had blank.

    How many blanks there are comes from where the content ended in the previous pass, which
    the filling does not move; how many pages the log takes, from where it ended (`LogEnd`; the
    first pass places it to learn that), kept from pass to pass in `found`, so the passes settle."""
    if fill is None:
        return False, 0
    end = (pages or {}).get(CONTENT_END)
    if end is None:  # the first pass: the log alone, to learn how long it is
        return fill.log is not None, 0
    blanks = -(end + 1) % 4  # the back cover is the page after them
    if fill.log is None or blanks == 0:
        return False, blanks
    return True, (blanks - (pages or {}).get(LOG_PAGES, 1)) % 4  # to the next multiple of four


def _with_fill_entries(entries: tuple[lf.ContentsEntry, ...], leaflet: lf.Leaflet,
                       plan: tuple[bool, int]) -> tuple[lf.ContentsEntry, ...]:
    """The contents with the filled pages listed where they stand, before the back cover: else
    the notes page's entry would run on over the log ("Anteckningar, sida 20–23")."""
    fill = leaflet.fill
    if fill is None:
        return entries
    with_log, notes = plan
    added = ((lf.ContentsEntry(FILL_LOG, fill.log.heading),) if with_log and fill.log else ()) + \
        ((lf.ContentsEntry(FILL_NOTES, fill.notes),) if notes else ())
    at = len(entries) - any(isinstance(b, lf.ContactBlock) for b in leaflet.blocks)  # the back cover's is last
    return entries[:at] + added + entries[at:]


def _lined(heading: str, theme: Theme, above: Sequence[Flowable] = ()) -> list[Flowable]:
    """A notes page's heading, what stands `above` the lines, and the writing lines to the page's foot."""
    return [para(inline(heading), theme.styles["h1"]), *above, RuledLines(NOTES_GAP, MUTED)]


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

"""The `sheet-a4` layout: a home exercise program on A4, as hospitals hand out after surgery.

First page: the clinic's colour band, title and introduction. Then notes, numbered exercise
cards (illustration slot on the left, text on the right) and the contact block. Cards never
split across pages and headings always travel with what follows them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, MutableMapping

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageTemplate, Paragraph, Spacer

from handouts import leaflet as lf
from handouts.layout import Document, blocks, metadata_of
from handouts.layout.personal import Slot, slot_string
from handouts.layout.tags import balanced, para
from handouts.layout.text import escape, inline
from handouts.layout.theme import BOLD, FAMILY, MUTED, WHITE, Theme, make_theme

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 22 * mm
BAND_H = 24 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
SLOT = 56 * mm  # the picture frame's width: a lying figure 56 mm wide, a standing one as tall
GUTTER = 5 * mm


def layout_sheet(leaflet: lf.Leaflet, pages: dict[str, int] | None = None, measure: float = CONTENT_W,
                 kept: MutableMapping[Any, Any] | None = None) -> Document:
    """Lay out an A4 leaflet; `measure` narrows the text column (articles read best at 60-70
    characters a line), centred under the full-width header."""
    theme = replace(make_theme(leaflet.brand.primary, leaflet.brand.tint, leaflet.hyphenation, kept, leaflet.scale),
                    ruled_head=True)  # `_running_head`
    x = (PAGE_W - measure) / 2
    first = Frame(x, MARGIN_BOTTOM, measure, PAGE_H - MARGIN_TOP - BAND_H - 8 * mm - MARGIN_BOTTOM,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(x, MARGIN_BOTTOM, measure, PAGE_H - MARGIN_TOP - 8 * mm - MARGIN_BOTTOM,
                  id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    templates = (
        PageTemplate("first", [first], onPage=lambda c, d: _header_band(c, leaflet, theme)),
        PageTemplate("later", [later], onPage=lambda c, d: _running_head(c, leaflet)),
    )
    story: list[Flowable] = [NextPageTemplate("later")]
    story += _title(leaflet, theme)
    refs = blocks.Pages(pages)
    has_contents = any(isinstance(b, lf.Contents) for b in leaflet.blocks)
    listed = blocks.listed(leaflet.blocks) if has_contents else {}
    entries = tuple(listed.values())
    heading: list[Flowable] = []  # a heading waits for the block it introduces
    origins: list[tuple[Flowable, lf.Origin | None]] = []  # which block each flowable prints
    paired = False  # a safety note already set beside the rules before it
    for i, block in enumerate(leaflet.blocks):
        if paired:
            paired = False
            continue
        following = leaflet.blocks[i + 1] if i + 1 < len(leaflet.blocks) else None
        if (isinstance(block, lf.NoteBlock) and isinstance(following, lf.NoteBlock)
                and blocks.pairs_with(block, following, measure, theme.scale) and i + 1 not in listed):
            # rules and safety side by side: the A4 page's first screen holds both
            flowables = [blocks.note_pair(block, following, theme, measure), Spacer(0, 10)]
            paired = True
        else:
            flowables = blocks.flow(block, theme, measure, SLOT, GUTTER, refs, entries)
        entry = listed.get(i)
        if entry is not None:  # the section before this one ends where this mark lands
            # after the section's last ink, before the space under it: a space at a page foot
            # goes over to the next page, and a mark after it would go with it
            at = len(story)
            while at > 1 and isinstance(story[at - 1], Spacer):
                at -= 1
            story.insert(at, blocks.PageMark(entry.key + blocks.ENDS, "", refs.found))
        if entry is not None and entry.key.startswith("listed-"):
            # a heading the block prints itself: the anchor travels with it (see keep_with)
            heading.append(blocks.Anchor(entry.key, entry.title, refs.found))
        if isinstance(block, lf.Heading):
            heading += flowables
            continue
        placed = blocks.keep_with(heading, flowables)
        origins += [(f, block.origin) for f in placed]
        story += placed
        heading = []
    story += heading
    if leaflet.picture_credits:
        story += [Spacer(0, 8), *[Paragraph(escape(line), theme.styles["credits"]) for line in leaflet.picture_credits]]
    blocks.link_following(story)
    return Document(A4, templates, tuple(story), lambda c, page, total: _footer(c, leaflet, page, total),
                    FAMILY, metadata_of(leaflet), anchors=refs.found if has_contents else None,
                    origins=tuple(origins))


# --- page furniture ---------------------------------------------------------------------

def _header_band(c: Canvas, leaflet: lf.Leaflet, theme: Theme) -> None:
    top = PAGE_H - MARGIN_TOP
    c.saveState()
    c.setFillColor(theme.primary)
    c.roundRect(MARGIN_X, top - BAND_H, CONTENT_W, BAND_H, 3 * mm, stroke=0, fill=1)
    name = Paragraph(escape(leaflet.clinic.name), theme.styles["header_name"])
    parts = [name]
    if leaflet.clinic.department:
        parts.append(Paragraph(escape(leaflet.clinic.department), theme.styles["header_dept"]))
    inner_w = CONTENT_W - 16 * mm
    if leaflet.clinic.logo:
        # the logo sits on a white plate at the band's right end, whatever the brand colour
        plate_h = BAND_H - 6 * mm
        logo = blocks.logo_drawing(leaflet.clinic.logo, 50 * mm, plate_h - 4 * mm)
        lw, lh = logo.wrap(50 * mm, plate_h)
        plate_w = lw + 6 * mm
        c.setFillColor(WHITE)
        c.roundRect(MARGIN_X + CONTENT_W - plate_w - 3 * mm, top - BAND_H + 3 * mm, plate_w, plate_h, 2 * mm,
                    stroke=0, fill=1)
        logo.drawOn(c, MARGIN_X + CONTENT_W - plate_w, top - BAND_H + 3 * mm + (plate_h - lh) / 2)
        inner_w -= plate_w + 4 * mm
    heights = [p.wrap(inner_w, BAND_H)[1] for p in parts]
    y = top - (BAND_H - sum(heights)) / 2
    for p, h in zip(parts, heights):
        y -= h
        p.drawOn(c, MARGIN_X + 8 * mm, y)
    c.restoreState()


def _running_head(c: Canvas, leaflet: lf.Leaflet) -> None:
    # large print: the page's furniture grows with its text (the page number is how a reader
    # finds the page the contents names)
    k = leaflet.scale
    y = PAGE_H - MARGIN_TOP
    c.saveState()
    c.setFont(FAMILY, 9 * k)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_X, y - 3 * mm, leaflet.title)
    c.drawRightString(PAGE_W - MARGIN_X, y - 3 * mm, leaflet.clinic.name)
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.4)
    c.line(MARGIN_X, y - 5.5 * mm, PAGE_W - MARGIN_X, y - 5.5 * mm)
    c.restoreState()


def _footer(c: Canvas, leaflet: lf.Leaflet, page: int, total: int) -> None:
    k = leaflet.scale
    y = MARGIN_BOTTOM - 11 * mm
    c.saveState()
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.4)
    c.line(MARGIN_X, y + 5 * mm, PAGE_W - MARGIN_X, y + 5 * mm)
    c.setFillColor(MUTED)
    c.setFont(FAMILY, 9 * k)
    # "Öresundskliniken · Version 1 · Datum 1 december 2026": the date is the stamp's
    prefix = " · ".join(filter(None, (leaflet.clinic.name, leaflet.version))) + " · "
    c.drawString(MARGIN_X, y, prefix)
    slot_string(c, lf.PRINTED, MARGIN_X + stringWidth(prefix, FAMILY, 9 * k), y, FAMILY, 9 * k, MUTED)
    c.setFont(BOLD, 14 if k > 1 else 10)
    c.drawRightString(PAGE_W - MARGIN_X, y, leaflet.page_label.format(page=page, total=total))
    c.setFont(FAMILY, 7 * k)
    c.drawString(MARGIN_X, y - 4 * mm * k, leaflet.control)
    c.restoreState()


# --- content ----------------------------------------------------------------------------

def _title(leaflet: lf.Leaflet, theme: Theme) -> list[Flowable]:
    s = theme.styles
    parts: list[Flowable] = [balanced(inline(leaflet.title), s["title"])]
    if leaflet.subtitle:
        parts.append(balanced(inline(leaflet.subtitle), s["subtitle"]))
    if leaflet.byline:  # an article: "Skriven av … den 10 juli 2025"; the footer carries the printed date
        parts.append(para(escape(leaflet.byline), s["byline"]))
    else:  # a program: the date it was made for the patient, under its title (an article's
        # byline with a second date under it read as two dates for one text)
        parts.append(Slot(lf.PRINTED, leaflet.personal()[lf.PRINTED], s["printed"]))
    return parts

"""The `sheet-a4` layout: a home exercise program on A4, as hospitals hand out after surgery.

First page: the clinic's colour band, title and introduction. Then notes, numbered exercise
cards (illustration slot on the left, text on the right) and the contact block. Cards never
split across pages and headings always travel with what follows them.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import leaflet as lf
from . import Document, metadata_of
from .text import escape, inline
from .theme import BOLD, CAUTION_BAR, CAUTION_TINT, FAMILY, MUTED, Theme, make_theme

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 22 * mm
BAND_H = 24 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
SLOT = 42 * mm
GUTTER = 7 * mm


def layout_sheet(leaflet: lf.Leaflet) -> Document:
    theme = make_theme(leaflet.brand.primary, leaflet.brand.tint, leaflet.hyphenation)
    first = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - BAND_H - 8 * mm - MARGIN_BOTTOM,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - 8 * mm - MARGIN_BOTTOM,
                  id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    templates = (
        PageTemplate("first", [first], onPage=lambda c, d: _header_band(c, leaflet, theme)),
        PageTemplate("later", [later], onPage=lambda c, d: _running_head(c, leaflet)),
    )
    story: list[Flowable] = [NextPageTemplate("later")]
    story += _title(leaflet, theme)
    for block in leaflet.blocks:
        story += _block(block, theme)
    return Document(A4, templates, tuple(story), lambda c, page, total: _footer(c, leaflet, page, total),
                    FAMILY, metadata_of(leaflet))


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
    heights = [p.wrap(inner_w, BAND_H)[1] for p in parts]
    y = top - (BAND_H - sum(heights)) / 2
    for p, h in zip(parts, heights):
        y -= h
        p.drawOn(c, MARGIN_X + 8 * mm, y)
    c.restoreState()


def _running_head(c: Canvas, leaflet: lf.Leaflet) -> None:
    y = PAGE_H - MARGIN_TOP
    c.saveState()
    c.setFont(FAMILY, 9)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_X, y - 3 * mm, leaflet.title)
    c.drawRightString(PAGE_W - MARGIN_X, y - 3 * mm, leaflet.clinic.name)
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.4)
    c.line(MARGIN_X, y - 5.5 * mm, PAGE_W - MARGIN_X, y - 5.5 * mm)
    c.restoreState()


def _footer(c: Canvas, leaflet: lf.Leaflet, page: int, total: int) -> None:
    y = MARGIN_BOTTOM - 11 * mm
    c.saveState()
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.4)
    c.line(MARGIN_X, y + 5 * mm, PAGE_W - MARGIN_X, y + 5 * mm)
    c.setFillColor(MUTED)
    c.setFont(FAMILY, 9)
    c.drawString(MARGIN_X, y, f"{leaflet.clinic.name} · {leaflet.printed}")
    c.setFont(BOLD, 10)
    c.drawRightString(PAGE_W - MARGIN_X, y, leaflet.page_label.format(page=page, total=total))
    c.restoreState()


# --- content ----------------------------------------------------------------------------

def _title(leaflet: lf.Leaflet, theme: Theme) -> list[Flowable]:
    s = theme.styles
    parts: list[Flowable] = [Paragraph(inline(leaflet.title), s["title"])]
    if leaflet.subtitle:
        parts.append(Paragraph(inline(leaflet.subtitle), s["subtitle"]))
    parts.append(Paragraph(escape(leaflet.printed), s["printed"]))
    return parts


def _block(block: lf.Block, theme: Theme) -> list[Flowable]:
    s = theme.styles
    if isinstance(block, lf.Prose):
        paras = [Paragraph(inline(p), s["body"]) for p in block.paragraphs]
        return _with_heading(block.heading, paras, theme)
    if isinstance(block, lf.Bullets):
        return _with_heading(block.heading, [_bullets(block.items, s["body"], theme.heading), Spacer(0, 6)], theme)
    if isinstance(block, lf.NoteBlock):
        return [_note(block, theme), Spacer(0, 10)]
    if isinstance(block, lf.ExerciseList):
        cards = [_card(card, theme) for card in block.cards]
        if block.heading and cards:  # the heading travels with the first card
            cards[0] = KeepTogether([Paragraph(inline(block.heading), s["h2"]), cards[0]])
        return cards
    if isinstance(block, lf.ContactBlock):
        return [KeepTogether([Paragraph(inline(block.heading), s["h2"]), _contact(block.clinic, theme)])]
    raise AssertionError(f"unhandled block {type(block).__name__}")


def _with_heading(heading: str | None, flowables: list[Flowable], theme: Theme) -> list[Flowable]:
    if not heading:
        return flowables
    return [KeepTogether([Paragraph(inline(heading), theme.styles["h2"]), flowables[0]]), *flowables[1:]]


def _bullets(items: tuple[str, ...], style, color: Color) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(inline(item), style), leftIndent=16) for item in items],
        bulletType="bullet", start="•", bulletFontName=BOLD, bulletFontSize=13, bulletColor=color,
        leftIndent=16, bulletOffsetY=-1,
    )


def _table(rows: list, widths: list[float], commands: list[tuple]) -> Table:
    """A reportlab Table in our font: tables set a font of their own (Helvetica) by default."""
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY, 12), *commands]))
    return table


def _boxed(content: list[Flowable], width: float, fill: Color, bar: Color, pad: float = 4 * mm) -> Table:
    return _table([[content]], [width], [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 3, bar),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ])


def _note(note: lf.NoteBlock, theme: Theme) -> Flowable:
    s = theme.styles
    content: list[Flowable] = [Paragraph(inline(note.title), s["note_title"])]
    content += [Paragraph(inline(p), s["body"]) for p in note.paragraphs]
    if note.items:
        content.append(_bullets(note.items, s["body"], theme.heading))
    if note.kind == "safety":
        return KeepTogether(_boxed(content, CONTENT_W, CAUTION_TINT, CAUTION_BAR))
    return KeepTogether(_boxed(content, CONTENT_W, theme.tint, theme.primary))


class IllustrationSlot(Flowable):
    """The square an exercise's picture goes in; a quiet tinted frame while there is none."""

    def __init__(self, size: float, tint: Color, edge: Color):
        super().__init__()
        self.size, self.tint, self.edge = size, tint, edge

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(self.tint)
        self.canv.setStrokeColor(self.edge)
        self.canv.setLineWidth(0.6)
        self.canv.roundRect(0, 0, self.size, self.size, 2.5 * mm, stroke=1, fill=1)
        self.canv.restoreState()


def _card(card: lf.ExerciseCard, theme: Theme) -> Flowable:
    s = theme.styles
    text_w = CONTENT_W - SLOT - GUTTER
    body: list[Flowable] = [Paragraph(f"{escape(card.label)}: {inline(card.name)}", s["card_title"])]
    if card.purpose:
        body.append(Paragraph(inline(card.purpose), s["purpose"]))
    body.append(ListFlowable(
        [ListItem(Paragraph(inline(step), s["step"]), leftIndent=18) for step in card.steps],
        bulletType="1", bulletFormat="%s.", bulletFontName=BOLD, bulletFontSize=12,
        bulletColor=theme.heading, leftIndent=18,
    ))
    if card.dosage:
        body.append(Spacer(0, 5))
        body.append(_boxed([Paragraph(inline(" ".join(card.dosage)), s["dosage"])], text_w,
                           theme.tint, theme.primary, pad=2.5 * mm))
    if card.cautions:
        body.append(Spacer(0, 5))
        label = f"<b>{escape(card.caution_label)}</b> "
        cautions = [Paragraph(label + inline(c) if i == 0 else inline(c), s["caution"])
                    for i, c in enumerate(card.cautions)]
        body.append(_boxed(cautions, text_w, CAUTION_TINT, CAUTION_BAR, pad=2.5 * mm))
    return _table([[IllustrationSlot(SLOT, theme.tint, theme.primary), body]], [SLOT + GUTTER, text_w], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 11),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, MUTED),
    ])


def _contact(clinic: lf.ClinicInfo, theme: Theme) -> Flowable:
    s = theme.styles
    content: list[Flowable] = [Paragraph(escape(clinic.name), s["contact_name"])]
    if clinic.department:
        content.append(Paragraph(escape(clinic.department), s["contact"]))
    content.append(Spacer(0, 4))
    for line in clinic.contact:
        text = escape(line.value)
        if line.label:
            text = f"<b>{escape(line.label)}:</b> {text}"
        content.append(Paragraph(text, s["contact"]))
    return _boxed(content, CONTENT_W, theme.tint, theme.primary)

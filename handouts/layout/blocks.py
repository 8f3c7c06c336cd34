"""Flowables shared by the layouts: boxes, lists, exercise cards, notes and the contact block.

Each builder takes the width it may use, so the same card serves an A4 sheet and an A5 booklet.
All text goes through `text.inline` or `text.escape`.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable, ImageAndFlowables

from .. import leaflet as lf
from .text import escape, inline
from .theme import BOLD, CAUTION_BAR, CAUTION_TINT, FAMILY, MUTED, Theme, text_on


def table(rows: list, widths: list, commands: list[tuple]) -> Table:
    """A left-aligned reportlab Table in our font (tables default to Helvetica, centred)."""
    t = Table(rows, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY, 12), *commands]))
    return t


def boxed(content: list[Flowable], width: float | str, fill: Color, bar: Color, pad: float = 4 * mm) -> Table:
    """A tinted box with a coloured bar on the left; `width` may be "100%" of what is available."""
    return table([[content]], [width], [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 3, bar),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ])


def bullets(items: tuple[str, ...], style, color: Color) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(inline(item), style), leftIndent=16) for item in items],
        bulletType="bullet", start="•", bulletFontName=BOLD, bulletFontSize=13, bulletColor=color,
        leftIndent=16, bulletOffsetY=-1,
    )


def with_heading(heading: str | None, flowables: list[Flowable], theme: Theme, style: str = "h2") -> list[Flowable]:
    """Prefix a heading that never stands alone at a page foot."""
    if not heading:
        return flowables
    head = Paragraph(inline(heading), theme.styles[style])
    if not flowables:
        return [head]
    return [KeepTogether([head, flowables[0]]), *flowables[1:]]


def note(block: lf.NoteBlock, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    content: list[Flowable] = [Paragraph(inline(block.title), s["note_title"])]
    content += [Paragraph(inline(p), s["body"]) for p in block.paragraphs]
    if block.items:
        content.append(bullets(block.items, s["body"], theme.heading))
    if block.kind == "safety":
        return KeepTogether(boxed(content, width, CAUTION_TINT, CAUTION_BAR))
    if block.kind in ("rules", "tip"):
        return KeepTogether(boxed(content, width, theme.tint, theme.primary))
    # advice reads as ordinary text under a heading
    return KeepTogether([Paragraph(inline(block.title), s["h3"]), *content[1:]])


class IllustrationSlot(Flowable):
    """The square an exercise's picture goes in; a quiet tinted frame while there is none."""

    def __init__(self, size: float, tint: Color, edge: Color):
        super().__init__()
        self.size, self.tint, self.edge = size, tint, edge

    def wrap(self, available_width, available_height):
        return self.size, self.size

    # ImageAndFlowables may ask a picture to shrink; a slot keeps its size.
    def _restrictSize(self, available_width, available_height):
        return self.size, self.size

    def _unRestrictSize(self):
        pass

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(self.tint)
        self.canv.setStrokeColor(self.edge)
        self.canv.setLineWidth(0.6)
        self.canv.roundRect(0, 0, self.size, self.size, 2.5 * mm, stroke=1, fill=1)
        self.canv.restoreState()


class Badge(Flowable):
    """A small filled label, e.g. the mark of exercises allowed in an early phase."""

    SIZE = 10

    def __init__(self, text: str, fill: Color):
        super().__init__()
        self.text, self.fill = text, fill
        self.width = stringWidth(text, BOLD, self.SIZE) + 4 * mm
        self.height = self.SIZE + 2.4 * mm

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.roundRect(0, 0, self.width, self.height, self.height / 2, stroke=0, fill=1)
        c.setFillColor(text_on(self.fill))
        c.setFont(BOLD, self.SIZE)
        c.drawCentredString(self.width / 2, 1.2 * mm + 1.5, self.text)
        c.restoreState()


def card(card: lf.ExerciseCard, theme: Theme, slot: float, gutter: float,
         heading: Flowable | None = None) -> Flowable:
    """An exercise card; `heading`, if given, is kept on the same page as the card's start."""
    s = theme.styles
    body: list[Flowable] = []
    if card.badge:
        body += [Badge(card.badge, theme.primary), Spacer(0, 3)]
    body.append(Paragraph(f"{escape(card.label)}: {inline(card.name)}", s["card_title"]))
    if card.purpose:
        body.append(Paragraph(inline(card.purpose), s["purpose"]))
    body.append(ListFlowable(
        [ListItem(Paragraph(inline(step), s["step"]), leftIndent=18) for step in card.steps],
        bulletType="1", bulletFormat="%s.", bulletFontName=BOLD, bulletFontSize=12,
        bulletColor=theme.heading, leftIndent=18,
    ))
    if card.dosage:
        body.append(Spacer(0, 5))
        body.append(boxed([Paragraph(inline(" ".join(card.dosage)), s["dosage"])], "100%",
                          theme.tint, theme.primary, pad=2.5 * mm))
    if card.cautions:
        body.append(Spacer(0, 5))
        label = f"<b>{escape(card.caution_label)}</b> "
        cautions = [Paragraph(label + inline(c) if i == 0 else inline(c), s["caution"])
                    for i, c in enumerate(card.cautions)]
        body.append(boxed(cautions, "100%", CAUTION_TINT, CAUTION_BAR, pad=2.5 * mm))
    # The text wraps around the picture and may continue below it; KeepTogether keeps a card on
    # one page, and splits it only when it is taller than a whole page.
    wrapped = ImageAndFlowables(IllustrationSlot(slot, theme.tint, theme.primary), body,
                                imageLeftPadding=0, imageRightPadding=gutter, imageTopPadding=0,
                                imageBottomPadding=4, imageSide="left")
    rule = HRFlowable(width="100%", thickness=0.5, color=MUTED, spaceBefore=2, spaceAfter=9)
    return KeepTogether([*([heading] if heading else []), rule, wrapped, Spacer(0, 12)])


def phase_legend(block: lf.PhaseLegend, theme: Theme, width: float) -> Flowable:
    content = [Badge(block.badge, theme.primary), Spacer(0, 4), Paragraph(inline(block.text), theme.styles["body"])]
    return KeepTogether(boxed(content, width, theme.tint, theme.primary))


def contact(clinic: lf.ClinicInfo, theme: Theme, width: float) -> Flowable:
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
    return boxed(content, width, theme.tint, theme.primary)


def flow(block: lf.Block, theme: Theme, width: float, slot: float, gutter: float) -> list[Flowable]:
    """The flowables for one of the blocks every layout prints the same way."""
    s = theme.styles
    if isinstance(block, lf.Prose):
        return with_heading(block.heading, [Paragraph(inline(p), s["body"]) for p in block.paragraphs], theme)
    if isinstance(block, lf.Bullets):
        return with_heading(block.heading, [bullets(block.items, s["body"], theme.heading), Spacer(0, 6)], theme)
    if isinstance(block, lf.NoteBlock):
        return [note(block, theme, width), Spacer(0, 10)]
    if isinstance(block, lf.PhaseLegend):
        return [phase_legend(block, theme, width), Spacer(0, 6)]
    if isinstance(block, lf.ExerciseList):
        head = Paragraph(inline(block.heading), s["h2"]) if block.heading else None
        return [card(c, theme, slot, gutter, head if i == 0 else None) for i, c in enumerate(block.cards)]
    if isinstance(block, lf.ContactBlock):
        return [KeepTogether([Paragraph(inline(block.heading), s["h2"]), contact(block.clinic, theme, width)])]
    raise ValueError(f"this layout does not print {type(block).__name__} blocks")

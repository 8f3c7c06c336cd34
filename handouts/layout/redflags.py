"""The warning-signs box (`red-flags`): when to stop and seek care at once.

It has a look of its own, so a patient finds it again in a hurry: a strong red border, a
warning triangle drawn in vector (no font glyph to go missing), the heading ("Sök vård direkt
om …") in bold red, the signs as a list and whom to call under them. It is kept whole on one
page: a warning split over a page turn is half read.

Contract: `red_flags(block, theme, width)` -> flowables; no disk, no module state.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handouts import leaflet as lf
from handouts.layout.blocks import Kept, bullets, table
from handouts.layout.tags import para
from handouts.layout.text import escape, inline
from handouts.layout.theme import BOLD, WHITE, Theme

ALARM = HexColor("#b3261e")  # border, icon and heading: 6.5:1 on the tint
ALARM_TINT = HexColor("#fdf0ee")
BORDER = 2.2  # points: stronger than any other box's bar


class WarningIcon(Flowable):
    """A filled rounded triangle with an exclamation mark, drawn with paths only."""

    def __init__(self, size: float, colour=ALARM):
        super().__init__()
        self.size, self.colour = size, colour

    def wrap(self, available_width, available_height):
        return self.size, self.size * 0.9

    def draw(self):
        c, s = self.canv, self.size
        h = s * 0.9
        c.saveState()
        c.setFillColor(self.colour)
        c.setStrokeColor(self.colour)
        c.setLineJoin(1)
        c.setLineWidth(s * 0.08)  # the round join rounds the triangle's corners
        inset = s * 0.05
        path = c.beginPath()
        path.moveTo(inset, inset)
        path.lineTo(s - inset, inset)
        path.lineTo(s / 2, h - inset)
        path.close()
        c.drawPath(path, stroke=1, fill=1)
        c.setFillColor(WHITE)
        bar_w = s * 0.11
        c.roundRect(s / 2 - bar_w / 2, h * 0.34, bar_w, h * 0.36, bar_w / 2, stroke=0, fill=1)
        c.circle(s / 2, h * 0.2, bar_w * 0.62, stroke=0, fill=1)
        c.restoreState()


def red_flags(block: lf.RedFlagsBox, theme: Theme, width: float) -> list[Flowable]:
    """The box: the icon beside the heading, the signs and whom to call across the full width
    under them (a narrow A5 column keeps its measure), kept on one page."""
    s = theme.styles
    icon = 9 * mm * theme.scale
    gap, pad = 3 * mm, 4 * mm
    title = ParagraphStyle("red-flags-title", parent=s["note_title"], textColor=ALARM, fontName=BOLD,
                           spaceAfter=0)
    rows: list[list] = [[WarningIcon(icon), para(inline(block.title), title)],
                        [bullets(block.items, s["body"], ALARM), ""]]
    if block.action:
        rows.append([para(inline(block.action), s["body"]), ""])
    if block.call:
        rows.append([para(f"<b>{escape(block.call)}</b>", s["body"]), ""])
    box = table(rows, [pad + icon + gap, width - pad - icon - gap], [
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("SPAN", (0, 1), (1, 1)),
        *[("SPAN", (0, r), (1, r)) for r in range(2, len(rows))],
        ("BACKGROUND", (0, 0), (-1, -1), ALARM_TINT),
        ("BOX", (0, 0), (-1, -1), BORDER, ALARM),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (0, -1), pad),
        ("RIGHTPADDING", (1, 0), (1, -1), pad),
        ("RIGHTPADDING", (0, 1), (0, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad - 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2 * mm),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 1.5 * mm),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad - 2),
    ])
    # whole=1: never opened at a page foot; it moves to the next page whole (see blocks.Kept)
    return [Kept([box], whole=1), Spacer(0, 10)]

"""The training log (`log`): a tick-box table of the leaflet's exercises, by day or by week.

A row per exercise (its number and name, as its card prints them), a column per day of the
week or per week, each cell an empty box to tick. The heading, the line on how to fill it in
and the table are kept on one page; only a program longer than a page goes on over the next,
between rows, with the column heads printed again.

Contract: `training_log(block, theme, width)` -> flowables; no disk, no module state.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from handouts import leaflet as lf
from handouts.layout.blocks import Kept
from handouts.layout.tags import para
from handouts.layout.text import inline
from handouts.layout.theme import BOLD, FAMILY, Theme

RULE = HexColor("#8a8f94")  # the boxes' lines: visible on paper, quieter than the text
ROW_HEIGHT = 9 * mm  # room for a tick made with a pen
PAD = 2  # points beside a cell's text


def training_log(block: lf.TrainingLog, theme: Theme, width: float, own_page: bool = False) -> list[Flowable]:
    """`own_page`: the log starts a page of its own (the imposed booklet's filled blanks): its
    heading is the page's (h1), and nothing is kept together, since a fresh page can't be
    bettered; it simply goes on over the next page between rows, with its column heads."""
    s = theme.styles
    # names are never hyphenated (a name cut as "sätesmusk- lerna" is hard to find again)
    cell = ParagraphStyle("log-cell", parent=s["body"], spaceBefore=0, spaceAfter=0, hyphenationLang="")
    head = ParagraphStyle("log-head", parent=cell, fontName=BOLD, alignment=1)
    columns = max(len(block.columns), 1)
    # a box is wide enough for its head ("Sö", "v. 12") on one line, and the names keep at least
    # 40% of the width: a head too wide for that is set smaller (large print on A5)
    widest = max((stringWidth(column, BOLD, 1) for column in block.columns), default=0)
    # narrower, down to a square box and its head at full size, where that sets every name on
    # one line (on A5, seven days left the names 40% and wrapped most of them)
    longest = max((stringWidth(f"{number}. {name}", cell.fontName, cell.fontSize) for number, name in block.rows),
                  default=0) + 2 * PAD
    least = max(ROW_HEIGHT * theme.scale, widest * head.fontSize + 2 * PAD)
    box_width = min(width * 0.6 / columns, 16 * mm * theme.scale, max((width - longest) / columns, least))
    if widest * head.fontSize + 2 * PAD > box_width:
        size = max((box_width - 2 * PAD) / widest, 1)
        head = ParagraphStyle("log-head-fit", parent=head, fontSize=size, leading=size * 1.2)
    name_width = width - box_width * columns
    row_height = ROW_HEIGHT * theme.scale
    header = [para(inline(block.corner), ParagraphStyle("log-corner", parent=head, alignment=0))]
    header += [para(inline(column), head) for column in block.columns]
    # every box at least as tall as a tick made with a pen; a long name may make its row taller
    body = [[para(inline(f"{number}. {name}"), cell), *(Spacer(1, row_height - 6) for _ in block.columns)]
            for number, name in block.rows]
    grid = Table([header, *body], colWidths=[name_width] + [box_width] * len(block.columns), hAlign="LEFT",
                 repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FAMILY, 12),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("LINEBELOW", (0, 0), (-1, 0), 1, theme.primary),
        ("GRID", (1, 1), (-1, -1), 0.6, RULE),
        ("LINEBELOW", (0, 1), (0, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    lead = [para(inline(block.heading), s["h1" if own_page else "h2"]), para(inline(block.intro), s["body"])]
    if own_page:
        return [*lead, grid]
    # whole=1: moved whole to the next page rather than split; only a log taller than a page goes
    # on over the next, between rows, with its column heads again
    return [Kept([*lead, grid], lead=len(lead), whole=1), Spacer(0, 10)]

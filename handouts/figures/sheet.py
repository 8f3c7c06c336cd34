"""A contact sheet: every figure in a grid with its exercise id, to check the pictures by eye.

Contract: `contact_sheet(specs, size, columns)` -> a reportlab `Table` flowable.
"""

from __future__ import annotations

from typing import Mapping

from reportlab.lib.colors import HexColor
from reportlab.platypus import Table, TableStyle

from .draw import figure_drawing
from .model import FigureSpec


def contact_sheet(specs: Mapping[str, FigureSpec], size: float, columns: int = 4) -> Table:
    """The figures of `specs`, sorted by id, `size` points square, `columns` to a row."""
    names = sorted(specs)
    rows: list[list] = []
    for i in range(0, len(names), columns):
        chunk = names[i:i + columns]
        blank = [""] * (columns - len(chunk))
        rows += [[figure_drawing(specs[name], size) for name in chunk] + blank, chunk + blank]
    table = Table(rows, colWidths=[size + 6] * columns)
    table.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("TEXTCOLOR", (0, 0), (-1, -1), HexColor("#444444")),
        *[("BOX", (i % columns, 2 * (i // columns)), (i % columns, 2 * (i // columns)), 0.3, HexColor("#cccccc"))
          for i in range(len(names))],
        *[("BOTTOMPADDING", (0, r), (-1, r), 8) for r in range(1, len(rows), 2)],
    ]))
    return table

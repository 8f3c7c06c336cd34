"""Imposition: lay a booklet's pages out two to a sheet, so that the printed stack folds into a
booklet: A5 pages on A4 sheets (the large-print booklet's A4 pages on A3).

Saddle stitching: the page count is padded with blank pages to a multiple of four (the blanks
go before the back cover, which stays last; a booklet built for imposition has none left, since
its layout fills them with a training log and notes pages, see `booklet._fill_plan`), and
each landscape side, twice as wide as a page, carries two pages, in the order that makes the folded stack read
1, 2, 3, ... For 8 pages the sides are 8|1, 2|7, 6|3, 4|5: print double-sided, flipping on
the short edge, fold, staple.

Pages are placed as vector content (pypdf form XObjects), never rasterised.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A3, A4, landscape


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page indices, 0-based, for each side of each sheet, in print order."""
    padded = -(-pages // 4) * 4
    sides = []
    for sheet in range(padded // 4):
        sides.append((padded - 1 - 2 * sheet, 2 * sheet))  # front
        sides.append((2 * sheet + 1, padded - 2 - 2 * sheet))  # back
    return sides


def impose_booklet(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    padded = -(-len(pages) // 4) * 4
    blanks: list[PageObject | None] = [None] * (padded - len(pages))
    ordered = [*pages[:-1], *blanks, pages[-1]] if len(pages) > 1 else [*pages, *blanks]
    sheet_w, sheet_h = _sheet(pages)
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        side = writer.add_blank_page(sheet_w, sheet_h)
        for column, index in enumerate((left, right)):
            page = ordered[index]
            if page is None:
                continue
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            # Each page is centred on its half, so the fold falls in the middle of the sheet.
            x = column * sheet_w / 2 + (sheet_w / 2 - w) / 2
            side.merge_transformed_page(page, Transformation().translate(x, (sheet_h - h) / 2))
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    root = reader.trailer["/Root"]  # resolved: a PDF's catalog is a dictionary
    assert isinstance(root, DictionaryObject)
    # pages in folding order have no reading order: say plainly that this file is not tagged
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(False)})
    lang = root.get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _sheet(pages: list[PageObject]) -> tuple[float, float]:
    """The paper two pages side by side are printed on: A4 landscape for A5 pages, A3 for A4."""
    width = float(pages[0].mediabox.width) if pages else 0.0
    return landscape(A4) if 2 * width <= landscape(A4)[0] + 1 else landscape(A3)

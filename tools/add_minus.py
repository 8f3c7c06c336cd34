"""Give the bundled Noto Sans subsets a minus sign (U+2212).

Noto Sans 2.004 has no minus glyph; later versions draw it as the horizontal bar of the plus
sign, on the plus sign's advance width. This adds exactly that glyph to each bundled style, so
"T-score −3,0" prints with a real minus. Run once from the repository root:

    python tools/add_minus.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"


def add_minus(path: Path) -> None:
    font = TTFont(path)
    cmap = font.getBestCmap()
    if 0x2212 in cmap:
        return
    glyf, hmtx = font["glyf"], font["hmtx"]
    plus = cmap[ord("+")]
    points = glyf[plus].getCoordinates(glyf)[0]
    left, right = min(x for x, _ in points), max(x for x, _ in points)
    bar = sorted({y for x, y in points if x == left})  # the bar's bottom and top at the outer edge
    pen = TTGlyphPen(None)
    pen.moveTo((left, bar[0]))
    pen.lineTo((left, bar[-1]))
    pen.lineTo((right, bar[-1]))
    pen.lineTo((right, bar[0]))
    pen.closePath()
    order = font.getGlyphOrder() + ["minus"]
    font.setGlyphOrder(order)
    glyf.glyphs["minus"] = pen.glyph()
    glyf.glyphOrder = order
    hmtx.metrics["minus"] = (hmtx[plus][0], left)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x2212] = "minus"
    font["maxp"].numGlyphs = len(order)
    font.save(path)


if __name__ == "__main__":
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        add_minus(FONTS / f"NotoSans-{style}.ttf")

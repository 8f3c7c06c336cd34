"""The key to the exercise pictures, and the frame printed where an exercise has none.

The key ("clock = hold", "arrow = movement", "outline = start") is printed once per leaflet, at
the right of the heading over the first drawn pictures, on the heading's own line where it fits
(there it costs no height, so it moves no page break), else under it; a line too narrow for it
sets a large-print key smaller, down to 12 pt, then breaks it between items. "Framed footprint
= the feet seen from above" joins it, or is a key of its own by the heading of the section that
first prints that frame. Its symbols are drawn as in the pictures (the clinic's colour for the
clock and the arrow; the start pose as the pictures draw it, an unfilled dashed outline in
`ghost-line`, a small standing person), each at least 1.5 times as tall as the capitals of the
key's 12 pt text.

The missing-picture frame is white with a dashed gray edge, a small pictogram of a picture and
the words "Bild saknas"/"Billede mangler": plainly on purpose, never a colour block.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handouts import leaflet as lf
from handouts.figures.draw import PALETTE
from handouts.layout.tags import Tag, new_key, tagger_of
from handouts.layout.theme import FAMILY, INK, MUTED

KEY_SIZE = 12.0  # pt: the key's text, at the size of the body text it explains
KEY_LINE = 14.0  # pt: the key's height
ICON = 5.0 * mm  # each symbol's width
ICON_HEIGHT = 13.4  # pt: each symbol's height, stroke included (NotoSans capitals at 12 pt: 8.6 pt)
GAP = 3 * mm  # between a heading and the key beside it
EQUALS_GAP = 2.5  # pt between a symbol and its "=": touching, they read as one sign
START_LINE = HexColor(PALETTE["ghost-line"])  # the start pose's outline, as in the pictures
START_WIDTH = 1.2  # pt: a little bolder than the start outline in a printed picture, for its small size
START_DASH = (2.4, 1.2)  # pt on, pt off: the pictures' dash (6 cm on, 3 cm off) at the key's size
SAMPLE_DASH = (3.0, 1.5)  # pt on, pt off: few, long dashes round a plain outline read as dashes at 5 mm
SILHOUETTE = ((0.0, 1.0), (0.8, 0.95), (1.0, 0.7), (1.0, 0.42), (0.66, 0.42), (0.6, 0.0), (0.16, 0.0),
              (0.0, 0.4))
"""Half a standing person's outline (the right half, neck to the foot and up to the crotch), as
fractions of the half-width and of the height below the head: shoulders, an arm hanging beside
the body, two legs apart. Mirrored, it closes into one silhouette, so the sample reads as a
person and not as two rings (an "8"); few corners, so that at 5 mm its dashes stay dashes
(a finer outline, with the arm apart from the body, printed as crumbs)."""
OUTLINE_GRAY = HexColor("#6e6e6e")  # the missing-picture frame's dashed edge


class PictureKey(Flowable):
    """Each symbol followed by "= what it means": one line, or where the line is narrower than
    the key, as many as it needs, broken between the items (never inside one)."""

    def __init__(self, key: lf.PictureKey, colour: Color, scale: float = 1.0):
        super().__init__()
        self.items = tuple((symbol, text) for symbol, text in (("clock", key.hold), ("arrow", key.move),
                                                               ("outline", key.start), ("above", key.above)) if text)
        self.colour = colour
        self.gap = 2.2 * mm
        self.scale = scale  # large print: the key at the size of the text it explains
        self.lines = [list(self.items)]
        self.drawn = scale  # the scale it is set at: see `wrap`
        self.width = self._line_width(self.items, scale)
        self.height = KEY_LINE * scale

    def _line_width(self, items, scale: float) -> float:
        return scale * (sum(ICON + EQUALS_GAP + stringWidth(f"= {text}", FAMILY, KEY_SIZE) for _, text in items)
                        + self.gap * (len(items) - 1))

    def wrap(self, available_width, available_height):
        # large print: a key a little too wide for its line is set a little smaller (never below
        # the normal edition's 12 pt) before it takes a second line, which cost a page
        one = self._line_width(self.items, 1.0)
        self.drawn = max(1.0, min(self.scale, available_width / one)) if one else self.scale
        self.lines = [[]]
        for item in self.items:
            if self.lines[-1] and self._line_width([*self.lines[-1], item], self.drawn) > available_width:
                self.lines.append([])
            self.lines[-1].append(item)
        self.width = max(self._line_width(line, self.drawn) for line in self.lines)
        self.height = KEY_LINE * self.drawn * len(self.lines)
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.scale(self.drawn, self.drawn)
        cap = pdfmetrics.getFont(FAMILY).face.capHeight / 1000 * KEY_SIZE
        for row, line in enumerate(self.lines):
            x, mid = 0.0, KEY_LINE * (len(self.lines) - row) - KEY_LINE / 2
            for symbol, text in line:
                draw_symbol(c, symbol, x + ICON / 2, mid, self.colour)
                x += ICON + EQUALS_GAP
                c.setFillColor(INK)  # as dark as the text it explains: a reader of 80 reads it first
                c.setFont(FAMILY, KEY_SIZE)
                c.drawString(x, mid - cap / 2, f"= {text}")  # the capitals centred on the symbols
                x += stringWidth(f"= {text}", FAMILY, KEY_SIZE) + self.gap
        c.restoreState()


def draw_symbol(c, symbol: str, x: float, y: float, colour: Color) -> None:
    """One of the key's symbols centred on (`x`, `y`): ICON wide at most, ICON_HEIGHT tall."""
    h = ICON_HEIGHT
    c.saveState()
    c.setLineCap(1)
    c.setLineJoin(1)
    if symbol == "clock":
        width = 1.1
        r = h / 2 - width / 2
        c.setStrokeColor(colour)
        c.setLineWidth(width)
        c.circle(x, y, r, stroke=1, fill=0)
        c.lines([(x, y, x, y + r * 0.62), (x, y, x + r * 0.5, y)])
    elif symbol == "arrow":  # a curved movement arrow, as the pictures draw one
        width, head, half = 1.3, 4.4, 2.6
        # a quarter ellipse round the lower right corner, from the bottom left up to the head
        cx, cy = x + ICON / 2 - 0.3 - head + 0.5, y - h / 2 + width / 2
        rx, ry = cx - (x - ICON / 2 + width / 2), h - width / 2 - half - 0.1
        ends = (math.radians(178), math.radians(90))
        arc = [(cx + rx * math.cos(a), cy + ry * math.sin(a))
               for a in (ends[0] + (ends[1] - ends[0]) * i / 16 for i in range(17))]
        ux, uy = 1.0, 0.0  # the arc's direction at its top
        base = (arc[-1][0] - 0.5, arc[-1][1])  # the head overlaps the shaft's end
        tip = (base[0] + head, base[1])
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        c.setLineWidth(width)
        c.lines([(*p, *q) for p, q in zip(arc, arc[1:])])
        p = c.beginPath()
        p.moveTo(*tip)
        p.lineTo(base[0] - uy * half, base[1] + ux * half)
        p.lineTo(base[0] + uy * half, base[1] - ux * half)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    elif symbol == "above":  # the framed top view of the feet, as the pictures draw it
        w, hh = ICON * 0.72, h / 2
        c.setStrokeColor(HexColor(PALETTE["prop"]))
        c.setLineWidth(0.6)
        c.roundRect(x - w / 2, y - hh, w, 2 * hh, 1.0, stroke=1, fill=0)
        # one footprint as large as the frame allows, its sole and three toes (two prints, a
        # millimetre wide each, printed as a grey smudge), the big toe on the inner side
        c.setFillColor(HexColor(PALETTE["shoe"]))
        c.ellipse(x - 2.0, y - hh + 1.3, x + 1.6, y + 2.6, stroke=0, fill=1)
        for tx, ty, r in ((-1.1, 4.0, 0.95), (0.55, 3.85, 0.62), (1.65, 3.3, 0.48)):
            c.circle(x + tx, y + ty, r, stroke=0, fill=1)
    else:  # the start pose: a tiny standing person, unfilled and dashed like the pictures' start pose
        w = START_WIDTH
        head = 2.3
        c.setStrokeColor(START_LINE)
        c.setLineWidth(w)
        c.setLineCap(0)  # square dash ends, as the pictures' outline has
        c.setDash(*SAMPLE_DASH)
        top = y + h / 2 - w / 2
        c.circle(x, top - head, head, stroke=1, fill=0)
        body_top, bottom = top - 2 * head - 0.7, y - h / 2 + w / 2
        half, tall = ICON / 2 - w, body_top - bottom
        outline = [(x + sx * half * u, bottom + tall * v) for sx, half_side in ((1, SILHOUETTE), (-1, SILHOUETTE[::-1]))
                   for u, v in half_side]
        p = c.beginPath()
        p.moveTo(*outline[0])
        for point in outline[1:]:
            p.lineTo(*point)
        p.close()
        c.drawPath(p, stroke=1, fill=0)
    c.restoreState()


class HeadingWithKey(Flowable):
    """A heading with the picture key on its right, on the heading's last line; where the
    heading needs that room, the key goes under it, in the space the heading keeps after it."""

    def __init__(self, heading: Flowable, key: Flowable):
        super().__init__()
        self.heading, self.key = heading, key
        self.beside = True

    def wrap(self, available_width, available_height):
        _, one_line = self.key.wrap(1e6, available_height)
        kw, kh = self.key.wrap(available_width, available_height)
        self.width = available_width
        _, whole = self.heading.wrap(available_width, available_height)
        _, narrow = self.heading.wrap(available_width - kw - GAP, available_height)
        self.beside = narrow <= whole and kh <= one_line  # a key of two lines goes under the heading
        if self.beside:
            self.height = narrow
        else:
            self.height = self.heading.wrap(available_width, available_height)[1] + kh
        return self.width, self.height

    def getSpaceBefore(self):
        return self.heading.getSpaceBefore()

    def getSpaceAfter(self):
        after = self.heading.getSpaceAfter()
        return after if self.beside else max(0.0, after - self.key.wrap(self.width, 0)[1])

    def draw(self):
        kw, kh = self.key.wrap(self.width, self.height)
        self.heading.drawOn(self.canv, 0, 0 if self.beside else kh)
        self.key.drawOn(self.canv, self.width - kw, 2 if self.beside else 0)


def picture_key(key: lf.PictureKey, colour: Color, scale: float = 1.0) -> Flowable:
    return Tag("P", PictureKey(key, colour, scale))


class MissingPicture(Flowable):
    """The frame printed where an exercise has no picture: white, dashed, labelled."""

    def __init__(self, width: float, height: float, label: str):
        super().__init__()
        self.width, self.height, self.label = width, height, label
        self.key = new_key("f")

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        tagger = tagger_of(c)
        if tagger:
            tagger.begin(c, self.key, "Figure", None, self.label)
        c.saveState()
        c.setStrokeColor(OUTLINE_GRAY)
        c.setFillColor(HexColor("#ffffff"))
        c.setLineWidth(0.7)
        c.setDash(3, 2)
        c.roundRect(0.4, 0.4, self.width - 0.8, self.height - 0.8, 2.5 * mm, stroke=1, fill=1)
        c.setDash()
        # a pictogram of a picture: a frame with a hill and a sun
        s = min(self.width, self.height) * 0.22
        x, y = self.width / 2 - s / 2, self.height / 2 - s * 0.25
        c.setLineWidth(0.8)
        c.roundRect(x, y, s, s * 0.75, s * 0.08, stroke=1, fill=0)
        c.lines([(x + s * 0.1, y + s * 0.12, x + s * 0.4, y + s * 0.45), (x + s * 0.4, y + s * 0.45, x + s * 0.6, y + s * 0.25),
                 (x + s * 0.6, y + s * 0.25, x + s * 0.9, y + s * 0.12)])
        c.circle(x + s * 0.72, y + s * 0.55, s * 0.08, stroke=1, fill=0)
        c.setFillColor(MUTED)
        c.setFont(FAMILY, 9)
        c.drawCentredString(self.width / 2, y - 11, self.label)
        c.restoreState()
        if tagger:
            tagger.end(c)

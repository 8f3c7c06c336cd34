"""The key to the exercise pictures, and the frame printed where an exercise has none.

The key ("clock = hold", "arrow = movement", "outline = start") is printed once per leaflet, at
the right of the heading over the first drawn pictures, on the heading's own line: it costs no
height, so it never moves a page break. Its symbols are drawn as in the pictures (the clinic's
colour for the clock and the arrow, the outline's gray for the start pose).

The missing-picture frame is white with a dashed gray edge, a small pictogram of a picture and
the words "Bild saknas"/"Billede mangler": plainly on purpose, never a colour block.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handouts import leaflet as lf
from handouts.layout.tags import Tag, new_key, tagger_of
from handouts.layout.theme import FAMILY, MUTED

KEY_SIZE = 12.0  # pt: the key's text, at the size of the body text it explains
KEY_LINE = 14.0  # pt: the key's height
ICON = 4.8 * mm  # each symbol's width
GAP = 3 * mm  # between a heading and the key beside it
OUTLINE_GRAY = HexColor("#6e6e6e")  # the start pose's outline (figures.draw PALETTE "ghost-line")


class PictureKey(Flowable):
    """One line: each symbol followed by "= what it means"."""

    def __init__(self, key: lf.PictureKey, colour: Color):
        super().__init__()
        self.items = (("clock", key.hold), ("arrow", key.move), ("outline", key.start))
        self.colour = colour
        self.gap = 2.2 * mm
        self.width = sum(ICON + 1.2 + stringWidth(f"= {text}", FAMILY, KEY_SIZE) for _, text in self.items) \
            + self.gap * (len(self.items) - 1)
        self.height = KEY_LINE

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        x, mid = 0.0, self.height / 2 - 0.5
        for symbol, text in self.items:
            _symbol(c, symbol, x + ICON / 2, mid, self.colour)
            x += ICON + 1.2
            c.setFillColor(MUTED)
            c.setFont(FAMILY, KEY_SIZE)
            c.drawString(x, mid - KEY_SIZE * 0.35, f"= {text}")
            x += stringWidth(f"= {text}", FAMILY, KEY_SIZE) + self.gap
        c.restoreState()


def _symbol(c, symbol: str, x: float, y: float, colour: Color) -> None:
    r = ICON * 0.42
    c.setLineCap(1)
    c.setLineJoin(1)
    if symbol == "clock":
        c.setStrokeColor(colour)
        c.setLineWidth(0.8)
        c.circle(x, y, r, stroke=1, fill=0)
        c.lines([(x, y, x, y + r * 0.62), (x, y, x + r * 0.5, y)])
    elif symbol == "arrow":
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        c.setLineWidth(0.9)
        c.line(x - r, y - r * 0.3, x + r * 0.35, y + r * 0.2)
        angle = math.atan2(0.5, 1.35)
        tip = (x + r, y + r * 0.45)
        p = c.beginPath()
        p.moveTo(*tip)
        for turn in (2.6, -2.6):
            p.lineTo(tip[0] - r * 0.75 * math.cos(angle + turn / 6), tip[1] - r * 0.75 * math.sin(angle + turn / 6))
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    else:  # a person's outline
        c.setStrokeColor(OUTLINE_GRAY)
        c.setLineWidth(0.6)
        c.circle(x, y + r * 0.72, r * 0.3, stroke=1, fill=0)
        c.roundRect(x - r * 0.32, y - r, r * 0.64, r * 1.32, r * 0.3, stroke=1, fill=0)


class HeadingWithKey(Flowable):
    """A heading with the picture key on its right, on the heading's last line; where the
    heading needs that room, the key goes under it, in the space the heading keeps after it."""

    def __init__(self, heading: Flowable, key: Flowable):
        super().__init__()
        self.heading, self.key = heading, key
        self.beside = True

    def wrap(self, available_width, available_height):
        kw, kh = self.key.wrap(available_width, available_height)
        self.width = available_width
        _, whole = self.heading.wrap(available_width, available_height)
        _, narrow = self.heading.wrap(available_width - kw - GAP, available_height)
        self.beside = narrow <= whole
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


def picture_key(key: lf.PictureKey, colour: Color) -> Flowable:
    return Tag("P", PictureKey(key, colour))


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

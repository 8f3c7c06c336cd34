"""Drawing a figure: a `FigureSpec` -> a reportlab `Drawing` (vector), or SVG text.

The scene (in cm) is scaled into a square of `size` points with a margin and centred; the
scene's square already holds every mark with its stroke width, so nothing is ever clipped.
The figure is ink; `colour` (the clinic's brand colour) tints only the arrows, the hold mark,
and a highlighted limb; an elastic band has a colour of its own (`BANDS`), apart from the
clothes and the arrows, which share the clinic's colour; `paper` is the colour the picture is printed on, used for the thin gaps
that lift near limbs off the trunk. The same spec draws the same picture in every language:
there is no text in it.

Contract: `figure_drawing(spec, size)` -> `Drawing`; `figure_svg(spec, size)` -> str. Both
draw a spec even if its poses have problems; `load_figures` is what refuses those.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, PolyLine
from reportlab.lib.colors import Color, HexColor, linearlyInterpolatedColor

from handouts.figures.marks import Dot, Line, Mark, Shape, trimmed
from handouts.figures.model import FigureSpec
from handouts.figures.scene import compose

INK = "#1a1a1a"
PALETTE = {
    "ink": INK,
    "ghost-line": "#4d4d4d",  # the start pose's dashed outline: 8.5:1, darker than any far-side fill
    "prop": "#7c7c7c",
    "prop-fill": "#ececec",
    "legs": "#3a4652",
    "skin": "#8a5a44",
    "shoe": "#2b2b2b",
    "hair": "#4a3a30",
}
BANDS = ("#c0392b", "#7b3fa0")
"""An elastic band's colour: the first of these (a red exercise band) unless the clinic's colour
is close to it in hue, then the second; both are 4.5:1 or more on white, and neither is the
clothing or arrow colour, so the band reads as a thing held, not a sleeve or an arrow."""
LIGHT = 0.22  # how much of the brand colour tints a mat or pillow
MID = 0.75  # how much of it fills a highlighted limb (outlined in the full colour); at half, it read as a far limb
MARGIN = 0.04  # of the square's side, on every edge
NEAR_CONTRAST = 5.5  # the clothing colour is darkened until it stands out this much from the paper
FAR_CONTRAST = 3.2  # the far side's tones: lighter, and still above 3:1 against the paper


def figure_drawing(spec: FigureSpec, size: float, *, colour: str = "#1d5c73",
                   paper: str = "#ffffff") -> Drawing:
    """`spec` drawn into a `size` × `size` point square."""
    scene, _ = compose(spec)
    x0, y0, side = scene.square
    scale = size * (1 - 2 * MARGIN) / side
    shift = size * MARGIN

    def pt(p: tuple[float, float]) -> tuple[float, float]:
        return (shift + (p[0] - x0) * scale, shift + (p[1] - y0) * scale)

    colours = person_colours(colour, paper)
    colours["accent"] = HexColor(colour)
    colours["accent-light"] = linearlyInterpolatedColor(HexColor(paper), HexColor(colour), 0, 1, LIGHT)
    colours["accent-mid"] = linearlyInterpolatedColor(HexColor(paper), HexColor(colour), 0, 1, MID)
    colours["band"] = band_colour(colour)
    drawing = Drawing(size, size)
    group = Group()
    for mark in scene.marks:
        for shape in _shapes(mark, pt, scale, colours, HexColor(paper)):
            group.add(shape)
    drawing.add(group)
    return drawing


def figure_svg(spec: FigureSpec, size: float, *, colour: str = "#1d5c73", paper: str = "#ffffff") -> str:
    """`spec` drawn as an SVG document of `size` points square."""
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(figure_drawing(spec, size, colour=colour, paper=paper))


def band_colour(colour: str) -> Color:
    """The elastic band's colour for a clinic colour (see `BANDS`)."""
    import colorsys

    def hue(c: Color) -> float:
        return colorsys.rgb_to_hsv(c.red, c.green, c.blue)[0]

    clinic, first = HexColor(colour), HexColor(BANDS[0])
    apart = abs(hue(clinic) - hue(first))
    grey = max(clinic.red, clinic.green, clinic.blue) - min(clinic.red, clinic.green, clinic.blue) < 0.1
    return first if grey or min(apart, 1 - apart) > 0.12 else HexColor(BANDS[1])


def person_colours(colour: str, paper: str = "#ffffff") -> dict[str, Color]:
    """Every role's colour: the clothes in the clinic's `colour`, darkened until they read on
    `paper`; each far-side tone the near one mixed towards the paper, but kept at 3:1 or more."""
    from handouts.layout.theme import contrast

    back = HexColor(paper)
    colours = {role: HexColor(value) for role, value in PALETTE.items()}
    colours["paper"] = back
    colours["cloth"] = _towards(HexColor(colour), HexColor(INK), back, NEAR_CONTRAST, contrast, darker=True)
    for part in ("cloth", "legs", "skin", "shoe", "hair"):
        colours[f"{part}-far"] = _towards(colours[part], back, back, FAR_CONTRAST, contrast, darker=False)
    return colours


def _towards(colour: Color, other: Color, paper: Color, ratio: float, contrast, darker: bool) -> Color:
    """`colour` mixed with `other` as far as keeps (lighter) or reaches (darker) `ratio` against
    `paper`; bisection, so the same colours always give the same tone."""
    if darker and contrast(colour, paper) >= ratio:
        return colour
    low, high = 0.0, 1.0
    for _ in range(20):
        mid = (low + high) / 2
        ok = contrast(linearlyInterpolatedColor(colour, other, 0, 1, mid), paper) >= ratio
        if ok != darker:
            low = mid
        else:
            high = mid
    k = high if darker else low
    mixed = linearlyInterpolatedColor(colour, other, 0, 1, k)
    return HexColor("#%02x%02x%02x" % tuple(round(255 * c) for c in (mixed.red, mixed.green, mixed.blue)))


def _shapes(mark: Mark, pt, scale: float, colours: dict[str, Color], paper: Color):
    if isinstance(mark, Dot):
        x, y = pt(mark.centre)
        yield Circle(x, y, mark.radius * scale, fillColor=colours[mark.role], strokeColor=None)
        return
    points = [c for p in mark.points for c in pt(p)]
    if isinstance(mark, Line) and mark.closed:
        points += points[:2]
    if isinstance(mark, Shape):
        outline = colours[mark.outline] if mark.outline else None
        dash = [d * scale for d in mark.dash] if mark.dash and outline else None
        yield Polygon(points, fillColor=colours[mark.fill], strokeColor=outline,
                      strokeWidth=mark.width * scale, strokeLineJoin=1, strokeDashArray=dash)
        return
    assert isinstance(mark, Line)
    style = dict(strokeLineCap=1, strokeLineJoin=1, fillColor=None)
    if mark.gap:
        # The edge stops short of the limb's tip, so its wider round cap can't cut what lies beyond.
        tip = mark.width / 2 + mark.gap
        edge = [c for p in trimmed(list(mark.points), mark.gap_skip, tip) for c in pt(p)]
        yield PolyLine(edge, strokeColor=paper, strokeWidth=(mark.width + 2 * mark.gap) * scale, **style)
    yield PolyLine(points, strokeColor=colours[mark.role], strokeWidth=mark.width * scale, **style)

"""Drawing a figure: a `FigureSpec` -> a reportlab `Drawing` (vector), or SVG text.

The scene (in cm) is scaled into a square of `size` points with a margin and centred; the
scene's square already holds every mark with its stroke width, so nothing is ever clipped.
The figure is ink; `colour` (the clinic's brand colour) tints only the arrows, the hold mark
and an elastic band; `paper` is the colour the picture is printed on, used for the thin gaps
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
    "far": "#8c8c8c",
    "ghost": "#c4c4c4",
    "ghost-far": "#dcdcdc",
    "prop": "#808080",
    "prop-fill": "#ececec",
}
LIGHT = 0.22  # how much of the brand colour tints a mat or pillow
MARGIN = 0.04  # of the square's side, on every edge


def figure_drawing(spec: FigureSpec, size: float, *, colour: str = "#1d5c73",
                   paper: str = "#ffffff") -> Drawing:
    """`spec` drawn into a `size` × `size` point square."""
    scene, _ = compose(spec)
    x0, y0, side = scene.square
    scale = size * (1 - 2 * MARGIN) / side
    shift = size * MARGIN

    def pt(p: tuple[float, float]) -> tuple[float, float]:
        return (shift + (p[0] - x0) * scale, shift + (p[1] - y0) * scale)

    colours = {role: HexColor(value) for role, value in PALETTE.items()}
    colours["accent"] = HexColor(colour)
    colours["accent-light"] = linearlyInterpolatedColor(HexColor(paper), HexColor(colour), 0, 1, LIGHT)
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
        yield Polygon(points, fillColor=colours[mark.fill], strokeColor=outline,
                      strokeWidth=mark.width * scale, strokeLineJoin=1)
        return
    assert isinstance(mark, Line)
    style = dict(strokeLineCap=1, strokeLineJoin=1, fillColor=None)
    if mark.gap:
        # The edge stops short of the limb's tip, so its wider round cap can't cut what lies beyond.
        tip = mark.width / 2 + mark.gap
        edge = [c for p in trimmed(list(mark.points), mark.gap_skip, tip) for c in pt(p)]
        yield PolyLine(edge, strokeColor=paper, strokeWidth=(mark.width + 2 * mark.gap) * scale, **style)
    yield PolyLine(points, strokeColor=colours[mark.role], strokeWidth=mark.width * scale, **style)

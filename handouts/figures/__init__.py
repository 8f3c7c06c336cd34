"""Exercise pictures drawn from data: line figures, vector in the PDF, the same in every language.

A figure file `figures/<exercise-id>.yaml` (beside `exercises/` in the library or a clinic
project) describes one picture: the view, the props, and the person's pose as joint angles on
a body of fixed, standard proportions (see `model.py` for every key and `skeleton.py` for the
proportions). Adding a picture is writing such a file.

Public API:

    load_figures(folder, exercise_ids, languages, origin="built-in") -> dict[str, FigureSpec]
        Read and check every figure file in `folder`; raises `HandoutsError` with
        file:line:col diagnostics for any problem in any file.
    figure_drawing(spec, size, *, colour="#1d5c73", paper="#ffffff") -> reportlab Drawing
        The picture in a `size`-point square (a Flowable too); `colour` tints arrows and the hold
        mark, `paper` is the colour printed under it.
    figure_svg(spec, size, *, colour=..., paper=...) -> str
        The same picture as an SVG document.
    contact_sheet(specs, size, columns=4) -> reportlab Table
        Every picture with its exercise id under it, for checking them by eye.

Pipeline: `model` (schema) -> `pose` (place a pose: rest it on the floor, solve `floor` knees
and `flat` ankles) -> `props` (mat and pillow under the body, other props fitted to it) ->
`scene` (marks in cm, arrows, hold mark, the square to show) -> `draw` (reportlab).
"""

from .draw import figure_drawing, figure_svg
from .load import load_figures
from .model import FigureSpec
from .sheet import contact_sheet

__all__ = ["FigureSpec", "contact_sheet", "figure_drawing", "figure_svg", "load_figures"]

"""Exercise pictures drawn from data: line figures, vector in the PDF, the same in every language.

A figure file `figures/<exercise-id>.yaml` (beside `exercises/` in the library or a clinic
project) describes one picture: the view, the props, and the person's pose as joint angles on
a body of fixed, standard proportions (see `model.py` for every key and `skeleton.py` for the
proportions). Adding a picture is writing such a file; a clinic's file may start from another
figure with `extends:` and give only what differs (`extend.py`). `highlight:` draws the limb the
exercise's steps name ("höger fot") in the clinic's colour.

Public API:

    load_figures(world, folder, exercise_ids, languages, origin="built-in") -> dict[str, FigureSpec]
        Read and check every figure file in `folder`; raises `HandoutsError` with
        file:line:col diagnostics for any problem in any file.
    check_figure(source, path, exercise_ids, languages) -> FigureSpec | list[Diagnostic]
        Check one figure file already read; the library reads figures lazily with it.
    figure_drawing(spec, size, *, colour="#1d5c73", paper="#ffffff") -> reportlab Drawing
        The picture in a `size`-point square (a Flowable too); `colour` tints arrows and the hold
        mark, `paper` is the colour printed under it.
    figure_svg(spec, size, *, colour=..., paper=...) -> str
        The same picture as an SVG document.

Pipeline: `model` (schema) -> `pose` (place a pose: rest it on the floor, solve `floor` knees
and `flat` ankles) -> `props` (mat and pillow under the body, other props fitted to it) ->
`scene` (marks in cm, arrows, hold mark, `inset`'s top view of the feet, the square to show) ->
`draw` (reportlab).
"""

from handouts.figures.draw import figure_drawing, figure_svg
from handouts.figures.load import check_figure, load_figures
from handouts.figures.model import FigureSpec

__all__ = ["FigureSpec", "check_figure", "figure_drawing", "figure_svg", "load_figures"]

"""Every exercise's picture on one sheet, with its id and name, for a physiotherapist's review;
and one picture as SVG, for `handouts show exercise ID --picture out.svg`."""

from __future__ import annotations

import datetime as dt
import io

from handouts.diagnostics import error
from handouts.world.core import World


def contact_sheet_pdf(workspace: World, lang: str, date: dt.date) -> bytes:
    from handouts.layout.tags import fresh_keys

    with fresh_keys():
        return _contact_sheet(workspace, lang, date)


def _contact_sheet(workspace: World, lang: str, date: dt.date) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    from handouts.layout.blocks import Illustration, table
    from handouts.layout.picture_key import MissingPicture
    from handouts.layout.text import escape
    from handouts.layout.theme import FAMILY, make_theme

    library = workspace.library
    if lang not in library.languages:
        raise error(f"unknown language '{lang}'", "request.language")
    theme = make_theme("#1d5c73", "#e3eef2", "")
    size, columns = 40 * mm, 4
    cells = []
    for exercise_id, exercise in sorted(library.exercises.items()):
        figure = library.figure(exercise_id)
        picture = Illustration(figure, size, theme.link) if figure else MissingPicture(
            size, size * 0.75, workspace.catalogues[lang].text("picture.missing"))
        names = [exercise.text[other].name for other in (lang, *sorted(set(exercise.text) - {lang}))
                 if other in exercise.text]  # the chosen language first, then the others
        label = Paragraph(f"<b>{escape(exercise_id)}</b><br/>" + "<br/>".join(escape(n) for n in names),
                          theme.styles["qr"])
        alt = Paragraph(escape(figure.alt.get(lang, "")) if figure else "—", theme.styles["qr"])
        cells.append([picture, label, alt])
    # one table per row of pictures, kept on one page with its names and alt texts
    rows: list = []
    for i in range(0, len(cells), columns):
        chunk = cells[i:i + columns]
        chunk += [["", "", ""]] * (columns - len(chunk))
        rows.append(KeepTogether([table([[c[0] for c in chunk], [c[1] for c in chunk], [c[2] for c in chunk]],
                                        [size + 4 * mm] * columns, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]),
                                  Spacer(0, 3 * mm)]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName=FAMILY, title="handouts pictures",
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    stamp = f"D:{date:%Y%m%d}000000+00'00'"
    title = workspace.catalogues[lang].text("picture.sheet")
    heading = Paragraph(f"{escape(title)} ({escape(lang)}), {date.isoformat()}", theme.styles["h2"])

    def canvasmaker(*args, **kwargs):
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_: stamp)
        return canvas

    doc.build([heading, Spacer(0, 4), *rows], canvasmaker=canvasmaker)
    return buffer.getvalue()


def exercise_svg(workspace: World, exercise_id: str) -> str:
    from handouts.figures import figure_svg

    library = workspace.library
    if exercise_id not in library.exercises:
        from handouts.diagnostics import did_you_mean

        raise error(f"unknown exercise '{exercise_id}'", "request.unknown-exercise",
                    hint=did_you_mean(exercise_id, library.exercises))
    figure = library.figure(exercise_id)
    if figure is None:
        raise error(f"exercise '{exercise_id}' has no drawn picture", "picture.missing")
    return figure_svg(figure, 300)

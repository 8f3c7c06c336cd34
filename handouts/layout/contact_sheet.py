"""Every exercise's picture on one sheet, with its id and name, for a physiotherapist's review;
and one picture alone, as SVG or PNG, for `handouts show exercise ID --picture out.svg`.

A picture file carries its mark of origin (an SVG comment, a PNG text chunk: `written by
handouts VERSION`) so that a later export may replace it and nothing else (`picture_is_ours`),
and its alt text in the chosen language (the SVG's `<title>`, the PNG's `Description`)."""

from __future__ import annotations

import datetime as dt
import hashlib
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

    from handouts import __version__
    from handouts import leaflet as lf
    from handouts.layout.blocks import Illustration, table
    from handouts.layout.picture_key import MissingPicture, picture_key
    from handouts.layout.text import escape
    from handouts.layout.theme import FAMILY, MUTED, make_theme

    class Grounded(Illustration):
        """A picture only as tall as its ink, standing on its lowest point (the floor line): in
        a bottom-aligned row, the floors are level (in their squares they were up to 10 mm apart,
        a lying figure's square centred on it)."""

        def __init__(self, *args):
            super().__init__(*args)
            _, self.low, _, self.high = self.drawing.getBounds()

        def wrap(self, available_width, available_height):
            return self.size, self.high - self.low

        def draw_picture(self):
            self.drawing.drawOn(self.canv, 0, -self.low)

    library = workspace.library
    if lang not in library.languages:
        raise error(f"unknown language '{lang}'", "request.language")
    theme = make_theme("#1d5c73", "#e3eef2", "")
    size, columns = 40 * mm, 4
    stamp = f"D:{date:%Y%m%d}000000+00'00'"
    cat = workspace.catalogues[lang]
    # the pictures signed off, by their content: a sheet signed for one set is not taken for another
    drawn = [(e, repr(library.figure(e)), [t.name for t in x.text.values()]) for e, x in sorted(library.exercises.items())]
    digest = hashlib.sha256(repr(drawn).encode()).hexdigest()[:8]
    title = f"{cat.text('picture.sheet')} ({lang}), {date.isoformat()}"

    def story() -> list:
        """Made anew for each pass: reportlab changes flowables as it lays them out."""
        cells = []
        for exercise_id, exercise in sorted(library.exercises.items()):
            figure = library.figure(exercise_id)
            picture = Grounded(figure, size, theme.link) if figure else MissingPicture(
                size, size * 0.75, workspace.catalogues[lang].text("picture.missing"))
            names = [exercise.text[other].name for other in (lang, *sorted(set(exercise.text) - {lang}))
                     if other in exercise.text]  # the chosen language first, then the others
            label = Paragraph(f"<b>{escape(exercise_id)}</b><br/>" + "<br/>".join(escape(n) for n in names),
                              theme.styles["qr"])
            alt = Paragraph(escape(figure.alt.get(lang, "")) if figure else "—", theme.styles["qr"])
            cells.append([picture, label, alt])
        # what a physiotherapist fills in by hand after the last picture, never on a page of its
        # own (alone, it took one): in the last row's empty cells when there are two or more,
        # else under the last row, kept with it
        fields = [cat.text(f"picture.signoff_{k}") for k in ("name", "date", "sign")]  # plain cells: not markup

        def signoff(width: float) -> list:
            gap = 5 * mm  # each field its own line to write on, not one rule under all three
            line = (width - 2 * gap) / 3
            return [Paragraph(f"<b>{escape(cat.text('picture.signoff'))}</b>", theme.styles["body"]),
                    Spacer(0, 9 * mm),  # room to write above each line
                    table([[fields[0], "", fields[1], "", fields[2]]], [line, gap, line, gap, line],
                          [*(("LINEABOVE", (c, 0), (c, 0), 0.75, MUTED) for c in (0, 2, 4)),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)])]

        cell = size + 4 * mm
        # one table per row of pictures, kept on one page with its names and alt texts; the
        # pictures stand on one line (bottom-aligned), so their floors are level across the row
        rows: list = []
        for i in range(0, len(cells), columns):
            chunk = cells[i:i + columns]
            free = columns - len(chunk)
            last = i + columns >= len(cells)
            grid = [[c[0] for c in chunk], [c[1] for c in chunk], [c[2] for c in chunk]]
            commands: list = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
            if last and free >= 2:
                grid[0] += [signoff(free * cell - 6 * mm)] + [""] * (free - 1)
                grid[1] += [""] * free
                grid[2] += [""] * free
                commands += [("SPAN", (len(chunk), 0), (-1, -1)), ("VALIGN", (len(chunk), 0), (-1, -1), "BOTTOM"),
                             ("LEFTPADDING", (len(chunk), 0), (-1, -1), 6 * mm)]
                rows.append(KeepTogether([table(grid, [cell] * columns, commands), Spacer(0, 3 * mm)]))
                continue
            for part in grid:
                part += [""] * free
            tail = signoff(3 * 58 * mm) if last else []
            rows.append(KeepTogether([table(grid, [cell] * columns, commands), Spacer(0, 3 * mm), *tail]))
        # the key as the leaflets print it, so what is signed off includes how the symbols are explained
        above = any(figure is not None and figure.feet_from_above for figure in map(library.figure, library.exercises))
        key = picture_key(lf.PictureKey(cat.text("picture.hold"), cat.text("picture.move"), cat.text("picture.start"),
                                        cat.text("picture.above") if above else None), theme.link)
        return [Paragraph(escape(title), theme.styles["h2"]), Spacer(0, 2), key, Spacer(0, 4 * mm), *rows]

    def build(total: int) -> tuple[bytes, int]:
        """The sheet, each page's foot naming it and saying "page n of `total`"; and its page count."""
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName=FAMILY, title="handouts pictures",
                                creator=f"handouts {__version__}",  # what lets a later sheet replace it
                                leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)

        def canvasmaker(*args, **kwargs):
            from reportlab.pdfgen.canvas import Canvas

            canvas = Canvas(*args, **kwargs)
            canvas.setDateFormatter(lambda *_: stamp)
            return canvas

        def foot(canvas, doc) -> None:
            # a loose page of a signed sheet still says what it is, of when, and which of how many
            canvas.saveState()
            canvas.setFont(FAMILY, 9)
            canvas.setFillColor(MUTED)
            canvas.drawString(15 * mm, 9 * mm, f"{title} · #{digest}")
            canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, cat.text("page.number", page=doc.page, total=total))
            canvas.restoreState()

        doc.build(story(), canvasmaker=canvasmaker, onFirstPage=foot, onLaterPages=foot)
        return buffer.getvalue(), doc.page

    _, total = build(0)  # the first pass only counts the pages
    return build(total)[0]


PICTURE_SUFFIXES = (".svg", ".png")
PICTURE_POINTS = 300  # the square's side: about 10.6 cm at 72 points an inch
PNG_SCALE = 2  # pixels per point: a 600 × 600 PNG
MARK = "written by handouts"


def exercise_svg(workspace: World, exercise_id: str) -> str:
    from handouts.figures import figure_svg

    return figure_svg(_figure(workspace, exercise_id), PICTURE_POINTS)


def exercise_picture(workspace: World, exercise_id: str, suffix: str, lang: str, colour: str) -> bytes:
    """The exercise's picture alone, as an SVG (`suffix` .svg) or PNG (.png) file's bytes; the
    arrows and the hold mark in `colour`, the alt text in `lang`."""
    from handouts import __version__
    from handouts.figures import figure_drawing

    library = workspace.library
    if lang not in library.languages:
        raise error(f"unknown language '{lang}'", "request.language",
                    hint=f"use one of: {', '.join(library.languages)}")
    figure = _figure(workspace, exercise_id)
    alt = figure.alt.get(lang, "")
    drawing = figure_drawing(figure, PICTURE_POINTS, colour=colour)
    mark = f"{MARK} {__version__}: the picture of exercise {exercise_id}"
    if suffix == ".svg":
        return _svg(drawing, alt, lang, mark).encode("utf-8")
    return _png(drawing, alt, lang, mark)


def _svg(drawing, alt: str, lang: str, mark: str) -> str:
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(drawing)
    head, sep, rest = text.partition("<svg ")
    rest = rest.replace("<title>...</title>", f'<title xml:lang="{lang}">{xml_escape(alt)}</title>', 1)
    rest = rest.replace("<desc>...</desc>", f"<desc>{xml_escape(mark)}</desc>", 1)
    return f"{head}<!-- {xml_escape(mark).replace('--', '- -')} -->\n{sep}{rest}"


def _png(drawing, alt: str, lang: str, mark: str) -> bytes:
    """Drawn into a one-page PDF by reportlab and rasterised by PDFium, as the leaflet previews
    are: the pixels are those a PDF viewer shows. Pillow writes the PNG with its text chunks."""
    try:
        import pypdfium2
    except ImportError:
        raise error("PNG export needs PDFium, which is in the serve extra", "picture.png-unavailable",
                    hint="pip install 'handouts[serve]', or write the picture as .svg") from None
    from PIL.PngImagePlugin import PngInfo
    from reportlab.graphics import renderPDF

    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        image = pdf[0].render(scale=PNG_SCALE, fill_color=(255, 255, 255, 255)).to_pil().convert("RGB")
    finally:
        pdf.close()
    info = PngInfo()
    info.add_text("Software", mark.split(":", 1)[0].removeprefix("written by "))
    info.add_text("Comment", mark)
    info.add_itxt("Description", alt, lang=lang)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, optimize=False)
    return buffer.getvalue()


def picture_is_ours(path) -> bool:
    """Whether `path` is a regular file holding a picture this tool exported (its mark says so)."""
    import os
    import stat

    from PIL import Image

    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > 64 * 2**20:
            return False
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            with Image.open(path) as image:  # reads the chunks before the pixels, not the pixels
                return str(image.info.get("Comment", "")).startswith(MARK + " ")
        return head.startswith(b"<?xml") and f"<!-- {MARK} ".encode() in head
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


def _figure(workspace: World, exercise_id: str):
    library = workspace.library
    if exercise_id not in library.exercises:
        from handouts.diagnostics import did_you_mean

        raise error(f"unknown exercise '{exercise_id}'", "request.unknown-exercise",
                    hint=did_you_mean(exercise_id, library.exercises))
    figure = library.figure(exercise_id)
    if figure is None:
        raise error(f"exercise '{exercise_id}' has no drawn picture", "picture.missing",
                    hint=f"add figures/{exercise_id}.yaml (it may start from a built-in one with 'extends:')")
    return figure

"""The floor: the benchmark leaflet built by a short, plain reportlab platypus script.

Same font (the bundled Noto Sans, embedded), same picture (one PNG per exercise), same styles
(12 pt body), same exercises and roughly the same page count as `handouts build bench`. No
validation, no translation, no safety checks: the fastest honest way to print this leaflet
with the library handouts is built on.

    python floor.py PROJECT OUT.pdf       # one build, as a whole process
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (Image, KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate,
                                Spacer, Table)

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"


def register() -> None:
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSans", str(FONTS / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(FONTS / "NotoSans-Bold.ttf")))


def build_floor(project: Path, patient: str = "", lang: str = "sv") -> bytes:
    register()
    recipe = yaml.safe_load((project / "recipes" / "bench.yaml").read_text(encoding="utf-8"))
    ids = recipe["sections"][1]["exercises"]
    body = ParagraphStyle("body", fontName="NotoSans", fontSize=12, leading=17)
    head = ParagraphStyle("head", fontName="NotoSans-Bold", fontSize=14, leading=18)
    title = ParagraphStyle("title", fontName="NotoSans-Bold", fontSize=25, leading=30)
    story = [Paragraph(recipe["title"][lang], title), Paragraph(patient or "&nbsp;", body), Spacer(0, 10)]
    for number, exercise_id in enumerate(ids, start=1):
        data = yaml.safe_load((project / "exercises" / f"{exercise_id}.yaml").read_text(encoding="utf-8"))
        text = data["text"][lang]
        steps = ListFlowable([ListItem(Paragraph(s, body)) for s in text["steps"]], bulletType="1")
        picture = Image(str(project / data["illustration"]["file"]), 42 * mm, 42 * mm)
        card = Table([[picture, [Paragraph(f"{number}. {text['name']}", head), steps]]],
                     colWidths=[48 * mm, None])
        story.append(KeepTogether([card, Spacer(0, 8)]))

    def page_number(canvas, doc):
        canvas.setFont("NotoSans", 10)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"{doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName="NotoSans")
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(build_floor(Path(sys.argv[1])))

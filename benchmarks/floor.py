"""The floor: the benchmark leaflet built by a short, plain reportlab platypus script.

Same content (title, date, introduction, and per exercise its name, purpose, numbered steps,
dosage in a tinted box and cautions in a box), same font (the bundled Noto Sans, embedded), same
picture (one PNG per exercise), same styles (12 pt body) and the same page count as `handouts
build bench`. No validation, no translation catalogue, no tagging, no safety checks: the fastest
honest way to print this leaflet with the library handouts is built on.

    python floor.py PROJECT OUT.pdf       # one build, as a whole process
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
BRAND, TINT, CAUTION = HexColor("#1d5c73"), HexColor("#e3eef2"), HexColor("#fbeee6")


def register() -> None:
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        for name, file in (("NotoSans", "Regular"), ("NotoSans-Bold", "Bold"), ("NotoSans-Italic", "Italic")):
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"NotoSans-{file}.ttf")))


def dosage(d: dict) -> str:
    parts = []
    side = " på varje sida" if d.get("per_side") else ""
    if d.get("hold"):
        parts.append(f"Håll kvar i {d['hold']} sekunder{'' if d.get('reps') else side}.")
    reps = d.get("reps")
    if reps:
        low = reps[0] if isinstance(reps, list) else reps
        shown = f"{reps[0]}–{reps[1]}" if isinstance(reps, list) else reps
        if d.get("build_up_to", 0) > low:
            parts.append(f"Börja med {shown} gånger och öka efter hand till {d['build_up_to']}{side}.")
        else:
            parts.append(f"Upprepa {shown} gånger{side}.")
    return " ".join(parts)


def boxed(flowables, colour) -> Table:
    box = Table([[flowables]], colWidths=["100%"])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colour), ("LEFTPADDING", (0, 0), (-1, -1), 7),
                             ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    return box


def build_floor(project: Path, patient: str = "", lang: str = "sv") -> bytes:
    register()
    recipe = yaml.safe_load((project / "recipes" / "bench.yaml").read_text(encoding="utf-8"))
    ids = recipe["sections"][1]["exercises"]
    body = ParagraphStyle("body", fontName="NotoSans", fontSize=12, leading=17)
    purpose = ParagraphStyle("purpose", parent=body, fontName="NotoSans-Italic", spaceAfter=5)
    bold = ParagraphStyle("bold", parent=body, fontName="NotoSans-Bold")
    head = ParagraphStyle("head", fontName="NotoSans-Bold", fontSize=14, leading=18, textColor=BRAND, spaceAfter=3)
    title = ParagraphStyle("title", fontName="NotoSans-Bold", fontSize=25, leading=30, textColor=BRAND)
    small = ParagraphStyle("small", fontName="NotoSans", fontSize=10, leading=13, spaceAfter=14)
    story = [Paragraph(recipe["title"][lang], title), Paragraph("Utskriven 21 november 2026", small)]
    if patient:
        story.append(boxed([Paragraph(f"Till: {patient}", bold)], TINT))
    story += [Paragraph(recipe["sections"][0]["text"][lang], body), Spacer(0, 10)]
    for number, exercise_id in enumerate(ids, start=1):
        data = yaml.safe_load((project / "exercises" / f"{exercise_id}.yaml").read_text(encoding="utf-8"))
        text = data["text"][lang]
        steps = ListFlowable([ListItem(Paragraph(s, body)) for s in text["steps"]], bulletType="1")
        picture = Image(str(project / data["illustration"]["file"]), 42 * mm, 42 * mm)
        column = [Paragraph(f"Övning {number}: {text['name']}", head), Paragraph(text["purpose"], purpose), steps,
                  Spacer(0, 5), boxed([Paragraph(dosage(data["dosage"]), bold)], TINT)]
        for caution in text.get("cautions", []):
            column += [Spacer(0, 5), boxed([Paragraph(f"<b>OBS!</b> {caution}", body)], CAUTION)]
        card = Table([[picture, column]], colWidths=[49 * mm, None], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
        story.append(KeepTogether([card, Spacer(0, 12)]))

    def page(canvas, doc):
        canvas.saveState()
        if doc.page == 1:
            canvas.setFillColor(BRAND)
            canvas.roundRect(20 * mm, A4[1] - 42 * mm, A4[0] - 40 * mm, 24 * mm, 3 * mm, stroke=0, fill=1)
            canvas.setFillColor(white)
            canvas.setFont("NotoSans-Bold", 15)
            canvas.drawString(28 * mm, A4[1] - 32 * mm, "Benchkliniken")
        canvas.setFont("NotoSans", 9)
        canvas.drawString(20 * mm, 11 * mm, "Benchkliniken · Utskriven 21 november 2026")
        canvas.drawRightString(A4[0] - 20 * mm, 11 * mm, f"Sida {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName="NotoSans")
    first = Frame(20 * mm, 22 * mm, A4[0] - 40 * mm, A4[1] - 80 * mm, id="first")
    later = Frame(20 * mm, 22 * mm, A4[0] - 40 * mm, A4[1] - 48 * mm, id="later")
    doc.addPageTemplates([PageTemplate("first", [first], onPage=page, autoNextPageTemplate="later"),
                          PageTemplate("later", [later], onPage=page)])
    doc.build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(build_floor(Path(sys.argv[1])))

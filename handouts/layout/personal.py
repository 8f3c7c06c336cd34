"""Personal text: the patient's name, the therapist and the printed date.

Everything else on a leaflet is the same for every patient of a recipe. So a leaflet is rendered
in two steps: a template, which a batch makes once per recipe, language and picks, and a stamp,
which writes one patient's text into it (`render.stamp`). A layout never draws personal text
itself: it places a `Slot` (a paragraph in the flow) or calls `slot_string` (page furniture). In
the template each draws a form XObject that is named but left undefined; the stamp defines it
with this patient's text, set in the same style and measure. A paragraph slot's height is
measured from the text when the template is laid out, so a template is reused only for text of
the same shape (`shape`).

Slots are tagged like the paragraphs they stand for: the form is drawn inside the page's marked
content sequence for its structure element, which makes the form's text that element's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from reportlab.platypus import Flowable, Paragraph

from handouts.layout.tags import new_key, tagger_of
from handouts.layout.text import escape


@dataclass(frozen=True)
class Form:
    """One piece of personal text as it is set: a paragraph (`style`, `width`) or a line
    (`font`, `size`, `colour`)."""

    value: str  # the personal value it prints: "printed", "patient.0"
    style: object | None = None  # ParagraphStyle
    width: float = 0.0
    font: str | None = None
    size: float = 0.0
    colour: object | None = None  # reportlab Color


@dataclass
class Slots:
    """What a template leaves open: its forms by name, and which pages draw which forms."""

    forms: dict[Form, str] = field(default_factory=dict)
    pages: dict[int, set[str]] = field(default_factory=dict)

    def draw(self, canvas, form: Form, x: float, y: float) -> None:
        name = self.forms.setdefault(form, f"HP{len(self.forms) + 1}")
        self.pages.setdefault(canvas.getPageNumber(), set()).add(name)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.addLiteral(f"/{name} Do")
        canvas.restoreState()


class Slot(Flowable):
    """A paragraph of personal text, tagged as P: its size is measured from `text`, but the
    text is written by the stamp."""

    def __init__(self, value: str, text: str, style):
        super().__init__()
        self.value, self.style = value, style
        self.paragraph = Paragraph(escape(text), style)
        self.key = new_key("e")
        self.measure = 0.0

    def wrap(self, available_width, available_height):
        self.measure = available_width
        self.width, self.height = self.paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return []  # a line or two: it moves to the next page whole

    def getSpaceBefore(self):
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self):
        return self.paragraph.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = tagger_of(canvas)
        tagger.begin(canvas, self.key, "P", None, None)
        canvas.slots.draw(canvas, Form(self.value, self.style, self.measure), x, y)
        tagger.end(canvas)


def slot_string(canvas, value: str, x: float, y: float, font: str, size: float, colour) -> None:
    """A line of personal text in the page furniture (an artifact), its baseline at (x, y)."""
    canvas.slots.draw(canvas, Form(value, font=font, size=size, colour=colour), x, y)


def shape(forms: Mapping[Form, str], values: Mapping[str, str]) -> tuple[float, ...]:
    """The heights of the paragraph slots for `values`: a template fits text of its own shape."""
    return tuple(Paragraph(escape(values[form.value]), form.style).wrap(form.width, 1e6)[1]
                 for form in forms if form.style is not None)

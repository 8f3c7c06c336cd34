"""Stage 4, render: a laid-out `Document` -> a `Template`; a template and one patient's text ->
PDF bytes (`stamp`); and the one atomic file writer.

A template is the whole tagged leaflet but for its personal text (layout/personal.py), so a batch
renders a recipe once and stamps it per patient. Output is reproducible: reportlab runs in
invariant mode (no clock), the creation date written into the file is the leaflet's date and the
document id is a digest of the content, so the same sources and options give the same bytes on
any machine, in any time zone, whether the template was fresh or reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, MutableMapping

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import LayoutError

from handouts import __version__
from handouts.diagnostics import Diagnostic, HandoutsError, error
from handouts.layout import Document
from handouts.layout.personal import Form, Slots
from handouts.layout.tags import Tagger
from handouts.pdf import measure as measuring  # its MAX_PAGES, read when a leaflet passes it
from handouts.pdf.measure import MeasuredDocTemplate, PageReport, TooManyPages
from handouts.pdf.structure import add_structure

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet

TEMPLATE_DATE = "D:20000101000000+00'00'"  # replaced by the leaflet's date when stamped
MAX_PASSES = 4  # layouts with page references: passes after the first until the numbers settle


@dataclass(frozen=True)
class Template:
    """A tagged leaflet whose personal forms are drawn but not defined (layout/personal.py)."""

    data: bytes
    font: str  # the document's font, also the stamp's initial font
    forms: Mapping[Form, str]  # how each form is set -> its name
    pages: Mapping[int, frozenset[str]]  # page number -> names of the forms it draws
    report: PageReport | None = field(default=None, compare=False)  # what was placed where, when measured


def render_leaflet(leaflet: Leaflet, kept: MutableMapping[Any, Any] | None = None,
                   measure: bool = False) -> Template:
    """Lay out and render `leaflet` as a template.

    A layout that prints page references (a contents page) is laid out again with the pages its
    anchors landed on, until they land where the previous pass said; a contents page that makes
    its own entries move forever is an error, after `MAX_PASSES`.
    """
    from handouts.layout.tags import fresh_keys

    with fresh_keys():
        return _laid_out_and_rendered(leaflet, kept, measure)


def _laid_out_and_rendered(leaflet: Leaflet, kept: MutableMapping[Any, Any] | None, measure: bool) -> Template:
    from handouts.layout import layout_leaflet

    # Each pass is drawn but not yet written out (writing is most of a render's cost): only the
    # pass that is kept is finished into a PDF.
    document = layout_leaflet(leaflet, kept=kept)
    drawn = _drawn(document, measure)
    if document.anchors is not None:
        for _ in range(MAX_PASSES):
            pages = dict(document.anchors or {})
            document = layout_leaflet(leaflet, pages, kept)
            drawn = _drawn(document, measure)
            if document.anchors == pages:
                break
        else:
            raise error("the contents page does not settle: its page numbers move the headings it lists",
                        "layout.contents-unstable", hint="shorten the contents or the part before it")
    return drawn.finished(final=True)


def render_template(document: Document, final: bool = True, measure: bool = False) -> Template:
    """`final=False`: a first pass that only finds where anchors land, left without a structure tree.
    `measure=True`: the template carries a `PageReport` of what was placed where (pdf/measure.py)."""
    return _drawn(document, measure).finished(final)


@dataclass
class _Drawn:
    """A document laid onto its pages, not yet written out: `finished` writes the PDF."""

    document: Document
    doc: Any  # the MeasuredDocTemplate, its canvas still holding the pages
    buffer: io.BytesIO
    tagger: Tagger
    slots: Slots

    def finished(self, final: bool = True) -> Template:
        self.doc.canv.save()
        data = add_structure(self.buffer.getvalue(), self.tagger) if final else self.buffer.getvalue()
        return Template(data, self.document.font, dict(self.slots.forms),
                        {page: frozenset(names) for page, names in self.slots.pages.items()}, self.doc.report)


def _drawn(document: Document, measure: bool = False) -> _Drawn:
    meta = document.metadata
    decorate = document.decorate
    tagger = Tagger()
    slots = Slots()

    class DeferredCanvas(Canvas):
        """Holds each page until the end, so page furniture can say "page 2 of 5"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._bookmarks: list[tuple[str, dict]] = []
            self.tagger, self.slots = tagger, slots
            super().__init__(*args, **kwargs)
            self.addLiteral("/Artifact BMC")  # untagged drawing is decoration (layout/tags.py)
            self._enlarged()
            self.setDateFormatter(lambda *_: TEMPLATE_DATE)
            # reportlab seeds the document id with a clock or SOURCE_DATE_EPOCH; seed it with a
            # constant instead, so the environment can't change the bytes (stamp sets the id).
            self._doc.signature = hashlib.md5(TEMPLATE_DATE.encode(), usedforsecurity=False)
            self._held: list[dict] = []

        def bookmarkPage(self, key, **kwargs):
            # A bookmark points at the page being written; pages are written at the end.
            self._bookmarks.append((key, kwargs))

        def showPage(self):
            self.addLiteral("EMC")
            self._held.append(dict(self.__dict__))
            self._startPage()
            self._bookmarks = []
            self.addLiteral("/Artifact BMC")
            self._enlarged()

        def _enlarged(self):
            # the page's whole content, its furniture too, drawn larger from its first mark
            if document.enlarged_to is not None:
                scale, dx, dy = document.enlarged
                self.translate(dx, dy)
                self.scale(scale, scale)

        def save(self):
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                for key, kwargs in state["_bookmarks"]:
                    super().bookmarkPage(key, **kwargs)
                self.addLiteral("/Artifact BMC")
                decorate(self, number, total)
                self.addLiteral("EMC")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    story = list(document.story)
    doc = MeasuredDocTemplate(
        buffer,
        pagesize=document.enlarged_to or document.pagesize,
        enlarge=document.enlarged[0],
        pageTemplates=list(document.templates),
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=f"handouts {__version__}",
        lang=meta.locale,
        initialFontName=document.font,
        invariant=1,
        pageCompression=1,
        origins={id(f): origin for f, origin in document.origins},  # the story keeps the ids alive
        story=story,
        measure=measure,
    )
    doc._doSave = 0  # written out by `_Drawn.finished`, for the pass that is kept
    try:
        doc.build(story, canvasmaker=DeferredCanvas)
    except LayoutError:
        raise HandoutsError([_too_large(doc.placing)]) from None
    except TooManyPages:
        raise HandoutsError([_too_long(doc.placing)]) from None
    if doc.report is not None:
        doc.report.anchors = dict(document.anchors or {})
    return _Drawn(document, doc, buffer, tagger, slots)


def _too_large(origin) -> Diagnostic:
    # reportlab's own message quotes the flowable, text and all; the origin says enough
    file, line = (origin.file, origin.line) if origin is not None else (None, None)
    return Diagnostic(file, line, None, "error", "this block is too large to fit on a page, even split",
                      "layout.overflow", "shorten it, or split it into several sections")


def _too_long(origin) -> Diagnostic:
    file, line = (origin.file, origin.line) if origin is not None else (None, None)
    return Diagnostic(file, line, None, "error", f"the leaflet runs past {measuring.MAX_PAGES} pages here",
                      "layout.too-long", "a leaflet is read in one sitting: shorten it, or make several")


def stamp(template: Template, values: Mapping[str, str], date: dt.date) -> bytes:
    """The leaflet: `template` with each personal form defined by this patient's text."""
    import pikepdf
    from pikepdf import Name

    with pikepdf.open(io.BytesIO(template.data)) as pdf:
        if template.forms:
            _define_forms(pdf, template, values)
        when = f"D:{date:%Y%m%d}000000+00'00'"
        pdf.docinfo[Name.CreationDate] = when
        pdf.docinfo[Name.ModDate] = when
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _define_forms(pdf, template: Template, values: Mapping[str, str]) -> None:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(io.BytesIO(_set_forms(template, values))) as source:
        forms = {}
        for page, name in zip(source.pages, template.forms.values()):
            form = page.as_form_xobject()
            left, bottom, right, top = (float(v) for v in form.BBox)
            form.BBox = Array([left - 20, bottom - 20, right + 20, top + 20])  # descenders of lines
            forms[name] = pdf.copy_foreign(form)
    _rename_subsets(forms.values(), values)
    for number, names in sorted(template.pages.items()):
        resources = pdf.pages[number - 1].obj.Resources
        if Name.XObject not in resources:
            resources.XObject = Dictionary()
        for name in sorted(names):
            resources.XObject[Name("/" + name)] = forms[name]


def _set_forms(template: Template, values: Mapping[str, str]) -> bytes:
    """A scratch PDF with one page per form: its text set at the origin, as the layout would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    from handouts.layout.text import escape

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=template.font)
    for form in template.forms:
        text = values[form.value]
        if form.style is not None:
            paragraph = Paragraph(escape(text), form.style)
            width, height = paragraph.wrap(form.width, 1e6)
            canvas.setPageSize((form.width, height))
            paragraph.drawOn(canvas, 0, 0)
        else:
            canvas.setPageSize((max(stringWidth(text, form.font, form.size), 1), form.size))
            canvas.setFont(form.font, form.size)
            canvas.setFillColor(form.colour)
            canvas.drawString(0, 0, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rename_subsets(forms, values: Mapping[str, str]) -> None:
    """Give the stamped fonts subset tags of their own. reportlab tags every document's subsets
    AAAAAA, AAAAAB, ...: the template's and the stamp's must not share a name, or a viewer or
    printer that keys fonts by name could set one with the other's glyphs. reportlab's tags never
    contain H; these start with it and go on with a digest of the text they hold."""
    from pikepdf import Name

    digest = hashlib.sha256("\x00".join(sorted(values.values())).encode()).digest()
    tag = "H" + "".join(chr(65 + b % 26) for b in digest[:5])
    done = set()
    for form in forms:
        for font in form.Resources.get("/Font", {}).values():
            if font.objgen in done:
                continue
            done.add(font.objgen)
            base = str(font.BaseFont).lstrip("/").split("+", 1)[-1]
            font.BaseFont = Name(f"/{tag}+{base}")
            if "/FontDescriptor" in font:
                font.FontDescriptor.FontName = font.BaseFont


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
    target with one rename. On any failure the temporary file is removed.
    """
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

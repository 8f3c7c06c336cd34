"""Stage 4, render: a laid-out `Document` -> PDF bytes; and the one atomic file writer.

Output is reproducible: reportlab runs in invariant mode (fixed document id, no clock) and the
creation date written into the file is the leaflet's date, so the same sources and options give
the same bytes on any machine, in any time zone.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from . import __version__
from .layout import Document
from .layout.tags import Tagger
from .structure import add_structure


def render_pdf(document: Document) -> bytes:
    meta = document.metadata
    stamp = f"D:{meta.date:%Y%m%d}000000+00'00'"
    decorate = document.decorate
    tagger = Tagger()

    class DeferredCanvas(Canvas):
        """Holds each page until the end, so page furniture can say "page 2 of 5"."""

        def __init__(self, *args, **kwargs):
            self._bookmarks: list[tuple[str, dict]] = []
            self.tagger = tagger
            super().__init__(*args, **kwargs)
            self.addLiteral("/Artifact BMC")  # untagged drawing is decoration (layout/tags.py)
            self.setDateFormatter(lambda *_: stamp)
            # reportlab seeds the document id with a clock or SOURCE_DATE_EPOCH; seed it with
            # the leaflet's date instead, so the environment can't change the bytes.
            self._doc.signature = hashlib.md5(stamp.encode(), usedforsecurity=False)
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
    doc = BaseDocTemplate(
        buffer,
        pagesize=document.pagesize,
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
    )
    doc.build(list(document.story), canvasmaker=DeferredCanvas)
    return add_structure(buffer.getvalue(), tagger)


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

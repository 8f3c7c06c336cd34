"""Marked content for tagged PDF: which drawn things are headings, paragraphs, list items and
figures, and which are decoration.

Layouts wrap every piece of reading content in a `Tag` (a flowable around the real one, named by
its structure role: H1, H2, H3, P, LBody, Figure). While the page is drawn, a `Tag` closes the
page's default artifact sequence, opens `/Role <</MCID n>> BDC`, draws its content, and reopens
the artifact: so everything on a page is either tagged content with an MCID or an artifact
(backgrounds, rules, bullets, headers, footers, page numbers). The tagger on the canvas records
each MCID with its structure element; `structure.py` builds the structure tree from that record
after rendering.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Iterator

from reportlab.platypus import Flowable, ListFlowable, Paragraph
from reportlab.platypus.flowables import BulletDrawer
from reportlab.rl_config import _FUZZ

# The keys of one leaflet's structure elements, counted from 1 for each render (see
# `fresh_keys`): the layout keeps no state between leaflets, and the same leaflet gets the same
# keys whatever was laid out before it in the process.
_keys: ContextVar[Iterator[int] | None] = ContextVar("handouts_structure_keys", default=None)


@contextmanager
def fresh_keys() -> Iterator[None]:
    """Around a layout and its render: the keys of the structure elements made inside."""
    token = _keys.set(itertools.count(1))
    try:
        yield
    finally:
        _keys.reset(token)


def new_key(prefix: str) -> str:
    counter = _keys.get()
    if counter is None:
        raise RuntimeError("a structure element made outside tags.fresh_keys(): lay out and render inside it")
    return f"{prefix}{next(counter)}"


@dataclass
class Element:
    key: str
    role: str
    parent: str | None  # key of the parent element; None: the Document
    alt: str | None = None
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page number, MCID)


@dataclass
class Tagger:
    """What one render pass drew, as structure: elements in reading (drawing) order."""

    elements: dict[str, Element] = field(default_factory=dict)
    mcids: dict[int, int] = field(default_factory=dict)  # page -> next MCID

    def element(self, key: str, role: str, parent: "Group | None", alt: str | None) -> Element:
        if parent is not None and parent.key not in self.elements:
            self.element(parent.key, parent.role, parent.parent, None)
        if key not in self.elements:
            self.elements[key] = Element(key, role, parent.key if parent else None, alt)
        return self.elements[key]

    def begin(self, canvas, key: str, role: str, parent: "Group | None", alt: str | None) -> None:
        page = canvas.getPageNumber()
        mcid = self.mcids.get(page, 0)
        self.mcids[page] = mcid + 1
        self.element(key, role, parent, alt).marks.append((page, mcid))
        canvas.addLiteral(f"EMC /{role} <</MCID {mcid}>> BDC")

    @staticmethod
    def end(canvas) -> None:
        canvas.addLiteral("EMC /Artifact BMC")


@dataclass(frozen=True)
class Group:
    """A structure element that holds others (L, LI), made when its first child is drawn."""

    role: str
    parent: "Group | None" = None
    key: str = field(default_factory=lambda: new_key("g"))


def tagger_of(canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


class Tag(Flowable):
    """`inner`, drawn as the content of one structure element."""

    def __init__(self, role: str, inner: Flowable, parent: Group | None = None, alt: str | None = None,
                 key: str | None = None):
        super().__init__()
        self.role, self.inner, self.parent, self.alt = role, inner, parent, alt
        self.key = key or new_key("e")

    def __getattr__(self, name: str) -> Any:  # style, keepWithNext, ...: as the inner flowable has them
        if name == "inner" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def wrap(self, available_width, available_height):
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        parts = self.inner.split(available_width, available_height)
        return [Tag(self.role, part, self.parent, self.alt, self.key) for part in parts]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = tagger_of(canvas)
        if tagger is None:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        tagger.begin(canvas, self.key, self.role, self.parent, self.alt)
        self.inner.drawOn(canvas, x, y, _sW)
        tagger.end(canvas)


class TaggedBullet(BulletDrawer):
    """A list bullet or number, drawn as the Lbl of its list item (LI > Lbl, LBody)."""

    def drawOn(self, indenter, canv, x, y, _sW=0):
        tagger = tagger_of(canv)
        item = getattr(getattr(indenter, "_flowable", None), "parent", None)
        if tagger is None or item is None:
            return super().drawOn(indenter, canv, x, y, _sW)
        tagger.begin(canv, new_key("b"), "Lbl", item, None)
        super().drawOn(indenter, canv, x, y, _sW)
        tagger.end(canv)


class TaggedList(ListFlowable):
    """A ListFlowable whose bullets are tagged as labels of their items."""

    def _makeBullet(self, value, params=None):
        drawer = super()._makeBullet(value, params)
        tagged = TaggedBullet.__new__(TaggedBullet)
        tagged.__dict__.update(drawer.__dict__)
        return tagged


ROLES = {"title": "H1", "cover_title": "H1", "h1": "H1", "h2": "H2", "h3": "H3", "note_title": "H3",
         "card_title": "H3"}


class WrappedOnce(Paragraph):
    """A Paragraph that breaks its lines once per width.

    A paragraph is wrapped several times at the same width before it is drawn (a kept group
    measures its content, then the frame wraps it again to place it); line breaking is most of
    the cost. reportlab's wrap depends only on the width (never on the
    height) and leaves its result in these attributes, so a wrap at a width seen before puts
    back what that wrap left, the same lines as breaking them again. A split may change the
    paragraph's words in place (reportlab marks the word a hyphenated line ends in), so a
    split forgets what was kept: after it every wrap breaks the lines afresh, as before.
    """

    _KEPT = ("width", "height", "_wrapWidths", "blPara", "frags", "_width_max", "_hyphenations",
             "_splitLongWordCount")

    def wrap(self, availWidth, availHeight):
        wrapped = self.__dict__.setdefault("_wrapped", {})
        kept = wrapped.get(availWidth)
        if kept is not None:
            self.__dict__.update(kept)
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:  # reportlab answers a width too small without breaking lines
            wrapped[availWidth] = {name: self.__dict__[name] for name in self._KEPT if name in self.__dict__}
        return size

    def split(self, availWidth, availHeight):
        try:
            return super().split(availWidth, availHeight)
        finally:  # after: reportlab's split may wrap first, then change the words that wrap kept
            self.__dict__.pop("_wrapped", None)


class Balanced(WrappedOnce):
    """A title broken into lines of even length: at the narrowest width that takes no more lines
    than the full one, as a typesetter balances a heading ("Fem bra övningar vid spinal / stenos"
    became "Fem bra övningar / vid spinal stenos"). It still takes the full width in the frame."""

    def wrap(self, availWidth, availHeight):
        found = self.__dict__.setdefault("_balanced", {})  # a frame wraps a title several times
        if availWidth in found:
            super().wrap(found[availWidth], availHeight)
            return availWidth, self.height
        super().wrap(availWidth, availHeight)
        lines = len(getattr(self.blPara, "lines", ()))
        if lines < 2:
            found[availWidth] = availWidth
            return availWidth, self.height
        low, high = availWidth * 0.5, availWidth
        for _ in range(10):  # to within a thousandth of the width
            middle = (low + high) / 2
            super().wrap(middle, availHeight)
            if len(self.blPara.lines) <= lines:
                high = middle
            else:
                low = middle
        found[availWidth] = high
        super().wrap(high, availHeight)
        return availWidth, self.height


def balanced(markup: str, style) -> Tag:
    """A title or subtitle, tagged by its style, its lines balanced (`Balanced`)."""
    return Tag(ROLES.get(style.name, "P"), Balanced(markup, style))


def para(markup: str, style, parent: Group | None = None, role: str | None = None) -> Tag:
    """A Paragraph tagged by its style: headings as H1-H3, everything else as P (or `role`)."""
    return Tag(role or ROLES.get(style.name, "P"), WrappedOnce(markup, style), parent)

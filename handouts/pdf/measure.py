"""What a render placed where: the measured page, as a reader will see it.

Text assertions can't see a half-empty page, a heading left alone at a page foot, a box broken
over two pages or a stamp-size picture. While a leaflet renders, `MeasuredDocTemplate` records
every flowable it places: its page, where it starts and ends in its frame, what kind of thing it
is (heading, box, group, text, picture), the source block it prints (its `Origin`), whether it is
a piece of a flowable that was split, the pictures inside it and its hyphenated line ends. The
result is a `PageReport`; `check` (check/pages.py) turns it into findings. Recording changes
nothing that is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

HEADING_ROLES = ("H1", "H2", "H3")
MAX_PAGES = 100  # the longest built-in leaflet has 34 (large print): more is content run wild


class TooManyPages(Exception):
    """The leaflet went past `MAX_PAGES` while placing the template's `placing` block.
    (reportlab re-raises it with its own message as the only argument: it carries nothing.)"""


@dataclass(frozen=True)
class Placed:
    """One flowable as placed on a page (y grows upwards, in points)."""

    page: int
    kind: str  # heading | box | group | text | picture | lines | break | other | space (nothing drawn)
    top: float  # where it starts in its frame
    bottom: float  # where the frame's cursor is after it
    frame_top: float
    frame_bottom: float
    story: int  # index of the story flowable it is (a piece of)
    whole: bool  # the story flowable itself, not a piece of a split one
    origin: Any = None  # leaflet.Origin of the block it prints
    pictures: tuple[float, ...] = ()  # widths of the picture slots inside it
    hyphens: tuple[tuple[str, str], ...] = ()  # words broken at its line ends: ("rygg-", "raden")
    text: str = ""  # a heading's text, for messages
    level: int = 0  # a heading's level: 1, 2 or 3
    stacked: tuple[str, str] | None = None  # two headings one under the other inside a kept group
    height: float = 0.0  # a split story flowable's whole height (else 0)


@dataclass
class PageReport:
    """Everything placed, in order; the page size and count."""

    placed: list[Placed] = field(default_factory=list)
    pages: int = 0
    page_width: float = 0.0
    frame_heights: dict[int, float] = field(default_factory=dict)  # page -> its frame's height
    anchors: dict[str, int] = field(default_factory=dict)  # contents key -> the page it printed

    def on(self, page: int) -> list[Placed]:
        return [p for p in self.placed if p.page == page]


class MeasuredDocTemplate(BaseDocTemplate):
    """A BaseDocTemplate that records where each flowable lands (and remembers the origin of
    the block being placed, so a flowable that fits no page can be blamed on its source).

    The pieces a flowable splits into come before the next story flowable, so the last story
    flowable taken is the one they belong to."""

    def __init__(self, *args, origins: Mapping[int, object], story: list[Flowable], measure: bool = False,
                 enlarge: float = 1.0, **kwargs):
        self.origins = origins  # id of a story flowable -> leaflet.Origin of its block
        self.placing = None  # the Origin of the block being placed
        self.report = PageReport() if measure else None
        self.enlarge = enlarge  # the page is laid out this much smaller than it prints
        self._heights: dict[int, float] = {}
        self._story = {id(f): i for i, f in enumerate(story)}
        self._current = -1
        self._current_flowable: Flowable | None = None
        self._cursor: dict[int, float] = {}  # page -> the frame cursor before the next flowable
        super().__init__(*args, **kwargs)

    def handle_flowable(self, flowables):
        if flowables and id(flowables[0]) in self._story:
            self._current = self._story[id(flowables[0])]
            self._current_flowable = flowables[0]
        if flowables and id(flowables[0]) in self.origins:
            self.placing = self.origins[id(flowables[0])]
        return super().handle_flowable(flowables)

    def afterFlowable(self, flowable):
        frame = getattr(self, "frame", None)
        if self.report is None or frame is None or (isinstance(flowable, ActionFlowable)
                                                    and not isinstance(flowable, PageBreak)):
            return
        page = self.page
        frame_top = frame._y1 + frame._height
        top = self._cursor.get(page, frame_top)
        bottom = frame._y
        self._cursor[page] = bottom
        self.report.frame_heights.setdefault(page, frame._height)
        self.report.pages = max(self.report.pages, page)
        self.report.page_width = self.pagesize[0]
        whole = id(flowable) in self._story
        height = 0.0
        if not whole and self._current_flowable is not None:
            if self._current not in self._heights:
                self._heights[self._current] = _height(self._current_flowable, frame._width)
            height = self._heights[self._current]
        kind = _kind(flowable) if top - bottom > 0.5 or isinstance(flowable, PageBreak) else "space"
        origin = getattr(flowable, "block_origin", None) or _first_heading_origin(flowable) or self.placing
        self.report.placed.append(Placed(
            page, kind, top, bottom, frame_top, frame._y1, self._current, whole, origin,
            pictures=tuple(getattr(f, "size", 0.0) * self.enlarge for f in _inside(flowable) if _is_picture(f)),
            hyphens=tuple(_hyphens(flowable)), text=_heading_text(flowable), level=_level(flowable),
            height=height, stacked=_stacked(flowable)))

    def handle_pageBegin(self):
        super().handle_pageBegin()
        # Pages bound a build's time: every input has a size cap, but together they could
        # still fill thousands of pages (a minute each hundred with long paragraphs split).
        if self.page > MAX_PAGES:
            raise TooManyPages()
        self._cursor.pop(self.page, None)


def _kind(flowable: Flowable) -> str:
    from handouts.layout.booklet import RuledLines

    if isinstance(flowable, PageBreak):
        return "break"
    role = getattr(flowable, "role", None)
    if isinstance(role, str) and role in HEADING_ROLES:
        return "heading"
    if isinstance(flowable, RuledLines):
        return "lines"
    if isinstance(flowable, KeepTogether):
        return "group"
    if isinstance(flowable, Table):
        return "box"
    if _is_picture(flowable):
        return "picture"
    if isinstance(flowable, Spacer):
        return "space"
    if any(isinstance(f, Paragraph) for f in _inside(flowable)):
        return "text"
    return "other"


def _is_picture(flowable: Flowable) -> bool:
    from handouts.layout.blocks import IllustrationSlot, Picture

    return isinstance(flowable, (IllustrationSlot, Picture))


def _inside(flowable: Flowable) -> Iterator[Flowable]:
    """`flowable` and every flowable nested in it (table cells, kept groups, tags, lists)."""
    yield flowable
    inner = getattr(flowable, "__dict__", {})
    for name in ("inner", "_content", "_flowables", "_cellvalues", "content"):
        value = inner.get(name)
        for item in _flat(value):
            if isinstance(item, Flowable):
                yield from _inside(item)


def _flat(value) -> Iterator[Any]:
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flat(item)
    elif value is not None:
        yield value


def _hyphens(flowable: Flowable) -> Iterator[tuple[str, str]]:
    """The words a paragraph broke at a line end with a hyphen: (the part before, the part after)."""
    for f in _inside(flowable):
        para = getattr(f, "blPara", None)
        if not isinstance(f, Paragraph) or para is None:
            continue
        lines = getattr(para, "lines", [])
        for line, following in zip(lines, lines[1:]):
            before, after = _word(line, -1), _word(following, 0)
            if len(before) > 1 and before.endswith("-") and before[-2].isalpha() and after[:1].isalpha() \
                    and after[:1].islower():
                yield before, after


def _word(line, index: int) -> str:
    words = getattr(line, "words", None)
    if words is None and isinstance(line, tuple) and len(line) > 1:
        words = line[1]
    if not words:
        return ""
    word = words[index]
    if isinstance(word, str):
        text = word
    else:
        text = "".join(getattr(f, "text", "") for f in getattr(word, "__dict__", {}).get("frags", [word]))
    parts = text.split()
    return (parts[index] if parts else "").strip(".,;:!?()»«”\"")


def _stacked(flowable: Flowable) -> tuple[str, str] | None:
    """The first two headings that follow each other directly in a kept group, if any."""
    content = [f for f in getattr(flowable, "_content", None) or () if not isinstance(f, (Spacer, ActionFlowable))]
    for first, second in zip(content, content[1:]):
        if _kind(first) == "heading" and _kind(second) == "heading":
            return _heading_text(first), _heading_text(second)
    return None


def _first_heading_origin(flowable: Flowable):
    """In a kept group that starts with a heading, the heading's own origin."""
    content = getattr(flowable, "_content", None) or ()
    first = next((f for f in content if not isinstance(f, (Spacer, ActionFlowable)) and _kind(f) != "other"), None)
    return first.__dict__.get("block_origin") if first is not None and _kind(first) == "heading" else None


def _level(flowable: Flowable) -> int:
    role = getattr(flowable, "role", None) if _kind(flowable) == "heading" else None
    return int(role[1]) if isinstance(role, str) else 0


def _heading_text(flowable: Flowable) -> str:
    if _kind(flowable) != "heading":
        return ""
    inner = getattr(flowable, "inner", flowable)
    return " ".join(getattr(inner, "text", "").split())


def _height(flowable: Flowable, width: float) -> float:
    try:
        return float(flowable.wrap(width, 1e6)[1])
    except Exception:  # a flowable that can't be measured whole says nothing about splitting
        return 0.0

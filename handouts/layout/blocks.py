"""Flowables shared by the layouts: boxes, lists, exercise cards, notes and the contact block.

Each builder takes the width it may use, so the same card serves an A4 sheet and an A5 booklet.
All text goes through `text.inline` or `text.escape`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any, Callable, MutableMapping, Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    ActionFlowable,
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable, _listWrapOn

from handouts import leaflet as lf
from handouts.layout import LayoutBug
from handouts.layout.personal import Slot
from handouts.layout.picture_key import HeadingWithKey, MissingPicture, picture_key
from handouts.layout.tags import Group, Tag, TaggedList, new_key, para, tagger_of
from handouts.layout.text import address, escape, inline, labelled, link, readable_url, unbroken
from handouts.layout.theme import BOLD, CAUTION_BAR, CAUTION_TINT, FAMILY, MUTED, Theme, text_on
from handouts.source.images import svg_drawing

WHITE_TINT = HexColor("#f6f6f6")


def table(rows: list, widths: list, commands: list[tuple]) -> Table:
    """A left-aligned reportlab Table in our font (tables default to Helvetica, centred)."""
    t = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)  # a box taller than a page splits
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY, 12), *commands]))
    return t


def boxed(content: list[Flowable], width: float | str, fill: Color, bar: Color, pad: float = 4 * mm,
          again: dict[int, Flowable] | None = None) -> Table:
    """A tinted box with a coloured bar on the left; `width` may be "100%" of what is available.

    Each flowable is a row of its own, so a box that has to split (see `Kept`) splits between
    paragraphs, never inside one, and both pieces keep their padding: no empty fragment.
    `again`: a line to set atop the piece that starts at that row (a theme's name, continued)."""
    rows = [[f] for f in content] or [[Spacer(0, 0)]]
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 3, bar),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad - 1 * mm),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
    for i, f in enumerate(content[:-1]):  # the space a paragraph keeps below it, inside the box
        commands.append(("BOTTOMPADDING", (0, i), (-1, i), f.getSpaceAfter() if hasattr(f, "getSpaceAfter") else 0))
    commands += [("BOTTOMPADDING", (0, "splitlast"), (-1, "splitlast"), pad),
                 ("TOPPADDING", (0, "splitfirst"), (-1, "splitfirst"), pad - 1 * mm)]
    # splitInRow: a single row taller than a page (a long list, large print) may split inside it too
    t = Box(rows, colWidths=[width], hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY, 12), *commands]))
    t.rows, t.again, t.box_width, t.colours = content, again or {}, width, (fill, bar, pad)
    return t


TITLES = ("h2", "h3", "note_title", "card_title")  # a box's title: never left alone at a page foot


class Box(Table):
    """A box's table, split as a typographer splits a box: between its rows (inside one only
    when that row alone is taller than the room), and never right under its title. reportlab
    splits every piece of it with this class too."""

    again: dict[int, Flowable] = {}  # see `boxed`; the pieces reportlab makes have none
    rows: list[Flowable] = []

    def split(self, availWidth, availHeight):
        inside = self.splitInRow
        self.splitInRow = 0
        try:
            pieces = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = inside
        if not pieces and inside and self._cellvalues and self._first_row_height(availWidth) > availHeight:
            pieces = super().split(availWidth, availHeight)  # its first row alone is taller than the room
        if pieces and all(_a_title(row) for row in pieces[0]._cellvalues):
            return []  # only the box's title would stay here
        pad = getattr(self, "colours", (None, None, 4 * mm))[2]
        if len(pieces) == 2 and pieces[0].wrap(availWidth, availHeight)[1] < 2 * pad + LINES_2:
            # a split inside the first row that keeps less than two lines here: an empty piece
            return []
        if pieces and _a_title(pieces[0]._cellvalues[-1]):
            # a heading inside the box would end this piece: it goes over with what it heads
            first = pieces[0]
            first.wrap(availWidth, availHeight)
            return self.split(availWidth, sum(first._rowHeights[:-1]) + self.colours[2] + 0.5)
        at = len(pieces[0]._cellvalues) if len(pieces) == 2 else 0
        if at and self.again:  # the rest, a box of its own that knows its themes
            label = [self.again[at]] if at in self.again else []  # a theme goes on under its name
            again = {i - at + len(label): line for i, line in self.again.items() if i > at}
            return [pieces[0], boxed([*label, *self.rows[at:]], self.box_width, *self.colours, again=again)]
        return pieces

    def _first_row_height(self, aW: float) -> float:
        return max(_listWrapOn(list(cell) if isinstance(cell, (list, tuple)) else [cell], aW, None)[1]
                   for cell in self._cellvalues[0])


def _a_title(row) -> bool:
    cells = [c for cell in row for c in (cell if isinstance(cell, (list, tuple)) else [cell])]
    return bool(cells) and all(getattr(getattr(c, "style", None), "name", "") in TITLES
                               or getattr(getattr(c, "style", None), "keepWithNext", 0) for c in cells)


LINES_2 = 2 * 17  # points: two lines of body text
TWO_LINES = LINES_2 + 8  # points: the least of a split box or paragraph left on either page
UNDER_HEADING = 3 * 17  # points: the three lines a heading takes along at a page foot (check's STRANDED_BELOW)
FOOT = 0.15  # of a frame: a heading this near the foot goes to the next page with its text


class Kept(KeepTogether):
    """Flowables kept on one page, like reportlab's KeepTogether, with a typographer's rules:

    - kept whole unless taller than half a frame (`whole`; an exercise card, `whole=1`, starts a
      new frame and splits only there, when taller than a frame); a taller group may split where it meets the
      page foot, but only with at least two lines on each side (a box splits between its
      paragraphs, see `boxed`): with less than that left over, it splits higher up;
    - a card that may split (large print) starts only where its head and two lines of its steps
      fit, and goes on after whole steps under its `continued` line (`_cut`);
    - a group led by a heading (`lead` flowables) never starts in the last `FOOT` of a frame,
      and never splits right under its heading;
    - a group kept whole that has to go to the next page lets a box after it take the room it
      leaves, when that box fits there (`_passed`).
    """

    def __init__(self, flowables: list[Flowable], lead: int = 0, whole: float = 0.5):
        super().__init__(flowables)
        self.lead, self.whole = lead, whole  # kept whole up to `whole` of a frame's height
        # an exercise card: its content with a larger picture, given room (see `card`), and the
        # story flowable after it (`link_following`)
        self.regrow: Callable[[float], list[Flowable]] | None = None
        self.following: Flowable | None = None
        # a card that may split: the last flowable of its head (its name and picture row), which
        # the page it starts on holds whole, with two lines of its steps
        self.head: Flowable | None = None
        self.two_lines: float = TWO_LINES  # at the size of its text
        self.continued: list[Flowable] = []  # a card's line at the top of the page it goes on on
        self.goes_on: list[Flowable] = []  # and at the foot of the page it starts on
        # a card: its content with the normal edition's picture, to start where its own won't
        self.smaller: Callable[[], list[Flowable]] | None = None
        self.balanced = False  # a list that splits does so near its middle (a contents list)

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        frame_h = frame._height if frame is not None else aH
        at_top = bool(frame is not None and getattr(frame, "_atTop", 0))
        if self._H <= aH and self._short(aW, aH - self._H, frame_h):
            return self.regrow(aH - self._H - 1.5)
        if at_top:  # it can't move to a fresher page: what is taller than this one splits
            return self._cut(self.canv, aW, aH) or self._opened(content, aW, aH)
        if self.lead and aH < FOOT * frame_h:
            return self._moved(content, aW, frame_h)
        lead_h = sum(f.wrapOn(self.canv, aW, aH)[1] for f in content[:self.lead]) if self.lead else 0
        if self.lead and aH < lead_h + UNDER_HEADING:
            # however short its block, a heading at a page foot leaves room for three lines
            # under it, or its section reads as ending there
            return self._moved(content, aW, frame_h)
        if self._H <= aH:
            if self._cut_short(aW, aH, frame_h):
                return self._moved(content, aW, frame_h)
            return content
        smaller = self._smaller_in(self.canv, aW, aH)
        if smaller is not None:
            return smaller
        if self._starts_in(self.canv, aW, aH, frame_h):
            # split where at least two lines go on to the next page, even with room for more here
            short = min(aH, self._H - self.two_lines)
            if self.balanced:  # near its middle: two lists a reader takes in, not a list and its stub
                short = min(short, max(lead_h + (self._H - lead_h) / 2, lead_h + UNDER_HEADING))
            return self._cut(self.canv, aW, aH) or self._opened(content, aW, short, ends=short < aH)
        return self._passed(aW, aH) or self._moved(content, aW, frame_h)

    def _cut_short(self, aW: float, room: float, frame_h: float) -> bool:
        """Whether this is a heading with fewer than three lines under it whose section goes on
        overleaf (the box or card after it won't start in the room left): it reads as a section
        that ends there, so it goes over with what it heads (check's `layout.stranded-heading`)."""
        if not self.lead or isinstance(self.following, PageBreak) or (isinstance(self.following, Kept) and self.following.lead):
            return False  # no heading here, or a short section whole on this page
        under = _listWrapOn(self._content[self.lead:], aW, self.canv)[1]
        return under < UNDER_HEADING and self._ends_page(aW, room - self._H, frame_h)

    def _passed(self, aW: float, room: float) -> list[Flowable] | None:
        """A group kept whole that won't start in `room` lets the box after it take the room
        first, when that box fits there whole: the page ends full, not short, and this group
        opens the next page (a float, as books set their boxes). Only a box passes: never a
        heading or its section, a card, or what a page break ends. None when nothing passes."""
        after = self.following
        if not (isinstance(after, Kept) and not after.lead and after.head is None
                and after.regrow is None and self.head is None and self._H <= self._frame_height()):
            return None
        after.wrapOn(self.canv, aW, room)
        if after._H > room:
            return None
        early = Kept(list(after._content), whole=after.whole)
        doc = getattr(self.canv, "_doctemplate", None)
        for table in ("_story", "origins"):  # the measured report blames the box's own block
            known = getattr(doc, table, None)
            if isinstance(known, dict) and id(after) in known:
                known[id(early)] = known[id(after)]
        self._early = early  # alive while the document is built: the tables above key on its id
        after._content = [self.NullActionFlowable()]  # placed: where the story reaches it, nothing is left
        self.following = after.following
        # (reportlab places the first piece of a split as it is: an action first, so both split)
        return [self.NullActionFlowable(), early, self.FrameBreak(), self]

    def _frame_height(self) -> float:
        frame = getattr(self, "_frame", None)
        return frame._height if frame is not None else 0.0

    def _starts_in(self, canv, aW: float, room: float, frame_h: float) -> bool:
        """Whether this group, too tall for `room`, may start there and split: it is taller than
        `whole` of a frame (a card that may split: or the page is less than CUT_BELOW full) and
        leaves two lines or more for the next page, and `room` holds its heading with three lines
        (a card: its head with two lines of its steps)."""
        card = self.head in self._content
        if not (self.whole < 1 and (self._H > frame_h * self.whole or card and room > (1 - CUT_BELOW) * frame_h)):
            return False
        if card:
            return self._cut(canv, aW, room) is not None
        need = sum(f.wrapOn(canv, aW, room)[1] for f in self._content[:self.lead])
        least = UNDER_HEADING if self.lead else self.two_lines
        return room - need >= least and self._H - need >= least + self.two_lines

    def _smaller_in(self, canv, aW: float, room: float) -> list[Flowable] | None:
        """A card with a `smaller` picture: the card with it, when that fits `room` whole."""
        if self.smaller is None:
            return None
        content = self.smaller()
        return content if _listWrapOn(content, aW, canv)[1] <= room else None

    def _cut(self, canv, aW: float, room: float) -> list[Flowable] | None:
        """A card that starts in `room` and goes on overleaf: its head and as many whole steps
        (and then its boxes) as `room` holds, at least two lines of them, and at least two lines
        left for the next page, which starts with the card's `continued` line; None when no
        such cut exists (a card without a `head` has none). Where its head won't fit, the card
        tries again with its `smaller` picture."""
        if self.head not in self._content:
            return None
        cut = self._cut_of(list(self._content), canv, aW, room)
        if cut is None and self.smaller is not None:
            cut = self._cut_of(self.smaller(), canv, aW, room)
        return cut

    def _cut_of(self, content: list[Flowable], canv, aW: float, room: float) -> list[Flowable] | None:
        upto = next(i for i, f in enumerate(content) if getattr(f, "card_head", False)) + 1
        head, units = content[:upto], list[Flowable]()
        last_step = 0
        for f in content[upto:]:  # the steps one by one; a box, a picture or a code stays whole
            units += f.split(aW, 1e9) if isinstance(f, ListFlowable) else [f]
            if isinstance(f, ListFlowable):
                last_step = len(units) - 1

        def height(flowables: list[Flowable]) -> float:  # as a frame stacks them, spaces included
            return _listWrapOn(flowables, aW, canv)[1]

        drawn = len(units)
        while drawn and isinstance(units[drawn - 1], Spacer):
            drawn -= 1  # the space closing a card is not needed at a page foot
        if height([*head, *units[:drawn]]) <= room:
            return content
        for k in range(min(drawn - 1, last_step), 0, -1):  # what to watch never goes over alone
            here, rest = units[:k], units[k:]
            if height(rest) < self.two_lines:
                continue
            if height([*head, *here, *self.goes_on]) > room:
                continue
            if height(here) < self.two_lines * LINES_2 / TWO_LINES:  # a step of two lines will do
                return None
            return [*head, *here, *self.goes_on, self.FrameBreak(), *self.continued, *rest]
        return None

    def _short(self, aW: float, room: float, frame_h: float) -> bool:
        """Whether this is a card that would end its page `room` short of the foot, with more
        room than a page should leave empty: then its picture takes it."""
        return (self.regrow is not None and room > max(GROW_AT_LEAST, (1 - GROW_BELOW) * frame_h)
                and self._ends_page(aW, room, frame_h))

    def _moved(self, content: list[Flowable], aW: float, frame_h: float) -> list[Flowable]:
        """The group on the next frame (placed there flowable by flowable, so a card decides
        here whether it will end that page short)."""
        if self._H <= frame_h and self._short(aW, frame_h - self._H, frame_h):
            return [self.FrameBreak(), *self.regrow(frame_h - self._H - 1.5)]  # type: ignore[misc]
        if self.head in content and self._H > frame_h:
            return [self.FrameBreak(), self]  # cut at the next page's foot (`_cut`)
        return [self.FrameBreak(), *content]

    def _ends_page(self, aW: float, room: float, frame_h: float) -> bool:
        """Whether the page ends after this group, `room` short of its foot: a page break
        follows, or a group that won't start in that room (a card or box kept whole, a heading
        near the foot). Not after the story's last flowable: the last page may end short."""
        after = self.following
        if isinstance(after, PageBreak):
            return True
        if not isinstance(after, Kept):
            return False
        if after.lead and room < FOOT * frame_h:
            return True
        room -= after.getSpaceBefore()  # the frame keeps it above the group after this one
        after.wrapOn(self.canv, aW, room)
        return (after._H > room and not after._starts_in(self.canv, aW, room, frame_h)
                and after._smaller_in(self.canv, aW, room) is None)

    def _opened(self, content: list[Flowable], aW: float, aH: float, ends: bool = False) -> list[Flowable]:
        """The content, its first flowable split here when it is taller than the space left
        (reportlab places the first piece a split returns as it is); `ends`: the page ends after
        `aH`, although it has more room."""
        first = content[0]
        if first.wrap(aW, aH)[1] <= aH:
            if self.lead and len(content) > self.lead:
                # a heading (kept with what follows) over a list or text taller than the rest
                # of the page: split what follows here, or reportlab would carry the heading
                # and all of it to the next page, leaving this one short
                after = content[self.lead]
                # the room the heading takes above it, the space between them included
                lead_h = _listWrapOn([*content[:self.lead], after], aW, self.canv)[1] - after.wrap(aW, aH)[1]
                if after.wrap(aW, aH - lead_h)[1] > aH - lead_h:
                    broken = self._broken(content, aW, aH)
                    end = next((i for i, f in enumerate(broken) if isinstance(f, ActionFlowable)), len(broken))  # the page break
                    if end > self.lead and _listWrapOn(broken[self.lead:end], aW, self.canv)[1] >= UNDER_HEADING:
                        return [*broken[:end + 1], *self.continued, *broken[end + 1:]]
                    if not getattr(getattr(self, "_frame", None), "_atTop", 0):
                        # fewer than three lines would stand under the heading: all of it goes over
                        return self._moved(content, aW, self._frame_height() or aH)
            return self._broken(content, aW, aH) if ends and not self.lead else content
        pieces = first.split(aW, aH)
        if pieces and ends:
            return [pieces[0], self.FrameBreak(), *pieces[1:], *content[1:]]
        return [*pieces, *content[1:]] if pieces else [self.FrameBreak(), *content]


    def _broken(self, content: list[Flowable], aW: float, aH: float, inner: bool = False) -> list[Flowable]:
        """The content with the page ending after `aH` of it: the flowable that crosses that
        line split there (or carried over whole, when it can't split)."""
        frame = getattr(self, "_frame", None)
        if not inner and content and not (frame is not None and getattr(frame, "_atTop", False)):
            aH -= content[0].getSpaceBefore()  # the frame keeps it above a group not at its top
        for i, f in enumerate(content):
            stacked = _listWrapOn(content[:i + 1], aW, self.canv)[1]
            if stacked <= aH:
                continue
            above = stacked - f.wrap(aW, aH)[1]  # what stands above it, the space between included
            pieces = f.split(aW, aH - above) if aH - above > 0 else []
            if len(pieces) > 1 and isinstance(f, ListFlowable):  # it splits into all its items: break among them
                return [*content[:i], *self._broken(pieces, aW, aH - above, inner=True), *content[i + 1:]]
            if len(pieces) > 1:  # its first piece is what fits here
                return [*content[:i], pieces[0], self.FrameBreak(), *pieces[1:], *content[i + 1:]]
            return [*content[:i], self.FrameBreak(), *content[i:]]
        return content


def _items(items: tuple[str, ...], style, indent: float) -> list[ListItem]:
    """List items tagged L > LI > LBody (the bullets and numbers themselves are artifacts)."""
    listing = Group("L")
    return [ListItem(para(inline(item), style, Group("LI", listing), "LBody"), leftIndent=indent) for item in items]


def _item_style(style):
    """A list item keeps half a paragraph's space below it: the items of one list read as one
    group, each still clearly apart (a bullet starts every item)."""
    return ParagraphStyle(f"{style.name}-item", parent=style, spaceAfter=style.spaceAfter / 2)


def bullets(items: tuple[str, ...], style, color: Color, numbered: bool = False) -> TaggedList:
    # numbers and bullets and their indents grow with the text (large print)
    size = style.fontSize
    style = _item_style(style)
    if numbered:
        return TaggedList(
            _items(items, style, 20 * size / 12),
            bulletType="1", bulletFormat="%s.", bulletFontName=BOLD, bulletFontSize=size, bulletColor=color,
            leftIndent=20 * size / 12,
        )
    return _bulleted(_items(items, style, 16 * size / 12), size, color)


def _bulleted(items: list[ListItem], size: float, color: Color) -> TaggedList:
    return TaggedList(items, bulletType="bullet", start="•", bulletFontName=BOLD, bulletFontSize=size + 1,
                      bulletColor=color, leftIndent=16 * size / 12, bulletOffsetY=-1)


def bullet_rows(items: tuple[str, ...], style, color: Color) -> list[TaggedList]:
    """`bullets`, one list per item (rows of a box that may split between them), tagged as the
    one list they read as."""
    size = style.fontSize
    listed = _items(items, _item_style(style), 16 * size / 12)  # one L: the items' LI elements share it
    return [_bulleted([item], size, color) for item in listed]


def keep_with(lead: list[Flowable], flowables: list[Flowable]) -> list[Flowable]:
    """`lead` (a heading) on the same page as the start of `flowables`, never in a page's last
    lines (see `Kept`).

    reportlab lets a KeepTogether inside a KeepTogether come apart at a page foot, so a first
    flowable that is itself kept together is opened up instead of nested.
    """
    if not lead or not flowables:
        return [*lead, *flowables]
    first, rest = flowables[0], flowables[1:]
    inner = list(first._content) if isinstance(first, KeepTogether) else [first]
    kept = [*lead, *inner]
    # an anchor goes right after the first heading: reportlab keeps a heading with the next
    # flowable (keepWithNext), so the anchor lands on the heading's page, wherever that is
    anchors = [f for f in kept if isinstance(f, Anchor)]
    kept = [f for f in kept if not isinstance(f, Anchor)]
    kept[1:1] = anchors
    # text or a list under a heading may split (three lines stay under the heading); a box
    # keeps its own rule (`whole`)
    whole = getattr(first, "whole", 0.5) if isinstance(first, KeepTogether) else 0.0
    together = Kept(kept, lead=len(lead) + getattr(first, "lead", 0), whole=whole)
    together.head, together.two_lines = getattr(first, "head", None), getattr(first, "two_lines", TWO_LINES)
    together.continued, together.goes_on = getattr(first, "continued", []), getattr(first, "goes_on", [])
    smaller = getattr(first, "smaller", None)
    if smaller is not None:
        together.smaller = lambda: [*kept[:kept.index(inner[0]) if inner else len(kept)], *smaller()]
    regrow = getattr(first, "regrow", None)
    if regrow is not None:  # a card under its heading still takes a short page's room
        at = kept.index(inner[0]) if inner else len(kept)
        together.regrow = lambda room: [*kept[:at], *regrow(room)]
    return [together, *rest]


def with_heading(heading: str | None, flowables: list[Flowable], theme: Theme, style: str = "h2") -> list[Flowable]:
    """Prefix a heading that never stands alone at a page foot."""
    if not heading:
        return flowables
    return keep_with([para(inline(heading), theme.styles[style])], flowables)


def note(block: lf.NoteBlock, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    content: list[Flowable] = [para(inline(block.title), s["note_title"])]
    content += [para(inline(p), s["body"]) for p in block.paragraphs]
    if block.items:
        content.append(bullets(block.items, s["body"], theme.heading))
    if block.kind == "safety":
        return Kept([boxed(content, width, CAUTION_TINT, CAUTION_BAR)])
    if block.kind in ("rules", "tip"):
        return Kept([boxed(content, width, theme.tint, theme.primary)])
    # advice reads as ordinary text under a heading
    return Kept([para(inline(block.title), s["h3"]), *content[1:]], lead=1)


def _note_content(block: lf.NoteBlock, theme: Theme) -> list[Flowable]:
    s = theme.styles
    content: list[Flowable] = [para(inline(block.title), s["note_title"])]
    content += [para(inline(p), s["body"]) for p in block.paragraphs]
    if block.items:
        content.append(bullets(block.items, s["body"], theme.heading))
    return content


def pairs_with(block: lf.Block, following: lf.Block | None, width: float, scale: float = 1.0) -> bool:
    """Whether a rules or tip box and the safety note after it stand side by side: on a page
    wide enough for two columns of at least `MIN_BOX_COLUMN` each (at the size of the text:
    large print needs wider columns for as many letters a line)."""
    return (isinstance(block, lf.NoteBlock) and block.kind in ("rules", "tip")
            and isinstance(following, lf.NoteBlock) and following.kind == "safety"
            and (width - NOTE_GAP) / 2 - 9 * mm >= MIN_BOX_COLUMN * scale)


NOTE_GAP = 5 * mm


def note_pair(first: lf.NoteBlock, safety: lf.NoteBlock, theme: Theme, width: float) -> Flowable:
    """A rules box and a safety note in one band of equal height, side by side (see
    `pairs_with`): each keeps its own colour and bar, and the pair is kept on one page."""
    half = (width - NOTE_GAP) / 2
    pad = 4 * mm
    cells = [_note_content(first, theme), "", _note_content(safety, theme)]
    return Kept([table([cells], [half, NOTE_GAP, half], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, 0), theme.tint), ("LINEBEFORE", (0, 0), (0, 0), 3, theme.primary),
        ("BACKGROUND", (2, 0), (2, 0), CAUTION_TINT), ("LINEBEFORE", (2, 0), (2, 0), 3, CAUTION_BAR),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (1, 0), (1, 0), 0), ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), pad - 2),
    ])])


class IllustrationSlot(Flowable):
    """The square an exercise's picture goes in; a quiet tinted frame while there is none."""

    def __init__(self, size: float, tint: Color, edge: Color):
        super().__init__()
        self.size, self.tint, self.edge = size, tint, edge

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(self.tint)
        self.canv.setStrokeColor(self.edge)
        self.canv.setLineWidth(0.6)
        self.canv.roundRect(0, 0, self.size, self.size, 2.5 * mm, stroke=1, fill=1)
        self.canv.restoreState()


def _figure_key(figure) -> str:
    """A figure by its content (figure specs are not hashable): repr lists every field."""
    return hashlib.sha256(repr(figure).encode()).hexdigest()


def _figure_drawing(kept: MutableMapping[Any, Any], figure, size: float, colour: str) -> Drawing:
    """A figure's drawing, placed once and reused by every leaflet laid out with the same
    `kept` (placing a pose is the expensive part). Keyed by the figure's content."""
    from handouts.figures import figure_drawing

    key = ("drawing", _figure_key(figure), size, colour)
    if key not in kept:
        kept[key] = in_our_font(figure_drawing(figure, size, colour=colour))
    return kept[key]


class Illustration(IllustrationSlot):
    """An exercise's drawn figure in its slot, tagged as a Figure with its alt text."""

    def __init__(self, figure, size: float, colour: str, alt: str | None = None,
                 kept: MutableMapping[Any, Any] | None = None):
        super().__init__(size, None, None)
        self.drawing = _figure_drawing({} if kept is None else kept, figure, size, colour)
        self.alt, self.key = alt, new_key("f")

    def draw(self):
        tagger = tagger_of(self.canv)
        if tagger:
            tagger.begin(self.canv, self.key, "Figure", None, self.alt)
        self.draw_picture()
        if tagger:
            tagger.end(self.canv)

    def draw_picture(self):
        self.drawing.drawOn(self.canv, 0, 0)


class Photo(Illustration):
    """An exercise's own picture, fitted into its slot."""

    def __init__(self, photo, size: float, alt: str | None = None, kept: MutableMapping[Any, Any] | None = None):
        IllustrationSlot.__init__(self, size, None, None)
        self.kept = {} if kept is None else kept
        scale = min(size / photo.width, size / photo.height)
        self.photo = photo
        self.w, self.h = photo.width * scale, photo.height * scale
        self.alt, self.key = alt, new_key("f")

    def draw_picture(self):
        draw_image(self.canv, self.photo, (self.size - self.w) / 2, self.size - self.h, self.w, self.h, self.kept)


def draw_image(canvas, picture, x: float, y: float, width: float, height: float,
               kept: MutableMapping[Any, Any]) -> None:
    """`canvas.drawImage` for a loaded picture, encoded once per picture and `kept`.

    reportlab decodes, hashes and deflates an image again for every document it appears in; a
    batch of leaflets with the same photos would pay that per leaflet. The encoded image XObject
    does not depend on the document, so it is made once and a shallow copy (sharing the encoded
    bytes) is registered in each document that draws it, under the name drawImage would give it.
    """
    key = ("xobject", picture)  # a picture is plain data: equal pictures share one encoding
    if key not in kept:
        reader = ImageReader(io.BytesIO(picture.data))
        name = hashlib.md5(reader.getRGBData() + b"None", usedforsecurity=False).hexdigest()
        kept[key] = (name, PDFImageXObject(name, reader))
    name, xobject = kept[key]
    document = canvas._doc
    registered = document.getXObjectName(name)
    if registered not in document.idToObject:
        document.Reference(copy.copy(xobject), registered)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


class Badge(Flowable):
    """A small filled label, e.g. the mark of exercises allowed in an early phase."""

    def __init__(self, text: str, fill: Color, size: float = 12):
        super().__init__()
        self.text, self.fill, self.size = text, fill, size  # body size: a patient must read it
        self.width = stringWidth(text, BOLD, size) + 4 * mm
        self.height = size + 2.4 * mm

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.roundRect(0, 0, self.width, self.height, self.height / 2, stroke=0, fill=1)
        c.setFillColor(text_on(self.fill))
        c.setFont(BOLD, self.size)
        c.drawCentredString(self.width / 2, 1.2 * mm + self.size * 0.15, self.text)
        c.restoreState()


# the narrowest text column beside a picture that holds the steps without wrapping most of them
# (~60 characters): an A4 sheet's, not an article's narrower measure nor an A5 page's
STEPS_BESIDE = 100 * mm
MIN_SIDE = 50 * mm  # the narrowest column beside a grown picture: the purpose and how much still read


class TopRule(HRFlowable):
    """A card's rule that is left out at the top of a frame, under a running head's own rule."""

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(frame is not None and getattr(frame, "_atTop", 0))

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight)
        return (width, 0) if self._at_top() else (width, height)

    def getSpaceAfter(self):
        return 0 if self._at_top() else super().getSpaceAfter()

    def draw(self):
        if not self._at_top():
            super().draw()


class Right(Flowable):
    """A flowable set against the right edge of the frame."""

    def __init__(self, inner: Flowable):
        super().__init__()
        self.inner = inner

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.inner_width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height + 2

    def draw(self):
        self.inner.drawOn(self.canv, self.width - self.inner_width, 2)


class Picture(Flowable):
    """An exercise's picture in a frame `width` wide and only as tall as the picture needs, at
    most `max_height`: a lying figure is wide and low, a standing one tall, and either fills the
    width it is given (a drawn figure is placed in a square with room around it; the frame fits
    the ink instead). Tagged as a Figure with its alt text; a quiet tinted frame while there is
    no picture."""

    def __init__(self, card: lf.ExerciseCard, width: float, max_height: float, theme: Theme):
        super().__init__()
        self.alt, self.key, self.theme = card.alt, new_key("f"), theme
        self.missing = card.no_picture
        self.drawing = self.photo = None
        if card.photo is not None:
            self.photo = card.photo
            w, h = self.photo.width, self.photo.height  # type: ignore[attr-defined]  # a source.images.Picture
            self.bounds = (0.0, 0.0, float(w), float(h))
        elif card.figure is not None:
            self.drawing = _figure_drawing(theme.kept, card.figure, 100, theme.link)
            self.bounds = self.drawing.getBounds()
        else:
            self.bounds = (0.0, 0.0, 1.0, 0.75)
        x0, y0, x1, y1 = self.bounds
        self.scale = min(width / max(x1 - x0, 1e-6), max_height / max(y1 - y0, 1e-6))
        self.width, self.height = width, (y1 - y0) * self.scale
        self.size = width  # the frame's width, as measured pages report a picture (pdf/measure.py)
        self.picture_width = (x1 - x0) * self.scale  # the ink, centred in the frame

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        x0, y0, _, _ = self.bounds
        left = (self.width - self.picture_width) / 2
        if self.drawing is None and self.photo is None:
            MissingPicture(self.picture_width, self.height, self.missing).drawOn(c, left, 0)
            return
        tagger = tagger_of(c)
        if tagger:
            tagger.begin(c, self.key, "Figure", None, self.alt)
        if self.photo is not None:
            draw_image(c, self.photo, left, 0, self.picture_width, self.height, self.theme.kept)
        else:
            c.saveState()
            c.translate(left - x0 * self.scale, -y0 * self.scale)
            c.scale(self.scale, self.scale)
            self.drawing.drawOn(c, 0, 0)
            c.restoreState()
        if tagger:
            tagger.end(c)


def _grid(rows: list, widths: list, commands: Sequence[tuple] = ()) -> Table:
    """A table used only to place things side by side: no padding of its own."""
    return table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0), *commands])


def _tinted(theme: Theme, content: list[Flowable], fill: Color, bar: Color) -> list[Flowable]:
    """How much (tinted) or what to watch (the caution colour) in its box, with the space above
    it; nothing when the exercise has none."""
    return [Spacer(0, 5), boxed(content, "100%", fill, bar, pad=2.5 * mm * theme.scale)] if content else []


GROW_MAX = 1.6  # a picture given a short page's room grows to at most this times its frame
GROW_BELOW = 0.9  # a page filled less than this that ends in a card gives its room to the picture (at 0.8, an A5
# page ended a fifth empty under a 45 mm picture)
CUT_BELOW = 0.7
"""A page filled less than this lets a card that may split (large print) start on it though it is
shorter than half a frame: it goes on overleaf after whole steps (`Kept._cut`), as a taller one
does, rather than leave the page this empty (a blank program's second page: 53 % full)."""
GROW_AT_LEAST = 8.0  # points: less room is not worth a larger picture
BESIDE_GROWS = 1.25  # a picture that can grow less than this beside its purpose grows above it instead


def card(card: lf.ExerciseCard, theme: Theme, width: float, slot: float, gutter: float,
         heading: Flowable | None = None) -> Flowable:
    """An exercise card; `heading`, if given, is kept on the same page as the card's start.

    A card that ends a page short of its foot (the next card did not fit, see `Kept.split`)
    gives the room to its picture, as large as it can be within it (up to `GROW_MAX` times its
    frame): a page that has to end short ends with a larger picture, not air.

    `slot` is the width of the picture's frame; the frame is as tall as the picture needs, up
    to `slot` (a standing figure), so a lying figure is as wide but low. The numbers of the
    steps always stay in one column. A card is built once in its one arrangement (below).
    """
    s = theme.styles
    # large print: the picture grows with the type, up to half the card
    slot, gutter = min(slot * theme.scale, width / 2), gutter * theme.scale
    text: list[Flowable] = []
    if card.badge:
        text += [Tag("P", Badge(card.badge, theme.primary, 12 * theme.scale)), Spacer(0, 3)]
    title = para(f"{escape(card.label)}: {inline(card.name)}", s["card_title"])
    text.append(title)
    if card.purpose:
        text.append(para(inline(card.purpose), s["purpose"]))
    indent = 18 * theme.scale
    steps = TaggedList(
        _items(card.steps, s["step"], indent),
        bulletType="1", bulletFormat="%s.", bulletFontName=BOLD, bulletFontSize=s["step"].fontSize,
        bulletColor=theme.heading, leftIndent=indent,
    )
    dose = [para(inline(" ".join(card.dosage)), s["dosage"])] if card.dosage else []
    cautions: list[Flowable] = []
    if card.cautions:
        label = f"<b>{escape(card.caution_label)}</b> "
        cautions = [para(label + inline(c) if i == 0 else inline(c), s["caution"]) for i, c in enumerate(card.cautions)]
    filmed = [Spacer(0, 5), video(card.video_url, theme, card.video_label, width)] if card.video_url else []
    column = width - slot - gutter
    rule = (TopRule if theme.ruled_head else HRFlowable)(width="100%", thickness=0.5, color=MUTED, spaceBefore=2,
                                                          spaceAfter=5)

    # made anew for each arrangement: a reportlab table keeps the width it was first measured at
    def dose_box() -> list[Flowable]:
        return _tinted(theme, dose, theme.tint, theme.primary)

    def caution_box() -> list[Flowable]:
        return _tinted(theme, cautions, CAUTION_TINT, CAUTION_BAR)

    # One arrangement for every card of a leaflet, so a reader finds each thing in the same place
    # on every card. The name spans the card above the picture. Where the column beside the
    # picture is a comfortable measure (A4 sheets), the steps and then what to watch run beside
    # it and how much goes under it (under a low lying figure that column is otherwise empty).
    # Elsewhere (A5, the narrower measure of articles) the purpose and how much sit beside the
    # picture and the steps run the card's full width below, then what to watch. In large print
    # on an article's measure the picture would take half the card and leave the purpose and how
    # much a column of some 25 letters: a card ending a page short sets its picture larger,
    # above them (`stacked`).
    # The head of a card (`Kept.head`) is what a page it starts on holds whole: name, picture,
    # purpose and how much.
    def arranged(frame: float, tallest: float) -> list[Flowable]:
        """The card with its picture in a frame `frame` wide and at most `tallest` high."""
        picture = Picture(card, frame, tallest, theme)
        beside = width - frame - gutter
        if steps_beside:
            side = [f for f in text if f is not title] + [steps] + caution_box()
            grid = _grid([[[picture, *dose_box()], side]], [frame + gutter, beside])
            return [rule, title, _headed(grid), *filmed, Spacer(0, 4)]
        side = [f for f in text if f is not title] + dose_box()
        return [rule, title, _grid([[[picture], side]], [frame + gutter, beside]), _headed(Spacer(0, 4)), steps,
                *caution_box(), *filmed, Spacer(0, 7)]

    def stacked(frame: float, tallest: float) -> list[Flowable]:
        """The card with its picture centred above the purpose and how much, as large as it is
        in a frame `frame` wide and at most `tallest` high."""
        side = [f for f in text if f is not title] + dose_box()
        drawn = Picture(card, frame, tallest, theme)
        picture = Picture(card, width, drawn.height, theme)  # the same picture, centred
        picture.size = picture.picture_width  # measured by its ink, not the card's width
        return [rule, title, picture, Spacer(0, 4), *side[:-1], _headed(side[-1]),
                Spacer(0, 4), steps, *caution_box(), *filmed, Spacer(0, 7)]

    steps_beside = column >= STEPS_BESIDE * theme.scale
    parts = arranged(slot, slot)
    lead = [heading] if heading else []
    # the column beside the picture keeps its arrangement's measure (steps beside it) or room
    # for the purpose and how much (`MIN_SIDE`); only the picture's row changes height
    widest = width - gutter - (STEPS_BESIDE if steps_beside else MIN_SIDE) * theme.scale

    def regrow(room: float) -> list[Flowable]:
        if steps_beside or widest >= BESIDE_GROWS * slot:
            return [*lead, *_grown(parts, lambda g: arranged(max(slot, min(slot * g, widest)), slot * g), room,
                                   lambda trial: trial[2].wrap(width, 1e6)[1])]
        # Large print on an article's measure: the picture already takes half the card. A wide
        # (lying) picture grows above the purpose and how much, wider but never taller than a
        # standing figure, a third of the page; a standing figure is as tall as it may be.
        if Picture(card, slot, slot, theme).height > slot / BESIDE_GROWS:
            return [*lead, *parts]
        return [*lead, *_grown(parts, lambda g: stacked(min(slot * g, width), slot), room,
                               lambda trial: _listWrapOn(trial, width, None)[1])]

    # Kept: a card stays on one page, and splits only when it is taller than a whole page.
    # Large print: a card is taller than half a page, so keeping each whole would leave half
    # of every other page empty; it starts where its head and two lines of its steps fit.
    kept = Kept([*lead, *parts], lead=len(lead), whole=0.5 if theme.scale > 1 else 1.0)
    kept.head, kept.two_lines = next(f for f in parts if getattr(f, "card_head", False)), TWO_LINES * theme.scale
    kept.continued = [para(f"{escape(card.label)}: {inline(card.name)} {escape(card.continued)}", s["continued"])
                      ] if card.continued else []
    kept.goes_on = [para(escape(card.goes_on), s["goes_on"])] if card.goes_on else []
    kept.regrow = regrow
    if theme.scale > 1:
        # where a large-print card's head won't fit the room left, it may start there with the
        # normal edition's picture (large enough to read: the page's smallest, see check)
        normal = slot / theme.scale
        kept.smaller = lambda: [*lead, *arranged(normal, normal)]
    return kept


def _headed(flowable: Flowable) -> Flowable:
    """`flowable`, marked as the last of a card's head (see `Kept.head`)."""
    flowable.card_head = True
    return flowable


def _grown(parts: list[Flowable], arranged, room: float, height) -> list[Flowable]:
    """The card `arranged(g)` with the largest picture (g times its frame, up to `GROW_MAX`) that
    leaves it at most `room` taller than `parts` (the card as first laid out), found by halving;
    `parts` when no larger picture fits. `height` measures the part of a card that changes."""
    limit = height(parts) + room
    low, high, best = 1.0, GROW_MAX, parts
    for _ in range(5):  # to within 1/32 of the interval: a millimetre or two of picture
        middle = (low + high) / 2
        trial = arranged(middle)
        if height(trial) <= limit:
            low, best = middle, trial
        else:
            high = middle
    return best


def phase_legend(block: lf.PhaseLegend, theme: Theme, width: float) -> Flowable:
    content = [Tag("P", Badge(block.badge, theme.primary, 12 * theme.scale)), Spacer(0, 4),
               para(inline(block.text), theme.styles["body"])]
    return Kept([boxed(content, width, theme.tint, theme.primary)])


@functools.lru_cache(maxsize=16)
def qr_code(url: str, size: float) -> Drawing:
    """A QR code drawing, `size` points square, quiet zone included. Made once per address and
    size (encoding and measuring the code is most of a contact block's cost, and the block is
    built in each arrangement it tries); a drawing is drawn wherever it is placed, unchanged."""
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), -x0, -y0])
    drawing.add(widget)
    return in_our_font(drawing)


def in_our_font(drawing: Drawing) -> Drawing:
    """Drawings start in Helvetica, and SVG text asks for fonts we don't have; neither would be
    embedded. Everything is set in the bundled family instead."""
    drawing.initialFontName = FAMILY

    def visit(node) -> None:
        if isinstance(node, String):
            node.fontName = BOLD if "bold" in str(node.fontName).lower() else FAMILY
        for child in getattr(node, "contents", ()):
            visit(child)

    visit(drawing)
    return drawing


def logo_drawing(logo, max_w: float, max_h: float) -> Flowable:
    """The clinic's logo scaled to fit `max_w` × `max_h`, keeping its proportions."""
    scale = min(max_w / logo.width, max_h / logo.height)
    if logo.kind == "svg":
        drawing = in_our_font(svg_drawing(logo.data))
        drawing.scale(scale, scale)
        drawing.width, drawing.height = logo.width * scale, logo.height * scale
        return SvgLogo(drawing)
    return Image(io.BytesIO(logo.data), logo.width * scale, logo.height * scale)


class SvgLogo(Flowable):
    """An SVG logo's drawing. A picture embedded in the SVG is drawn inline, and reportlab, set
    to write binary streams (layout/rlsettings.py), would put raw bytes into a page's text: for
    the logo alone, inline pictures are written as ASCII85."""

    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        from reportlab import rl_config

        saved = rl_config.useA85
        rl_config.useA85 = 1
        try:
            self.drawing.drawOn(self.canv, 0, 0)
        finally:
            rl_config.useA85 = saved


def contact(clinic: lf.ClinicInfo, theme: Theme, width: float, program: lf.ProgramCode | None = None) -> Flowable:
    """The clinic's name and contact lines in a tinted box, its web page's QR code on the right;
    with a `program`, the program code's QR code and text beside it, each QR code captioned.

    The program code goes where it makes the box least tall: beside the clinic's QR code (the
    contact lines narrow, which on A4 costs no height), or in a row of its own under them (a
    narrow page, whose contact lines would wrap). Page fill is tuned around this box's height."""
    if program is None:
        return _contact(clinic, theme, width, None)
    options = [box for column in BESIDE if (box := _contact(clinic, theme, width, program, beside=column))]
    options.append(_contact(clinic, theme, width, program, beside=0))
    heights = [option.wrap(width, 10**6)[1] for option in options]
    return options[min(range(len(options)), key=lambda i: (round(heights[i] / mm), i))]  # ties: the first


CODE_QR = 22 * mm  # the program code's QR code: smaller than the clinic's, and captioned
CAPTION_MORE = 14 * mm  # how much wider than the clinic's QR code its caption's column may grow
BESIDE = (34 * mm, 40 * mm, 46 * mm)  # widths tried for the program code's column beside the contact lines


def _contact(clinic: lf.ClinicInfo, theme: Theme, width: float, program: lf.ProgramCode | None,
             beside: float = 0) -> Flowable | None:
    s = theme.styles
    content: list[Flowable] = []
    if clinic.logo:
        content += [Tag("Figure", logo_drawing(clinic.logo, 45 * mm, 16 * mm), alt=clinic.name), Spacer(0, 4)]
    content.append(para(escape(clinic.name), s["contact_name"]))
    if clinic.department:
        content.append(para(escape(clinic.department), s["contact"]))
    content.append(Spacer(0, 4))
    code = 26 * mm * theme.scale  # large print: a larger code, its caption at the larger size beside it
    inner = width - 9 * mm
    sides = []  # (flowables, width) right of the contact lines
    if clinic.qr_url:
        qr = s["qr"]
        shown = readable_url(clinic.qr_url)
        # the caption's column as wide as the address on one line, up to CAPTION_MORE beyond the
        # code's: broken at its dot ("oresundskliniken / .example") it read as two addresses
        caption = min(max(code + 6 * mm, stringWidth(shown, qr.fontName, qr.fontSize) + 1), code + 6 * mm + CAPTION_MORE)
        centred = ParagraphStyle("qr_centred", parent=qr, alignment=TA_CENTER)  # the address centred under its code
        sides.append(([Tag("Figure", qr_code(clinic.qr_url, code), alt=f"QR code: {clinic.qr_url}"),
                       para(address(shown, qr.fontName, qr.fontSize, caption), centred)], caption))
    if program is not None and beside:
        sides.append((program_code(program, theme, beside, stacked=True), beside))
    column = inner - sum(w for _, w in sides)
    body = s["contact"]
    if beside and any(_wraps(escape(name), s[style], column) for name, style in
                      ((clinic.name, "contact_name"), (clinic.department or "", "contact"))):
        return None  # a program code column that leaves the clinic's name no line of its own

    def line_in(line: lf.ContactLine, room: float) -> str:
        if line.label:  # "E-post: kontakt@…" never breaks after the label, nor inside the address
            return labelled(line.label, line.value, body.fontName, BOLD, body.fontSize, room)
        return unbroken(line.value, body.fontName, body.fontSize, room)

    # A line that won't stand on one line beside the QR codes (an e-mail address in large print)
    # goes under them at the box's full width, with the lines after it: "E-post:" never stands alone.
    under = next((i for i, line in enumerate(clinic.contact)
                  if sides and _wraps(line_in(line, column), body, column) and not _wraps(line_in(line, inner), body, inner)),
                 len(clinic.contact))
    content += [para(line_in(line, column), body) for line in clinic.contact[:under]]
    wide = [para(line_in(line, inner), body) for line in clinic.contact[under:]]
    below = [] if program is None or beside else [Spacer(0, 2 * mm), program_code(program, theme, inner, stacked=False)]
    if not sides:
        return boxed(content + below, width, theme.tint, theme.primary)
    if len(sides) == 2:  # the program code's column first: the clinic's QR code stays at the right edge
        sides.reverse()
    gap = [("LEFTPADDING", (1, 0), (1, 0), 3 * mm)] if program is not None and beside else []  # the code's column
    centre = [("ALIGN", (-1, 0), (-1, 0), "CENTER")] if clinic.qr_url else []  # the clinic's code: the last column
    grid = table([[content, *(flowables for flowables, _ in sides)]], [column, *(w for _, w in sides)], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *centre,
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        *gap,
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ])
    return boxed([grid, *wide, *below], width, theme.tint, theme.primary)


def _wraps(markup: str, style: ParagraphStyle, width: float) -> bool:
    """Whether `markup` takes more than one line `width` wide."""
    return para(markup, style).wrap(width, 1e6)[1] > 1.5 * style.leading


def program_code(program: lf.ProgramCode, theme: Theme, width: float, stacked: bool) -> Flowable | list[Flowable]:
    """The program code's QR code, captioned ("Programkod", what it is for) and with the code
    as text, in groups of four broken only between groups: `stacked` under the QR code in a
    column `width` wide, else beside it."""
    qr = theme.styles["qr"]
    label = f"<b>{escape(program.label)}</b>"
    drawing = Tag("Figure", qr_code(program.code, CODE_QR), alt=f"QR code: {program.label} {program.code}")
    if stacked:  # in a column beside the contact lines, 3 mm in from its left edge
        text_width = width - 5 * mm
        return [drawing, para(f"{label}<br/>{_code_lines(program.code, qr, text_width)}", qr),
                *([para(escape(program.hint), qr)] if program.hint else [])]
    text_width = width - CODE_QR - 4 * mm
    first = stringWidth(f"{program.label}\u00a0", BOLD, qr.fontSize)  # the code starts on the label's line
    hint = f"<br/>{escape(program.hint)}" if program.hint else ""
    text = para(f"{label}\u00a0{_code_lines(program.code, qr, text_width, first)}{hint}", qr)
    return table([[drawing, text]], [CODE_QR + 4 * mm, text_width], [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ])


def _code_lines(code: str, style: ParagraphStyle, width: float, indent: float = 0) -> str:
    """A program code as escaped markup, its lines broken only after a group's '-' (the first
    line `indent` points shorter), and never a group alone on the last line ("XI" under three
    full lines read as a stray word): it takes one more group from the line above."""
    groups = code.split("-")
    lines = [[groups[0]]]
    for group in groups[1:]:
        room = width - (indent if len(lines) == 1 else 0)
        if stringWidth("-".join([*lines[-1], group]) + "-", style.fontName, style.fontSize) > room:
            lines.append([group])
        else:
            lines[-1].append(group)
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())
    return "<br/>".join(escape("-".join(line) + ("-" if i < len(lines) - 1 else "")) for i, line in enumerate(lines))


def video(url: str, theme: Theme, label: str, width: float) -> Flowable:
    """A small QR code with the printed address, for an exercise's video."""
    code = 16 * mm
    text = para(f"<b>{escape(label)}</b><br/>{escape(readable_url(url))}", theme.styles["qr"])
    return table([[Tag("Figure", qr_code(url, code), alt=f"QR code: {url}"), text]], [code + 3 * mm, width - code - 3 * mm], [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ])


@dataclass
class Pages:
    """Page references: where anchors landed in the previous pass, and where they land now."""

    previous: dict[str, int] | None = None
    found: dict[str, int] = field(default_factory=dict)


class Anchor(Flowable):
    """Invisible: records the page it lands on, and adds a bookmark to the PDF outline."""

    def __init__(self, key: str, title: str, found: dict[str, int]):
        super().__init__()
        self.key, self.title, self.found = key, title, found

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.found[self.key] = self.canv.getPageNumber()
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class PageMark(Anchor):
    """Records the page it lands on, without a bookmark. Takes no room and leaves the space
    between the flowables around it as it was (reportlab's zero-size, space-transferring kind)."""

    _ZEROSIZE = True
    _SPACETRANSFER = True

    def frameAction(self, frame):
        # taken as a frame action, it lands where the last flowable ended even when that one's
        # space below ran past the page foot (drawn, it would go over to the next page)
        self.found[self.key] = self.canv.getPageNumber()

    def draw(self):
        self.found[self.key] = self.canv.getPageNumber()


ENDS = ":ends-before"  # a PageMark's key suffix: the page the section before a listed heading ends on


def link_following(story: Sequence[Flowable]) -> None:
    """Tell each exercise card which story flowable comes after it (spaces, anchors and page
    template switches aside), so it can tell when it ends a page (`Kept.split`)."""
    after: Flowable | None = None
    for flowable in reversed(story):
        if isinstance(flowable, Kept):
            flowable.following = after
        if not isinstance(flowable, (Spacer, Anchor)) and (isinstance(flowable, PageBreak)
                                                           or not isinstance(flowable, ActionFlowable)):
            after = flowable


def listed(blocks: tuple[lf.Block, ...], pages_of_their_own: bool = False) -> dict[int, lf.ContentsEntry]:
    """What a table of contents lists, by the index of the block that prints it: every heading
    of the level the contents show, each with the key of the anchor the layout puts by it.

    On a sheet or article that is every section heading (h2), the ones a block prints with
    itself (FAQ, sources, cases, contact) included. In a booklet (`pages_of_their_own`) it is
    what starts a page (parts, the notes page, the back cover's contact), and the introduction
    before the first part, by its first heading."""
    found: dict[int, lf.ContentsEntry] = {}
    after_contents = False
    for i, block in enumerate(blocks):
        key = f"listed-{i}"
        title = None
        if isinstance(block, lf.Contents):
            after_contents = True
            continue
        if isinstance(block, lf.Part):
            after_contents = False
            found[i] = lf.ContentsEntry(block.key, block.title)
        elif isinstance(block, lf.NotesPage):
            found[i] = lf.ContentsEntry(block.key, block.heading)
        elif isinstance(block, lf.ContactBlock):
            title = block.heading
        elif pages_of_their_own:
            if after_contents:  # the introduction: listed once, by the first heading it prints
                title = block.title if isinstance(block, lf.NoteBlock) else getattr(block, "heading", None)
                after_contents = not title
        elif isinstance(block, lf.Heading):
            if block.level == 2:
                found[i] = lf.ContentsEntry(block.key or key, block.text)
        elif isinstance(block, (lf.Faq, lf.References, lf.Cases, lf.Prose, lf.Bullets, lf.ExerciseList)):
            title = block.heading
        if title:
            found[i] = lf.ContentsEntry(key, title)
    return found


def contents(block: lf.Contents, pages: Pages, theme: Theme, width: float,
             entries: tuple[lf.ContentsEntry, ...] | None = None) -> list[Flowable]:
    """A table of contents; page numbers come from the previous layout pass. `entries`, when
    the layout gives them (`listed`), replace the block's own."""
    s = theme.styles
    entries = block.entries if entries is None else entries
    starts = [(pages.previous or {}).get(entry.key, 0) for entry in entries]
    rows = []
    contents_table = Group("Table")
    for i, entry in enumerate(entries):
        first = starts[i]
        last = first
        if i + 1 < len(starts):
            # to the page the section ends on: where the next begins, unless it begins a page
            ends = (pages.previous or {}).get(entries[i + 1].key + ENDS)
            last = max(first, ends if ends is not None else starts[i + 1] - 1)
        span = f"{first}–{last}" if last > first else str(first)
        if pages.previous is None:
            span = "00–00"  # the first pass reserves room for the widest entry
        row = Group("TR", contents_table)
        rows.append([para(inline(entry.title), s["toc"], row, "TD"),
                     para(escape(block.page_label.format(pages=span)), s["toc_pages"], row, "TD")])
    # the page column as wide as its widest label ("Sida 00–00" in large print), so a number
    # never wraps under its label
    pages_w = stringWidth(block.page_label.format(pages="00–00"), s["toc_pages"].fontName, s["toc_pages"].fontSize) + 3 * mm
    toc = table(rows, [width - pages_w, pages_w], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 5 * mm),  # a wrapped title keeps clear of its number
        ("TOPPADDING", (0, 0), (-1, -1), 3),  # rules between the rows: a little air suffices
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, MUTED),
    ])
    # A reader looks for a page in one list, never on two pages; but a large-print contents is
    # most of a page, and kept whole it left the first page half empty: there it may go on
    # overleaf, under its heading again, with half its entries, so that neither page holds a
    # stub (three entries on the next page left it 69 % full before a box that would not fit).
    kept = Kept([para(inline(block.heading), s["h1"]), toc], lead=1, whole=0.5 if theme.scale > 1 else 1.0)
    kept.balanced = True
    # the heading again, as it was: readers (and the page check) know a contents list by it
    kept.continued = [para(inline(block.heading), s["h1_again"])]
    return [kept, Spacer(0, 12)]


class PicturePlaceholder(Flowable):
    """A framed box with the picture's alt text, printed where a picture is missing."""

    def __init__(self, alt: str, width: float, theme: Theme):
        super().__init__()
        self.alt, self.box_width, self.theme = alt, width, theme
        self.text = para(escape(alt), theme.styles["caption"])

    def wrap(self, available_width, available_height):
        self.width = min(self.box_width, available_width)
        _, h = self.text.wrap(self.width - 12 * mm, available_height)
        self.height = max(35 * mm, h + 12 * mm)
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(MUTED)
        c.setDash(4, 3)
        c.setLineWidth(0.8)
        c.roundRect(0, 0, self.width, self.height, 2 * mm, stroke=1, fill=0)
        c.restoreState()
        _, h = self.text.wrap(self.width - 12 * mm, self.height)
        self.text.drawOn(c, 6 * mm, (self.height - h) / 2)


def figure(block: lf.Figure, theme: Theme, width: float) -> list[Flowable]:
    if block.image is None:
        return [Tag("Figure", PicturePlaceholder(block.alt, width, theme), alt=block.alt), Spacer(0, 8)]
    scale = min(width / block.width, 90 * mm / block.height)
    picture = Image(io.BytesIO(block.image), block.width * scale, block.height * scale)
    parts: list[Flowable] = [Tag("Figure", picture, alt=block.alt or None)]
    if block.alt:
        parts.append(para(escape(block.alt), theme.styles["caption"]))
    return [KeepTogether(parts), Spacer(0, 8)]


def case_card(case: lf.CaseCard, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    head = f"<b>{escape(case.name)}</b>"
    if case.details:  # a line never starts with the dot between two facts
        head += "\u00a0· " + escape(case.details).replace(" · ", "\u00a0· ")
    content = [para(head, s["note_title"]),
               para(f"<b>{escape(case.situation_label)}:</b> {inline(case.situation)}", s["body"]),
               para(f"<b>{escape(case.advice_label)}:</b> {inline(case.advice)}", s["body"])]
    return Kept([boxed(content, width, theme.tint, theme.primary), Spacer(0, 8)])


MIN_BOX_COLUMN = 60 * mm  # a box's columns narrower than this stack into one


def themed_box(box: lf.ThemedBox, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    n = len(box.columns)
    inner = width - 9 * mm
    cells = [[para(inline(heading), s["h3"]), bullets(items, s["body"], theme.heading)]
             for heading, items in box.columns]
    if inner / n < MIN_BOX_COLUMN * theme.scale:  # one column: each theme under the one before
        # each item a row of the box, so a box taller than half a page splits between items; a
        # theme that goes on overleaf goes on under its name again ("Stark (fortsättning)")
        content: list[Flowable] = [para(inline(box.title), s["h2"])]
        again: dict[int, Flowable] = {}
        for heading, items in box.columns:
            content.append(para(inline(heading), s["h3"]))
            for row in range(len(content) + 1, len(content) + len(items)):
                again[row] = para(f"{inline(heading)} {escape(box.continued)}", s["h3"])
            content += bullet_rows(items, s["body"], theme.heading)
        return Kept([boxed(content, width, theme.tint, theme.primary, again=again)])
    grid = table([cells], [inner / n] * n, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
    ])
    return Kept([boxed([para(inline(box.title), s["h2"]), grid], width, theme.tint, theme.primary)])


def references(block: lf.References, theme: Theme, width: float) -> list[Flowable]:
    s = theme.styles
    items = []
    listing_group = Group("L")
    body = s["reference"]
    measure = width - 22 * theme.scale  # the address's line, right of the number
    for text, url in block.items:
        markup = inline(text) + (f"<br/>{link(url, theme.link, body.fontName, body.fontSize, measure)}" if url else "")
        items.append(ListItem(para(markup, s["reference"], Group("LI", listing_group), "LBody"),
                              leftIndent=22 * theme.scale))
    listing = TaggedList(items, bulletType="1", bulletFormat="%s.", bulletFontName=BOLD,
                         bulletFontSize=s["reference"].fontSize, leftIndent=22 * theme.scale)
    return with_heading(block.heading, [listing, Spacer(0, 8)], theme)


def flow(block: lf.Block, theme: Theme, width: float, slot: float, gutter: float,
         pages: Pages | None = None, entries: tuple[lf.ContentsEntry, ...] | None = None) -> list[Flowable]:
    """The flowables for one of the blocks every layout prints the same way."""
    s = theme.styles
    pages = pages or Pages()
    if isinstance(block, lf.PatientBox):
        lines = [Slot(slot, line, s["patient"]) for slot, line in block.lines]
        return [boxed(lines, width, theme.tint, theme.primary, pad=3 * mm), Spacer(0, 10)]
    if isinstance(block, lf.Heading):
        head = para(inline(block.text), s["h2" if block.level == 2 else "h3"])
        if block.picture_key is not None:
            head = HeadingWithKey(head, picture_key(block.picture_key, theme.link, theme.scale))
        head.block_origin = block.origin  # measured findings about a heading name its own line
        return [Anchor(block.key, block.text, pages.found), head] if block.key else [head]
    if isinstance(block, lf.Lead):
        return [para(inline(block.text), s["lead"])]
    if isinstance(block, lf.Quote):
        return [boxed([para(inline(p), s["quote"]) for p in block.paragraphs], width, WHITE_TINT,
                      theme.tint), Spacer(0, 8)]
    if isinstance(block, lf.Figure):
        return figure(block, theme, width)
    if isinstance(block, lf.Contents):
        return contents(block, pages, theme, width, entries)
    if isinstance(block, lf.Faq):
        parts = []
        for question, answer in block.items:
            parts.append(KeepTogether([para(inline(question), s["question"]),
                                       *[para(inline(p), s["body"]) for p in answer]]))
        return with_heading(block.heading, parts, theme)
    # a box's items are rows of it: a box taller than half a page splits between them
    if isinstance(block, lf.KeyPointsBox):
        content = [para(inline(block.title), s["note_title"]), *bullet_rows(block.items, s["body"], theme.heading)]
        return [Kept([boxed(content, width, theme.tint, theme.primary)]), Spacer(0, 10)]
    if isinstance(block, lf.SummaryBox):
        # a box with its title inside: under a section heading it does not read as a second heading
        content = [para(inline(block.title), s["note_title"])] if block.title else []
        content += bullet_rows(block.items, s["body"], theme.heading)
        return [Kept([boxed(content, width, theme.tint, theme.primary)]), Spacer(0, 10)]
    if isinstance(block, lf.Cases):
        return with_heading(block.heading, [case_card(c, theme, width) for c in block.items], theme)
    if isinstance(block, lf.ThemedBox):
        return [themed_box(block, theme, width), Spacer(0, 10)]
    if isinstance(block, lf.References):
        return references(block, theme, width)
    if isinstance(block, lf.Disclaimer):
        return [Spacer(0, 6), Kept([boxed([para(inline(p), s["disclaimer"]) for p in block.paragraphs], width,
                                          WHITE_TINT, MUTED, pad=3 * mm)]), Spacer(0, 8)]
    if isinstance(block, lf.Prose):
        return with_heading(block.heading, [para(inline(p), s["body"]) for p in block.paragraphs], theme)
    if isinstance(block, lf.Bullets):
        listing = bullets(block.items, s["body"], theme.heading, numbered=block.numbered)
        return with_heading(block.heading, [listing, Spacer(0, 6)], theme)
    if isinstance(block, lf.NoteBlock):
        return [note(block, theme, width), Spacer(0, 10)]
    if isinstance(block, lf.PhaseLegend):
        return [phase_legend(block, theme, width), Spacer(0, 6)]
    if isinstance(block, lf.ExerciseList):
        heading: Flowable | None = para(inline(block.heading), s["h2"]) if block.heading else None
        if block.picture_key is not None:  # on the heading's line, or alone over the first card
            key = picture_key(block.picture_key, theme.link, theme.scale)
            heading = HeadingWithKey(heading, key) if heading is not None else Right(key)
        return [card(c, theme, width, slot, gutter, heading if i == 0 else None) for i, c in enumerate(block.cards)]
    if isinstance(block, lf.ContactBlock):
        return [Kept([para(inline(block.heading), s["h2"]), contact(block.clinic, theme, width, block.program)], lead=1)]
    if isinstance(block, lf.TrainingLog):
        from handouts.layout.log import training_log  # its own module, as red flags

        return training_log(block, theme, width)
    if isinstance(block, lf.RedFlagsBox):
        from handouts.layout.redflags import red_flags  # its own module: it imports from this one

        return red_flags(block, theme, width)
    raise LayoutBug(f"flow() does not print {type(block).__name__} blocks: a layout handed it a block "
                    "kinds.SUPPORTS does not declare for it")

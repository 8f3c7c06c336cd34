"""The printed page, checked as a reader sees it: findings from a measured render.

Contract: `page_findings(report, leaflet, file)` -> `Diagnostic`s, from the `PageReport` of a
render (pdf/measure.py). Each finding names the source file and line of the block it concerns
where the block has one, else the leaflet's file. Codes:

- `layout.page-underfilled`: a page less than 70 % filled (last content above the footer over
  the frame's height); the last page of a part (before a forced page break) may go down to 40 %;
  the last page of the leaflet, a booklet's cover and the lined notes page are not held to it.
- `layout.stranded-heading`: a heading with nothing after it on its page, or stacked directly on
  another heading.
- `layout.split-box`: a box or kept group broken over pages although it is no taller than half
  a frame, or a fragment of a box with (almost) nothing in it.
- `layout.contents-mismatch`: a contents entry whose page is not the page its heading lands on,
  or a heading of the level the contents shows that it does not list.
- `layout.hyphenation`: more hyphenated line ends than one per two pages, or a break that leaves
  fewer than three letters on either side.
- `layout.picture-too-small`: an exercise picture narrower than 55 mm on A4 or 45 mm on A5.
- `layout.overflow` (raised by the render itself): a block that fits no page.
"""

from __future__ import annotations

from typing import Iterable

from handouts.diagnostics import Diagnostic
from handouts.pdf.measure import PageReport, Placed

MM = 72 / 25.4
FILL_MIN = 0.70
FILL_FLOOR = 0.40
STRANDED_BELOW = 2 * 17 + 10  # points of ink: fewer than three lines under a heading at a page foot,
# the rest of its section overleaf, reads as stranded (blocks.UNDER_HEADING keeps three)
HYPHENS_PER_PAGE = 0.5
MIN_PICTURE = {"A4": 55 * MM, "A5": 45 * MM}
CONTENT = ("heading", "box", "group", "text", "picture", "lines", "other")
BLANK_EDITION = "no patient's name"  # named after the leaflet in a finding of its blank edition


def page_findings(report: PageReport, leaflet, file: str | None, anchors: dict[str, int] | None = None
                  ) -> list[Diagnostic]:
    """Every layout finding of one rendered leaflet (see the module docstring)."""
    edition = [leaflet.lang] + ["large print"] * (leaflet.scale > 1)
    if not any(text for slot, text in leaflet.personal_text if slot.startswith("patient")):
        edition.append(BLANK_EDITION)  # printed blank: `check` lays out both
    title = " ".join(leaflet.title.split())  # as typed: a message shows no no-break spaces
    where = _Where(file, f"{title} ({', '.join(edition)})")
    return [*_fill(report, leaflet, where), *_headings(report, leaflet.title, where), *_splits(report, where),
            *_contents(report, leaflet, anchors or {}, where), *_hyphenation(report, where),
            *_pictures(report, where)]


class _Where:
    def __init__(self, file: str | None, name: str):
        self.file, self.name = file, name

    def at(self, placed: Placed | None, message: str, code: str, hint: str) -> Diagnostic:
        origin = placed.origin if placed is not None else None
        file = origin.file if origin is not None and origin.file else self.file
        line = origin.line if origin is not None and origin.file else None
        return Diagnostic(file, line, None, "warning", f"{self.name}: {message}", code, hint)


def _content(items: Iterable[Placed]) -> list[Placed]:
    return [p for p in items if p.kind in CONTENT]


def _fill(report: PageReport, leaflet, where: _Where) -> Iterable[Diagnostic]:
    for page in range(1, report.pages):  # the last page of a leaflet ends where it ends
        placed = report.on(page)
        content = _content(placed)
        if not content or any(p.kind == "lines" for p in placed):
            continue
        if page == 1 and leaflet.layout == "booklet-a5":
            continue  # the cover is drawn on the page, not flowed
        height = report.frame_heights.get(page) or 1.0
        fill = (content[0].frame_top - min(p.bottom for p in content)) / height
        part_ends = any(p.kind == "break" for p in placed[placed.index(content[-1]):])
        goal = FILL_FLOOR if part_ends else FILL_MIN
        if fill < goal:
            yield where.at(content[-1], f"page {page} is only {fill:.0%} filled (goal {goal:.0%})",
                           "layout.page-underfilled",
                           "move a block up, shorten what follows, or let the next block split")


def _headings(report: PageReport, title: str, where: _Where) -> Iterable[Diagnostic]:
    content = _content(report.placed)
    for here in content:
        if here.stacked:
            yield where.at(here, f"heading '{here.stacked[0]}' on page {here.page} is followed directly by "
                           f"the heading '{here.stacked[1]}'", "layout.stranded-heading",
                           "put a sentence under the first heading, or drop one of them")
    for index, here in enumerate(content):
        if here.kind != "heading" or index + 1 == len(content) or here.text == " ".join(title.split()):
            continue  # the title opens the leaflet (on a booklet, the cover): it heads everything
        after = content[index + 1]
        if after.kind == "heading" and after.page == here.page:
            yield where.at(here, f"heading '{here.text}' on page {here.page} is followed directly by "
                           f"the heading '{after.text}'", "layout.stranded-heading",
                           "put a sentence under the first heading, or drop one of them")
            continue
        below = [p for p in content[index + 1:] if p.page == here.page]
        if len(below) == len(content) - index - 1:
            continue  # the leaflet ends on this page
        if below and content[index + 1 + len(below)].kind == "heading":
            continue  # a short section, whole on this page: the next one starts overleaf
        if sum(p.top - p.bottom for p in below) < STRANDED_BELOW:
            yield where.at(here, f"heading '{here.text}' stands at the foot of page {here.page} with "
                           f"{'nothing' if not below else 'a line or two'} under it; its section goes on on page "
                           f"{here.page + 1}", "layout.stranded-heading", "keep the heading with what follows it")


def _splits(report: PageReport, where: _Where) -> Iterable[Diagnostic]:
    pieces: dict[int, list[Placed]] = {}
    for placed in report.placed:
        if not placed.whole and placed.kind in ("box", "group"):
            pieces.setdefault(placed.story, []).append(placed)
    for parts in pieces.values():
        pages = sorted({p.page for p in parts})
        if len(pages) < 2:
            continue
        frame = parts[0].frame_top - parts[0].frame_bottom
        empty = [p for p in parts if p.top - p.bottom < 14]
        if empty:
            yield where.at(empty[0], f"an empty piece of a box is left on page {empty[0].page}",
                           "layout.split-box", "keep the box whole")
        elif parts[0].height and parts[0].height <= frame / 2:
            yield where.at(parts[0], f"a box {parts[0].height / MM:.0f} mm tall is broken over pages "
                           f"{pages[0]}–{pages[-1]}", "layout.split-box",
                           "keep it whole: it fits on one page")


def _contents(report: PageReport, leaflet, anchors: dict[str, int], where: _Where) -> Iterable[Diagnostic]:
    from handouts import leaflet as lf

    contents = next((b for b in leaflet.blocks if isinstance(b, lf.Contents)), None)
    if contents is None:
        return
    from handouts.layout.blocks import listed as layout_listed

    headings = [p for p in report.placed if p.kind == "heading"]
    # what the contents page printed: the layout lists the headings (layout/blocks.py `listed`)
    entries = [*contents.entries, *layout_listed(leaflet.blocks, leaflet.layout == "booklet-a5").values()]
    listed = {" ".join(e.title.split()): e for e in entries}
    level_pages: dict[str, int] = {}
    for entry_title, entry in listed.items():
        printed = anchors.get(entry.key)
        candidates = [h for h in headings if h.text == entry_title]
        found = next((h for h in candidates if h.page == printed), candidates[-1] if candidates else None)
        if found is not None and printed is not None and found.page != printed:
            yield where.at(found, f"the contents say '{entry_title}' is on page {printed}; it is on page "
                           f"{found.page}", "layout.contents-mismatch", "a layout bug: report it")
        if found is not None:
            level_pages[entry_title] = found.page
    # the level the contents show is the highest one they list (a booklet lists its parts, and
    # its introduction by a lower heading)
    shown_levels = {min((_level(h) for h in headings if h.text in level_pages), default=0)}
    for heading in headings:
        if _level(heading) in shown_levels and heading.text not in listed and heading.text != contents.heading \
                and heading.page > 1:
            yield where.at(heading, f"the contents do not list the heading '{heading.text}' "
                           f"(page {heading.page})", "layout.contents-mismatch",
                           "list every heading of the level the contents show")


def _level(heading: Placed) -> int:
    return heading.level


def _hyphenation(report: PageReport, where: _Where) -> Iterable[Diagnostic]:
    breaks = [(p, word) for p in report.placed for word in p.hyphens]
    if report.pages and len(breaks) > HYPHENS_PER_PAGE * report.pages:
        yield where.at(None, f"{len(breaks)} hyphenated line ends on {report.pages} pages "
                       f"(at most {HYPHENS_PER_PAGE * report.pages:g})", "layout.hyphenation",
                       "widen the column, or rephrase the longest words")
    for placed, (before, after) in breaks:
        if len(before.rstrip("-")) < 3 or len(after) < 3:
            yield where.at(placed, f"'{before}{after}' on page {placed.page} is broken with fewer than three "
                           "letters on one side", "layout.hyphenation", "keep three letters each side of a break")


def _pictures(report: PageReport, where: _Where) -> Iterable[Diagnostic]:
    size = "A4" if report.page_width > 500 else "A5"
    smallest = MIN_PICTURE[size]
    small = [(placed, width) for placed in report.placed for width in placed.pictures if width < smallest - 0.5]
    if small:  # one finding per leaflet: the pictures share one slot size
        first, width = small[0]
        yield where.at(first, f"{len(small)} pictures are {min(w for _, w in small) / MM:.0f}–{width / MM:.0f} mm "
                       f"wide, under {smallest / MM:.0f} mm on {size} (the first on page {first.page})",
                       "layout.picture-too-small", "give the picture the card's width")

"""Every built-in leaflet in both languages, read back from its PDF: contents entries name the
page their heading lands on, every listed heading is there, and pictures are large."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from handouts.build import build_pdf, resolve_request
from handouts.resolve.recipe import Request

from .conftest import DATE

pytestmark = pytest.mark.slow  # builds every built-in leaflet: in the full run

LEAFLETS = ["disc-surgery", "osteoporosis", "spinal-stenosis", "osteoporosis-recommendations",
            "osteoarthritis-exercise"]
ENTRY = re.compile(r"^(?P<title>\S.*?)\s+(?:Sida|Sid|Side) (?P<first>\d+)(?:–(?P<last>\d+))?\s*$", re.M)


def squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("lang", ["sv", "da"])
@pytest.mark.parametrize("name", LEAFLETS)
def test_contents_name_the_pages_their_headings_land_on(workspace, name, lang, large):
    reader = PdfReader(io.BytesIO(build_pdf(workspace, Request(name, lang, DATE, large_print=large))))
    texts = [page.extract_text() for page in reader.pages]
    at = next((i for i, t in enumerate(texts[:3]) if re.search(r"^(Innehåll|Indhold)", t, re.M)), None)
    outline = [str(item.title) for item in reader.outline if not isinstance(item, list)]
    if at is None:
        return
    listing = texts[at]
    if at + 1 < len(texts) and re.search(r"^(Innehåll|Indhold)$", texts[at + 1], re.M):
        listing += "\n" + texts[at + 1]  # a large-print contents goes on overleaf, under its heading again
    contents = squeeze(listing)
    # a page number never wraps under its label (the large print's wider "Sida 16–17")
    assert not re.search(r"(?:Sida|Sid|Side)\s*$", listing, re.M)
    for title in outline:  # every heading of the level shown (each is a bookmark) is listed
        assert squeeze(title) in contents, title
    # single-line entries (a wrapped title is checked by the line above only)
    found = [m for m in ENTRY.finditer(listing) if m["title"] in outline]
    entries = [(m["title"], int(m["first"])) for m in found]
    assert entries
    for title, first in entries:
        assert squeeze(title)[:24] in squeeze(texts[first - 1]), (title, first)
    # a range ends on the page its section ends on: the next section's first page when that
    # page has text of this one above the next heading (beyond the running head), else the page before
    for this, following in zip(found, found[1:]):
        if outline.index(following["title"]) != outline.index(this["title"]) + 1:
            continue  # a wrapped entry between them
        last, start = int(this["last"] or this["first"]), int(following["first"])
        page = squeeze(texts[start - 1])
        for furniture in (reader.metadata.title or "", "Öresundskliniken", "Øresundsklinikken"):
            page = page.removeprefix(squeeze(furniture))  # the running head
        before = page[:page.find(squeeze(following["title"])[:24])]
        assert last == (start if len(before) > 12 else start - 1) or start == int(this["first"]), \
            (this["title"], last, following["title"], start)


@pytest.mark.parametrize("name, least", [("disc-surgery", 55 * mm), ("osteoporosis", 45 * mm)])
def test_pictures_are_large(workspace, name, least):
    from handouts.layout import layout_leaflet
    from handouts.layout.blocks import Picture
    from handouts.layout.tags import fresh_keys

    with fresh_keys():
        document = layout_leaflet(resolve_request(workspace, Request(name, "sv", DATE)))
    found = []

    def visit(flowable):
        if isinstance(flowable, Picture):
            found.append(flowable)
        for child in getattr(flowable, "_content", ()) or ():
            visit(child)
        for row in getattr(flowable, "_cellvalues", ()) or ():
            for cell in row:
                for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                    visit(item)

    for flowable in document.story:
        visit(flowable)
    assert found and all(p.width >= least for p in found)


def test_a_page_that_ends_short_gives_its_room_to_the_last_picture(monkeypatch):
    """Pages 12 and 13 of the booklet each hold one dumbbell card (two don't fit an A5 page):
    the picture of each takes the room under it, and every page keeps the same words."""
    from handouts.build import World, build
    from handouts.layout import blocks

    ask = Request("osteoporosis", "sv", DATE)
    monkeypatch.setattr(blocks, "GROW_BELOW", 0.0)  # no page is filled little enough to give room
    plain = build(World(), ask, measure=True)
    monkeypatch.undo()
    grown = build(World(), ask, measure=True)

    def words(data: bytes) -> list[list[str]]:  # a narrower column beside a picture wraps anew
        return [re.sub(r"-\s+(?=[a-zåäö])", "", page.extract_text()).split() for page in PdfReader(io.BytesIO(data)).pages]

    assert words(grown.data) == words(plain.data)  # nothing moved

    def picture_and_fill(report, page: int) -> tuple[float, float]:
        on = [p for p in report.on(page) if p.kind != "space"]
        widest = max(w for p in on for w in p.pictures)
        return widest, (on[0].frame_top - min(p.bottom for p in on)) / report.frame_heights[page]

    for page in (12, 13):
        (before, filled_before), (after, filled_after) = (picture_and_fill(plain.report, page),
                                                          picture_and_fill(grown.report, page))
        assert before == pytest.approx(45 * mm) and filled_before < 0.7, page  # the A5 frame, a short page
        assert after > 55 * mm and filled_after >= 0.7, page
    # a page a fifth empty gives its room too: the standing balance's picture and its foot inset
    (before, filled_before), (after, filled_after) = picture_and_fill(plain.report, 17), picture_and_fill(grown.report, 17)
    assert before == pytest.approx(45 * mm) and 0.8 < filled_before < 0.85
    assert after > 55 * mm and filled_after > 0.9


@pytest.mark.parametrize("lang, label, continued, foot", [
    ("sv", "Övning", "fortsättning", "Övningen fortsätter på nästa sida"),
    ("da", "Øvelse", "fortsat", "Øvelsen fortsætter på næste side")])
def test_a_large_print_card_goes_on_overleaf_under_its_number(workspace, lang, label, continued, foot):
    """In large print on A4 a card is taller than half a page: rather than leave every other page
    half empty, it starts where its name, picture, purpose, dosage and two lines of its steps fit
    and goes on overleaf, whole steps only, under "Övning 5 (fortsättning)", after a line at the
    foot that says so (a patient must not stop at step 2). The normal edition keeps every card
    whole."""
    def pages(large: bool) -> list[str]:
        data = build_pdf(workspace, Request("disc-surgery", lang, DATE, large_print=large))
        return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]

    mark = re.compile(rf"^{label} (\d+): .+ \({continued}\)$", re.M)
    large = pages(True)
    goes_on = [(number, int(m.group(1))) for number, text in enumerate(large) for m in mark.finditer(text)]
    assert goes_on, "no large-print card went on overleaf"
    for index, card in goes_on:
        head = large[index - 1]
        assert f"{label} {card}:" in head  # started on the page before, with its name
        after_name = head[head.index(f"{label} {card}:"):]
        assert re.search(r"^1\.", after_name, re.M)  # and at least its first step
        assert foot in after_name  # and says at its foot that it goes on
        body = large[index].split("\n")
        top = next(i for i, line in enumerate(body) if mark.match(line))
        assert re.match(r"^(\d+\.|OBS!)", body[top + 1]), body[top + 1]  # whole steps, or the cautions
    assert not any(mark.search(text) for text in pages(False))


def test_a_large_print_card_starts_with_the_normal_picture_rather_than_leave_a_page_short():
    """Where a large-print card's head won't fit the room a page has left, it starts there with
    the normal edition's picture (56 mm on A4, never smaller) instead of leaving the room empty."""
    from handouts.build import World, build

    report = build(World(), Request("disc-surgery", "da", DATE, large_print=True), measure=True).report
    widths = sorted({round(w / mm) for placed in report.placed for w in placed.pictures})
    assert widths[0] == 56 and widths[-1] >= 74, widths  # some cards smaller, none below the normal size
    normal = build(World(), Request("disc-surgery", "da", DATE), measure=True).report
    assert {round(w / mm) for placed in normal.placed for w in placed.pictures} >= {56}


def test_a_large_print_article_card_that_ends_a_page_short_sets_its_picture_above_its_text(monkeypatch):
    """On an article's measure a large-print picture already takes half the card, so it cannot
    grow beside the purpose: a card that ends a page short sets a larger picture above it."""
    from handouts.build import World, build
    from handouts.layout import blocks

    ask = Request("osteoarthritis-exercise", "sv", DATE, large_print=True)
    monkeypatch.setattr(blocks, "GROW_BELOW", 0.0)
    plain = build(World(), ask, measure=True)
    monkeypatch.undo()
    grown = build(World(), ask, measure=True)
    assert len(plain.report.frame_heights) == len(grown.report.frame_heights)

    def picture_and_fill(report, page: int) -> tuple[float, float]:
        on = [p for p in report.on(page) if p.kind != "space"]
        widest = max((w for p in on for w in p.pictures), default=0.0)
        return widest, (on[0].frame_top - min(p.bottom for p in on)) / report.frame_heights[page]

    changed = [page for page in range(1, len(grown.report.frame_heights) + 1)
               if picture_and_fill(plain.report, page)[0] != picture_and_fill(grown.report, page)[0]]
    assert changed
    for page in changed:
        (before, filled_before), (after, filled_after) = (picture_and_fill(plain.report, page),
                                                          picture_and_fill(grown.report, page))
        assert filled_before < 0.7 and filled_after >= 0.7, page
        assert after > 1.25 * before, page

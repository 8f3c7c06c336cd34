"""The page-foot rules of `blocks.Kept`, on small pages made for them: a box that has to go over
lets the box after it take the room, and a box that splits leaves two lines or more overleaf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from handouts.layout import blocks
from handouts.layout.tags import fresh_keys, para
from handouts.layout.theme import make_theme

THEME = make_theme("#1f5f7a", "#e3eef2", "")
PAGE = (120 * mm, 120 * mm)


@pytest.fixture(autouse=True)
def keys():
    with fresh_keys():  # paragraphs are tagged structure elements
        yield


def pages_of(story) -> list[str]:
    """The story set on small pages with one 100 mm frame, as text per page."""
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=PAGE, invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(10 * mm, 10 * mm, 100 * mm, 100 * mm, id="f",
                                                   leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)])])
    blocks.link_following(story)
    doc.build(story)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def box(word: str, lines: int) -> blocks.Kept:
    text = " ".join([word] * 11 * lines)  # about eleven words to a line of 100 mm
    return blocks.Kept([blocks.boxed([para(text, THEME.styles["body"])], "100%", THEME.tint, THEME.primary)])


def test_a_box_that_must_go_over_lets_the_next_box_take_the_room():
    story = [Spacer(0, 60 * mm), box("alfa", 7), box("beta", 2), para("gamma", THEME.styles["body"])]
    first, second = pages_of(story)[:2]
    assert "beta" in first and "alfa" not in first  # the small box took the room the large one left
    assert "alfa" in second and second.index("alfa") < second.index("gamma")  # then the text goes on


def test_a_box_never_passes_a_heading_or_text():
    story = [Spacer(0, 60 * mm), box("alfa", 7), para("gamma", THEME.styles["body"]), box("beta", 2)]
    first = pages_of(story)[0]
    assert "alfa" not in first and "gamma" not in first and "beta" not in first


def test_a_box_that_splits_leaves_two_lines_or_more_overleaf():
    rows = [para(f"rad{n}", THEME.styles["body"]) for n in range(1, 12)]
    tall = blocks.Kept([blocks.boxed(rows, "100%", THEME.tint, THEME.primary)])
    height = blocks.boxed(list(rows), 100 * mm, THEME.tint, THEME.primary).wrap(100 * mm, 1e6)[1]
    assert height > 50 * mm  # taller than half the frame: it may split
    story = [Spacer(0, 100 * mm - height + 4 * mm), tall]  # a few points short of the room it needs
    first, second = pages_of(story)
    assert second.count("rad") >= 2 and first.count("rad") + second.count("rad") == 11


def test_large_print_stacks_boxes_that_pair_in_the_normal_edition():
    """Two notes side by side on an A4 page hold some 30 letters a line at 12 pt; at 16 pt they
    would hold 20-25, so large print sets them one under the other."""
    from handouts import leaflet as lf
    from handouts.layout.sheet import CONTENT_W
    from handouts.layout.theme import LARGE_PRINT

    rules = lf.NoteBlock("rules", "Så tränar du", (), ("Börja lugnt.",))
    safety = lf.NoteBlock("safety", "Sluta om det gör ont", ("Ingen övning ska göra ont.",), ())
    assert blocks.pairs_with(rules, safety, CONTENT_W)
    assert not blocks.pairs_with(rules, safety, CONTENT_W, LARGE_PRINT)


def test_a_themed_box_splits_between_items_and_goes_on_under_the_themes_name():
    """A large-print themed box taller than half a page splits between its items, never right
    under a theme's name, and the theme goes on overleaf under its name again."""
    from handouts import leaflet as lf
    from handouts.layout.theme import LARGE_PRINT

    large = make_theme("#1f5f7a", "#e3eef2", "", scale=LARGE_PRINT)
    themed = lf.ThemedBox("Tre teman", (("Stark", ("ett", "två", "tre")), ("Stabil", ("fyra", "fem", "sex")),
                                        ("Rak", ("sju", "åtta", "nio"))), continued="(fortsättning)")
    table = blocks.themed_box(themed, large, 100 * mm)._content[0]
    table.wrap(100 * mm, 1e6)
    heights = list(table._rowHeights)
    assert len(heights) == 13  # the title, three names, nine items: each a row

    def text(row) -> str:  # a row's words: a name (a paragraph) or an item (a list of one)
        def words(f) -> str:
            if hasattr(f, "getPlainText"):
                return f.getPlainText()
            return " ".join(words(g) for g in getattr(f, "_flowables", ()) or getattr(f, "_content", ()))
        return " ".join(words(f) for cell in row for f in (cell if isinstance(cell, (list, tuple)) else [cell])).strip()

    seen = set()
    for room in range(int(heights[0] + heights[1] + heights[2]), int(sum(heights)), 3):
        pieces = table.split(100 * mm, room)
        if not pieces:
            continue
        first, rest = pieces
        assert not blocks._a_title(first._cellvalues[-1]), room
        last, opening = text(first._cellvalues[-1]), text(rest._cellvalues[0])
        if last in ("ett", "två", "fyra", "fem", "sju", "åtta"):  # a theme goes on overleaf
            assert opening.endswith("(fortsättning)"), (room, opening)
            seen.add(opening)
    assert seen >= {"Stark (fortsättning)", "Stabil (fortsättning)"}


def test_a_web_address_longer_than_its_line_breaks_before_a_hyphen():
    from handouts.layout.text import address
    from handouts.layout.theme import FAMILY, register_fonts

    register_fonts()
    url = "www.example.dk/Sider/Rygmarvsforsnaevring-spinalstenose-i-laenden-21735.aspx"
    lines = address(url, FAMILY, 17, 80 * mm).split("<br/>")
    assert "".join(lines) == url
    assert all(a.endswith("/") or b.startswith("-") for a, b in zip(lines, lines[1:])), lines
    assert any(line.startswith("-") for line in lines), lines
    assert address("oresundskliniken.example", FAMILY, 12, 80 * mm) == "oresundskliniken.example"



def test_a_box_leaves_no_empty_piece_at_a_page_foot():
    """Where a box's two-line title won't fit the room left, the box goes over whole: a split
    inside the title row left slivers of tint with no line in them (large print, a case card)."""
    title = para(" ".join(["rubrik"] * 14), THEME.styles["note_title"])  # two lines
    rows = [title, *(para(f"rad{n}", THEME.styles["body"]) for n in range(1, 9))]
    width = 100 * mm
    least = 2 * 4 * mm + blocks.LINES_2  # the box's padding and two lines
    for room in range(30, 70):  # points
        pieces = blocks.boxed(list(rows), width, THEME.tint, THEME.primary).split(width, room)
        assert not pieces or pieces[0].wrap(width, room)[1] >= least, room


def test_a_heading_with_a_line_or_two_goes_over_when_the_box_it_heads_wont_start():
    """A heading and two lines, then a box that goes overleaf whole: the heading goes with it,
    or its section reads as ending at the foot (check's layout.stranded-heading)."""
    heading = para("Exempel", THEME.styles["h2"])
    intro = para(" ".join(["inledning"] * 8), THEME.styles["body"])  # two lines
    story = [Spacer(0, 45 * mm), *blocks.keep_with([heading], [intro]), box("fall", 4)]
    first, second = pages_of(story)[:2]
    assert "Exempel" not in first and "inledning" not in first
    assert second.index("Exempel") < second.index("inledning") < second.index("fall")


def test_a_heading_with_a_line_or_two_stays_when_a_new_section_follows():
    heading = para("Exempel", THEME.styles["h2"])
    intro = para(" ".join(["inledning"] * 8), THEME.styles["body"])
    story = [Spacer(0, 45 * mm), *blocks.keep_with([heading], [intro]),
             *blocks.keep_with([para("Nästa", THEME.styles["h2"])], [box("fall", 4)])]
    first = pages_of(story)[0]
    assert "Exempel" in first and "inledning" in first


def test_a_cards_rule_is_left_out_under_a_running_heads_rule():
    """On an A4 sheet the running head ends in a rule; a card starting a page printed its own rule
    3 mm under it, a double line. At the top of a frame the card's rule takes no room and draws
    nothing; further down it is drawn as before."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph
    from reportlab.platypus.flowables import HRFlowable

    from handouts.layout.blocks import TopRule

    canvas = Canvas(io.BytesIO())
    frame = Frame(0, 0, 300, 300, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    top = frame._y
    assert frame.add(TopRule(width="100%", thickness=0.5, spaceAfter=5), canvas)
    assert frame._y == top  # at the top: no room taken
    frame.add(Paragraph("Övning 1"), canvas)
    below = frame._y
    assert frame.add(TopRule(width="100%", thickness=0.5, spaceAfter=5), canvas)
    plain = Frame(0, 0, 300, 300, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    plain.add(Paragraph("Övning 1"), canvas)
    start = plain._y
    plain.add(HRFlowable(width="100%", thickness=0.5, spaceAfter=5), canvas)
    assert below - frame._y == pytest.approx(start - plain._y)  # between cards: as a plain rule
    assert start - plain._y > 5

"""The imposed booklet fills the blank pages its fold would have (issues #15, #18): a training log
of the program's exercises first, then lined notes pages, before the back cover; the plain A5
booklet keeps its page count.

The imposed PDF is read back half-sheet by half-sheet: each side carries two pages, and
`saddle_stitch_order` says which. "No blank page" means every A5 page prints something besides
its running foot (page number, clinic, version, control line). There are no deliberate
exceptions in a filled booklet: the cover has the title, notes pages their heading and lines.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from handouts import leaflet as lf
from handouts.build import World, build_pdf
from handouts.pdf.impose import saddle_stitch_order
from handouts.resolve.recipe import Request, resolve_leaflet

from .conftest import DATE, write

HEADS = {"sv": ("Träningsdagbok", "Anteckningar", "Övning Må Ti On To Fr Lö Sö", "Kontakt"),
         "da": ("Træningsdagbog", "Noter", "Øvelse Ma Ti On To Fr Lø Sø", "Kontakt")}
FOOT = re.compile(r"^(Sida|Side) \d+$|Version \d|^#[0-9a-f]{8}$")


def a5_pages(imposed: bytes) -> list[str]:
    """The imposed booklet's pages in reading order (A5, or large print's A4), each as its words
    (one space apart)."""
    sides = PdfReader(io.BytesIO(imposed)).pages
    count = 2 * len(sides)
    texts = [""] * count
    for side, pair in zip(sides, saddle_stitch_order(count)):
        half = float(side.mediabox.width) / 2
        parts: tuple[list[str], list[str]] = ([], [])

        def visit(text, cm, tm, font, size, parts=parts, half=half):
            if text.strip():
                parts[cm[4] + tm[4] * cm[0] >= half].append(text)

        side.extract_text(visitor_text=visit)
        for index, words in zip(pair, parts):
            texts[index] = "\n".join(words)
    return texts


def content(text: str) -> str:
    """A page's text without its running foot."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip() and not FOOT.search(line.strip()))


def squeeze(text: str) -> str:  # words only: line breaks and hyphenation differ
    return re.sub(r"[\W_]+", "", text)


def names(world: World, recipe: str, lang: str, large_print: bool = False) -> list[str]:
    leaflet = resolve_leaflet(world.library, world.catalogues, Request(recipe, lang, DATE, large_print=large_print))
    return [card.name for block in leaflet.blocks if isinstance(block, lf.ExerciseList) for card in block.cards]


@pytest.mark.slow
@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
@pytest.mark.parametrize("lang", ["sv", "da"])
def test_the_imposed_booklet_fills_its_blanks_with_the_log_and_notes(workspace, lang, large_print):
    request = Request("osteoporosis", lang, DATE, large_print=large_print)
    plain = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(build_pdf(workspace, request))).pages]
    pages = a5_pages(build_pdf(workspace, request, imposition="booklet"))
    log_heading, notes_heading, log_head, back = HEADS[lang]
    assert len(pages) % 4 == 0
    assert all(content(text) for text in pages), [i + 1 for i, text in enumerate(pages) if not content(text)]
    # the plain booklet is not padded, and prints no log of its own
    assert not any(log_heading in text for text in plain)
    # the pages before the back cover as many as in the plain booklet, its own notes page the last
    # (the contents list two entries more, and the introduction under them may break elsewhere)
    end = len(plain) - 1
    assert squeeze(content(pages[end - 1]))[:40] == squeeze(plain[end - 1])[:40]
    assert content(pages[end - 1]).startswith(notes_heading)
    assert content(pages[-1]).startswith(back)
    filled = [content(text) for text in pages[end:-1]]
    if len(plain) % 4 == 0:  # folds without blanks (the regular edition, 20 pages): nothing added
        assert filled == [] and len(pages) == len(plain)
        return
    log = [text for text in filled if log_head in text]
    assert filled[0].startswith(log_heading) and filled[:len(log)] == log  # the log first, then notes
    assert all(text.startswith(notes_heading) for text in filled[len(log):])
    assert len(log) <= (2 if large_print else 1)
    # every exercise, numbered as its card, in the log
    joined = squeeze(" ".join(log))
    program = names(workspace, "osteoporosis", lang, large_print)
    assert len(program) == 15
    for number, name in enumerate(program, 1):
        assert squeeze(f"{number}. {name}") in joined, name
    # no extra sheet where the log fits in the blanks the fold would have left
    if len(log) <= -len(plain) % 4:
        assert len(pages) == -(-len(plain) // 4) * 4
    # the contents list the filled pages where they are
    contents = next(" ".join(t.split()) for t in pages if t.startswith(("Innehåll", "Indhold")))
    word = "Sida" if lang == "sv" else "Side"
    span = str(end + 1) if len(log) == 1 else f"{end + 1}–{end + len(log)}"
    assert f"{log_heading} {word} {span}" in contents


def project(tmp_path, extra_notes: int, own_log: bool = False) -> World:
    """A booklet of six exercises and `extra_notes` notes pages: each one page, so that between
    them the four counts leave every number of blanks, 0 to 3, to a fold."""
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: fillers\nname: Fyllkliniken\n")
    exercises = "".join(f"      - {e}\n" for e in ("core-brace", "pelvic-lift", "toe-heel-rock", "mini-squat",
                                                  "side-weight-shift", "calf-stretch"))
    sections = ("  - kind: log\n" if own_log else "") + f"  - kind: exercises\n    exercises:\n{exercises}"
    sections += "  - kind: notes-page\n" * extra_notes + "  - kind: contact\n"
    write(root, "recipes/filled.yaml",
          f"id: filled\nversion: 1\nlayout: booklet-a5\ntitle: {{sv: Fyll, da: Fyld}}\nsections:\n{sections}")
    return World((root,))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["sv", "da"])
def test_every_number_of_blanks_is_filled(tmp_path, lang):
    log_heading, notes_heading, log_head, _ = HEADS[lang]
    blanks_seen = set()
    for extra in range(4):
        world = project(tmp_path / str(extra), extra)
        plain = PdfReader(io.BytesIO(build_pdf(world, Request("filled", lang, DATE)))).pages
        pages = a5_pages(build_pdf(world, Request("filled", lang, DATE), imposition="booklet"))
        blanks = -len(plain) % 4
        blanks_seen.add(blanks)
        assert len(pages) == len(plain) + blanks  # the log fits on one page: never an extra sheet
        assert all(content(text) for text in pages)
        filled = [content(text) for text in pages[len(plain) - 1:-1]]
        assert len(filled) == blanks
        if blanks:
            assert filled[0].startswith(log_heading) and log_head in filled[0]
            for number, name in enumerate(names(world, "filled", lang), 1):
                assert squeeze(f"{number}. {name}") in squeeze(filled[0])
            assert all(text.startswith(notes_heading) and log_head not in text for text in filled[1:])
        else:
            assert not any(log_heading in text for text in pages)
    assert blanks_seen == {0, 1, 2, 3}


@pytest.mark.slow
def test_a_booklet_with_a_log_of_its_own_fills_its_blanks_with_notes(tmp_path):
    log_heading, notes_heading, log_head, _ = HEADS["sv"]
    for extra in range(4):
        world = project(tmp_path / str(extra), extra, own_log=True)
        pages = a5_pages(build_pdf(world, Request("filled", "sv", DATE), imposition="booklet"))
        assert sum(log_head in content(text) for text in pages) == 1  # its own, never a second one
        assert all(content(text) for text in pages)


def test_the_log_is_usable_with_a_pen():
    """Boxes at least 7 mm each way and text of 12 pt or more, in both print sizes, on an A5 page."""
    from reportlab.platypus import Table

    from handouts.layout.booklet import CONTENT_W
    from handouts.layout.log import training_log
    from handouts.layout.tags import fresh_keys
    from handouts.layout.theme import LARGE_PRINT, make_theme, prepare

    prepare("sv")
    rows = tuple((str(n), name) for n, name in enumerate(
        ["Glid längs väggen", "Diagonalsträck på alla fyra", "Stå på ett ben med stöd"] * 5, 1))
    log = lf.TrainingLog("Träningsdagbok", "Sätt ett kryss.", "Övning", ("Må", "Ti", "On", "To", "Fr", "Lö", "Sö"), rows)
    for scale in (1.0, LARGE_PRINT):
        theme = make_theme("#1d5c7a", "#e3eef3", "sv", None, scale)
        with fresh_keys():
            grid = next(f for f in training_log(log, theme, CONTENT_W, own_page=True) if isinstance(f, Table))
            grid.wrap(CONTENT_W, 1000 * mm)
        assert sum(grid._colWidths) <= CONTENT_W + 0.01  # never wider than the page
        assert min(grid._colWidths[1:]) >= 7 * mm and min(grid._rowHeights[1:]) >= 7 * mm
        cells = [flowable for row in grid._cellvalues for cell in row for flowable in cell]  # a cell: a tuple
        sizes = [f.inner.style.fontSize for f in cells if hasattr(f, "inner")]
        assert len(sizes) == 8 + len(rows)  # the heads and the names: every text of the grid
        assert min(sizes) >= 12, scale

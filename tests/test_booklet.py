"""The osteoporosis booklet: A5 pages, a true table of contents, phase marks, and imposition."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, landscape

from handouts.build import World, build_pdf
from handouts.diagnostics import HandoutsError
from handouts.pdf.impose import saddle_stitch_order
from handouts.resolve.recipe import Request

from .conftest import DATE

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out


@pytest.fixture(scope="module")
def booklets(workspace) -> dict[str, bytes]:
    return {lang: build_pdf(workspace, Request("osteoporosis", lang, DATE)) for lang in ("sv", "da")}


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_pages_are_a5(booklets):
    for data in booklets.values():
        for page in PdfReader(io.BytesIO(data)).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A5, abs=0.01)


@pytest.mark.parametrize("lang, word", [("sv", "Sida"), ("da", "Side")])
def test_contents_page_numbers_are_where_the_parts_are(workspace, booklets, lang, word):
    texts = page_texts(booklets[lang])
    contents_page = next(i for i, t in enumerate(texts) if t.startswith(("Innehåll", "Indhold")))
    body = texts[contents_page].split("\n", 1)[1]
    entries = [(" ".join(title.split()), int(first), int(last or first)) for title, first, last in
               re.findall(rf"(.+?)\s+{word} (\d+)(?:–(\d+))?(?:\n|$)", body, re.S)]
    # the introduction flows on under the contents: its text ends the entries
    entries = entries[:next((i for i in range(1, len(entries)) if entries[i][1] < entries[i - 1][1]), len(entries))]
    recipe = workspace.library.recipes["osteoporosis"]
    parts = [s.title[lang] for s in recipe.sections if s.kind == "part"]
    # the introduction (by its first heading), the parts, the notes page and the back cover
    assert [title for title, _, _ in entries][1:1 + len(parts)] == parts
    flat = [" ".join(t.split()) for t in texts]
    for i, (title, first, last) in enumerate(entries):
        # the introduction's heading: on the contents page, past the entry that lists it
        heading_page = next(n + 1 for n, t in enumerate(flat) if n >= contents_page and
                            (t.startswith(title) or i == 0 and t.count(title) > (n == contents_page)))
        assert heading_page == first, title
        if i + 1 < len(entries):
            assert last == entries[i + 1][1] - 1, title


def test_every_exercise_appears_in_both_languages(workspace, booklets):
    recipe = workspace.library.recipes["osteoporosis"]
    ids = [ref.id for s in recipe.sections if s.kind == "exercises" for ref in s.exercises]
    assert len(ids) == 15
    for lang, data in booklets.items():
        text = " ".join(page_texts(data)).replace("\n", " ")
        for exercise_id in ids:
            assert workspace.library.exercises[exercise_id].text[lang].name in text, (lang, exercise_id)


def test_every_exercise_card_stays_on_one_page(workspace, booklets):
    """Name, steps and last caution on the same page: a card never continues overleaf (on A5 the
    steps run below the picture so that long cards still fit)."""
    recipe = workspace.library.recipes["osteoporosis"]
    ids = [ref.id for s in recipe.sections if s.kind == "exercises" for ref in s.exercises]

    def squeeze(text: str) -> str:  # words only: line breaks and hyphenation differ
        return re.sub(r"[\W_]+", "", text)

    for lang, data in booklets.items():
        pages = [squeeze(t) for t in page_texts(data)]
        for exercise_id in ids:
            text = workspace.library.exercises[exercise_id].text[lang]
            name_page = next(n for n, t in enumerate(pages) if squeeze(text.name) in t)
            for line in (*text.steps[-1:], *text.cautions[-1:]):
                assert squeeze(line)[:40] in pages[name_page], (lang, exercise_id, line)


def test_page_numbers_on_every_page_but_the_cover(booklets):
    texts = page_texts(booklets["sv"])
    assert not re.search(r"\bSida 1\b", texts[0])
    for number, text in enumerate(texts[1:], start=2):
        assert f"Sida {number}" in text


def test_phase_badge_and_filter(workspace, booklets):
    library = workspace.library
    flagged = {e for e, ex in library.exercises.items() if "acute-vertebral-fracture" in ex.phases}
    assert flagged  # the booklet marks its gentlest exercises
    texts = page_texts(booklets["sv"])
    for exercise_id in flagged:
        name = library.exercises[exercise_id].text["sv"].name
        page = next(t for t in texts if name in t.replace("\n", " "))
        assert "Tidig fas" in page
    acute = " ".join(page_texts(build_pdf(workspace, Request("osteoporosis", "sv", DATE, phase="acute"))))
    acute = acute.replace("\n", " ")
    recipe_ids = [r.id for s in library.recipes["osteoporosis"].sections if s.kind == "exercises" for r in s.exercises]
    for exercise_id in recipe_ids:
        name = library.exercises[exercise_id].text["sv"].name
        assert (name in acute) == (exercise_id in flagged), exercise_id


def test_unknown_phase_is_refused(workspace):
    with pytest.raises(HandoutsError, match="no phase 'acut'"):
        build_pdf(workspace, Request("osteoporosis", "sv", DATE, phase="acut"))
    with pytest.raises(HandoutsError, match="marks no phases"):
        build_pdf(workspace, Request("disc-surgery", "sv", DATE, phase="acute"))


def test_saddle_stitch_order():
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert len(saddle_stitch_order(5)) == 4  # padded to 8 pages, two sheets


def test_imposed_booklet(workspace, booklets):
    plain = page_texts(booklets["da"])
    imposed_pdf = build_pdf(workspace, Request("osteoporosis", "da", DATE), imposition="booklet")
    reader = PdfReader(io.BytesIO(imposed_pdf))
    n = len(plain)
    assert len(reader.pages) == -(-n // 4) * 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(landscape(A4), abs=0.01)
    padded = -(-n // 4) * 4
    ordered = plain[:-1] + [""] * (padded - n) + plain[-1:]  # blanks go before the back cover
    for side, (left, right) in zip(reader.pages, saddle_stitch_order(n)):
        text = side.extract_text()
        for index in (left, right):
            marker = ordered[index].strip().splitlines()[0] if ordered[index].strip() else None
            if marker:
                assert marker in text
        if ordered[left].strip() and ordered[right].strip():
            first_left = ordered[left].strip().splitlines()[0]
            first_right = ordered[right].strip().splitlines()[0]
            assert text.index(first_left) < text.index(first_right) or first_left == first_right


def test_imposition_needs_a_booklet(workspace):
    with pytest.raises(HandoutsError, match="not a booklet"):
        build_pdf(workspace, Request("disc-surgery", "da", DATE), imposition="booklet")


def test_booklet_is_reproducible(workspace, booklets):
    assert build_pdf(workspace, Request("osteoporosis", "sv", DATE)) == booklets["sv"]


def test_a_recipe_can_restrict_itself_to_its_phase(tmp_path, workspace):
    from handouts.build import World

    source = (workspace.library.source("recipes", "osteoporosis").document.path).read_text(encoding="utf-8")
    own = source.replace("id: osteoporosis", "id: osteo-early").replace("  id: acute\n", "  id: acute\n  only: true\n")
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "osteo-early.yaml").write_text(own, encoding="utf-8")
    data = build_pdf(World((tmp_path,)), Request("osteo-early", "da", DATE))
    text = " ".join(page_texts(data)).replace("\n", " ")
    assert workspace.library.exercises["abdominal-brace"].text["da"].name in text
    assert workspace.library.exercises["band-row"].text["da"].name not in text


@pytest.mark.parametrize("pdfa", [False, True], ids=["plain", "pdfa"])
def test_the_imposed_booklet_says_it_is_not_tagged(pdfa):
    import pikepdf

    data = build_pdf(World(), Request("osteoporosis", "sv", DATE), imposition="booklet", pdfa=pdfa)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is False
        assert "/StructTreeRoot" not in pdf.Root


def test_the_readme_says_the_imposed_booklet_is_not_tagged():
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8").split())
    assert "Every PDF but the imposed booklet is **tagged**" in readme
    assert "it is not tagged, and says so (`/MarkInfo /Marked false`)" in readme


@pytest.mark.parametrize("lang, title, lead", [("sv", "Allmänna råd och tips", "Små vanor gör stor skillnad"),
                                               ("da", "Generelle råd og tips", "Små vaner gør en stor forskel")])
def test_a_part_opens_with_its_lead_sentence_under_the_title(booklets, lang, title, lead):
    # a part's title stacked directly on its first box's title reads as two headings in a row
    page = next(text for text in page_texts(booklets[lang]) if text.lstrip().startswith(title))
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    assert lines[0] == title and lines[1].startswith(lead)

"""Tagged PDF, checked the way a PDF/UA checker would, since none runs offline here.

- every painting or text operator on every page is inside marked content: an /Artifact, or a
  structure element's MCID that the parent tree maps back to an element in the tree;
- every Figure has alternate text; headings nest without skipping a level;
- /MarkInfo, /Lang, the title shown as window title, tab order by structure;
- the structure's text, in reading order, is the page text in visual order, word for word.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pikepdf
import pytest

from handouts.build import build_pdf
from handouts.resolve.recipe import Request

from .conftest import DATE, pdf_text

pytestmark = pytest.mark.slow  # builds every built-in leaflet: in the full run

CASES = [("disc-surgery", "da"), ("osteoporosis", "sv"), ("spinal-stenosis", "da"),
         ("osteoporosis-recommendations", "sv")]
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"}


@pytest.fixture(scope="module")
def tagged(workspace):
    # with a patient and a therapist: their lines are stamped into the template (render.stamp)
    return {case: build_pdf(workspace, Request(case[0], case[1], DATE, patient="Åsa Öberg", therapist="Bo Ek"))
            for case in CASES}


def elements(node, found=None):
    found = [] if found is None else found
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found.append(kid)
            elements(kid, found)
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_every_mark_is_tagged_or_an_artifact(tagged, case):
    with pikepdf.open(io.BytesIO(tagged[case])) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) in ("da-DK", "sv-SE")
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index, page in enumerate(pdf.pages):
            assert page.Tabs == "/S"
            stack: list[object] = []
            mcids = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    tag = str(operands[0])
                    if op == "BDC" and tag != "/Artifact":
                        mcids.append(int(operands[1].MCID))
                    stack.append(tag)
                elif op == "EMC":
                    assert stack, f"unbalanced EMC on page {index + 1}"
                    stack.pop()
                elif op in PAINTING:
                    assert stack, f"page {index + 1}: '{op}' outside marked content"
            assert stack == []
            mapped = parents[int(page.StructParents)]
            assert len(mapped) == len(mcids) == len(set(mcids)), index
            for element in mapped:
                assert element.get("/Type") == "/StructElem"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_figures_have_alt_text_and_headings_nest(tagged, case):
    with pikepdf.open(io.BytesIO(tagged[case])) as pdf:
        found = elements(pdf.Root.StructTreeRoot.K)
        roles = [str(e.S) for e in found]
        assert "/H1" in roles and "/P" in roles
        figures = [e for e in found if e.S == "/Figure"]
        assert figures
        assert all(str(e.get("/Alt", "")).strip() for e in figures)
        level = 0
        for role in roles:
            if re.fullmatch(r"/H[1-6]", role):
                assert int(role[2]) <= level + 1, roles
                level = int(role[2])
        for link in (e for e in found if e.S == "/Link"):
            assert str(link.Alt).startswith(("http", "mailto", "tel"))
        lists = [e for e in found if e.S == "/L"]
        assert lists
        for listing in lists:
            for item in listing.K:
                assert item.S == "/LI"
                assert [str(k.S) for k in item.K] == ["/Lbl", "/LBody"]


def test_contents_is_a_table(tagged):
    with pikepdf.open(io.BytesIO(tagged[("osteoporosis", "sv")])) as pdf:
        tables = [e for e in elements(pdf.Root.StructTreeRoot.K) if e.S == "/Table"]
        assert len(tables) == 1
        rows = list(tables[0].K)
        assert rows and all(r.S == "/TR" and [str(c.S) for c in r.K] == ["/TD", "/TD"] for r in rows)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_structure_reads_like_the_page(tagged, case, tmp_path):
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(tagged[case])
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    texts = [" ".join(m.split()) for m in re.findall(r'^\s*"(.*)"\s*$', tree, re.M)]
    assert texts

    def squeeze(text: str) -> str:  # words only: line breaks, hyphenation and spacing differ
        return re.sub(r"[\W_]+", "", text)

    page_text = squeeze(pdf_text(tagged[case]))
    position = 0
    for text in texts:
        found = page_text.find(squeeze(text), position)
        assert found >= 0, f"{text!r} is not where reading order says"
        position = found + len(squeeze(text))
    tagged_words = sum(len(squeeze(t)) for t in texts)
    assert 0.8 * len(page_text) <= tagged_words <= len(page_text)  # furniture is untagged; nothing doubled


def test_structure_keys_are_counted_per_render_and_never_outside_one():
    # the layout keeps no state between leaflets: each render counts its elements from 1
    import pytest

    from handouts.layout.tags import fresh_keys, new_key

    with pytest.raises(RuntimeError):
        new_key("p")
    for _ in range(2):
        with fresh_keys():
            assert [new_key("p"), new_key("g")] == ["p1", "g2"]

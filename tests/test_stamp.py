"""One template per recipe, stamped per patient: nothing of one patient reaches another's leaflet,
and a reused template gives the same bytes as a fresh one."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter

import pikepdf
import pytest

from handouts.build import World, build_pdf
from handouts.resolve.recipe import Request
from handouts.world.store import Store

from .conftest import pdf_text, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

CASES = [("disc-surgery", "da"), ("osteoporosis", "sv"), ("spinal-stenosis", "sv")]
ALICE = dict(patient="Alice Åkerlund", therapist="Ulla Wiklöf", date=dt.date(2026, 3, 4))
BOB = dict(patient="Bo Ørsted", therapist="Jens Bæk", date=dt.date(2027, 1, 9))


def request(case, person) -> Request:
    return Request(case[0], case[1], person["date"], patient=person["patient"], therapist=person["therapist"])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_a_template_serves_every_patient_and_leaks_nothing(workspace, case, monkeypatch):
    workspace.kept.clear()
    alice = build_pdf(workspace, request(case, ALICE))
    bob = build_pdf(workspace, request(case, BOB))
    kept = workspace.kept["templates"]
    assert len(kept) == 1 and len(next(iter(kept.values()))) == 1  # reused
    assert build_pdf(World(), request(case, BOB)) == bob  # a stored template: the same bytes
    assert build_pdf(World(store=Store(None)), request(case, BOB)) == bob  # a fresh template: the same bytes
    assert bob != alice
    text = squeeze(pdf_text(bob))
    assert "Bo Ørsted" in text and "Jens Bæk" in text and "2027" in text
    assert "Alice" not in text and "Wiklöf" not in text and "2026" not in text.replace("2026-", "")
    with pikepdf.open(io.BytesIO(bob)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20270109")


def test_a_long_name_gets_a_template_of_its_own_shape(workspace):
    workspace.kept.clear()
    case = ("disc-surgery", "sv")
    long_name = "Anna-Karin Margareta Östergren-Lindqvist von Essen af Zellén " * 2
    short = build_pdf(workspace, request(case, ALICE))
    long = build_pdf(workspace, request(case, {**ALICE, "patient": long_name.strip()}))
    assert [len(kept) for kept in workspace.kept["templates"].values()] == [2]  # same recipe, two shapes
    assert squeeze(long_name.strip()) in squeeze(pdf_text(long)).replace("- ", "-")
    # the taller patient box pushes the rest down: the first page holds less of the program
    first = lambda data: pdf_text(data).split("\n")  # noqa: E731
    assert len(first(long)) >= len(first(short))


def test_stamped_text_is_tagged_and_its_fonts_have_names_of_their_own(workspace):
    data = build_pdf(workspace, request(("disc-surgery", "da"), BOB))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [str(font.BaseFont) for page in pdf.pages for font in _fonts(page.obj.Resources)]
        by_name: dict[str, set] = {}
        for page in pdf.pages:
            for font in _fonts(page.obj.Resources):
                by_name.setdefault(str(font.BaseFont), set()).add(font.objgen)
        assert all(len(objects) == 1 for objects in by_name.values()), by_name  # one program per name
        assert any(name.startswith("/H") for name in fonts)
        # the form with the patient's name is drawn inside a P element's marked content
        page = pdf.pages[0]
        stack, inside = [], Counter()
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("BMC", "BDC"):
                stack.append(str(operands[0]))
            elif str(operator) == "EMC":
                stack.pop()
            elif str(operator) == "Do" and str(operands[0]).startswith("/HP"):
                inside[stack[-1]] += 1
        assert inside["/P"] >= 3 and inside["/Artifact"] == 1  # name, therapist, date; footer date


def _fonts(resources):
    """Fonts of a page and of the forms it draws."""
    for font in resources.get("/Font", {}).values():
        yield font
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject.Resources)


def test_templates_in_the_store_hold_no_patient_data(tmp_path):
    store = Store(tmp_path / "store")
    person = {**ALICE, "patient": "Zebulon Qvist"}
    with_notes = Request("disc-surgery", "sv", person["date"], patient=person["patient"], notes=("Ring mig.",))
    build_pdf(World(store=store), with_notes)
    assert not list((tmp_path / "store").rglob("template*/*/*"))  # the patient's own notes never reach the disk
    build_pdf(World(store=store), request(("disc-surgery", "sv"), person))
    [stored] = (tmp_path / "store").rglob("template-pdf/*/*")
    text = pdf_text(stored.read_bytes().split(b"\n", 2)[2])
    assert "Öresund" in text or "klinik" in text.lower()  # the template has the leaflet's text...
    assert "Zebulon" not in text and "2026" not in text.replace("2026-", "")  # ...but no personal text
    for entry in (tmp_path / "store").rglob("*"):
        assert not entry.is_file() or b"Zebulon" not in entry.read_bytes()


def test_a_booklet_without_a_back_cover_ends_with_the_date(project):
    """A booklet prints its credits and date on the back cover; without a contact section (no
    back cover) they end the last page."""
    write(project, "recipes/short.yaml", """
        id: short
        version: 1
        layout: booklet-a5
        title: {sv: Kort häfte, da: Kort hæfte}
        sections:
          - kind: prose
            text: {sv: Gå en runda varje dag., da: Gå en tur hver dag.}
        """)
    data = build_pdf(World((project,)), Request("short", "sv", dt.date(2026, 3, 4), clinic="test-clinic",
                                                     patient="Märta Ek"))
    text = squeeze(pdf_text(data))
    assert "Märta Ek" in text and "Gå en runda" in text
    assert text.index("Gå en runda") < text.index("Datum 4 mars 2026")


def test_an_exercise_video_prints_its_qr_code_and_address_the_same_every_time(project):
    write(project, "exercises/core-brace.yaml", """
        id: core-brace
        position: lying
        video: https://video.example/core-brace
        dosage: {reps: 5}
        text:
          sv: {name: Spänn magen, steps: [Ligg på rygg., Spänn magen lätt.]}
          da: {name: Spænd maven, steps: [Lig på ryggen., Spænd maven let.]}
        """)
    workspace = World((project,))
    ask = Request("disc-surgery", "sv", dt.date(2026, 3, 4), clinic="test-clinic", picks=("core-brace",))
    first = build_pdf(workspace, ask)
    workspace.kept.clear()
    again = build_pdf(workspace, ask)  # laid out anew in the same process: the same bytes
    assert first == again
    assert "video.example/core-brace" in pdf_text(first)
    with pikepdf.open(io.BytesIO(first)) as pdf:
        alts = [str(e.get("/Alt")) for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert "QR code: https://video.example/core-brace" in alts


def _elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from _elements(kid)

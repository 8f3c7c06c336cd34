"""Warning signs (`kind: red-flags`): early in the leaflet, in the patient's language, whole."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from handouts.build import World, build_pdf
from handouts.resolve.recipe import Request

from .conftest import DATE, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

# per language: the heading, and a word of each sign and of whom to call, as printed
SIGNS = {
    "sv": ("Sök vård direkt om", ("svagare", "underlivet", "kissa", "feber", "112", "1177")),
    "da": ("Søg læge med det samme", ("svagere", "underlivet", "vandet", "feber", "112", "lægevagten")),
}


def pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_disc_surgery_has_its_warning_signs_on_the_first_two_pages(workspace, lang):
    # with a patient box, as the desk prints it: the box must still come early
    data = build_pdf(workspace, Request("disc-surgery", lang, DATE, patient="Åsa Öberg", therapist="Per Ek"))
    text = pages(data)
    heading, words = SIGNS[lang]
    page = next((n for n, t in enumerate(text) if heading in t), None)
    assert page is not None and page < 2, f"'{heading}' is on page {page}"
    for word in words:
        assert word in text[page], (word, text[page][:400])
    other = SIGNS["da" if lang == "sv" else "sv"][0]
    assert other not in " ".join(text)


def test_the_stenosis_signs_are_early_not_in_the_closing_disclaimer(workspace):
    for lang, (heading, _) in SIGNS.items():
        text = pages(build_pdf(workspace, Request("spinal-stenosis", lang, DATE)))
        assert heading in text[0] or heading in text[1]
        # the closing box no longer carries them
        assert not re.search(r"\b112\b", text[-1]) and "underlivet" not in text[-1]  # (the footer's hash may hold "112")


def test_a_warning_box_is_never_split_across_pages(tmp_path):
    """However much comes before it, the box prints on one page: heading, signs and action."""
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: test-clinic\nname: Testkliniken\n")
    paragraph = "Ett stycke text som fyller sidan lite i taget, rad för rad, tills rutan inte får plats. " * 3
    seen_on_second_page = False
    for n in range(8, 22, 2):
        prose = "\n\n".join([paragraph] * n)
        write(root, "recipes/long.yaml", f"""
            id: long
            version: 1
            layout: sheet-a4
            title: {{sv: Lång, da: Lang}}
            sections:
              - kind: prose
                text: {{sv: "{prose}", da: "Tekst."}}
              - kind: red-flags
                box:
                  sv:
                    items: [Första tecknet., Andra tecknet., Tredje tecknet., Fjärde tecknet.]
                    action: Sista raden i rutan.
            """)
        text = pages(build_pdf(World((root,)), Request("long", "sv", DATE, clinic="test-clinic")))
        holding = [i for i, t in enumerate(text) if "Sök vård direkt om" in t]
        assert len(holding) == 1
        box_page = text[holding[0]]
        for part in ("Första tecknet", "Fjärde tecknet", "Sista raden i rutan"):
            assert part in box_page, (n, part)
        seen_on_second_page |= holding[0] > 0
    assert seen_on_second_page  # the loop did push the box past a page foot


@pytest.mark.parametrize("lang, name", [("sv", "Öresundskliniken"), ("da", "Øresundsklinikken")])
def test_the_warning_box_gives_the_clinics_phone_number(lang, name):
    # a reader in a hurry should not have to look for the number on the last page
    data = build_pdf(World(), Request("disc-surgery", lang, DATE))
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert f"{name}: +46 70 174 06 10" in " ".join(first.split())


@pytest.mark.parametrize("lang, mark", [("sv", "Efter 6 veckor"), ("da", "Efter 6 uger")])
def test_the_disc_program_marks_the_exercises_to_start_after_six_weeks(lang, mark):
    """The rules say to wait six weeks with exercises 7-10 (curl-ups and stretches, which load
    the disc more); each of those cards says so itself, the first six do not."""
    from handouts import leaflet as lf
    from handouts.build import resolve_request

    leaflet = resolve_request(World(), Request("disc-surgery", lang, DATE))
    cards = [card for block in leaflet.blocks if isinstance(block, lf.ExerciseList) for card in block.cards]
    marked = mark.replace("6 ", "6\u00a0")  # typeset: the number stays with its unit
    assert [card.badge for card in cards] == [None] * 6 + [marked] * 4
    assert not any(isinstance(block, lf.PhaseLegend) for block in leaflet.blocks)  # it explains itself
    rules = " ".join(" ".join(b.items) for b in leaflet.blocks if isinstance(b, lf.NoteBlock))
    assert "7–10" in rules


@pytest.mark.parametrize("lang, words", [("sv", ("höften", "kissa", "112", "1177")),
                                         ("da", ("hoften", "vandet", "112", "lægevagten"))])
def test_the_osteoporosis_article_gives_its_warning_signs_before_its_key_points(workspace, lang, words):
    """Every leaflet with warning signs shows them early: the recommendations article right
    after its introduction, on its first two pages, before the key points."""
    text = pages(build_pdf(workspace, Request("osteoporosis-recommendations", lang, DATE,
                                              patient="Åsa Öberg", therapist="Per Ek")))
    heading = SIGNS[lang][0]
    page = next((n for n, t in enumerate(text) if heading in t), None)
    assert page is not None and page < 2, f"'{heading}' is on page {page}"
    start = " ".join(text[:2])
    assert start.index(heading) < start.index("Det viktigaste" if lang == "sv" else "Det vigtigste")
    for word in words:
        assert re.search(rf"\b{word}\b", text[page]), word

"""The disc-surgery leaflet, read back from the PDF the pipeline makes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from handouts.build import World, build_pdf, build_to_file
from handouts.diagnostics import HandoutsError
from handouts.resolve.recipe import Request

from .conftest import DATE, pdf_text


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_pages_are_a4_and_numbered(disc_pdfs, lang):
    pdf = reader(disc_pdfs[lang])
    total = len(pdf.pages)
    assert 3 <= total <= 8
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
    word, of = ("Side", "af") if lang == "da" else ("Sida", "av")
    for number, page in enumerate(pdf.pages, start=1):
        assert f"{word} {number} {of} {total}" in page.extract_text()


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_every_exercise_is_numbered_and_named(workspace, disc_pdfs, lang):
    text = pdf_text(disc_pdfs[lang])
    label = "Øvelse" if lang == "da" else "Övning"
    recipe = workspace.library.recipes["disc-surgery"]
    ids = [ref.id for section in recipe.sections if section.kind == "exercises" for ref in section.exercises]
    assert len(ids) == 10
    for number, exercise_id in enumerate(ids, start=1):
        name = workspace.library.exercises[exercise_id].text[lang].name
        assert f"{label} {number}: {name}" in text.replace("\n", " ")


def test_national_letters_survive(disc_pdfs):
    da, sv = pdf_text(disc_pdfs["da"]), pdf_text(disc_pdfs["sv"])
    assert "Øresundsklinikken" in da and "Bækkenløft" in da
    assert "Öresundskliniken" in sv and "Bäckenlyft" in sv
    for letter in "æøå":
        assert letter in da
    for letter in "äöå":
        assert letter in sv


@pytest.mark.parametrize("lang, clinic, locale", [("da", "Øresundsklinikken", "da-DK"),
                                                  ("sv", "Öresundskliniken", "sv-SE")])
def test_metadata(disc_pdfs, lang, clinic, locale):
    pdf = reader(disc_pdfs[lang])
    assert pdf.trailer["/Root"]["/Lang"] == locale
    info = pdf.metadata
    assert info.author == clinic
    assert "diskus" in info.title.lower() or "disk" in info.title.lower()
    assert info.creation_date.date() == DATE
    assert info.subject


def test_fonts_are_embedded_subsets(disc_pdfs):
    fonts = {}
    for page in reader(disc_pdfs["da"]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert font["/Subtype"] != "/Type1", f"{name} is a base-14 font, not embedded"
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name
        assert "+" in name  # subset tag, e.g. /AAAAAA+NotoSans


def test_exercise_text_is_at_least_12_points(disc_pdfs):
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0], 1))
    page = reader(disc_pdfs["sv"]).pages[1]
    page.extract_text(visitor_text=visit)
    body = [s for s in sizes if s < 12]
    assert body == [] or max(body) <= 10  # only footer and running head are small


def test_two_builds_are_byte_identical(disc_pdfs):
    again = build_pdf(World(), Request("disc-surgery", "da", DATE))
    assert again == disc_pdfs["da"]


def test_output_does_not_depend_on_time_zone_or_working_folder(tmp_path, disc_pdfs):
    script = ("import datetime, sys; from handouts.build import World, build_pdf; "
              "from handouts.resolve.recipe import Request; "
              "sys.stdout.buffer.write(build_pdf(World(), Request('disc-surgery', 'da', datetime.date(2026, 11, 21))))")
    env = {"TZ": "Pacific/Kiritimati", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1"}
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, check=True)
    assert out.stdout == disc_pdfs["da"]


def test_the_date_changes_the_bytes():
    assert build_pdf(World(), Request("disc-surgery", "da", DATE.replace(day=22))) != \
        build_pdf(World(), Request("disc-surgery", "da", DATE))


def test_failed_build_leaves_no_file_and_removes_a_stale_one(tmp_path):
    target = tmp_path / "program.pdf"
    build_to_file(World(), Request("disc-surgery", "da", DATE), target)  # an old leaflet of ours
    with pytest.raises(HandoutsError):
        build_to_file(World(), Request("no-such-recipe", "da", DATE), target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_successful_build_writes_atomically(tmp_path):
    target = tmp_path / "program.pdf"
    built = build_to_file(World(), Request("disc-surgery", "sv", DATE), target)
    assert target.read_bytes() == built.data
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["program.pdf"]  # no temporary left behind


def test_write_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    import os

    from handouts.pdf import render

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        render.write_atomic(tmp_path / "x.pdf", b"%PDF-1.4 data")
    assert os.listdir(tmp_path) == []


def test_font_covers_latin_extended_and_vietnamese_names():
    from reportlab.pdfbase import pdfmetrics

    from handouts.layout.theme import BOLD, FAMILY, ITALIC, register_fonts

    register_fonts()
    wanted = [chr(c) for c in range(0xA0, 0x180)] + list("ĐđƠơƯưễỹếộ–—’“”•")
    for name in (FAMILY, BOLD, ITALIC):
        face = pdfmetrics.getFont(name).face
        missing = [ch for ch in wanted if ord(ch) not in face.charToGlyph]
        assert missing == [], (name, missing)


def test_a_missing_translation_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "half.yaml").write_text(
        "id: half\nversion: 1\nlayout: sheet-a4\ntitle:\n  sv: Bara svenska\n"
        "sections:\n  - kind: exercises\n    exercises: [pelvic-lift]\n", encoding="utf-8")
    with pytest.raises(HandoutsError) as info:
        build_pdf(World((tmp_path,)), Request("half", "da", DATE))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.file.endswith("half.yaml") and diagnostic.line == 4  # the title
    assert "missing 'da' translation" in diagnostic.message

"""Typography of the built-in leaflets, read back from the PDFs: quotation marks, minus signs,
footers in the patient's words, few and decent word breaks, and the large-print edition."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from functools import cache

import pikepdf
import pytest
from pypdf import PdfReader

from handouts.build import World, build
from handouts.layout.theme import LARGE_PRINT, Hyphenator
from handouts.resolve.recipe import Request
from handouts.resolve.typography import MINUS, NBSP, typeset

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

DATE = dt.date(2026, 12, 1)
LEAFLETS = [(name, lang) for name in ("disc-surgery", "osteoporosis", "spinal-stenosis",
                                      "osteoporosis-recommendations", "osteoarthritis-exercise")
            for lang in ("sv", "da")]
ARTICLES = ("spinal-stenosis", "osteoporosis-recommendations", "osteoarthritis-exercise")


@cache
def built(name: str, lang: str, large_print: bool = False) -> bytes:
    request = Request(name, lang, DATE, patient="Åsa Öberg", therapist="Per Ek", large_print=large_print)
    return build(World(), request).data


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def layout_text(data: bytes) -> list[str]:
    """Pages as `pdftotext -layout` sets them, as the page check tool reads them."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return out.decode().split("\f")


def hyphenated(page: str) -> list[tuple[str, str]]:
    """(head, tail) of each word split at a line end, column by column."""
    lines = [line.rstrip() for line in page.splitlines() if line.strip()]
    found = []
    for a, b in zip(lines, lines[1:]):
        for segment in re.split(r"\s{3,}", a.strip()):
            m = re.search(r"([^\W\d_]+)-$", segment)
            following = b.strip().split()
            if m and following and following[0][:1].islower():
                found.append((m.group(1), re.match(r"[^\W\d_]*", following[0]).group(0)))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name, lang", LEAFLETS, ids=lambda v: v)
def test_no_straight_quotes_and_an_own_language_footer(name, lang):
    data = built(name, lang)
    texts = pages(data)
    whole = "\n".join(texts)
    assert '"' not in whole
    assert ("Datum 1 december 2026" if lang == "sv" else "Dato 1. december 2026") in " ".join(whole.split())
    assert "Utskriven" not in whole and "Udskrevet" not in whole
    booklet = name == "osteoporosis"  # its cover has no footer, and its date is on the back cover
    for text in texts[1:] if booklet else texts:
        if not booklet:
            assert ("Datum " if lang == "sv" else "Dato ") in text
        assert f"{name} ·" not in text and f"{name} v" not in text  # ids stay in the metadata
        assert re.search(r"#[0-9a-f]{8}", text)
        if name not in ARTICLES:
            assert "Version 1" in text and name not in text
    assert name in PdfReader(io.BytesIO(data)).metadata["/Keywords"]


@pytest.mark.parametrize("name, lang", LEAFLETS, ids=lambda v: v)
def test_words_are_seldom_split_and_never_short(name, lang):
    data = built(name, lang)
    texts = layout_text(data)
    breaks = [pair for page in texts for pair in hyphenated(page)]
    count = len(PdfReader(io.BytesIO(data)).pages)
    assert len(breaks) <= 0.5 * count, breaks
    assert all(len(head) >= 3 and len(tail) >= 3 for head, tail in breaks), breaks


def test_quotes_follow_the_language():
    sv = "\n".join(pages(built("osteoarthritis-exercise", "sv")))
    da = "\n".join(pages(built("osteoarthritis-exercise", "da")))
    assert "\u201dTa det lugnt, så sparar du lederna.\u201d" in sv
    assert "\u00bbTag den med ro" in da and "på leddene.\u00ab" in da
    assert "\u00bbJeg må højst løfte 5" in "\n".join(pages(built("osteoporosis-recommendations", "da")))


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_a_negative_t_score_has_a_minus_sign(lang):
    text = "\n".join(pages(built("osteoporosis-recommendations", lang)))
    assert f"T-score {MINUS}3,0" in text and "-3,0" not in text


@pytest.mark.parametrize("name, lang, wanted, unwanted", [
    ("spinal-stenosis", "sv", "Till Åsa Öberg", "Program för"),
    ("spinal-stenosis", "da", "Til Åsa Öberg", "Program for"),
    ("disc-surgery", "sv", "Program för Åsa Öberg", "Till Åsa"),
    ("osteoporosis", "da", "Program for Åsa Öberg", "Til Åsa"),
])
def test_articles_are_addressed_and_programs_are_for(name, lang, wanted, unwanted):
    text = "\n".join(pages(built(name, lang)))
    assert wanted in text and unwanted not in text


def test_the_typographic_pass():
    assert typeset('Säg "nej" och "ja".', "sv") == "Säg \u201dnej\u201d och \u201dja\u201d."
    assert typeset('**"Jeg må."** Det', "da") == "**\u00bbJeg må.\u00ab** Det"
    assert typeset("Telefontid kl. 8–12", "sv") == f"Telefontid kl.{NBSP}8–12"
    assert typeset("Håll kvar i 5 sekunder", "sv") == f"Håll kvar i 5{NBSP}sekunder"
    # "till 15" stays together: a dosage box left "15." alone on its last line
    assert typeset("öka gradvist til 15.", "da") == f"öka gradvist til{NBSP}15."
    assert typeset("upp till 15 gånger", "sv") == f"upp till{NBSP}15{NBSP}gånger"
    assert typeset("Ring +46 70 174 06 10", "sv") == f"Ring +46{NBSP}70{NBSP}174{NBSP}06{NBSP}10"
    assert typeset("T-score -2,6", "da") == f"T-score {MINUS}2,6"
    assert typeset("Dato 1. december 2026", "da") == f"Dato 1.{NBSP}december 2026"
    # addresses, link targets and markup are left as typed; the pass is idempotent
    link = 'Se [sidan](https://example.org/a-1) eller skriv till a.b@c-d.example "nu"'
    assert "(https://example.org/a-1)" in typeset(link, "sv") and "a.b@c-d.example" in typeset(link, "sv")
    assert typeset(typeset(link, "da"), "da") == typeset(link, "da")


def test_the_hyphenator_keeps_three_letters_and_leaves_short_words_whole():
    split = Hyphenator("sv")
    assert split("balansen") == [] and split("sedan") == []
    for head, tail in split("rehabiliteringsprogrammet"):
        assert len(head) >= 3 and len(tail) >= 3


def _body_sizes(data: bytes) -> set[float]:
    """Font sizes set with Tf in the page content streams."""
    sizes = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    sizes.add(round(float(operands[1]), 2))
    return sizes


def _printed_sizes(data: bytes) -> list[float]:
    """The size each run of text prints at on paper: its font size times the page's scale."""
    sizes: list[float] = []

    def seen(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * tm[3] * cm[3], 1))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=seen)
    return sizes


@pytest.mark.slow
@pytest.mark.parametrize("name", ["disc-surgery", "spinal-stenosis"])
def test_large_print_sets_body_text_at_16_pt_on_more_pages(name):
    normal, large = built(name, "sv"), built(name, "sv", large_print=True)
    assert 16 in _body_sizes(large) and 16 not in _body_sizes(normal)
    assert 12 in _body_sizes(normal)
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)
    assert LARGE_PRINT * 12 == 16


@pytest.mark.slow
def test_the_large_print_booklet_is_the_booklet_enlarged_onto_a4():
    normal, large = built("osteoporosis", "sv"), built("osteoporosis", "sv", large_print=True)
    small, big = PdfReader(io.BytesIO(normal)).pages, PdfReader(io.BytesIO(large)).pages
    assert len(big) == len(small)  # the same pages: "see page 12" holds in both editions
    # word for word the same pages, but for the program code on the back (it says "large print")
    assert [p.extract_text() for p in big][:-1] == [p.extract_text() for p in small][:-1]
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in small} == {(420, 595)}  # A5
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in big} == {(595, 842)}  # A4
    body = max(set(_printed_sizes(large)), key=_printed_sizes(large).count)  # the size most text is set in
    assert body >= 16 and max(set(_printed_sizes(normal)), key=_printed_sizes(normal).count) == 12
    folded = build(World(), Request("osteoporosis", "sv", DATE, large_print=True), imposition="booklet").data
    sheet = PdfReader(io.BytesIO(folded)).pages[0].mediabox
    assert (round(float(sheet.width)), round(float(sheet.height))) == (1191, 842)  # A3, folding to A4


def _number_sizes(data: bytes) -> set[float]:
    """Font sizes of the list numbers ("1.", "2." ...) drawn on the pages."""
    sizes = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            size = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    size = round(float(operands[1]), 2)
                elif str(operator) == "Tj" and re.fullmatch(r"\d+\.", str(operands[0])):
                    sizes.add(size)
    return sizes


@pytest.mark.slow
def test_large_print_numbers_the_steps_at_the_size_of_their_text():
    assert _number_sizes(built("disc-surgery", "sv")) == {12}
    assert _number_sizes(built("disc-surgery", "sv", large_print=True)) == {16}


@pytest.mark.slow
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("name, lang", LEAFLETS, ids=lambda v: v)
def test_no_contact_label_stands_alone_on_its_line(name, lang, large_print):
    """"E-post:" never ends a line with its address on the next: an address that won't fit
    beside the QR codes goes under them, at the box's full width."""
    alone = re.compile(r"^\s*(?:E-post|E-mail|Telefon|Webb?|Öppettider|Åbningstider):\s*$", re.M)
    for number, page in enumerate(layout_text(built(name, lang, large_print)), 1):
        assert not alone.search(page), (number, alone.search(page).group(0))


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("name", ["disc-surgery", "spinal-stenosis"])
def test_the_web_address_under_its_qr_code_is_one_line(name, large_print):
    """Broken at its dot, "oresundskliniken / .example" under the clinic's QR code read as two
    addresses: the caption's column grows to hold the address on one line."""
    last = [page for page in layout_text(built(name, "sv", large_print)) if page.strip()][-1]
    assert not re.search(r"^\s*\.example\b", last, re.M)
    assert re.search(r"(?<![@.])oresundskliniken\.example\s*$", last, re.M)  # the caption, not the e-mail


@pytest.mark.parametrize("name, lang", LEAFLETS, ids=lambda v: v)
def test_no_line_of_a_title_ends_in_a_short_word(name, lang):
    """The disc program's title broke "diskbråck i / ländryggen": no line of a title page's
    title ends in a word of one or two letters."""
    from handouts.build import resolve_request

    leaflet = resolve_request(World(), Request(name, lang, DATE, patient="Åsa Öberg", therapist="Per Ek"))
    title = leaflet.title.replace(NBSP, " ").split()
    lines = [line.split() for line in layout_text(built(name, lang))[0].splitlines()]
    start = next(i for i, words in enumerate(lines) if words and words == title[:len(words)])
    ends, taken = [], 0
    for words in lines[start:]:
        if not words:
            continue
        assert words == title[taken:taken + len(words)], (words, title)
        taken += len(words)
        ends.append(words[-1])
        if taken == len(title):
            break
    assert taken == len(title) and all(len(word) > 2 for word in ends[:-1]), ends


def test_a_title_breaks_into_lines_of_even_length():
    """"Fem bra övningar vid spinal / stenos": a title's last line was one word. A title now
    breaks at the narrowest width that takes no more lines, and still takes the frame's width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handouts.layout.tags import Balanced
    from handouts.layout.theme import make_theme

    style = make_theme("#1d5c73", "#e3eef2", "").styles["title"]
    width = stringWidth("Fem bra övningar vid spinal stenos", style.fontName, style.fontSize) * 0.8
    title = Balanced("Fem bra övningar vid spinal stenos", style)
    assert title.wrap(width, 1000)[0] == width
    lines = [" ".join(w.text if hasattr(w, "text") else w for w in line.words) if hasattr(line, "words") else
             " ".join(line[1]) for line in title.blPara.lines]
    assert lines == ["Fem bra övningar", "vid spinal stenos"], lines

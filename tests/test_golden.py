"""Visual regression: every built-in leaflet, the imposed booklet and the contact sheet look the
way their golden page images (tests/golden/) say, within a small tolerance (golden_pages.py).

On a difference the failing pages are drawn golden | new | difference into tests/golden-diff/;
look at them, and if the change was meant, refresh the goldens:

    python -m pytest tests/test_golden.py --refresh-golden
"""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from . import golden_pages as gp


@pytest.fixture
def refresh(request) -> bool:
    return request.config.getoption("--refresh-golden")


@pytest.mark.slow
@pytest.mark.parametrize("case", gp.CASES, ids=lambda c: c.name)
def test_pages_match_their_goldens(workspace, case, refresh):
    pages = gp.render(case.make(workspace))
    assert pages, f"{case.name}: the PDF has no pages"
    if refresh:
        gp.write_goldens(case.name, pages)
        return
    problems = gp.check_case(case.name, pages)
    assert not problems, ("pages differ from their goldens; look at the diff images, and if the change "
                          "is intended run: python -m pytest tests/test_golden.py --refresh-golden\n"
                          + "\n".join(problems))


def test_no_goldens_without_a_case(refresh):
    """A golden folder whose case was dropped is deleted by a refresh, and fails the run before."""
    if refresh:
        gp.remove_stray_cases()
    assert not gp.stray_cases(), "golden images of no case; refresh them (--refresh-golden) to delete"


# --- the comparison itself, on synthetic pages ------------------------------------------------

def synthetic_pdf(margin_mm: float, pages: int = 1, word: str = "Bäckenlyft") -> bytes:
    """An A5 page or more like a leaflet's: a ruled frame at the margin, a heading and a text
    column that start there. Moving the margin moves everything, as in a real layout."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1)
    width, height = A5
    x = margin_mm * mm
    for _ in range(pages):
        canvas.rect(x, 15 * mm, width - x - 12 * mm, height - 30 * mm)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(x + 4 * mm, height - 28 * mm, word)
        canvas.setFont("Helvetica", 10)
        for line in range(22):
            canvas.drawString(x + 4 * mm, height - (40 + 7 * line) * mm,
                              "Ligg på rygg med böjda knän och lyft bäckenet långsamt.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_identical_pages_pass_with_no_differing_pixel():
    first, second = gp.render(synthetic_pdf(14)), gp.render(synthetic_pdf(14))
    result = gp.compare(first[0], second[0])
    assert result.ok and result.differing == 0
    assert gp.png_bytes(first[0]) == gp.png_bytes(second[0])  # goldens are deterministic


def test_a_margin_moved_by_one_millimetre_fails():
    golden, moved = gp.render(synthetic_pdf(14))[0], gp.render(synthetic_pdf(15))[0]
    result = gp.compare(golden, moved)
    assert not result.ok
    assert result.differing > 20 * result.allowed, result.describe()


def test_a_margin_moved_by_a_third_of_a_millimetre_fails_too():
    golden, moved = gp.render(synthetic_pdf(14))[0], gp.render(synthetic_pdf(14.33))[0]
    assert not gp.compare(golden, moved).ok


def test_faint_anti_aliasing_noise_passes():
    """Every pixel moved by up to the threshold, and a few pixels by more: still the same page."""
    golden = gp.render(synthetic_pdf(14))[0]
    rng = random.Random(1)
    noisy = golden.point(lambda v: max(0, min(255, v + rng.randint(-gp.PIXEL_THRESHOLD, gp.PIXEL_THRESHOLD))))
    pixels = noisy.load()
    allowed = gp.allowed_pixels(golden.width * golden.height)
    for i in range(allowed):
        pixels[i, 0] = 255 - pixels[i, 0]
    result = gp.compare(golden, noisy)
    assert result.ok and result.differing == allowed
    pixels[allowed, 0] = 255 - pixels[allowed, 0]
    assert not gp.compare(golden, noisy).ok  # one pixel more than allowed


def test_another_page_size_fails():
    a5 = gp.render(synthetic_pdf(14))[0]
    assert not gp.compare(a5, a5.resize((a5.width + 1, a5.height))).ok


def test_a_failing_page_gets_a_side_by_side_diff_and_is_named(tmp_path):
    root, diffs = tmp_path / "golden", tmp_path / "diff"
    gp.write_goldens("demo", gp.render(synthetic_pdf(14, pages=2)), root)
    assert gp.check_case("demo", gp.render(synthetic_pdf(14, pages=2)), root, diffs) == []
    assert not (diffs / "demo").exists()

    new = gp.render(synthetic_pdf(14, pages=2))
    new[1] = gp.render(synthetic_pdf(15))[0]
    problems = gp.check_case("demo", new, root, diffs)
    assert len(problems) == 1 and problems[0].startswith("demo page 2: ")
    target = diffs / "demo" / "page-02.png"
    assert str(target) in problems[0]
    sheet = Image.open(target)
    assert sheet.width > 3 * new[1].width and sheet.height == new[1].height
    assert sheet.mode == "RGB" and (230, 0, 0) in {colour for _, colour in sheet.getcolors(1 << 16)}


def test_page_count_changes_fail_and_refresh_deletes_pages_that_are_gone(tmp_path):
    root, diffs = tmp_path / "golden", tmp_path / "diff"
    gp.write_goldens("demo", gp.render(synthetic_pdf(14, pages=3)), root)
    assert [p.name for p in gp.golden_pages("demo", root)] == ["page-01.png", "page-02.png", "page-03.png"]
    shorter = gp.render(synthetic_pdf(14, pages=2))
    problems = gp.check_case("demo", shorter, root, diffs)
    assert problems[0] == "demo: 2 pages, the goldens have 3"
    assert problems[1].startswith("demo page 3: page is gone")

    gp.write_goldens("demo", shorter, root)
    assert [p.name for p in gp.golden_pages("demo", root)] == ["page-01.png", "page-02.png"]
    assert gp.check_case("demo", shorter, root, diffs) == []
    (root / gp.CASES[0].name).mkdir()
    (root / "dropped-case").mkdir()
    assert gp.stray_cases(root) == [root / "demo", root / "dropped-case"]  # neither is a case
    assert gp.remove_stray_cases(root) and sorted(root.iterdir()) == [root / gp.CASES[0].name]

"""Golden page images: every built-in leaflet rasterised to small grayscale PNGs, for visual
regression tests (tests/test_golden.py).

A case is one PDF (a leaflet in one language, the imposed booklet, the contact sheet); its
goldens are `tests/golden/<case>/page-NN.png`. Pages are rendered with pypdfium2 at `DPI` in
grayscale and compared pixel by pixel with a small tolerance (`compare`). When a page differs, a
side-by-side image (golden | new | difference) is written to `tests/golden-diff/<case>/`, which
git ignores.

After an intended layout change, look at the diff images, then refresh the goldens with

    python -m pytest tests/test_golden.py --refresh-golden

which rewrites every case's pages and deletes goldens of pages (and cases) that no longer exist.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "golden"
DIFF_DIR = HERE / "golden-diff"

DPI = 40  # 1 px = 0.635 mm: an A4 page is 331 x 468 px, about 10-25 KB as PNG

# The tolerance. A pixel "differs" when its gray level moved by more than PIXEL_THRESHOLD (of
# 255): faint anti-aliasing changes (a renderer update) should stay below that; an edge that moved
# by a pixel changes by far more. A page fails when more than MAX_DIFF_FRACTION of its pixels
# differ: 0.01 %, 15 px of an A4 page, 7 px of an A5 page. Measured on the disc-surgery leaflet:
# identical inputs differ in 0 px; another printed date in 3-8 px (passes); one letter of the
# patient's name in 17 px (fails); moving a margin by 1 mm shifts a text column by 1.6 px and
# changes thousands. tests/test_golden.py proves the tolerance on synthetic pages.
PIXEL_THRESHOLD = 48
MAX_DIFF_FRACTION = 0.0001

DATE = dt.date(2026, 12, 1)
PATIENT = "Åsa Öberg"
THERAPIST = "Per Ek"

LEAFLETS = ("disc-surgery", "osteoporosis", "spinal-stenosis", "osteoporosis-recommendations",
            "osteoarthritis-exercise")
LANGS = ("sv", "da")


@dataclass(frozen=True)
class Case:
    name: str  # the folder under tests/golden/
    make: Callable[[object], bytes]  # workspace -> PDF bytes


def _leaflet(recipe: str, lang: str, imposition: str | None = None, large_print: bool = False) -> Callable[[object], bytes]:
    def make(workspace) -> bytes:
        from handouts.build import build
        from handouts.resolve.request import Request

        request = Request(recipe, lang, DATE, patient=PATIENT, therapist=THERAPIST, large_print=large_print)
        return build(workspace, request, imposition=imposition).data

    return make


def _contact_sheet(lang: str) -> Callable[[object], bytes]:
    def make(workspace) -> bytes:
        from handouts.layout.contact_sheet import contact_sheet_pdf

        return contact_sheet_pdf(workspace, lang, DATE)

    return make


CASES: tuple[Case, ...] = (
    *(Case(f"{recipe}.{lang}", _leaflet(recipe, lang)) for recipe in LEAFLETS for lang in LANGS),
    Case("osteoporosis.sv.imposed", _leaflet("osteoporosis", "sv", "booklet")),
    # large print on A4 is laid out anew (the booklet's is its normal pages enlarged)
    Case("disc-surgery.sv.large-print", _leaflet("disc-surgery", "sv", large_print=True)),
    Case("spinal-stenosis.da.large-print", _leaflet("spinal-stenosis", "da", large_print=True)),
    Case("contact-sheet.sv", _contact_sheet("sv")),
)


# --- rendering -------------------------------------------------------------------------------

def render(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Every page of `pdf` as an 8-bit grayscale image ("L"), white background."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True, fill_color=(255, 255, 255, 255),
                                     draw_annots=True)
                pages.append(bitmap.to_pil().convert("L"))
            finally:
                page.close()
        return pages
    finally:
        document.close()


def png_bytes(image: Image.Image) -> bytes:
    """Deterministic PNG bytes: same pixels, same file (no metadata, no time)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def page_name(number: int) -> str:
    return f"page-{number:02d}.png"


# --- comparing -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    differing: int  # pixels whose gray level moved by more than PIXEL_THRESHOLD
    total: int
    allowed: int
    size_matches: bool

    @property
    def ok(self) -> bool:
        return self.size_matches and self.differing <= self.allowed

    def describe(self) -> str:
        if not self.size_matches:
            return "page size changed"
        return (f"{self.differing} of {self.total} px differ by more than {PIXEL_THRESHOLD} gray levels "
                f"({100 * self.differing / self.total:.3f} %; at most {self.allowed} allowed)")


def allowed_pixels(total: int) -> int:
    return int(total * MAX_DIFF_FRACTION)


def difference_mask(golden: Image.Image, new: Image.Image) -> Image.Image:
    """A 1-bit-like "L" mask: 255 where the two pages differ by more than the threshold."""
    return ImageChops.difference(golden, new).point(lambda v: 255 if v > PIXEL_THRESHOLD else 0)


def compare(golden: Image.Image, new: Image.Image) -> Comparison:
    golden, new = golden.convert("L"), new.convert("L")
    if golden.size != new.size:
        total = max(golden.width * golden.height, new.width * new.height)
        return Comparison(total, total, allowed_pixels(total), size_matches=False)
    total = golden.width * golden.height
    differing = difference_mask(golden, new).histogram()[255]
    return Comparison(differing, total, allowed_pixels(total), size_matches=True)


def diff_image(golden: Image.Image | None, new: Image.Image | None) -> Image.Image:
    """golden | new | difference: the third panel is the golden page faded, with every
    differing pixel in red (a missing page is drawn as a gray panel)."""
    present = [im for im in (golden, new) if im is not None]
    width = max(im.width for im in present)
    height = max(im.height for im in present)

    def padded(im: Image.Image | None) -> Image.Image:
        canvas = Image.new("L", (width, height), 255 if im is not None else 160)
        if im is not None:
            canvas.paste(im.convert("L"), (0, 0))
        return canvas

    g, n = padded(golden), padded(new)
    faded = g.point(lambda v: 200 + v * 55 // 255)
    panel = Image.merge("RGB", (faded, faded, faded))
    if golden is not None and new is not None:
        red = Image.new("RGB", (width, height), (230, 0, 0))
        panel.paste(red, (0, 0), ImageChops.difference(g, n).point(lambda v: 255 if v > PIXEL_THRESHOLD else 0))
    gap = 6
    sheet = Image.new("RGB", (3 * width + 2 * gap, height), (90, 90, 90))
    sheet.paste(Image.merge("RGB", (g, g, g)), (0, 0))
    sheet.paste(Image.merge("RGB", (n, n, n)), (width + gap, 0))
    sheet.paste(panel, (2 * (width + gap), 0))
    return sheet


# --- the goldens on disk ---------------------------------------------------------------------

def golden_pages(case: str, root: Path = GOLDEN_DIR) -> list[Path]:
    return sorted((root / case).glob("page-*.png"))


def write_goldens(case: str, pages: list[Image.Image], root: Path = GOLDEN_DIR) -> None:
    """Replace a case's goldens: pages that no longer exist are deleted."""
    folder = root / case
    folder.mkdir(parents=True, exist_ok=True)
    keep = {page_name(number) for number in range(1, len(pages) + 1)}
    for old in folder.iterdir():
        if old.name not in keep:
            old.unlink()
    for number, image in enumerate(pages, start=1):
        target = folder / page_name(number)
        data = png_bytes(image)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


def stray_cases(root: Path = GOLDEN_DIR) -> list[Path]:
    """Files and folders under tests/golden/ that belong to no case."""
    names = {case.name for case in CASES}
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.name not in names)


def remove_stray_cases(root: Path = GOLDEN_DIR) -> list[Path]:
    stray = stray_cases(root)
    for path in stray:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return stray


def check_case(case: str, pages: list[Image.Image], root: Path = GOLDEN_DIR,
               diff_root: Path = DIFF_DIR) -> list[str]:
    """Compare a case's new pages with its goldens; problems as messages (empty: all good).

    Diff images of failing pages go to tests/golden-diff/<case>/; that folder is emptied first,
    so what is there after a run belongs to that run."""
    diff_folder = diff_root / case
    shutil.rmtree(diff_folder, ignore_errors=True)
    files = golden_pages(case, root)
    if not files:
        return [f"{case}: no golden images in {root / case} "
                f"(make them with: python -m pytest tests/test_golden.py --refresh-golden)"]
    problems = []
    if len(files) != len(pages):
        problems.append(f"{case}: {len(pages)} pages, the goldens have {len(files)}")
    for number in range(1, max(len(files), len(pages)) + 1):
        golden = Image.open(files[number - 1]).convert("L") if number <= len(files) else None
        new = pages[number - 1] if number <= len(pages) else None
        if golden is not None and new is not None:
            result = compare(golden, new)
            if result.ok:
                continue
            why = result.describe()
        else:
            why = "page is new" if golden is None else "page is gone"
        diff_folder.mkdir(parents=True, exist_ok=True)
        target = diff_folder / page_name(number)
        diff_image(golden, new).save(target)
        problems.append(f"{case} page {number}: {why}; diff (golden | new | difference): {target}")
    return problems

"""Pictures from content folders, made safe to embed.

Every picture goes through Pillow before reportlab sees it: the path must stay inside its
content folder, the file must be small enough, the pixel count is checked from the header before
anything is decoded, the whole image is decoded (a truncated file is an error, not a grey
half), EXIF orientation is applied, every mode is converted to 8-bit RGB on white, the picture is
scaled down to print resolution and re-encoded as PNG without metadata (phone photos carry GPS
positions). reportlab gets bytes, never a path.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.diagnostics import display_path
from handouts.world.paths import ReadError, inside

if TYPE_CHECKING:
    from handouts.world.core import World

MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000  # pixels on the long side: 300 dpi at 17 cm
SUFFIXES = {".png", ".jpg", ".jpeg"}


class PictureError(Exception):
    """A picture can't be used; the message says why and what to do."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Picture:
    data: bytes  # PNG
    width: int
    height: int


def load_picture(world: World, root: Path, reference: str) -> Picture:
    """Read (through `world`), check and re-encode the picture at `reference` inside `root`.

    A picture is decoded once per world and content: a batch of a thousand leaflets with the
    same logo re-encodes it once.
    """
    if Path(reference).suffix.lower() not in SUFFIXES:
        raise PictureError(f"'{reference}' is not a PNG or JPEG file", "asset.type")
    raw = _read(world, root, reference, MAX_FILE_BYTES, "picture")
    key = ("picture", hashlib.sha256(raw).hexdigest())
    if key not in world.kept:
        world.kept[key] = _decoded(raw, reference)
    return world.kept[key]


def _read(world: World, root: Path, reference: str, limit: int, what: str) -> bytes:
    try:
        return world.read(inside(root, reference), limit, root, shown=reference)
    except ReadError as exc:
        if exc.code == "asset.missing":  # say where it was looked for: relative to which folder
            raise PictureError(f"{what} '{reference}' not found in {display_path(root)}/", exc.code) from None
        raise PictureError(exc.message, exc.code) from None


def _decoded(raw: bytes, reference: str) -> Picture:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit follows
            image = Image.open(io.BytesIO(raw))
        with image:
            if image.format not in ("PNG", "JPEG"):
                raise PictureError(f"'{reference}' is {image.format}, not PNG or JPEG", "asset.type")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PictureError(f"'{reference}' has {width}×{height} pixels, more than "
                                   f"{MAX_PIXELS // 1_000_000} million", "asset.too-large")
            image.load()  # decode everything now: a truncated file fails here
            picture = _normalise(ImageOps.exif_transpose(image))
    except Image.DecompressionBombError:
        raise PictureError(f"'{reference}' has too many pixels", "asset.too-large") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PictureError(f"'{reference}' can't be read as a picture ({exc.__class__.__name__})",
                           "asset.broken") from None
    out = io.BytesIO()
    # a hand-over to reportlab, which decodes it and deflates the pixels itself: encode fast
    picture.save(out, format="PNG", compress_level=1)
    return Picture(out.getvalue(), picture.width, picture.height)


def _normalise(image):
    from PIL import Image

    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits instead of clipping to white
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")  # CMYK, L, 1, YCbCr ...
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


MAX_SVG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Logo:
    kind: str  # "png" or "svg"
    data: bytes
    width: float  # pixels for png, points for svg
    height: float


def load_logo(world: World, root: Path, reference: str) -> Logo:
    """A clinic logo: PNG or JPEG through `load_picture`, or SVG parsed without external access."""
    if not reference.lower().endswith(".svg"):
        picture = load_picture(world, root, reference)
        return Logo("png", picture.data, picture.width, picture.height)
    data = _read(world, root, reference, MAX_SVG_BYTES, "logo")
    _check_embedded_images(data, reference)
    drawing = svg_drawing(data)
    if drawing is None or not drawing.width or not drawing.height:
        raise PictureError(f"'{reference}' can't be read as an SVG picture", "asset.broken")
    width, height = float(drawing.width), float(drawing.height)
    if not all(math.isfinite(v) and 0 < v <= MAX_SVG_SIDE for v in (width, height)):
        raise PictureError(f"'{reference}' claims a size of {width:g}×{height:g} points", "asset.too-large")
    return Logo("svg", data, width, height)


MAX_SVG_SIDE = 10_000  # points (3.5 m): a logo's viewport can say anything; a printable one is far less
_DATA_IMAGE = re.compile(rb"data:image/[a-z+.-]+;base64,([A-Za-z0-9+/=\s]+)")


def _check_embedded_images(data: bytes, reference: str) -> None:
    """Pictures embedded in an SVG (exported logos often carry one) meet the same pixel cap as
    any picture, read from their header before anything is decoded."""
    import base64

    from PIL import Image, UnidentifiedImageError

    for match in _DATA_IMAGE.finditer(data):
        try:
            raw = base64.b64decode(b"".join(match.group(1).split()), validate=False)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(raw)) as image:
                    width, height = image.size
        except (ValueError, UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise PictureError(f"a picture inside '{reference}' can't be read", "asset.broken") from None
        if width * height > MAX_PIXELS:
            raise PictureError(f"a picture inside '{reference}' has {width}×{height} pixels, more than "
                               f"{MAX_PIXELS // 1_000_000} million", "asset.too-large")


def svg_drawing(data: bytes):
    """A reportlab Drawing from SVG bytes. Given bytes, with no folder it may read from, svglib
    follows no external reference; XML entities are not expanded; text is set in the bundled
    font, so no font is looked up on the system (svglib would run fc-match and read its files)."""
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # its messages could echo content
    try:
        return svg2rlg(io.BytesIO(data), resolve_entities=False, font_map=_bundled_font_map(),
                       external_reference_root=_NOWHERE)
    except Exception:  # svglib raises many kinds on malformed input; all mean "not usable"
        return None


_NOWHERE = "/nonexistent-handouts-svg-root"  # every external <image> or <use> falls outside it


def _bundled_font_map():
    from svglib.fonts import FontMap

    from handouts.layout.theme import BOLD, BOLD_ITALIC, FAMILY, ITALIC, register_fonts

    register_fonts()

    class BundledFonts(FontMap):
        """Every SVG font family maps to the bundled Noto Sans face of its weight and style."""

        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
            bold = str(weight).lower() in ("bold", "bolder") or str(weight).isdigit() and int(weight) >= 600
            italic = str(style).lower() in ("italic", "oblique")
            return (BOLD_ITALIC if bold and italic else BOLD if bold else ITALIC if italic else FAMILY), True

    return BundledFonts()

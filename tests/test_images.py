"""Pictures are normalised before embedding: every mode becomes 8-bit RGB that looks right."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from handouts.source.images import PictureError, load_picture
from handouts.world.core import World


def roundtrip(tmp_path, image: Image.Image, name: str = "p.png") -> Image.Image:
    image.save(tmp_path / name)
    picture = load_picture(World((tmp_path,)), tmp_path, name)
    out = Image.open(io.BytesIO(picture.data))
    assert out.mode == "RGB" and not out.info.get("exif")
    return out


def test_16_bit_grey_keeps_its_tones(tmp_path):
    grey = Image.new("I;16", (8, 8), 0x4000)  # a quarter of full scale
    value = roundtrip(tmp_path, grey).getpixel((0, 0))
    assert value[0] == value[1] == value[2] and 55 <= value[0] <= 70  # not clipped to white


def test_cmyk_becomes_rgb(tmp_path):
    cmyk = Image.new("CMYK", (8, 8), (0, 255, 255, 0))  # pure red in print colours
    assert roundtrip(tmp_path, cmyk, "c.jpg").getpixel((0, 0))[0] > 200


def test_palette_with_transparency_lands_on_white(tmp_path):
    palette = Image.new("P", (8, 8), 0)
    palette.putpalette([255, 0, 0] * 256)
    palette.info["transparency"] = 0
    assert roundtrip(tmp_path, palette).getpixel((0, 0)) == (255, 255, 255)


def test_alpha_is_flattened_on_white(tmp_path):
    rgba = Image.new("RGBA", (8, 8), (0, 0, 255, 0))
    assert roundtrip(tmp_path, rgba).getpixel((0, 0)) == (255, 255, 255)


def test_large_pictures_are_scaled_to_print_resolution(tmp_path):
    big = Image.new("RGB", (5000, 1000), "teal")
    assert roundtrip(tmp_path, big).size == (2000, 400)


@pytest.mark.parametrize("name, content", [("x.gif", b"GIF89a"), ("x.png", b"not a png at all")])
def test_other_files_are_refused(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(PictureError):
        load_picture(World((tmp_path,)), tmp_path, name)

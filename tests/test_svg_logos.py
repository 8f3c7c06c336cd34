"""SVG logos: text in the bundled font with no system font looked up, embedded pictures within
the pixel cap, absurd sizes refused, no file outside the project read."""

from __future__ import annotations

import base64
import io
import struct
import subprocess
import sys
import zlib

import pytest
from PIL import Image
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import pdf_text, write

pytestmark = pytest.mark.slow  # builds leaflets in subprocesses: in the full run

runner = CliRunner()
SVG_IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="80" '
             'height="40"><image width="80" height="40" xlink:href="data:image/png;base64,{data}"/></svg>')


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 120)).save(out, format="PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def logo_project(tmp_path, svg: str):
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: svg-clinic\nname: Svgkliniken\nlogo: logo.svg\n")
    (root / "logo.svg").write_text(svg, encoding="utf-8")
    return root


def build(root):
    return runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--clinic", str(root),
                               "-o", str(root.parent / "x.pdf")])


def test_svg_text_is_set_in_the_bundled_font_without_fc_match(tmp_path):
    root = logo_project(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                  '<text x="2" y="30" font-family="Comic Sans MS" font-weight="bold">Ålö</text></svg>')
    script = f"""
import subprocess, sys
calls = []
real = subprocess.Popen
def watched(*args, **kwargs):
    calls.append(args[0])
    return real(*args, **kwargs)
subprocess.Popen = watched
from typer.testing import CliRunner
from handouts.cli.main import app
result = CliRunner().invoke(app, ["build", "disc-surgery", "--lang", "sv", "--clinic", {str(root)!r},
                                  "-o", {str(tmp_path / 'x.pdf')!r}])
assert result.exit_code == 0, result.output
assert not [c for c in calls if "fc-" in str(c)], calls
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Svgkliniken" in pdf_text((tmp_path / "x.pdf").read_bytes())


def test_an_svg_with_an_embedded_picture_works_within_the_pixel_cap(tmp_path):
    small = base64.b64encode(png(40, 20)).decode()
    root = logo_project(tmp_path, SVG_IMAGE.format(data=small))
    assert build(root).exit_code == 0


def test_an_svg_embedding_a_huge_picture_is_refused_before_decoding(tmp_path):
    bomb = base64.b64encode(png_header_only(13000, 13000)).decode()
    root = logo_project(tmp_path, SVG_IMAGE.format(data=bomb))
    result = build(root)
    assert result.exit_code == 2
    assert "a picture inside 'logo.svg' has 13000×13000 pixels" in result.stderr and "[asset.too-large]" in result.stderr


def test_svg_sizes_that_no_page_can_hold_are_refused(tmp_path):
    for size in ("1e300", "inf", "99999"):
        root = logo_project(tmp_path / size, f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="40">'
                                             '<rect width="10" height="10"/></svg>')
        result = build(root)
        assert result.exit_code == 2, (size, result.output)
        assert "Traceback" not in result.output

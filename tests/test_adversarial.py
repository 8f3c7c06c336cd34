"""Hostile content, through the CLI: each payload in tests/adversarial/<case>/ is refused with its
expected one-line diagnostic, or printed as literal text; never a traceback, never a partial PDF,
never a file opened outside the project, never more than CASE_SECONDS. A case whose args start
with `batch` runs as given (its --out inside the project) and may also expect a `stdout` line."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.world.assets import assets_root
from handouts.world.store import Store

from .conftest import pdf_text, straight

CASES = Path(__file__).parent / "adversarial"
CASE_SECONDS = 10  # a payload that makes a command take longer is a denial of service
runner = CliRunner()
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def allowed_roots(project: Path) -> list[str]:
    roots = {str(project), str(assets_root()), sys.prefix, sys.base_prefix, sys.exec_prefix,
             "/usr/lib", "/usr/share/zoneinfo", "/etc/localtime", "/dev/null", "/dev/urandom", "/proc/self",
             # reportlab reads these when it is first imported; pin_reportlab() then overrides
             # every setting they could make (test_reportlab_environment_cannot_change_the_output)
             os.path.expanduser("~/.reportlab_settings"), os.path.expanduser("~/.reportlab_mods"),
             str(Store.from_environment().folder)}  # the store of results (handouts/world/store.py)
    roots |= {p for p in sys.path if p}
    return sorted(roots)


def run_guarded(project: Path, args: list[str], monkeypatch):
    """Run the CLI inside `project`, recording every file it opens."""
    global _opened
    monkeypatch.chdir(project)
    _opened = []
    start = time.perf_counter()
    try:
        output = [] if args[:1] == ["batch"] else ["-o", "out.pdf"]
        result = runner.invoke(app, [*args, *output], catch_exceptions=True)
    finally:
        opened, _opened = _opened, None
    elapsed = time.perf_counter() - start
    roots = allowed_roots(project)
    outside = [p for p in opened if os.path.isabs(p) and
               not any(os.path.realpath(p).startswith(os.path.realpath(r)) for r in roots)]
    return result, outside, elapsed


def case_dirs():
    return sorted(p for p in CASES.iterdir() if (p / "expected.yaml").is_file())


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_payload(case, tmp_path, monkeypatch):
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(case / "project", project)
    result, outside, elapsed = run_guarded(project, expected["args"], monkeypatch)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == expected["exit"], result.output
    assert outside == [], outside
    assert elapsed < CASE_SECONDS, f"took {elapsed:.1f} s"
    if "stdout" in expected:
        assert re.search(expected["stdout"], result.stdout), result.stdout
    out = project / "out.pdf"
    if expected["exit"]:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert re.search(expected["stderr"], lines[0]), lines[0]
        assert not out.exists()
        assert [p.name for p in project.iterdir() if p.suffix in (".pdf", ".part")] == []
    else:
        data = out.read_bytes()
        text = " ".join(pdf_text(data).split())
        assert expected["printed"] in straight(text)
        uris = [a.get_object().get("/A", {}).get("/URI") for page in PdfReader(io.BytesIO(data)).pages
                for a in page.get("/Annots", [])]
        assert all(uri and uri.startswith(("http://", "https://", "mailto:", "tel:")) for uri in uris), uris


# --- pictures: made here, as they are binary --------------------------------------------

def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims `width` × `height` pixels (a decompression bomb's calling card)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + \
        chunk(b"IEND", b"")


def logo_project(tmp_path: Path, logo: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "clinic.yaml").write_text(f"id: evil-clinic\nname: Testkliniken\nlogo: {logo}\n", encoding="utf-8")
    return project


def test_pixel_bomb_is_refused_before_decoding(tmp_path, monkeypatch):
    project = logo_project(tmp_path, "bomb.png")
    (project / "bomb.png").write_bytes(png_header_only(10_000, 10_000))
    result, _, elapsed = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and elapsed < 5
    assert re.search(r"clinic\.yaml:3:7: error: 'bomb\.png' has 10000×10000 pixels, more than 40 million "
                     r"\[asset\.too-large\]", result.stderr)


def test_truncated_jpeg_is_refused(tmp_path, monkeypatch):
    project = logo_project(tmp_path, "cut.jpg")
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(buffer, "JPEG")
    (project / "cut.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    result, _, _ = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2
    assert re.search(r"clinic\.yaml:3:7: error: 'cut\.jpg' can't be read as a picture .*\[asset\.broken\]",
                     result.stderr)


def test_symlink_out_of_the_project_is_refused(tmp_path, monkeypatch):
    outside = tmp_path / "outside.png"
    Image.new("RGB", (10, 10), "red").save(outside)
    project = logo_project(tmp_path, "link.png")
    (project / "link.png").symlink_to(outside)
    result, opened_outside, _ = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and "points outside its folder" in result.stderr
    assert str(outside) not in opened_outside


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_hanging(tmp_path, monkeypatch):
    project = logo_project(tmp_path, "pipe.png")
    os.mkfifo(project / "pipe.png")
    result, _, elapsed = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and elapsed < 5
    assert "'pipe.png' is not a regular file" in result.stderr


@pytest.mark.slow
def test_reportlab_environment_cannot_change_the_output(tmp_path):
    import subprocess

    script = ("import datetime, sys; from handouts.build import World, build_pdf; "
              "from handouts.resolve.recipe import Request; sys.stdout.buffer.write(build_pdf(World(), "
              "Request('disc-surgery', 'da', datetime.date(2026, 11, 21))))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    plain = subprocess.run([sys.executable, "-c", script], env=clean, capture_output=True, check=True).stdout
    (tmp_path / ".reportlab_settings").write_text("useA85=1\npageCompression=0\n")
    hostile = dict(clean, RL_useA85="1", RL_invariant="0", RL_pageCompression="0",
                   RL_trustedHosts="*", RL_trustedSchemes="file,http,https", HOME=str(tmp_path))
    again = subprocess.run([sys.executable, "-c", script], env=hostile, capture_output=True, check=True).stdout
    assert again == plain


# --- content files that are no files, and folders linked out: made here, git can't hold them --

def content_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "exercises").mkdir(parents=True)
    (project / "clinic.yaml").write_text("id: evil-clinic\nname: Testkliniken\n", encoding="utf-8")
    return project


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_exercises_is_refused_without_hanging(tmp_path, monkeypatch):
    project = content_project(tmp_path)
    os.mkfifo(project / "exercises" / "pipe.yaml")
    result, _, elapsed = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and elapsed < 5
    assert result.stderr.strip() == "exercises/pipe.yaml: error: file is not a regular file [asset.type]"


def test_a_content_file_linked_to_a_device_is_never_read(tmp_path, monkeypatch):
    project = content_project(tmp_path)
    (project / "exercises" / "zero.yaml").symlink_to("/dev/zero")
    result, outside, elapsed = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and elapsed < 5 and "/dev/zero" not in outside
    assert result.stderr.strip().startswith("exercises/zero.yaml: error: file lies outside the library and project")


def test_an_articles_folder_linked_out_of_the_project_is_not_content(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.sv.md").write_text("---\ntitle: Hemligt\n---\n\nHemlig text.\n", encoding="utf-8")
    project = content_project(tmp_path)
    (project / "articles").symlink_to(elsewhere)
    result, outside, _ = run_guarded(project, ["build", "secret", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2 and "unknown recipe 'secret'" in result.stderr
    assert not any(p.startswith(str(elsewhere)) for p in outside)


def test_a_leaflet_past_the_page_cap_is_refused_where_it_passes_it(tmp_path, monkeypatch):
    from handouts.pdf import measure

    monkeypatch.setattr(measure, "MAX_PAGES", 2)  # disc-surgery has 5: the cap is what stops it
    project = content_project(tmp_path)
    result, _, _ = run_guarded(project, ["build", "disc-surgery", "--lang", "sv"], monkeypatch)
    assert result.exit_code == 2
    assert re.fullmatch(r"\S+\.yaml:\d+: error: the leaflet runs past 2 pages here \[layout\.too-long\] "
                        r"\(a leaflet is read in one sitting: shorten it, or make several\)", result.stderr.strip())
    assert not (project / "out.pdf").exists()

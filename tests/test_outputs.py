"""Only a file this tool wrote is replaced or removed, never an input (build_to_file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("name, content", [("notes.txt", b"my notes\n"), ("clinic.yaml", b"id: mine\n"),
                                           ("other.pdf", b"%PDF-1.4\nnot from handouts\n%%EOF\n")])
def test_a_file_handouts_did_not_write_is_never_replaced_or_removed(tmp_path, name, content):
    target = tmp_path / name
    target.write_bytes(content)
    for args in (["build", "disc-surgery", "--lang", "sv"], ["build", "no-such-recipe", "--lang", "sv"]):
        result = run(*args, "-o", str(target))
        assert result.exit_code == 2
        assert "exists and was not written by handouts [request.output]" in result.stderr
        assert target.read_bytes() == content


def test_an_article_is_never_overwritten_by_its_own_pdf(tmp_path):
    post = tmp_path / "post.sv.md"
    shutil.copy(ROOT / "assets/library/articles/spinal-stenosis.sv.md", post)
    before = post.read_bytes()
    result = run("build", str(post), "--lang", "sv", "-o", str(post))
    assert result.exit_code == 2 and "is the article being built" in result.stderr
    assert post.read_bytes() == before


def test_a_source_of_the_leaflet_is_never_overwritten(project):
    source = project / "exercises" / "own-move.yaml"
    before = source.read_bytes()
    result = run("compose", "-e", "own-move", "--lang", "sv", "--clinic", str(project), "-o", str(source))
    assert result.exit_code == 2 and "[request.output]" in result.stderr
    assert source.read_bytes() == before


def test_an_earlier_leaflet_is_replaced_and_removed_when_a_build_fails(tmp_path):
    target = tmp_path / "program.pdf"
    assert run("build", "disc-surgery", "--lang", "sv", "-o", str(target)).exit_code == 0
    assert run("build", "disc-surgery", "--lang", "da", "-o", str(target)).exit_code == 0  # replaced
    assert run("build", "no-such-recipe", "--lang", "sv", "-o", str(target)).exit_code == 2
    assert not target.exists()  # a leaflet of ours that can't pass for the new one


def test_an_unwritable_folder_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # as a folder this user may not write to
    result = run("build", "disc-surgery", "--lang", "sv", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: can't write '{tmp_path / 'x.pdf'}': Permission denied [io.write] " \
                                    "(check that the folder is writable and the disk has room)"


def test_disk_full_while_writing_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import errno
    import os

    real = os.fdopen

    def full(fd, *args, **kwargs):
        handle = real(fd, *args, **kwargs)

        class Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

            def __getattr__(self, name):
                return getattr(handle, name)
        return Full()

    monkeypatch.setattr(os, "fdopen", full)
    result = run("build", "disc-surgery", "--lang", "sv", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: can't write '{tmp_path / 'x.pdf'}': No space left on device [io.write] " \
                                    "(check that the folder is writable and the disk has room)"
    assert list(tmp_path.iterdir()) == []  # no partial file left behind

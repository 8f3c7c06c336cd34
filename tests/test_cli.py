"""The command line: what a clinic's front desk types, and what it sees when something is wrong."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from handouts import __version__
from handouts.cli.main import app

from .conftest import pdf_text, write

runner = CliRunner()


def run(*args: str, cwd=None):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"handouts {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["list"], ["show"]])
def test_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_build_writes_the_leaflet(tmp_path):
    out = tmp_path / "program.pdf"
    result = run("build", "disc-surgery", "--lang", "da", "-o", str(out), "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    text = pdf_text(out.read_bytes())
    assert "Bækkenløft" in text and "Dato 21. november 2026" in text and "Udskrevet" not in text


def test_build_takes_the_date_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    out = tmp_path / "p.pdf"
    assert run("build", "disc-surgery", "-l", "sv", "-o", str(out)).exit_code == 0
    assert "Datum 1 januari 2026" in pdf_text(out.read_bytes())


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_recipe(tmp_path):
    out = tmp_path / "x.pdf"
    line = one_line_error(run("build", "disc-surgry", "--lang", "da", "-o", str(out)))
    assert line == "error: unknown recipe 'disc-surgry' [request.unknown-recipe] (did you mean 'disc-surgery'?)"
    assert not out.exists()


def test_unknown_language(tmp_path):
    out = tmp_path / "x.pdf"
    line = one_line_error(run("build", "disc-surgery", "--lang", "dk", "-o", str(out)))
    assert line.startswith("error: unknown language 'dk'")
    assert not out.exists()


def test_bad_date_is_a_usage_error(tmp_path):
    result = run("build", "disc-surgery", "--lang", "da", "--date", "21/11/2026", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


def test_broken_yaml_in_a_project(tmp_path, project):
    write(project, "exercises/broken.yaml", "id: broken\nposition: [standing\n")
    out = tmp_path / "x.pdf"
    line = one_line_error(run("build", "disc-surgery", "--lang", "da", "--clinic", str(project), "-o", str(out)))
    assert re.search(r"broken\.yaml:\d+:\d+: error: .*\[yaml\.syntax\]", line)
    assert not out.exists()


def test_project_content_is_layered_over_the_library(tmp_path, project):
    result = run("list", "exercises", "--clinic", str(project), "--lang", "sv")
    assert result.exit_code == 0
    assert re.search(r"own-move\s+Övning own-move\s+standing\s+.*clinic", result.stdout)
    assert "pelvic-lift" in result.stdout
    out = tmp_path / "p.pdf"
    assert run("build", "disc-surgery", "-l", "sv", "-c", str(project), "-o", str(out)).exit_code == 0
    assert "Testkliniken" in pdf_text(out.read_bytes())


def test_list_and_show():
    listing = run("list", "exercises", "--lang", "da")
    assert listing.exit_code == 0
    assert re.search(r"^pelvic-lift\s+Bækkenløft\s+lying\s+strength, core\s+built-in", listing.stdout, re.M)
    assert "disc-surgery" in run("list", "recipes").stdout
    shown = run("show", "exercise", "pelvic-lift", "--lang", "sv")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Bäckenlyft\n")
    # the number and its unit are joined by a no-break space (resolve/typography.py)
    assert "1. " in shown.stdout and "Börja med 5\u00a0gånger" in shown.stdout


def test_show_unknown_exercise_suggests():
    line = one_line_error(run("show", "exercise", "pelvic-lfit"))
    assert "did you mean 'pelvic-lift'?" in line

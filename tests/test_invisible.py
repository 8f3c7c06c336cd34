"""Bidi controls and zero-width characters would make the PDF's text layer say something other
than its page: refused, named by code point, never echoing personal text."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import pdf_text, write

runner = CliRunner()


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u061c"])
def test_an_invisible_character_typed_as_personal_text_is_dropped(tmp_path, char):
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--patient", f"Åsa{char}Öberg",
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.output
    text = pdf_text((tmp_path / "x.pdf").read_bytes())
    assert "ÅsaÖberg" in text and char not in text


def test_an_invisible_character_in_content_names_its_file_and_line(project):
    write(project, "exercises/own-move.yaml", """
        id: own-move
        position: standing
        dosage: {reps: 10}
        text:
          sv: {name: "Stå\u200bstill", steps: [Stå still.]}
          da: {name: Stå, steps: [Stå stille.]}
        """)
    result = runner.invoke(app, ["compose", "-e", "own-move", "--lang", "sv", "--clinic", str(project),
                                 "-o", str(project.parent / "x.pdf")])
    assert result.exit_code == 2
    assert any("exercises/own-move.yaml:" in line and "U+200B (ZERO WIDTH SPACE)" in line
               for line in result.stderr.splitlines())


def test_a_soft_hyphen_is_a_hint_not_a_problem(tmp_path):
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--patient", "Åsa Öber\u00adg",
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.output

"""Bidi controls and zero-width characters would make the PDF's text layer say something other
than its page: refused, named by code point, never echoing personal text."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import write

runner = CliRunner()


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u061c"])
def test_an_invisible_character_in_personal_text_is_refused_by_option(tmp_path, char):
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--patient", f"Åsa{char}Öberg",
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and f"U+{ord(char):04X}" in result.stderr and "[text.invisible]" in result.stderr
    assert "in the text given with --patient" in result.stderr and "Öberg" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


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

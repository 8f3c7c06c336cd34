"""A word longer than a line is refused before layout (reportlab would take minutes over it)."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import write

runner = CliRunner()


def test_an_unbroken_word_of_thousands_of_letters_is_refused_quickly(project):
    write(project, "exercises/own-move.yaml", f"""
        id: own-move
        position: standing
        dosage: {{reps: 10}}
        text:
          sv: {{name: Lång, steps: [{"a" * 1900}]}}
          da: {{name: Lang, steps: [Stå stille.]}}
        """)
    start = time.perf_counter()
    result = runner.invoke(app, ["compose", "-e", "own-move", "--lang", "sv", "--clinic", str(project),
                                 "-o", str(project.parent / "x.pdf")])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 2
    assert "exercises/own-move.yaml:5: error: a word of 1900 letters is longer than a line can hold" in result.stderr


def test_a_long_name_is_named_by_its_option_and_a_long_address_is_fine(tmp_path):
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--patient", "x" * 150,
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "in the text given with --patient" in result.stderr and "xxxx" not in result.stderr
    ok = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--note",
                             "Se https://example.org/" + "a" * 80 + " för mer.", "-o", str(tmp_path / "y.pdf")])
    assert ok.exit_code == 0, ok.output

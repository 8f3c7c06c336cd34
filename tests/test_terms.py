"""The glossary per language (assets/i18n/terms-<lang>.yaml): `check` reports the words it lists
as `language.term` warnings at their file, line and column, in every content file of a project."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from handouts.check.terms import load_glossaries, term_findings
from handouts.cli.main import app
from handouts.world.core import World

from .conftest import write

runner = CliRunner()


def project(tmp_path):
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: terms\nname: Termkliniken\n")
    write(root, "exercises/heel-stand.yaml", """
        id: heel-stand
        position: standing
        text:
          sv:
            name: Stå på hälarna
            steps:
              - Ställ dig bakom en stabil stol.
              - Gör 10 repetitioner och vila.
          da:
            name: Stå på hælene
            steps:
              - Behold hælene i gulvet.
              - Gentag 10 gange og og hvil.
        """)
    write(root, "notes/detox.yaml", """
        id: detox
        kind: tip
        text:
          sv: {title: Rörelse, body: "Rörelse för bort slaggprodukter från leden."}
          da: {title: Bevægelse, body: "Bevægelse fører affaldsstoffer væk, se https://example.org/slagger."}
        """)
    write(root, "articles/walk.sv.md", """
        ---
        title: Gå varje dag
        ---

        Programmet ger dig övningar. Den här broschyren
        säger också hur ofte du ska gå: tre gånger om ugen.
        """)
    return root


EXPECTED = [
    ("articles/walk.sv.md", 5, 38, "'broschyren' is a word to avoid in sv"),
    ("articles/walk.sv.md", 6, 17, "'ofte' is a word to avoid in sv"),  # Danish words in Swedish
    ("articles/walk.sv.md", 6, 47, "'ugen' is a word to avoid in sv"),
    ("exercises/heel-stand.yaml", 7, 28, "'stabil stol' is a word to avoid in sv"),
    ("exercises/heel-stand.yaml", 8, 16, "'repetitioner' is a word to avoid in sv"),
    ("exercises/heel-stand.yaml", 12, 9, "'Behold hælene' is a word to avoid in da"),
    ("exercises/heel-stand.yaml", 13, 25, "'og og' is a word to avoid in da"),
    ("notes/detox.yaml", 4, 48, "'slaggprodukter' is a word to avoid in sv"),
]


def test_glossary_findings_name_file_line_and_column(tmp_path):
    root = project(tmp_path)
    found = sorted((f.file.split("clinic/", 1)[-1], f.line, f.col, f.message, f.severity, f.code)
                   for f in term_findings(World((root,))) if "clinic/" in (f.file or ""))
    assert [(file, line, col) for file, line, col, *_ in found] == [(f, li, c) for f, li, c, _ in EXPECTED]
    for (_, _, _, message, severity, code), (*_, start) in zip(found, EXPECTED):
        assert message.startswith(start), message
        assert (severity, code) == ("warning", "language.term")
    assert "write 'stadig stol'" in found[3][3]  # the preferred term, from the glossary
    # a web address is no text: 'slagger' inside it is not reported


def test_the_builtin_library_uses_its_glossaries(workspace):
    rules, problems = load_glossaries(workspace)
    assert set(rules) == {"sv", "da"} and problems == []
    assert [f.format() for f in term_findings(workspace)] == []


def test_glossaries_are_no_ui_catalogues(workspace):
    assert set(workspace.catalogues) == {"sv", "da"}


@pytest.mark.slow
def test_check_reports_them_and_fails_under_strict(tmp_path):
    root = project(tmp_path)
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--strict"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "language.term"]
    assert result.exit_code == 1 and len(findings) == len(EXPECTED)
    assert {f["severity"] for f in findings} == {"error"}
    assert all(f["file"].endswith(tuple(e[0] for e in EXPECTED)) and f["line"] for f in findings)

"""`handouts check` finds every kind of problem seeded into a project, as file:line diagnostics."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import write

runner = CliRunner()


def test_check_finds_each_seeded_problem(tmp_path):
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", 'id: seeded\nname: Seeded\nlogo: missing.png\ncolors: {brand: "#fff176"}\n')
    write(root, "exercises/bad-key.yaml", "id: bad-key\nposition: standing\nsteps: []\n")
    write(root, "exercises/emoji.yaml", "id: emoji\nposition: standing\ntext:\n"
                                        "  sv: {name: Le 😀, steps: [Le.]}\n  da: {name: Smil, steps: [Smil.]}\n")
    write(root, "notes/half.yaml", "id: half\nkind: tip\ntext: {sv: {title: Bara svenska}}\n")
    write(root, "recipes/seeded.yaml", """
        id: seeded
        version: 1
        layout: sheet-a4
        review: 2021-06-30
        title: {sv: Sådd, da: Sået}
        sections:
          - kind: note
            note: half
          - kind: exercises
            exercises: [pelvic-lfit, emoji]
        """)
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--lix-max", "5", "--today", "2026-11-21"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    codes = {f["code"] for f in report["findings"]}
    assert {"schema.extra_forbidden", "content.unknown-exercise", "content.missing-translation",
            "asset.missing", "contrast.headings", "review.passed"} <= codes, codes
    for finding in report["findings"]:
        if finding["code"] != "readability.lix" and finding["file"]:
            assert finding["line"] >= 1
    text = runner.invoke(app, ["check", str(root), "--today", "2026-11-21"])
    assert text.exit_code == 1
    assert "recipes/seeded.yaml:4:9: warning: recipe 'seeded' was due for review on 2021-06-30 [review.passed]" in text.stdout


@pytest.mark.slow
def test_check_measures_readability():
    result = runner.invoke(app, ["check", "--lix-max", "5", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 0  # a warning
    assert {f["code"] for f in findings if not f["code"].startswith("layout.") and f["severity"] != "note"} == \
        {"readability.lix"}
    assert any("disc-surgery (sv) reads hard: LIX" in f["message"] for f in findings)


@pytest.mark.slow
def test_check_passes_the_builtin_library_but_for_its_pages():
    result = runner.invoke(app, ["check", "--strict", "--format", "json"])
    report = json.loads(result.stdout)
    findings = report["findings"]
    assert [f for f in findings if not f["code"].startswith("layout.") and f["severity"] != "note"] == []
    # the built-in content is reviewed by no one, and check says so, as notes --strict keeps as notes
    notes = [f for f in findings if f["severity"] == "note"]
    assert notes and {f["code"] for f in notes} == {"review.unreviewed"} and report["notes"] == len(notes)
    assert any(f["file"].endswith("recipes/disc-surgery.yaml") and f["line"] for f in notes)


def _layout_findings(large_print: bool) -> list[dict]:
    report = json.loads(runner.invoke(app, ["check", "--strict", "--format", "json"]).stdout)
    return [f for f in report["findings"] if f["code"].startswith("layout.")
            and ("large print)" in f["message"]) == large_print]


@pytest.mark.slow
def test_the_builtin_library_has_no_layout_finding():
    assert _layout_findings(large_print=False) == []


@pytest.mark.slow
def test_the_builtin_library_has_no_layout_finding_in_large_print():
    assert _layout_findings(large_print=True) == []

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
            and ("large print" in f["message"].split("):")[0]) == large_print]


@pytest.mark.slow
def test_the_builtin_library_has_no_layout_finding():
    assert _layout_findings(large_print=False) == []


@pytest.mark.slow
def test_the_builtin_library_has_no_layout_finding_in_large_print():
    assert _layout_findings(large_print=True) == []


DISC_WITHOUT_LYING_STRETCH = ("core-brace", "pelvic-lift", "toe-heel-rock", "mini-squat", "side-weight-shift",
                              "calf-stretch", "curl-up", "oblique-curl-up", "glute-stretch-seated")


@pytest.mark.slow
@pytest.mark.parametrize("target, lang, picks", [("disc-surgery", "sv", DISC_WITHOUT_LYING_STRETCH),
                                                 ("spinal-stenosis", "sv", None), ("spinal-stenosis", "da", None)])
def test_check_lays_out_the_blank_edition_too(target, lang, picks, monkeypatch):
    """A clinic prints a stack of programs with no name on them; laid out without the patient
    box, the large-print disc program's page 2 was 53 % full and the stenosis article's 69 %,
    and `check`, which built every leaflet with a sample patient, never saw it. Those pages
    now fill: a large-print card may start on a page less than 70 % full, and a contents
    list going on overleaf breaks near its middle. Undo either and its leaflet fails here.
    (The whole disc program no longer needs the first rule since its steps changed; the program
    without the lying stretch, a clinic's pick, still does: its page 7 is 60 % full without it.)"""
    import datetime as dt

    from handouts.check.content import check_leaflet
    from handouts.layout import blocks
    from handouts.resolve.request import Request
    from handouts.world.core import World

    blank = Request(target, lang, dt.date(2026, 12, 1), large_print=True, picks=picks)

    def layout() -> list[str]:
        return [d.message for d in check_leaflet(World(), blank) if d.code.startswith("layout.")]

    assert layout() == []
    if target == "disc-surgery":
        monkeypatch.setattr(blocks, "CUT_BELOW", 0.0)
    else:
        made = blocks.contents

        def unbalanced(*args, **kwargs):
            flowables = made(*args, **kwargs)
            flowables[0].balanced = False
            return flowables

        monkeypatch.setattr(blocks, "contents", unbalanced)
    found = layout()
    assert found and all("no patient's name" in m and "filled" in m for m in found), found


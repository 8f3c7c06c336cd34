"""Layouts declare the sections they print; blocks remember where they were written.

A section the recipe's layout can't print is refused at its place in the recipe, in `build` and
in `check`; later diagnostics (missing glyphs, blocks too large for a page, small type) name the
file and line of the block they are about, and never quote what the desk typed.
"""

from __future__ import annotations

import dataclasses
import re
import typing

import pytest
from typer.testing import CliRunner

from handouts import leaflet as lf
from handouts.cli.main import app
from handouts.layout.kinds import STYLES_OF, SUPPORTS
from handouts.source import model

from .conftest import DATE, MINIMAL_EXERCISE, write

runner = CliRunner()

# One section of each kind, in both languages; the booklet prints them all in this order.
SECTIONS = {
    "contents": "",
    "part": "title: {sv: Del, da: Del}",
    "prose": "text: {sv: Hej., da: Hej.}",
    "list": "items: {sv: [Ett.], da: [Et.]}",
    "note": "note: stop-on-sharp-pain",
    "exercises": "exercises: [pelvic-lift]",
    "faq": "items: {sv: [{q: 'Fråga?', a: Svar.}], da: [{q: 'Spørgsmål?', a: Svar.}]}",
    "key-points": "box: {sv: {items: [Ett.]}, da: {items: [Et.]}}",
    "cases": "items: {sv: [{name: Inge, situation: S., advice: A.}], da: [{name: Inge, situation: S., advice: A.}]}",
    "themed-box": "box: {sv: {title: T, columns: [{heading: H, items: [I.]}]}, "
                  "da: {title: T, columns: [{heading: H, items: [I.]}]}}",
    "summary": "box: {sv: {items: [S.]}, da: {items: [S.]}}",
    "references": "items: {sv: [{text: Ref.}], da: [{text: Ref.}]}",
    "disclaimer": "text: {sv: D., da: D.}",
    "red-flags": "box: {sv: {items: [Feber.], action: Ring oss.}, da: {items: [Feber.]}}",
    "log": "by: week",
    "notes-page": "",
    "contact": "",
}


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """A project made by `handouts init`, with the working folder inside it."""
    folder = tmp_path / "fysio"
    assert run("init", str(folder), "--name", "Fysio Test").exit_code == 0
    monkeypatch.chdir(folder)
    return folder


def recipe(folder, recipe_id: str, layout: str, kinds) -> None:
    sections = "".join(f"  - kind: {kind}\n" + (f"    {SECTIONS[kind]}\n" if SECTIONS[kind] else "")
                       for kind in kinds)
    write(folder, f"recipes/{recipe_id}.yaml",
          f"id: {recipe_id}\nversion: 1\nlayout: {layout}\ntitle: {{sv: T, da: T}}\nsections:\n{sections}")


PART_IN_SHEET = ("recipes/bad.yaml:8:11: error: a 'sheet-a4' leaflet can't print a 'part' section "
                 "[recipe.unsupported-section] (use layout booklet-a5, or remove the section; sheet-a4 prints: ")


def test_a_part_in_a_sheet_is_refused_at_its_line_by_build(clinic):
    recipe(clinic, "bad", "sheet-a4", ["prose", "part", "exercises"])
    result = run("build", "bad", "--lang", "sv", "-o", "bad.pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith(PART_IN_SHEET), result.stderr
    assert "Traceback" not in result.output and not (clinic / "bad.pdf").exists()


@pytest.mark.slow
def test_check_reports_it_at_its_line_and_checks_the_rest(clinic):
    recipe(clinic, "bad", "sheet-a4", ["prose", "part", "exercises"])
    write(clinic, "recipes/other.yaml", "id: other\nversion: 1\nlayout: sheet-a4\ntitle: {sv: O}\n"
                                        "sections:\n  - kind: contact\n")
    result = run("check")
    assert result.exit_code == 1
    assert PART_IN_SHEET in result.stdout
    assert re.search(r"recipes/other\.yaml:4:\d+: error: missing 'da' translation", result.stdout)
    assert "can't be laid out" not in result.stdout


def test_every_section_kind_is_printed_by_some_layout_and_every_fence_by_articles():
    kinds = {typing.get_args(member.model_fields["kind"].annotation)[0]
             for member in typing.get_args(typing.get_args(model.Section)[0])}
    assert set().union(*SUPPORTS.values()) == kinds == set(SECTIONS)
    assert {*model.FENCE_MODELS, "exercises"} <= SUPPORTS["article"]
    assert set(typing.get_args(model.Layout)) == set(SUPPORTS)


@pytest.mark.parametrize("layout", sorted(SUPPORTS))
def test_each_layout_prints_every_kind_it_declares(clinic, layout):
    recipe(clinic, "all", layout, [k for k in SECTIONS if k in SUPPORTS[layout]])
    result = run("build", "all", "--lang", "da", "-o", "all.pdf")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("layout", sorted(SUPPORTS))
def test_each_layout_refuses_and_cannot_print_every_kind_it_does_not_declare(clinic, layout):
    """Resolve refuses the kind; and the layout function indeed can't print its block."""
    from handouts.build import resolve_request
    from handouts.layout import layout_leaflet
    from handouts.layout.tags import fresh_keys
    from handouts.pdf.render import render_template
    from handouts.resolve.request import Request
    from handouts.world.core import open_world

    undeclared = [k for k in SECTIONS if k not in SUPPORTS[layout]]
    for kind in undeclared:
        recipe(clinic, "one", layout, ["part", kind] if kind == "contents" else [kind])
        result = run("build", "one", "--lang", "sv", "-o", "one.pdf")
        assert result.exit_code == 2 and "[recipe.unsupported-section]" in result.stderr, (kind, result.output)
        recipe(clinic, "one", "booklet-a5", [kind])  # contents alone: a sheet has no parts for it to list
        workspace, clinic_id = open_world(str(clinic))
        leaflet = resolve_request(workspace, Request("one", "sv", DATE, clinic=clinic_id))
        leaflet = dataclasses.replace(leaflet, layout=layout)
        with pytest.raises(Exception) as refused, fresh_keys():  # noqa: B017 - the layout's own refusal
            render_template(layout_leaflet(leaflet))
        assert "fresh_keys" not in str(refused.value)


def test_every_block_type_declares_its_text_styles():
    assert set(STYLES_OF) == {block.__name__ for block in typing.get_args(lf.Block)}


@pytest.mark.slow
def test_a_glyph_missing_in_a_project_exercise_names_its_file_and_line(clinic):
    text = MINIMAL_EXERCISE.format(id="own-move").replace("Stå still.", "Stå still 👍.")
    write(clinic, "exercises/own-move.yaml", text)
    write(clinic, "recipes/own.yaml", "id: own\nversion: 1\nlayout: sheet-a4\ntitle: {sv: T, da: T}\n"
                                      "sections:\n  - kind: exercises\n    exercises: [own-move]\n")
    result = run("build", "own", "--lang", "sv", "-o", "own.pdf")
    assert result.exit_code == 2
    assert "exercises/own-move.yaml:5: error: the font has no '👍' (THUMBS UP SIGN)" in result.stderr
    check = run("check")
    assert "exercises/own-move.yaml:5: error: the font has no '👍'" in check.stdout


@pytest.mark.parametrize("option", ["--patient", "--therapist", "--note"])
def test_a_glyph_missing_in_personal_text_names_the_option_and_never_the_text(tmp_path, option):
    for _ in range(2):  # the second build could be stamped from a remembered template
        out = tmp_path / "p.pdf"
        result = run("build", "disc-surgery", "-l", "sv", "-o", str(out), option, "Hemlig Person 👍")
        assert result.exit_code == 2 and not out.exists()
        assert f"the font has no '👍' (THUMBS UP SIGN), in the text given with {option} [glyph.missing]" \
            in result.stderr
        assert "Hemlig" not in result.output


def test_a_block_too_large_for_any_page_is_blamed_on_its_file_and_line(clinic):
    from handouts.build import resolve_request
    from handouts.diagnostics import HandoutsError
    from handouts.layout import layout_leaflet
    from handouts.layout.blocks import IllustrationSlot
    from handouts.layout.tags import fresh_keys
    from handouts.layout.theme import MUTED
    from handouts.pdf.render import render_template
    from handouts.resolve.request import Request
    from handouts.world.core import open_world

    recipe(clinic, "tall", "sheet-a4", ["prose", "list"])
    workspace, clinic_id = open_world(str(clinic))
    with fresh_keys():  # as render_leaflet lays out and renders
        document = layout_leaflet(resolve_request(workspace, Request("tall", "sv", DATE, clinic=clinic_id)))
        assert [o.file for _, o in document.origins] == ["recipes/tall.yaml"] * len(document.origins)
        tower = IllustrationSlot(5000, MUTED, MUTED)  # can neither fit a page nor split
        document = dataclasses.replace(document, story=(*document.story, tower),
                                       origins=(*document.origins, (tower, lf.Origin("recipes/tall.yaml", 8))))
        with pytest.raises(HandoutsError) as caught:
            render_template(document)
    assert [d.format() for d in caught.value.diagnostics] == [
        "recipes/tall.yaml:8: error: this block is too large to fit on a page, even split [layout.overflow] "
        "(shorten it, or split it into several sections)"]


@pytest.mark.slow
def test_small_type_is_reported_at_the_blocks_printed_in_it(clinic, monkeypatch):
    import handouts.layout.theme as theme
    from handouts.check.content import check_content
    from handouts.world.core import open_world

    recipe(clinic, "small", "sheet-a4", ["prose"])
    monkeypatch.setattr(theme, "MIN_BODY_SIZE", 13)  # body text is 12 pt
    workspace, _ = open_world(str(clinic))
    found = [d.format() for d in check_content(workspace, DATE) if d.code == "typography.small-text"]
    assert "recipes/small.yaml:6: error: text style 'body' is 12 pt, below 13 pt [typography.small-text] " \
           "(the theme sets it: raise it to the minimum)" in found


def test_origins_are_not_part_of_a_block_nor_of_a_template_key():
    card = lf.Prose("Rubrik", ("Text.",), lf.Origin("recipes/a.yaml", 3))
    assert card == dataclasses.replace(card, origin=lf.Origin("recipes/b.yaml", 9))
    leaflet = lf.Leaflet("sv", "sv-SE", "sv_SE", "sheet-a4", "T", None, DATE, "{page}",
                         lf.ClinicInfo("K", None, (), origin=lf.Origin("clinic.yaml")), lf.Brand("#000000", "#ffffff"),
                         (card, lf.ExerciseList(None, ())), "T", (), origin=lf.Origin("recipes/a.yaml"))
    impersonal = leaflet.impersonal()
    assert impersonal.origin is None and impersonal.clinic.origin is None
    assert all(b.origin is None for b in impersonal.blocks)

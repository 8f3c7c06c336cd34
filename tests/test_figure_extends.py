"""`extends:` in a clinic's figure file: start from a built-in (or the clinic's own) figure and
write only what changes; the merge is checked like a whole figure, and bad chains are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.figures.extend import MAX_LEVELS
from handouts.figures.scene import compose
from handouts.world.core import World

from .conftest import MINIMAL_EXERCISE, write

runner = CliRunner()


@pytest.fixture
def clinic(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", """
        id: fig-clinic
        name: Figurkliniken
        phone: "+46 70 174 06 99"
        """)
    return root


def library(root: Path):
    return World((root.resolve(),)).library


def show(root: Path, exercise: str, out: Path):
    return runner.invoke(app, ["show", "exercise", exercise, "--clinic", str(root), "--picture", str(out)])


def test_a_clinic_figure_changes_only_what_it_names(clinic):
    built_in = World().library.figure("chair-stand")
    write(clinic, "figures/chair-stand.yaml", """
        exercise: chair-stand
        extends: chair-stand
        props: [floor, {kind: chair, pose: start, gap: 0}]
        end:
          shoulder: 90
          elbow: 0
        """)
    own = library(clinic).figure("chair-stand")
    assert own.end.shoulder == 90 and own.end.elbow == 0  # changed
    assert own.end.x == built_in.end.x == 30 and own.end.touch == built_in.end.touch  # merged key by key
    assert own.start == built_in.start and own.alt == built_in.alt and own.arrows == built_in.arrows
    assert own.props[1].gap == 0 and built_in.props[1].gap == 8  # a list is replaced whole
    assert compose(own)[1] == []


def test_a_clinic_figure_may_extend_another_clinic_figure_for_its_own_exercise(clinic):
    write(clinic, "exercises/low-chair-stand.yaml", MINIMAL_EXERCISE.format(id="low-chair-stand"))
    write(clinic, "figures/chair-stand.yaml", """
        exercise: chair-stand
        extends: chair-stand
        end: {shoulder: 90, elbow: 0}
        """)
    write(clinic, "figures/low-chair-stand.yaml", """
        exercise: low-chair-stand
        extends: chair-stand
        hold: true
        alt: {sv: Person som reser sig från en låg stol.}
        """)
    own = library(clinic).figure("low-chair-stand")
    assert own.exercise == "low-chair-stand" and own.hold is True
    assert own.end.shoulder == 90  # from the clinic's chair-stand, not the built-in one
    assert own.alt["sv"] == "Person som reser sig från en låg stol."
    assert own.alt["da"].startswith("Person, der rejser sig fra en stol")


def test_a_built_in_figure_never_extends_a_clinic_one(tmp_path):
    from handouts.figures.extend import _base
    from handouts.source.load import FigureFile

    built, own = FigureFile(tmp_path / "a/b.yaml", "built-in", 0), FigureFile(tmp_path / "c/b.yaml", "clinic", 1)
    layers = {"b": [built, own]}
    assert _base("b", tmp_path / "a/x.yaml", 0, layers) == built
    assert _base("b", tmp_path / "c/x.yaml", 1, layers) == own
    assert _base("b", own.path, 1, layers) == built  # extending its own id: the one it replaces
    assert _base("b", built.path, 0, layers) is None


def refused(clinic: Path, tmp_path: Path, exercise: str = "chair-stand") -> str:
    out = tmp_path / "out.svg"
    result = show(clinic, exercise, out)
    assert result.exit_code == 2, result.output
    assert not out.exists() and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1, lines
    return lines[0].replace(str(clinic) + "/", "")


def test_an_unknown_base_is_refused_at_its_line(clinic, tmp_path):
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stnad\n")
    assert refused(clinic, tmp_path) == (
        "figures/chair-stand.yaml:2:10: error: 'extends: chair-stnad': there is no figure 'chair-stnad' to "
        "start from [figure.extends-unknown] (did you mean 'chair-stand'?)")


def test_a_figure_without_an_earlier_one_cannot_extend_itself(clinic, tmp_path):
    write(clinic, "exercises/own-move.yaml", MINIMAL_EXERCISE.format(id="own-move"))
    write(clinic, "figures/own-move.yaml", "exercise: own-move\nextends: own-move\n")
    assert "there is no earlier figure 'own-move'" in refused(clinic, tmp_path, "own-move")


def test_a_cycle_is_refused(clinic, tmp_path):
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: mini-squat\n")
    write(clinic, "figures/mini-squat.yaml", "exercise: mini-squat\nextends: chair-stand\n")
    message = refused(clinic, tmp_path)
    assert ":2:10: error: 'extends' goes round in a circle: chair-stand -> mini-squat -> chair-stand" in message
    assert "[figure.extends-cycle]" in message


def test_too_many_levels_are_refused(clinic, tmp_path):
    names = [f"step-{i}" for i in range(MAX_LEVELS + 1)]
    for name in names:
        write(clinic, f"exercises/{name}.yaml", MINIMAL_EXERCISE.format(id=name))
    for name, base in zip(names, [*names[1:], "chair-stand"]):
        write(clinic, f"figures/{name}.yaml", f"exercise: {name}\nextends: {base}\n")
    assert library(clinic).figure(names[1]).end.x == 30  # four steps down to the built-in one: fine
    message = refused(clinic, tmp_path, names[0])
    assert f"error: 'extends' goes more than {MAX_LEVELS} figures deep" in message
    assert "[figure.extends-depth]" in message


@pytest.mark.parametrize("value", ["[chair-stand]", "5", "Chair Stand", "null"])
def test_extends_must_be_an_id(clinic, tmp_path, value):
    write(clinic, "figures/chair-stand.yaml", f"exercise: chair-stand\nextends: {value}\n")
    message = refused(clinic, tmp_path)
    assert message.startswith("figures/chair-stand.yaml:2:") and "'extends' must be the id of a figure" in message


def test_the_merged_figure_is_checked_like_a_whole_one(clinic, tmp_path):
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stand\nend:\n  elbow: 200\n")
    assert refused(clinic, tmp_path).startswith(
        "figures/chair-stand.yaml:4:10: error: 'elbow': 200 degrees is out of range")
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stand\nstart: 5\n")
    assert refused(clinic, tmp_path).startswith("figures/chair-stand.yaml:3:8: error: ")
    write(clinic, "figures/chair-stand.yaml", "extends: chair-stand\nend: {hip: 10}\n")
    assert "missing required key 'exercise'" in refused(clinic, tmp_path)  # never inherited


def test_a_problem_in_what_was_inherited_names_the_base(clinic):
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stand\nend:\n  hip: 90\n")
    result = runner.invoke(app, ["check", str(clinic)])
    lines = [line for line in result.output.splitlines() if "figures/chair-stand.yaml" in line]
    assert lines and all(":2:10: error: " in line and "(inherited from 'chair-stand')" in line for line in lines)


def test_a_changed_base_rebuilds_the_leaflet_that_uses_the_derived_figure(clinic, monkeypatch):
    from handouts import build as engine

    resolved = []
    real = engine.resolve_request
    monkeypatch.setattr(engine, "resolve_request", lambda *a: resolved.append(1) or real(*a))
    write(clinic, "exercises/low-chair-stand.yaml", MINIMAL_EXERCISE.format(id="low-chair-stand"))
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stand\nend: {shoulder: 90, elbow: 0}\n")
    write(clinic, "figures/low-chair-stand.yaml", "exercise: low-chair-stand\nextends: chair-stand\n")
    out = clinic.parent / "out.pdf"

    def build() -> bytes:
        result = runner.invoke(app, ["compose", "-e", "low-chair-stand", "--lang", "sv", "--clinic", str(clinic),
                                     "--date", "2026-11-21", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    first = build()
    assert build() == first and len(resolved) == 1  # remembered
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextends: chair-stand\nend: {shoulder: 0}\n")
    third = build()
    assert len(resolved) == 2 and third != first  # the base changed: built again, another picture


def test_a_misspelt_extends_is_named(clinic, tmp_path):
    write(clinic, "figures/chair-stand.yaml", "exercise: chair-stand\nextend: chair-stand\n")
    result = show(clinic, "chair-stand", tmp_path / "out.svg")
    assert result.exit_code == 2 and not (tmp_path / "out.svg").exists()
    assert ":2:9: error: unknown key 'extend' [schema.extra_forbidden] (did you mean 'extends'?)" in result.stderr


def test_the_contact_sheet_names_the_picture_set_it_shows(clinic):
    """A signed sheet said only its date: a clinic that changed a picture later could not tell
    which set was signed. Its foot carries a digest of every picture, name and alt text."""
    import datetime as dt
    import io
    import re

    from pypdf import PdfReader

    from handouts.layout.contact_sheet import contact_sheet_pdf

    def digest(world: World) -> str:
        text = PdfReader(io.BytesIO(contact_sheet_pdf(world, "sv", dt.date(2026, 12, 1)))).pages[0].extract_text()
        return re.search(r"· #([0-9a-f]{8})", text).group(1)

    built_in = digest(World())
    assert digest(World()) == built_in  # the same pictures, the same digest
    write(clinic, "figures/chair-stand.yaml", """
        exercise: chair-stand
        extends: chair-stand
        end: {shoulder: 90, elbow: 0}
        """)
    assert digest(World((clinic.resolve(),))) != built_in

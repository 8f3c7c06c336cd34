"""Exercise pictures: every built-in exercise has one, it fits its frame, and bad data is refused."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.diagnostics import HandoutsError
from handouts.figures import figure_drawing, figure_svg, load_figures
from handouts.figures.marks import bounds
from handouts.figures.scene import compose
from handouts.world.assets import library_root
from handouts.world.core import World

from .conftest import write

LANGS = ("da", "sv")
LIBRARY = library_root()
EXERCISES = sorted(p.stem for p in (LIBRARY / "exercises").glob("*.yaml"))


@pytest.fixture(scope="module")
def figures():
    return load_figures(World(), LIBRARY / "figures", EXERCISES, LANGS)


def test_every_exercise_has_a_figure_with_alt_text(figures):
    assert sorted(figures) == EXERCISES
    for spec in figures.values():
        assert set(spec.alt) == set(LANGS)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_drawing_stays_inside_its_frame(figures, exercise):
    size = 120.0
    drawing = figure_drawing(figures[exercise], size)
    x0, y0, x1, y1 = drawing.getBounds()
    assert 0 <= x0 < x1 <= size and 0 <= y0 < y1 <= size
    # getBounds ignores line widths; the scene's own bounds include them
    scene, problems = compose(figures[exercise])
    assert problems == []
    sx, sy, side = scene.square
    bx0, by0, bx1, by1 = bounds(scene.marks)
    assert sx <= bx0 and sy <= by0 and bx1 <= sx + side and by1 <= sy + side


def test_figures_are_drawn_at_one_scale(figures):
    """Every person is drawn about the same size, so a leaflet's pictures look like a set."""
    sides = [compose(spec)[0].square[2] for spec in figures.values()]
    assert max(sides) / min(sides) < 1.35


FIGURE = """
exercise: {exercise}
view: side
props: [floor, mat]
end:
  trunk: -90
  hip: 45
  knee: {knee}
alt:
  sv: Person som ligger på rygg med böjda knän.
  da: Person, der ligger på ryggen med bøjede knæ.
"""


def problems(folder: Path, exercises=("pelvic-lift",), languages=LANGS) -> list[str]:
    with pytest.raises(HandoutsError) as info:
        load_figures(World((folder.parent,)), folder, exercises, languages)
    return [d.format().replace(str(folder) + "/", "") for d in info.value.diagnostics]


def test_a_knee_cannot_bend_backwards(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee=-20))
    (message,) = problems(tmp_path)
    assert message.startswith("pelvic-lift.yaml:7:9: error: 'knee': -20 degrees is out of range: from 0 to 155")
    assert "can't bend backwards" in message


def test_a_knee_is_a_number_or_floor(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="bent"))
    (message,) = problems(tmp_path)
    assert message.startswith("pelvic-lift.yaml:7:9: error: 'knee': must be a number of degrees or 'floor'")


def test_the_exercise_must_exist_and_match_the_file(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lfit", knee="floor"))
    found = problems(tmp_path)
    assert found == [
        "pelvic-lift.yaml:1:11: error: exercise 'pelvic-lfit' does not match the file name "
        "'pelvic-lift.yaml' [figure.id-mismatch] (rename the file to 'pelvic-lfit.yaml' or change 'exercise')",
        "pelvic-lift.yaml:1:11: error: there is no exercise 'pelvic-lfit' [figure.unknown-exercise] "
        "(did you mean 'pelvic-lift'?)",
    ]


def test_alt_text_is_needed_in_every_language(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="floor")
          .replace("  da: Person, der ligger på ryggen med bøjede knæ.\n", ""))
    (message,) = problems(tmp_path)
    assert message.startswith("pelvic-lift.yaml:8:1: error: missing 'da' alt text (has: sv) "
                              "[content.missing-translation]")


def test_unknown_keys_get_figure_hints(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="floor")
          .replace("  hip: 45", "  hips: 45"))
    (message,) = problems(tmp_path)
    assert message.endswith("pelvic-lift.yaml:6:9: error: unknown key 'hips' [schema.extra_forbidden] "
                            "(did you mean 'hip'?)")


def test_a_pose_that_floats_is_refused(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee=0)
          .replace("  knee: 0\n", "  knee: 0\n  touch: [near-heel]\n"))
    (message,) = problems(tmp_path)
    assert message.startswith("pelvic-lift.yaml:8:11: error: 'near-heel' should touch something but is ")
    assert message.endswith("[figure.pose]")


def test_a_foot_that_cannot_reach_the_floor_is_refused(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="floor")
          .replace("  hip: 45", "  hip: -20"))
    found = problems(tmp_path)
    assert any("the near foot can't reach the floor" in m and "[figure.pose]" in m for m in found)


def test_front_view_has_no_walls(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="floor")
          .replace("view: side", "view: front").replace("[floor, mat]", "[floor, wall]"))
    (message,) = problems(tmp_path)
    assert "'wall' is drawn in side view only [figure.prop-view]" in message


def test_a_missing_folder_is_no_figures(tmp_path):
    assert load_figures(World((tmp_path,)), tmp_path / "figures", EXERCISES, LANGS) == {}


def test_svg_export_is_xml(figures):
    svg = figure_svg(figures["pelvic-lift"], 200)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")


def test_the_brand_colour_tints_the_arrow(figures):
    assert "rgb(100%,0%,0%)" in figure_svg(figures["pelvic-lift"], 200, colour="#ff0000").replace(" ", "")


def test_a_leaflet_with_pictures_stays_small_and_vector():
    import datetime as dt

    from handouts.build import World, build_pdf
    from handouts.resolve.request import Composition, Request

    twelve = Composition(tuple(EXERCISES[:12]))
    data = build_pdf(World(), Request("compose", "sv", dt.date(2026, 11, 21), compose=twelve))
    reader = PdfReader(io.BytesIO(data))
    assert 3 <= len(reader.pages) <= 8
    images = [x for page in reader.pages for x in page["/Resources"].get("/XObject", {}).values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert not images  # lines, not pictures
    assert len(data) < 150_000


def test_the_same_figure_draws_the_same_svg(figures):
    assert figure_svg(figures["chair-stand"], 150) == figure_svg(figures["chair-stand"], 150)


@pytest.mark.parametrize("view, props", [
    ("side", "[floor, mat, {kind: pillow, at: waist}, {kind: wall, side: behind}, {kind: table, gap: 20}]"),
    ("side", "[floor, stool, {kind: door-band, gap: 50}, dumbbells]"),
    ("side", "[floor, exercise-bike]"),
    ("side", "[floor, chair, {kind: shopping-trolley, gap: 5}]"),
    ("front", "[floor, mat, chair, dumbbells, pillow]"),
    ("three-quarter", "[floor, mat, chair, dumbbells, pillow]"),
    ("three-quarter", "[floor, stool]"),
])
def test_every_prop_is_drawn_inside_the_frame(tmp_path, view, props):
    write(tmp_path, "band-row.yaml", f"""
        exercise: band-row
        view: {view}
        props: {props}
        start: {{hip: 90, knee: 90, ankle: flat, shoulder: 20, elbow: 90}}
        end: {{hip: 90, knee: 90, ankle: flat, shoulder: -30, elbow: 90}}
        arrows: [{{at: near-hand}}]
        hold: true
        alt: {{sv: "En person som sitter ner.", da: "En person, der sidder ned."}}
        """)
    spec = load_figures(World((tmp_path,)), tmp_path, ["band-row"], LANGS)["band-row"]
    x0, y0, x1, y1 = figure_drawing(spec, 90).getBounds()
    assert 0 <= x0 < x1 <= 90 and 0 <= y0 < y1 <= 90


def test_options_a_prop_does_not_use_are_refused(tmp_path):
    write(tmp_path, "pelvic-lift.yaml", FIGURE.format(exercise="pelvic-lift", knee="floor")
          .replace("[floor, mat]", "[floor, {kind: mat, side: behind}]"))
    (message,) = problems(tmp_path)
    assert "'side' does not apply to a mat" in message

"""Richer dosage: minutes, distance, days a week, load, band colour and a progression, with
singular and plural in both languages, changed at the desk (`--set`) and in batch jobs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.diagnostics import HandoutsError
from handouts.resolve.changes import parse_change
from handouts.resolve.dosage import dosage_sentences
from handouts.resolve.i18n import load_catalogues
from handouts.source.model import Dosage
from handouts.world.core import World

from .conftest import write

runner = CliRunner()
CATS = load_catalogues(World())


@pytest.mark.parametrize("lang, one, many", [
    ("sv", ("Håll på i 1 minut.", "Ungefär 800 m åt gången.", "Träna 1 dag i veckan."),
     ("Håll på i 20–30 minuter.", "Ungefär 2,5 km åt gången.", "Träna 5 dagar i veckan.")),
    ("da", ("Bliv ved i 1 minut.", "Cirka 800 m ad gangen.", "Træn 1 dag om ugen."),
     ("Bliv ved i 20–30 minutter.", "Cirka 2,5 km ad gangen.", "Træn 5 dage om ugen.")),
])
def test_minutes_distance_and_days_singular_and_plural(lang, one, many):
    assert dosage_sentences(Dosage(minutes=1, distance=800, days_per_week=1), CATS[lang]) == one
    assert dosage_sentences(Dosage(minutes=(20, 30), distance=2500, days_per_week=5), CATS[lang]) == many


@pytest.mark.parametrize("lang, expected", [
    ("sv", ("Upprepa 10 gånger.", "Använd en vikt på 0,5 kg.", "Använd ett rött gummiband.")),
    ("da", ("Gentag 10 gange.", "Brug en vægt på 0,5 kg.", "Brug en rød elastik.")),
])
def test_load_and_band(lang, expected):
    assert dosage_sentences(Dosage(reps=10, load_kg=0.5, band="red"), CATS[lang]) == expected


@pytest.mark.parametrize("lang, expected", [
    ("sv", ("Vecka 1–2: 8 gånger, 2 omgångar.", "Vecka 3: 1 gång, 1 omgång, 2 kg.",
            "Vecka 4–6: 20 minuter, 3 dagar i veckan.")),
    ("da", ("Uge 1–2: 8 gange, 2 sæt.", "Uge 3: 1 gang, 1 sæt, 2 kg.",
            "Uge 4–6: 20 minutter, 3 dage om ugen.")),
])
def test_a_progression_week_by_week(lang, expected):
    dosage = Dosage.model_validate({"progression": [
        {"weeks": [1, 2], "reps": 8, "sets": 2}, {"weeks": 3, "reps": 1, "sets": 1, "load_kg": 2},
        {"weeks": [4, 6], "minutes": 20, "days_per_week": 3}]})
    assert dosage_sentences(dosage, CATS[lang]) == expected


@pytest.mark.parametrize("text, value", [
    ("daily-walk.minutes=30", 30), ("daily-walk.minutes=20-30", (20, 30)), ("daily-walk.distance=2.5km", 2500),
    ("daily-walk.distance=3km", 3000), ("daily-walk.distance=800m", 800), ("daily-walk.distance=1200", 1200),
    ("band-row.band=green", "green"), ("dumbbell-side-raise.load_kg=0.5", 0.5),
    ("dumbbell-side-raise.load_kg=1,5", 1.5), ("dumbbell-side-raise.load_kg=2", 2),
    ("daily-walk.days_per_week=5", 5),
])
def test_set_parses_the_new_keys(text, value):
    assert parse_change(text).value == value


@pytest.mark.parametrize("text", [
    "daily-walk.minutes=３０", "daily-walk.minutes=²", "band-row.band=pink", "dumbbell-side-raise.load_kg=0.5.1",
    "dumbbell-side-raise.load_kg=٣", "daily-walk.distance=2.55km", "daily-walk.progression=3",
])
def test_set_refuses_what_is_no_such_value(text):
    with pytest.raises(HandoutsError) as caught:
        parse_change(text)
    assert caught.value.diagnostics[0].code == "request.set"


def compose(*args: str):
    return runner.invoke(app, ["compose", "-e", "daily-walk", "-e", "band-row", *args], catch_exceptions=False)


@pytest.mark.parametrize("lang, expected", [("sv", "30 minuter"), ("da", "30 minutter")])
def test_set_minutes_prints_in_the_pdf(tmp_path, lang, expected):
    from .conftest import pdf_text

    out = tmp_path / "walk.pdf"
    result = compose("--lang", lang, "--set", "daily-walk.minutes=30", "--set", "band-row.band=blue",
                     "-o", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert expected in text
    assert ("Använd ett blått gummiband." if lang == "sv" else "Brug en blå elastik.") in text


@pytest.mark.parametrize("value, message", [("601", "less than or equal to 600"), ("0", "greater than or equal to 1")])
def test_set_minutes_is_bounded(tmp_path, value, message):
    result = compose("--lang", "sv", "--set", f"daily-walk.minutes={value}", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and message in result.stderr and not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_batch_jobs_set_the_new_keys(tmp_path):
    from .conftest import pdf_text

    root = tmp_path / "clinic"
    write(root, "clinic.yaml", "id: walkers\nname: Gångkliniken\n")
    write(root, "recipes/walk.yaml", """
        id: walk
        version: 1
        layout: sheet-a4
        title: {sv: Gå, da: Gå}
        sections:
          - kind: exercises
            exercises:
              - id: daily-walk
                progression: [{weeks: [1, 2], minutes: 15}, {weeks: [3, 4], minutes: 25}]
        """)
    write(root, "jobs.yaml", f"""
        defaults: {{clinic: {root}}}
        jobs:
          - {{recipe: walk, lang: sv, output: sv.pdf, set: [daily-walk.minutes=30, daily-walk.days_per_week=5]}}
          - {{recipe: walk, lang: da, output: da.pdf, set: [daily-walk.distance=2.5km]}}
        """)
    result = runner.invoke(app, ["batch", str(root / "jobs.yaml"), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    sv = " ".join(pdf_text((tmp_path / "out" / "sv.pdf").read_bytes()).split())
    da = " ".join(pdf_text((tmp_path / "out" / "da.pdf").read_bytes()).split())
    assert "Håll på i 30 minuter." in sv and "Träna 5 dagar i veckan." in sv
    assert "Vecka 1–2: 15 minuter." in sv and "Vecka 3–4: 25 minuter." in sv
    assert "Cirka 2,5 km ad gangen." in da and "Uge 1–2: 15 minutter." in da


@pytest.mark.parametrize("lang, walk, ride, old_steps", [
    ("sv", "Håll på i 10–15 minuter.", "Håll på i 10 minuter.", ("Börja med 10–15 minuter", "Börja med ungefär 10")),
    ("da", "Bliv ved i 10–15 minutter.", "Bliv ved i 10 minutter.", ("Start med 10–15 minutter", "Start med cirka 10")),
])
def test_the_walk_and_the_ride_give_their_minutes_as_dosage(tmp_path, lang, walk, ride, old_steps):
    """The built-in walk and exercise-bike ride print their starting time from `dosage.minutes`,
    not from a step, so `--set` changes the one number the patient reads."""
    from .conftest import pdf_text

    def leaflet(*changes: str) -> str:
        out = tmp_path / f"{len(changes)}.pdf"
        result = runner.invoke(app, ["compose", "-e", "daily-walk", "-e", "seated-cycling", "--lang", lang,
                                     *changes, "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return " ".join(pdf_text(out.read_bytes()).split())

    text = leaflet()
    assert walk in text and ride in text
    assert not any(step in text for step in old_steps)
    changed = leaflet("--set", "daily-walk.minutes=30", "--set", "seated-cycling.minutes=1")
    assert walk.replace("10–15", "30") in changed and walk not in changed
    assert (("Håll på i 1 minut." if lang == "sv" else "Bliv ved i 1 minut.")) in changed


def test_no_built_in_step_gives_a_time_the_dosage_leaves_out():
    """A step that says "10 minuter" while the dosage has no minutes can't be changed with --set."""
    import re
    from pathlib import Path

    import yaml

    library = Path(__file__).parent.parent / "assets" / "library" / "exercises"
    timed = re.compile(r"\b\d+(–\d+)? minut", re.I)
    found = []
    for path in sorted(library.glob("*.yaml")):
        exercise = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps = [step for text in exercise["text"].values() for step in text.get("steps", [])]
        if any(timed.search(step) for step in steps):
            found.append(path.stem)
            assert (exercise.get("dosage") or {}).get("minutes"), path.name
    assert "daily-walk" in found

"""The program code printed on a leaflet (issue #19): in its contact block, as a QR code and as
text; it holds the program and never the patient, and `handouts build --program` with the code
read back from the PDF builds the same program again."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app
from handouts.resolve.program import Program, decode_program, encode_program

from .conftest import pdf_text

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

runner = CliRunner()
PATIENT, THERAPIST, NOTE, DATE = "Åsa Zyxwick-Öberg", "Per Qvarnström", "Gör övningarna efter promenaden.", "2026-12-01"
PERSONAL = ("--patient", PATIENT, "--therapist", THERAPIST, "--note", NOTE, "--date", DATE)
# a code as pypdf reads it off the page: groups of four, lines broken after a group's '-'
PRINTED_CODE = re.compile(r"HP1(?:-\s*[A-Z2-7]{1,4})+")


def build(*args: str):
    result = runner.invoke(app, ["build", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def printed_code(text: str) -> str:
    codes = {re.sub(r"\s", "", found) for found in PRINTED_CODE.findall(text)}
    assert len(codes) == 1, codes  # one program, one code
    return codes.pop()


PROGRAMS = {
    "sheet, picks and dosage": ("disc-surgery", "--lang", "sv", "--pick", "core-brace,pelvic-lift,calf-stretch",
                                "--set", "pelvic-lift.reps=15", "--set", "calf-stretch.hold=20-30",
                                "--set", "core-brace.sets=3"),
    "booklet, large print": ("osteoporosis", "--lang", "da", "--large-print", "--set", "wall-slide.reps=8-12"),
    "sheet, Danish": ("disc-surgery", "--lang", "da"),
    "article, large print": ("spinal-stenosis", "--lang", "da", "--large-print"),
}


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_printed_code_holds_the_program_never_the_patient_and_builds_it_again(tmp_path, name):
    asked = PROGRAMS[name]
    first = tmp_path / "first.pdf"
    build(*asked, *PERSONAL, "-o", str(first))
    text = pdf_text(first.read_bytes())
    code = printed_code(text)

    program = decode_program(code)
    held = json.dumps(program.to_json(), ensure_ascii=False)
    for personal in (PATIENT, THERAPIST, NOTE, DATE, "Åsa", "Zyxwick", "Qvarnström", "promenaden", "2026"):
        assert personal not in held
    assert program.recipe == asked[0] and program.lang == asked[2]
    assert program.large_print == ("--large-print" in asked)
    assert list(program.changes) == [asked[i + 1] for i, a in enumerate(asked) if a == "--set"]

    # the code read off the page builds the same program: same exercises and dosage, page for page
    again = tmp_path / "again.pdf"
    build("--program", code, *PERSONAL, "-o", str(again))
    assert pdf_text(again.read_bytes()) == text
    assert again.read_bytes() == first.read_bytes()  # and the same bytes: the code is deterministic
    bare = tmp_path / "bare.pdf"
    build("--program", code, "--date", DATE, "-o", str(bare))
    bare_text = pdf_text(bare.read_bytes())
    assert PATIENT not in bare_text and printed_code(bare_text) == code


def test_a_leaflet_from_scratch_prints_the_code_of_its_exercises_and_notes(tmp_path):
    out = tmp_path / "scratch.pdf"
    result = runner.invoke(app, ["compose", "-e", "wall-slide", "-e", "chair-stand", "--with-note", "stop-on-sharp-pain",
                                 "--lang", "da", "--title", "Bo Eks program", "--set", "chair-stand.load_kg=1.5",
                                 *PERSONAL, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    program = decode_program(printed_code(text))
    assert program == Program("da", None, ("wall-slide", "chair-stand"), ("chair-stand.load_kg=1.5",),
                              ("stop-on-sharp-pain",))
    assert "Programkode" in text and "Vis koden ved næste besøg" in " ".join(text.split())
    again = tmp_path / "again.pdf"
    build("--program", printed_code(text), *PERSONAL, "-o", str(again))
    assert "1,5 kg" in pdf_text(again.read_bytes()) or "1.5 kg" in pdf_text(again.read_bytes())
    assert "Bo Eks" not in json.dumps(program.to_json())  # a typed title is the patient's too


def test_the_code_is_captioned_in_the_leaflet_language(tmp_path):
    out = tmp_path / "sv.pdf"
    build("disc-surgery", "--lang", "sv", "--date", DATE, "-o", str(out))
    text = " ".join(pdf_text(out.read_bytes()).split())  # the hint wraps in its narrow column
    assert "Programkod" in text and "Visa koden vid nästa besök, så kan vi ändra ditt program." in text
    assert "oresundskliniken" in text  # the clinic's QR code keeps its caption beside it


@pytest.mark.parametrize("article", ["spinal-stenosis", "osteoarthritis-exercise"])
def test_an_article_prints_its_code_without_the_programs_hint(tmp_path, article):
    """An article reopens at the desk from its code too (language, large print); it has no
    program to change, so the patient is not told "so we can change your program"."""
    out = tmp_path / "a.pdf"
    build(article, "--lang", "sv", "--date", DATE, "-o", str(out))
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert decode_program(printed_code(text)) == Program("sv", article)
    assert "Programkod" in text and "ändra ditt program" not in text


def test_a_code_typed_with_a_zero_for_an_o_or_a_one_for_an_i_still_opens():
    code = encode_program(Program("sv", "disc-surgery", ("core-brace", "pelvic-lift"), ("pelvic-lift.reps=15",)))
    body = code[4:]
    assert "O" in body or "I" in body or "B" in body, code  # else this code can't be misread so
    misread = "HP1-" + body.replace("O", "0").replace("I", "1").replace("B", "8")
    assert decode_program(misread.lower()) == decode_program(code)


def test_the_served_code_is_the_printed_one():
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from handouts.serve.server import make_server_app

    application, _, _ = make_server_app(None, "127.0.0.1", 8797)
    client = TestClient(application, base_url="http://127.0.0.1:8797")
    answer = client.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT,
                                             "set": [" pelvic-lift.reps = 15"], "date": DATE})
    assert answer.status_code == 422  # `--set`'s own parser, as on the command line
    answer = client.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT,
                                             "set": ["pelvic-lift.reps=15"], "date": DATE})
    assert answer.status_code == 200, answer.text
    assert printed_code(pdf_text(answer.content)) == answer.headers["x-program-code"]


def test_the_desk_form_takes_minutes_days_and_load_and_says_what_is_wrong_beside_the_field():
    from handouts.serve.desk import FieldErrors
    from handouts.serve.form import FormState, form_fields, state_from_program

    state = FormState(recipe="disc-surgery", lang="sv", doses={("pelvic-lift", "minutes"): "5-10",
                                                                ("pelvic-lift", "days_per_week"): "3",
                                                                ("core-brace", "load_kg"): "0,5"})
    fields = form_fields(state)
    assert set(fields.set) == {"pelvic-lift.minutes=5-10", "pelvic-lift.days_per_week=3", "core-brace.load_kg=0,5"}

    bad = FormState(recipe="disc-surgery", lang="sv", doses={("core-brace", "load_kg"): "abc"})
    fields = form_fields(bad)
    from handouts.serve.desk import Desk  # the engine's parser names the `set` item, the form its box
    from handouts.world.core import open_world

    world, clinic = open_world(None)
    with pytest.raises(FieldErrors) as raised:
        Desk(world, clinic).request(fields)
    named = bad.field_names(raised.value.problems)
    assert [p.field for p in named] == ["dose-core-brace-load_kg"]
    assert "is not a weight in kg" in named[0].diagnostic.message

    # a code's change the page has no box for (a band's colour) is kept, not dropped
    code = encode_program(Program("sv", "disc-surgery", None, ("core-brace.band=red", "core-brace.minutes=5")))
    reopened = state_from_program(code)
    row = next(r for r in reopened.rows(Desk(world, clinic).library()) if r["id"] == "core-brace")
    assert row["kept"] == [{"name": "dose.core-brace.band", "value": "red"}]
    assert next(d for d in row["doses"] if d["key"] == "minutes")["value"] == "5"


def test_a_printed_code_never_leaves_one_group_alone_on_its_last_line():
    """In the Danish disc program's narrow column the code ended "…-3KIN- / XI"."""
    from reportlab.lib.styles import ParagraphStyle

    from handouts.layout.blocks import _code_lines
    from handouts.layout.theme import FAMILY, make_theme

    make_theme("#1d5c73", "#e3eef2", "")  # registers the fonts
    style = ParagraphStyle("qr", fontName=FAMILY, fontSize=9)
    code = "HP1-PD4Z-4URY-TSVU-NSME-XB6A-5STX-WUAC-3KIN-XI"
    for width in range(60, 200, 5):
        lines = _code_lines(code, style, width).split("<br/>")
        assert "".join(lines) == code  # broken only after a group's hyphen, nothing lost
        assert all(line.endswith("-") for line in lines[:-1])
        if len(lines) > 1:
            assert lines[-1].count("-") >= 1, (width, lines)  # two groups at least on the last line

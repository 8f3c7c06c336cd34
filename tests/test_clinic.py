"""A clinic's own leaflets: project folders, logos, patients, dosage changes, compose, check."""

from __future__ import annotations

import io
import re

import pytest
from PIL import ExifTags, Image
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import pdf_text, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """A project made by `handouts init`, with the working folder inside it."""
    folder = tmp_path / "fysio-ost"
    result = run("init", str(folder), "--name", "Fysio Öst")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    return folder


def fonts_and_images(data: bytes) -> tuple[set[str], list]:
    fonts, images = set(), []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page["/Resources"]
        fonts |= {f.get_object()["/BaseFont"] for f in resources["/Font"].values()}
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                images.append(xobject)
            elif xobject["/Subtype"] == "/Form":
                for inner in xobject.get("/Resources", {}).get("/XObject", {}).values():
                    if inner.get_object()["/Subtype"] == "/Image":
                        images.append(inner.get_object())
    return fonts, images


def test_init_makes_a_project_that_builds_inside_it(clinic):
    assert (clinic / "clinic.yaml").is_file() and (clinic / "README.md").is_file()
    for sub in ("exercises", "notes", "recipes", "articles"):
        assert (clinic / sub).is_dir()
    assert run("build", "disc-surgery", "--lang", "da", "-o", "p.pdf").exit_code == 0
    text = pdf_text((clinic / "p.pdf").read_bytes())
    assert "Fysio Öst" in text and "Exempelgatan 1" in text and "+46 70 174 06 50" in text


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f.txt").write_text("mine")
    result = run("init", str(tmp_path / "x"))
    assert result.exit_code == 2 and "not empty" in result.stderr


@pytest.mark.parametrize("logo", ["logo.png", "logo.svg"])
def test_logo_png_and_svg(clinic, logo):
    if logo.endswith(".png"):
        Image.new("RGBA", (400, 120), (176, 58, 46, 255)).save(clinic / logo)
    else:
        (clinic / logo).write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                   '<rect width="40" height="40" fill="#b03a2e"/><text x="45" y="28">Öst</text></svg>')
    config = clinic / "clinic.yaml"
    config.write_text(config.read_text().replace("logo: null", f"logo: {logo}"))
    assert run("build", "disc-surgery", "--lang", "sv", "-o", "p.pdf").exit_code == 0
    data = (clinic / "p.pdf").read_bytes()
    fonts, images = fonts_and_images(data)
    assert all("+NotoSans" in f for f in fonts), fonts  # SVG text too is set in the embedded font
    if logo.endswith(".png"):
        assert images
    else:
        assert "Öst" in pdf_text(data)


def test_svg_logo_cannot_reach_files(clinic, tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), "red").save(secret)
    (clinic / "logo.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="50" height="50">'
        f'<image xlink:href="{secret}" width="10" height="10"/><image xlink:href="../secret.png" width="10" height="10"/>'
        '<text x="1" y="20">&x;</text><rect width="20" height="20"/></svg>')
    config = clinic / "clinic.yaml"
    config.write_text(config.read_text().replace("logo: null", "logo: logo.svg"))
    assert run("build", "disc-surgery", "--lang", "sv", "-o", "p.pdf").exit_code == 0
    _, images = fonts_and_images((clinic / "p.pdf").read_bytes())
    assert images == []


def test_photo_logo_loses_gps_and_gets_upright(clinic):
    photo = Image.new("RGB", (300, 100), (30, 90, 120))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the phone turned: rotate on display
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (55.0, 36.0, 18.0),
                                  ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (12.0, 59.0, 6.0)}
    photo.save(clinic / "logo.jpg", exif=exif.tobytes())
    assert b"GPS" in (clinic / "logo.jpg").read_bytes() or b"\x88\x25" in (clinic / "logo.jpg").read_bytes()
    config = clinic / "clinic.yaml"
    config.write_text(config.read_text().replace("logo: null", "logo: logo.jpg"))
    assert run("build", "disc-surgery", "--lang", "da", "-o", "p.pdf").exit_code == 0
    data = (clinic / "p.pdf").read_bytes()
    _, images = fonts_and_images(data)
    assert images
    for image in images:
        assert image.get("/Filter") != "/DCTDecode"  # re-encoded, not the camera's bytes
        assert (image["/Width"], image["/Height"]) == (100, 300)  # EXIF orientation applied
        assert b"Exif" not in image.get_data() and b"GPS" not in image.get_data()
    assert b"Exif" not in data


def test_project_exercise_overrides_the_builtin_one(clinic):
    write(clinic, "exercises/pelvic-lift.yaml", """
        id: pelvic-lift
        position: lying
        dosage: {reps: 8}
        text:
          sv: {name: Vårt bäckenlyft, steps: [Lyft.]}
          da: {name: Vores bækkenløft, steps: [Løft.]}
        """)
    listing = run("list", "exercises", "--lang", "sv")
    assert re.search(r"pelvic-lift\s+Vårt bäckenlyft\s+lying\s+.*fysio-ost", listing.stdout)
    assert run("build", "disc-surgery", "--lang", "sv", "-o", "p.pdf").exit_code == 0
    text = pdf_text((clinic / "p.pdf").read_bytes())
    assert "Vårt bäckenlyft" in text and "Bäckenlyft" not in text


@pytest.mark.parametrize("lang, expected", [
    ("sv", ["Program för Åsa Öberg", "Din fysioterapeut: Per Ek", "Särskilt för dig", "Gå en promenad först.",
            "Övning 1: Ryggstabilisering", "Håll kvar i 15 sekunder", "Övning 2: Bäckenlyft", "Upprepa 12 gånger"]),
    ("da", ["Program for Åsa Öberg", "Din fysioterapeut: Per Ek", "Særligt til dig", "Gå en promenad först.",
            "Øvelse 1: Rygstabilisering", "Hold stillingen i 15 sekunder", "Øvelse 2: Bækkenløft", "Gentag 12 gange"]),
])
def test_patient_pick_set_and_note(tmp_path, lang, expected):
    out = tmp_path / "p.pdf"
    result = run("build", "disc-surgery", "--lang", lang, "-o", str(out), "--patient", "Åsa Öberg",
                 "--therapist", "Per Ek", "--note", "Gå en promenad först.", "--pick", "core-brace,pelvic-lift",
                 "--set", "pelvic-lift.reps=12", "--set", "pelvic-lift.build_up_to=12",  # no build-up left
                 "--set", "core-brace.hold=15")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out.read_bytes()).split())
    position = 0
    for part in expected:
        position = text.find(part, position)
        assert position >= 0, part
    assert ("Øvelse 3" if lang == "da" else "Övning 3") not in text


def test_the_date_prints_in_the_language(tmp_path):
    out = tmp_path / "p.pdf"
    assert run("build", "disc-surgery", "-l", "da", "-o", str(out), "--date", "2026-11-21").exit_code == 0
    assert "21. november 2026" in pdf_text(out.read_bytes())


@pytest.mark.parametrize("args, message", [
    (["--pick", "pelvic-lfit"], "exercise 'pelvic-lfit' is not in this leaflet [request.exercise] (did you mean 'pelvic-lift'?)"),
    (["--pick", "wall-slide"], "it is in the library but not in this recipe"),
    (["--set", "pelvic-lift.rep=3"], "unknown dosage key 'rep' [request.set] (did you mean 'reps'?)"),
    (["--set", "pelvic-lift.reps=0"], "dosage of 'pelvic-lift'"),
    (["--set", "pelvic-lift"], "is not EXERCISE.KEY=VALUE"),
])
def test_desk_mistakes_are_one_line_and_keep_the_patient_out(tmp_path, args, message):
    out = tmp_path / "p.pdf"
    result = run("build", "disc-surgery", "-l", "sv", "-o", str(out), "--patient", "Hemlig Patientsson", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Hemlig" not in result.stderr and "Hemlig" not in result.stdout
    assert not out.exists()


def test_a_character_the_font_lacks_is_refused(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("build", "disc-surgery", "-l", "sv", "-o", str(out), "--note", "Bra jobbat 👍")
    assert result.exit_code == 2 and "[glyph.missing]" in result.stderr and not out.exists()
    assert run("build", "disc-surgery", "-l", "sv", "-o", str(out), "--patient", "Nguyễn Łódź").exit_code == 0
    assert "Nguyễn Łódź" in pdf_text(out.read_bytes())


def test_compose_without_a_recipe(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("compose", "-e", "wall-slide", "-e", "chair-stand", "--with-note", "stop-on-sharp-pain",
                 "--lang", "da", "-o", str(out), "--patient", "Bo Ek")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Dit træningsprogram" in text and "Program for Bo Ek" in text
    assert text.index("Øvelse 1: Glid langs væggen") < text.index("Øvelse 2:")
    bad = run("compose", "-e", "wall-slid", "--lang", "da", "-o", str(out))
    assert bad.exit_code == 2 and "did you mean 'wall-slide'?" in bad.stderr


def test_document_control_in_the_footer(tmp_path, workspace):
    out = tmp_path / "p.pdf"
    assert run("build", "disc-surgery", "-l", "sv", "-o", str(out)).exit_code == 0
    reader = PdfReader(out)
    recipe = workspace.library.recipes["disc-surgery"]
    for text in (p.extract_text() for p in reader.pages):  # in the patient's words, no ids
        assert re.search(rf"Version {recipe.version} · \s*Datum .*#[0-9a-f]{{8}}", text, re.S)
        assert "disc-surgery" not in text
    assert f"disc-surgery v{recipe.version}" in reader.metadata["/Keywords"]  # the id is for staff


@pytest.mark.slow
def test_check_reports_low_contrast_and_passed_reviews(clinic):
    config = clinic / "clinic.yaml"
    config.write_text(config.read_text().replace('brand: "#1d5c73"', 'brand: "#ffe14d"'))
    write(clinic, "recipes/old.yaml", """
        id: old
        version: 2
        layout: sheet-a4
        review: 2020-01-01
        title: {sv: Gammal, da: Gammel}
        sections:
          - kind: exercises
            exercises: [pelvic-lift]
        """)
    result = run("check")
    assert result.exit_code == 0, result.output  # warnings alone pass...
    assert re.search(r"clinic\.yaml:\d+:\d+: warning: headings in #ffe14d .* \[contrast\.headings\]", result.stdout)
    assert re.search(r"old\.yaml:4:9: warning: recipe 'old' was due for review on 2020-01-01 \[review\.passed\]",
                     result.stdout)
    assert run("check", "--strict").exit_code == 1  # ...but not with --strict
    import json

    report = json.loads(run("check", "--format", "json").stdout)
    assert {f["code"] for f in report["findings"]} >= {"contrast.headings", "review.passed"}


@pytest.mark.slow
def test_check_fails_on_broken_content(clinic):
    write(clinic, "notes/bad.yaml", "id: bad\nkind: tip\ntext: {sv: {title: Hej}}\n")
    write(clinic, "recipes/r.yaml", "id: r\nversion: 1\nlayout: sheet-a4\ntitle: {sv: R, da: R}\n"
                                    "sections:\n  - kind: note\n    note: bad\n")
    result = run("check")
    assert result.exit_code == 1
    assert re.search(r"bad\.yaml:3:\d+: error: missing 'da' translation", result.stdout)


@pytest.mark.slow
def test_own_exercise_picture_prints_with_credit_and_needs_a_licence(clinic):
    Image.new("RGB", (300, 300), (200, 120, 40)).save(clinic / "photo.jpg")
    write(clinic, "exercises/pelvic-lift.yaml", """
        id: pelvic-lift
        position: lying
        illustration: {file: photo.jpg, credit: Foto Anna Berg, alt: {sv: Ett foto., da: Et foto.}}
        text:
          sv: {name: Bäckenlyft, steps: [Lyft.]}
          da: {name: Bækkenløft, steps: [Løft.]}
        """)
    assert run("build", "disc-surgery", "--lang", "sv", "-o", "p.pdf").exit_code == 0
    data = (clinic / "p.pdf").read_bytes()
    assert "Bilder: Foto Anna Berg" in pdf_text(data)
    _, images = fonts_and_images(data)
    assert images  # the photo replaces the drawn figure
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert re.search(r"exercises/pelvic-lift\.yaml:3:\d+: error: the picture of 'pelvic-lift' has no licence "
                     r"\[picture\.licence\]", result.stdout)
    config = clinic / "exercises" / "pelvic-lift.yaml"
    config.write_text(config.read_text().replace("credit: Foto Anna Berg,", "credit: Foto Anna Berg, licence: CC BY 4.0,"))
    assert "picture.licence" not in run("check").stdout
    assert run("build", "disc-surgery", "--lang", "sv", "-o", "p.pdf").exit_code == 0
    assert "Bilder: Foto Anna Berg (CC BY 4.0)" in pdf_text((clinic / "p.pdf").read_bytes())

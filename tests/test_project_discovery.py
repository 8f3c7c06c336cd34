"""The clinic project is found as git finds a repository; the example clinic is named aloud."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import pdf_text

runner = CliRunner()


def test_a_build_in_a_subfolder_of_a_project_uses_its_clinic(project, monkeypatch):
    (project / "recipes").mkdir(exist_ok=True)
    monkeypatch.chdir(project / "recipes")
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "-o", str(project.parent / "a.pdf")])
    assert result.exit_code == 0 and "example clinic" not in result.stderr
    assert "Testkliniken" in pdf_text((project.parent / "a.pdf").read_bytes())


def test_the_example_clinic_is_said_on_stderr(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "da", "-o", "a.pdf"])
    assert result.exit_code == 0 and "built-in example clinic" in result.stderr


def test_a_clinic_yaml_that_is_no_file_is_an_error_not_the_example_clinic(tmp_path, monkeypatch):
    (tmp_path / "clinic.yaml").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "da", "-o", "a.pdf"])
    assert result.exit_code == 2 and "is not a file this project can use [request.clinic]" in result.stderr
    assert not (tmp_path / "sub" / "a.pdf").exists()


def test_a_mistyped_clinic_folder_is_named_as_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "da", "--clinic", "./my-clinc", "-o", "a.pdf"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: no clinic project folder './my-clinc' [request.clinic]")


@pytest.mark.parametrize("name, code", [("Fysio 😀", "[glyph.missing]"), ("x" * 100_000, "[init.name]"), ("  ", "[init.name]")])
def test_init_refuses_a_name_no_leaflet_could_print(tmp_path, name, code):
    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--name", name])
    assert result.exit_code == 2 and code in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "new").exists()

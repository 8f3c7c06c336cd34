"""A blog post's picture paths written from the site's root (`/images/x.png`) are read against
the project's site folder, never outside the roots; a missing one is a framed placeholder."""

from __future__ import annotations

from PIL import Image
from typer.testing import CliRunner

from handouts.cli.main import app

from .conftest import write
from .test_clinic import fonts_and_images

runner = CliRunner()
POST = """
    ---
    title: Promenader
    ---
    Gå varje dag.

    ![En promenad i parken](/images/blog/walk.png)
    """


def build(project, *more):
    return runner.invoke(app, ["build", str(project / "articles" / "walk.sv.md"), "--lang", "sv", "--clinic",
                               str(project), "-o", str(project.parent / "x.pdf"), *more])


def test_a_site_root_path_is_read_from_the_project(project):
    write(project, "articles/walk.sv.md", POST)
    (project / "images" / "blog").mkdir(parents=True)
    Image.new("RGB", (80, 60), (10, 120, 60)).save(project / "images" / "blog" / "walk.png")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert fonts_and_images((project.parent / "x.pdf").read_bytes())[1]


def test_the_site_root_setting_moves_it_inside_the_project(project):
    write(project, "articles/walk.sv.md", POST)
    (project / "clinic.yaml").write_text((project / "clinic.yaml").read_text() + "site_root: static\n")
    (project / "static" / "images" / "blog").mkdir(parents=True)
    Image.new("RGB", (80, 60), (10, 120, 60)).save(project / "static" / "images" / "blog" / "walk.png")
    assert build(project).exit_code == 0


def test_a_missing_site_picture_is_a_placeholder_and_strict_fails(project):
    write(project, "articles/walk.sv.md", POST)
    result = build(project)
    assert result.exit_code == 0 and "warning: picture 'images/blog/walk.png' not found" in result.stderr
    strict = build(project, "--strict")
    assert strict.exit_code == 2 and "error: picture 'images/blog/walk.png' not found" in strict.stderr


def test_a_site_root_outside_the_project_is_refused(project):
    write(project, "articles/walk.sv.md", POST)
    (project / "clinic.yaml").write_text((project / "clinic.yaml").read_text() + "site_root: ../elsewhere\n")
    result = build(project)
    assert result.exit_code == 2 and "site_root:" in result.stderr and "leaves its folder" in result.stderr

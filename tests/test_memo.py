"""A leaflet built before, from unchanged files, is only stamped on the next run (memo.py); any
change to what it depends on builds it in full again, and the bytes are the same either way."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from handouts import build as engine
from handouts.build import World, build_pdf
from handouts.cli.main import app
from handouts.resolve.request import Request

from .conftest import pdf_text, write

runner = CliRunner()
DAY = "2026-11-21"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A clinic project with its own exercise and photo, a cache of its own, and a way to tell
    whether a build was resolved in full."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", """
        id: desk
        name: Diskkliniken
        phone: "+46 70 174 06 98"
        """)
    Image.new("RGB", (90, 90), (20, 90, 120)).save(root / "photo.png")
    write(root, "exercises/core-brace.yaml", """
        id: core-brace
        position: standing
        dosage: {reps: 10}
        illustration: {file: photo.png, licence: CC0, alt: {sv: En blå ruta., da: En blå firkant.}}
        text:
          sv: {name: Egen rörelse, steps: [Stå stilla och andas lugnt.]}
          da: {name: Egen bevægelse, steps: [Stå stille og træk vejret roligt.]}
        """)
    resolved = []
    real = engine.resolve_request
    monkeypatch.setattr(engine, "resolve_request", lambda *a: resolved.append(1) or real(*a))
    return root, resolved


def build(root: Path, *args: str, out: str = "out.pdf"):
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--clinic", str(root), "--date", DAY,
                                 "-o", str(root.parent / out), *args])
    return result, root.parent / out


def full(root: Path, **personal) -> bytes:
    """The same leaflet built in full in this process, without any cache."""
    os.environ["HANDOUTS_NO_CACHE"] = "1"
    try:
        return build_pdf(World((root.resolve(),)), Request("disc-surgery", "sv", dt.date(2026, 11, 21),
                                                             clinic="desk", **personal))
    finally:
        del os.environ["HANDOUTS_NO_CACHE"]


@pytest.mark.slow
def test_the_second_patient_is_only_stamped_and_gets_the_same_bytes(desk):
    root, resolved = desk
    first, _ = build(root, "--patient", "Åsa Öberg")
    assert first.exit_code == 0 and len(resolved) == 1
    second, pdf = build(root, "--patient", "Bo Ek", "--therapist", "Lena Ås")
    assert second.exit_code == 0 and len(resolved) == 2  # a therapist line: a leaflet of another shape
    third, pdf = build(root, "--patient", "Cecilia Nyström", "--therapist", "Lena Ås")
    assert third.exit_code == 0 and len(resolved) == 2  # remembered: nothing resolved
    assert pdf.read_bytes() == full(root, patient="Cecilia Nyström", therapist="Lena Ås")
    assert "Cecilia Nyström" in pdf_text(pdf.read_bytes()) and "Bo Ek" not in pdf_text(pdf.read_bytes())


def test_any_change_to_the_sources_builds_in_full_again(desk):
    root, resolved = desk
    build(root, "--pick", "core-brace,pelvic-lift")
    build(root, "--pick", "core-brace,pelvic-lift")
    assert len(resolved) == 1
    exercise = root / "exercises/core-brace.yaml"
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("andas lugnt", "blunda"), encoding="utf-8")
    _, pdf = build(root, "--pick", "core-brace,pelvic-lift")
    assert len(resolved) == 2 and "blunda" in pdf_text(pdf.read_bytes())
    Image.new("RGB", (90, 90), (200, 40, 40)).save(root / "photo.png")  # a picture is a source too
    _, pdf = build(root, "--pick", "core-brace,pelvic-lift")
    assert len(resolved) == 3
    assert pdf.read_bytes() == full(root, picks=("core-brace", "pelvic-lift"))
    counted = len(resolved)
    build(root, "--pick", "core-brace")  # other picks: another leaflet
    assert len(resolved) == counted + 1


def test_an_untouched_file_is_not_read_again_and_a_touched_one_is(desk, monkeypatch):
    """A remembered build trusts the status recorded with a file's digest (the same file,
    untouched since) instead of reading it again; an edit that keeps the size and puts the
    modification time back still moves the change time, so it is read, and seen."""
    from handouts.world import core

    monkeypatch.setattr(core, "SETTLED_NS", 0)  # the fixture's files are too fresh to be trusted by status
    root, resolved = desk
    build(root, "--pick", "core-brace,pelvic-lift")
    reads: list[Path] = []
    real = core.read_regular_stat
    monkeypatch.setattr(core, "read_regular_stat", lambda path, *args: reads.append(path) or real(path, *args))
    exercise = root / "exercises/core-brace.yaml"
    build(root, "--pick", "core-brace,pelvic-lift")
    assert len(resolved) == 1
    assert exercise not in reads and not [p for p in reads if core.library_root() in p.parents]
    before = os.stat(exercise)
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("andas lugnt", "andas tungt"), encoding="utf-8")
    os.utime(exercise, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(exercise).st_size == before.st_size and os.stat(exercise).st_mtime_ns == before.st_mtime_ns
    _, pdf = build(root, "--pick", "core-brace,pelvic-lift")
    assert len(resolved) == 2 and exercise in reads and "tungt" in pdf_text(pdf.read_bytes())


def test_leaflets_written_into_the_project_folder_do_not_count_as_sources(desk, monkeypatch):
    root, resolved = desk
    monkeypatch.chdir(root)  # the desk works inside its project, and the PDFs land there
    for patient in ("Anna", "Berit", "Cilla"):
        result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "--date", DAY, "--patient", patient,
                                     "-o", f"{patient}.pdf"])
        assert result.exit_code == 0
    assert len(resolved) == 1 and len(list(root.glob("*.pdf"))) == 3


@pytest.mark.slow
def test_personal_notes_are_never_remembered_and_errors_stay_the_same(desk):
    root, resolved = desk
    build(root, "--note", "Ring mig på fredag.")
    build(root, "--note", "Ring mig på fredag.")
    assert len(resolved) == 2 and not list((root.parent / "cache").glob("request-*"))
    build(root)
    build(root)
    assert len(resolved) == 3
    # folded or not is part of what a build remembers (the fold fills a booklet's blanks), so
    # this is resolved once: and still refused
    result, _ = build(root, "--imposition", "booklet")
    assert len(resolved) == 4 and result.exit_code == 2 and "is not a booklet" in result.stderr
    build(root, "--patient", "Anna")
    result, pdf = build(root, "--patient", "Emoji \U0001F600")  # remembered, and the name is checked
    assert len(resolved) == 5 and result.exit_code == 2 and "the font has no" in result.stderr
    assert not pdf.exists()

"""The store of results and the World every read goes through (world/store.py, world/core.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts import build as engine
from handouts.build import World
from handouts.cli.main import app
from handouts.diagnostics import HandoutsError
from handouts.resolve.request import Request
from handouts.world import store as store_module
from handouts.world.store import Store

from .conftest import MINIMAL_EXERCISE, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 21)
runner = CliRunner()


@pytest.fixture
def counted(monkeypatch):
    """How many leaflets were resolved in full (a remembered build resolves none)."""
    calls = []
    real = engine.resolve_request
    monkeypatch.setattr(engine, "resolve_request", lambda *a: calls.append(1) or real(*a))
    return calls


def ask(**personal) -> Request:
    return Request("disc-surgery", "sv", DAY, **personal)


def remembered(world: World, **personal) -> bytes:
    return engine.build(world, ask(**personal), remember=True).data


@pytest.mark.slow
def test_a_change_of_code_or_library_version_finds_no_entry(tmp_path, counted, monkeypatch):
    """The crash this replaces: a library parsed by older code came back from a pickle and
    lacked a new field. Every key holds the code's digest, so new code never meets old entries."""
    store = Store(tmp_path / "store")
    first = remembered(World(store=store), patient="Åsa")
    remembered(World(store=store), patient="Åsa")
    assert len(counted) == 1  # remembered
    store_module.code_digest.cache_clear()
    monkeypatch.setattr(store_module, "code_digest", lambda: "code edited in a checkout")
    again = remembered(World(store=store), patient="Åsa")
    assert len(counted) == 2 and again == first  # built in full, the same bytes
    yaml_entries = {p.name for p in (tmp_path / "store" / "v1" / "yaml").rglob("*") if p.is_file()}
    assert len(yaml_entries) > 60  # the parsed files were stored again under the new code's keys


def test_the_code_digest_reads_the_code_by_content():
    digest = store_module.code_digest()
    assert len(digest) == 64 and digest == store_module.code_digest()
    source = Path(store_module.__file__).read_text(encoding="utf-8")
    assert "code_digest" in source and "read_bytes()" in source  # content, not times


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o757])
def test_a_store_others_can_write_to_is_refused_and_never_read(tmp_path, mode, counted):
    folder = tmp_path / "shared"
    world = World(store=Store(folder))
    remembered(world, patient="Åsa")  # a store with entries in it
    planted = next(p for p in (folder / "v1" / "template").rglob("*") if p.is_file())
    planted.write_bytes(b"handouts-store 1\nplanted\n{}")
    os.chmod(folder, mode)
    with pytest.raises(HandoutsError) as info:
        remembered(World(store=Store(folder)), patient="Åsa")
    [diagnostic] = info.value.diagnostics
    assert diagnostic.code == "store.unsafe" and "written by other users" in diagnostic.message
    assert f"chmod 700 {folder}" in diagnostic.hint
    assert len(counted) == 1  # refused before anything was built or read from it


def test_the_cli_refuses_an_unsafe_store_in_one_line(tmp_path, monkeypatch):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    result = runner.invoke(app, ["build", "disc-surgery", "--lang", "sv", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "[store.unsafe]" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_store_owned_by_another_user_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    real_getuid = os.getuid
    monkeypatch.setattr(os, "getuid", lambda: real_getuid() + 1)
    with pytest.raises(HandoutsError) as info:
        remembered(World(store=Store(folder)))
    assert "belongs to another user" in info.value.diagnostics[0].message


def test_a_new_store_is_private(tmp_path):
    folder = tmp_path / "new" / "store"
    remembered(World(store=Store(folder)))
    assert (folder.stat().st_mode & 0o777) == 0o700 and ((folder / "v1").stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize("damage", ["truncate", *(pytest.param(d, marks=pytest.mark.slow) for d in ("flip", "empty", "garbage"))])
def test_a_damaged_entry_is_a_miss_and_the_leaflet_is_built_again(tmp_path, damage, counted):
    store = Store(tmp_path / "store")
    first = remembered(World(store=store), patient="Åsa")
    for entry in (tmp_path / "store" / "v1").rglob("*"):
        if entry.is_file():
            data = entry.read_bytes()
            entry.write_bytes({"truncate": data[: len(data) // 2], "flip": data[:-1] + bytes([data[-1] ^ 1]),
                               "empty": b"", "garbage": b"\x80\x04\x95 not ours"}[damage])
    again = remembered(World(store=store), patient="Åsa")
    assert len(counted) == 2 and again == first


def test_an_override_file_added_to_a_project_rebuilds(project, counted, tmp_path):
    store = Store(tmp_path / "store")
    request = Request("disc-surgery", "sv", DAY, clinic="test-clinic")
    first = engine.build(World((project,), store), request, remember=True).data
    engine.build(World((project,), store), request, remember=True)
    assert len(counted) == 1
    write(project, "exercises/core-brace.yaml", MINIMAL_EXERCISE.format(id="core-brace"))  # a new file
    second = engine.build(World((project,), store), request, remember=True).data
    assert len(counted) == 2 and second != first
    (project / "exercises" / "core-brace.yaml").unlink()  # and removing it again
    third = engine.build(World((project,), store), request, remember=True).data
    assert len(counted) == 3 and third == first


def test_a_remembered_build_runs_the_same_checks(tmp_path):
    store = Store(tmp_path / "store")
    remembered(World(store=store), patient="Åsa")
    for world in (World(store=store), World(store=Store(None))):
        with pytest.raises(HandoutsError) as info:
            remembered(world, patient="Åsa 😀")
        assert [d.code for d in info.value.diagnostics] == ["glyph.missing"]
        assert "😀" in info.value.diagnostics[0].message and "Åsa" not in info.value.diagnostics[0].message
        with pytest.raises(HandoutsError) as info:
            remembered(world, patient="x" * 201)
        assert info.value.diagnostics[0].code == "request.too-long"


def test_nothing_in_the_engine_deserialises_anything_but_json_and_pdf():
    found = subprocess.run(["grep", "-rIl", "-e", "pickle", "-e", "marshal", "-e", "shelve", "-e", "yaml.load(",
                            "-e", "yaml.unsafe_load", "-e", "eval(", "-e", "exec(", str(ROOT / "handouts"),
                            str(ROOT / "cli")], capture_output=True, text=True)
    assert found.stdout == ""


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "store"))
    (tmp_path / "store").mkdir(mode=0o700)
    (tmp_path / "store" / "notes.txt").write_text("not ours", encoding="utf-8")
    assert runner.invoke(app, ["build", "disc-surgery", "--lang", "da", "-o", str(tmp_path / "a.pdf")]).exit_code == 0
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0 and str(tmp_path / "store") in info.stdout
    assert "template" in info.stdout and "yaml" in info.stdout
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and cleared.stdout.startswith("removed ")
    assert (tmp_path / "store" / "notes.txt").is_file()  # only its own entries
    assert "0 entries" in runner.invoke(app, ["cache", "info"]).stdout


def test_a_file_outside_every_root_is_not_read(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(HandoutsError) as info:
        World().yaml(outside)
    assert "outside the library and project folders" in info.value.diagnostics[0].message


def test_a_folder_linked_out_of_the_project_is_not_content(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "notes/leak.yaml", "id: leak\nkind: tip\ntext: {sv: {title: Läcka}, da: {title: Læk}}\n")
    (project / "notes").symlink_to(elsewhere / "notes")
    assert "leak" not in World((project,)).library.notes


def test_python_dash_m_handouts():
    result = subprocess.run([sys.executable, "-m", "handouts", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("handouts ")


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_package(tmp_path):
    """The CLI ships inside the package: no top-level 'cli' in site-packages to be clobbered."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True)
    [wheel] = tmp_path.glob("handouts-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"handouts"}
    assert "handouts/cli/main.py" in names and "handouts/_assets/library/recipes/disc-surgery.yaml" in names
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "handouts = handouts.cli.main:main" in entry
    assert (ROOT / "cli" / "main.py").is_file()  # the repository keeps cli/ at its top

"""`World.digest` (the key of every batch job) reads a whole project: it is capped in files,
bytes, names, depth and time while listing, before a single file is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handouts.diagnostics import HandoutsError
from handouts.world import core
from handouts.world.core import World


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "notes").mkdir(parents=True)
    (root / "clinic.yaml").write_text("id: p\nname: P\n", encoding="utf-8")
    return root


def refused(root: Path, monkeypatch) -> str:
    read: list[Path] = []
    monkeypatch.setattr(World, "read", lambda self, path, *a, **k: read.append(path) or b"")
    with pytest.raises(HandoutsError) as caught:
        World((root,)).digest()
    assert not [p for p in read if root in p.parents], "a file was read before the cap was seen"
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "world.too-big"
    assert diagnostic.hint == "a clinic project holds clinic.yaml and its content folders; move anything else out of it"
    return diagnostic.message


def test_content_files_are_capped(tmp_path, monkeypatch):
    root = project(tmp_path)
    for i in range(6):
        (root / "notes" / f"n{i}.yaml").write_text("x")
    monkeypatch.setattr(core, "MAX_ROOT_FILES", 5)
    assert refused(root, monkeypatch) == "the clinic project folder holds more than 5 content files"


def test_their_size_is_capped(tmp_path, monkeypatch):
    root = project(tmp_path)
    (root / "notes" / "big.yaml").write_bytes(b"x" * 2048)
    monkeypatch.setattr(core, "MAX_ROOT_BYTES", 2**20)
    with open(root / "notes" / "sparse.yaml", "wb") as handle:
        handle.truncate(2**20)  # a hole: large on paper, nothing on disk
    assert refused(root, monkeypatch) == "the clinic project folder holds more than 1 MiB of content files"


def test_names_of_any_kind_are_capped(tmp_path, monkeypatch):
    root = project(tmp_path)
    for i in range(30):
        (root / f"leaflet-{i}.pdf").write_bytes(b"")  # a desk's PDFs: not content, but listed
    monkeypatch.setattr(core, "MAX_ROOT_ENTRIES", 20)
    assert refused(root, monkeypatch) == "the clinic project folder holds more than 20 names"


def test_depth_is_capped_without_recursion(tmp_path, monkeypatch):
    root = project(tmp_path)
    deep = root
    for _ in range(12):
        deep = deep / "d"
    deep.mkdir(parents=True)
    monkeypatch.setattr(core, "MAX_ROOT_DEPTH", 10)
    assert refused(root, monkeypatch) == "the clinic project folder nests folders more than 10 deep"


def test_time_is_capped(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.setattr(core, "MAX_DIGEST_SECONDS", -1)
    assert refused(root, monkeypatch) == "the clinic project folder takes longer than -1 s to list"


def test_a_project_within_the_caps_is_keyed_by_content(tmp_path):
    root = project(tmp_path)
    (root / "notes" / "a.yaml").write_text("x")
    (root / "notes" / "leaflet.pdf").write_bytes(b"%PDF-")  # not content: no change to the key
    before = World((root,)).digest()
    (root / "notes" / "other.pdf").write_bytes(b"%PDF-")
    assert World((root,)).digest() == before
    (root / "notes" / "a.yaml").write_text("y")
    assert World((root,)).digest() != before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_project_is_keyed_without_hanging(tmp_path):
    root = project(tmp_path)
    os.mkfifo(root / "notes" / "pipe.yaml")
    assert len(World((root,)).digest()) == 64

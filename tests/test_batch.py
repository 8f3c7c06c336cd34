"""Batch builds for hospitals and CI: isolation, atomic writes, resume, skip, shards, manifests."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli.main import app

runner = CliRunner()
NAMES = ["Åsa Öberg", "Nguyễn Văn An", "../../etc/passwd", "CON", "Bo\u202eEk", "Łucja Żak", "  ", "Per/Olof"]


def patients_csv(path: Path, rows: int, broken_row: int | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["recipe", "lang", "patient", "pick", "set", "note"])
        for i in range(rows):
            recipe = "disc-surgry" if i == broken_row else "disc-surgery"
            writer.writerow([recipe, "sv" if i % 2 else "da", f"{NAMES[i % len(NAMES)]} {i}",
                             "core-brace,pelvic-lift" if i % 3 == 0 else "",
                             "pelvic-lift.reps=12" if i % 5 == 0 else "", "Ta det lugnt." if i % 4 == 0 else ""])
    return path


def run_batch(*args: str):
    return runner.invoke(app, ["batch", *args], catch_exceptions=False)


def manifest(out: Path, name: str = "manifest.json") -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.mark.slow
def test_200_jobs_with_one_broken_row(tmp_path):
    sheet = patients_csv(tmp_path / "patients.csv", 200, broken_row=57)
    out = tmp_path / "dist"
    result = run_batch(str(sheet), "--out", str(out), "--jobs", "2", "--date", "2026-11-21")
    assert result.exit_code == 1
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 199
    assert "patients.csv:59: failed: error: unknown recipe 'disc-surgry'" in result.stderr  # row 57 is line 59
    assert "199 built, 0 up to date, 1 failed" in result.stdout
    listed = manifest(out)
    assert len(listed["outputs"]) == 199 and listed["failed"][0]["job"].endswith("patients.csv:59")
    for entry in listed["outputs"]:
        data = (out / entry["output"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
    # Names are safe: one level, no control or bidi characters, unique.
    names = [p.relative_to(out).as_posix() for p in pdfs]
    assert all("/" not in n and not n.startswith(".") and "\u202e" not in n for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    # Progress and summary never carry patient names.
    for name in ("Öberg", "Văn", "Żak"):
        assert name not in result.stderr and name not in result.stdout
    # A second run has nothing to do.
    again = run_batch(str(sheet), "--out", str(out), "--jobs", "2", "--date", "2026-11-21")
    assert "0 built, 199 up to date, 1 failed" in again.stdout
    touched = out / listed["outputs"][0]["output"]
    touched.write_bytes((out / listed["outputs"][1]["output"]).read_bytes())  # a changed output is rebuilt
    third = run_batch(str(sheet), "--out", str(out), "--jobs", "1", "--date", "2026-11-21")
    assert "1 built, 198 up to date" in third.stdout
    touched.write_bytes(b"%PDF-1.4 not ours")  # a file handouts did not write is never overwritten
    fourth = run_batch(str(sheet), "--out", str(out), "--jobs", "1", "--date", "2026-11-21")
    assert "0 built, 198 up to date, 2 failed" in fourth.stdout
    row = listed["outputs"][0]["job"]
    assert f"{row}: failed: error: '<output of {row}>' exists and was not written by handouts" in fourth.stderr


def test_malformed_rows_are_reported_by_row_and_column(tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text("recipe,lang,date,set\ndisc-surgery,sv,2026-13-01,\ndisc-surgery,da,,pelvic-lift.reps=x\n"
                     "disc-surgery,da,,,extra\ndisc-surgery,sv,2026-11-21,\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = run_batch(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert "p.csv:2: error: date '2026-13-01' is not YYYY-MM-DD" in result.stderr
    assert "p.csv:3: error: --set 'pelvic-lift.reps=x'" in result.stderr
    assert "p.csv:4:5: error: row has 5 cells, the header 4" in result.stderr
    assert len(list(out.glob("*.pdf"))) == 1


def test_unknown_csv_column_stops_the_batch(tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text("recipe,lang,personnummer\ndisc-surgery,sv,x\n", encoding="utf-8")
    result = run_batch(str(sheet), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2 and "p.csv:1:3: error: unknown column 'personnummer'" in result.stderr


@pytest.mark.slow
def test_killed_batch_leaves_only_whole_pdfs_and_resumes(tmp_path):
    sheet = patients_csv(tmp_path / "patients.csv", 60)
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "handouts", "batch", str(sheet), "--out", str(out), "--jobs", "2",
               "--date", "2026-11-21"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.pdf"))) < 8:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = list(out.glob("*.pdf"))
    assert 8 <= len(finished) < 60
    for pdf in finished:
        assert len(PdfReader(pdf).pages) >= 1  # every PDF present is whole
    resumed = run_batch(str(sheet), "--out", str(out), "--jobs", "2", "--date", "2026-11-21")
    assert resumed.exit_code == 0, resumed.output
    counts = resumed.stdout.split(",")
    built, skipped = int(counts[0].split()[0]), int(counts[1].split()[0])
    assert built + skipped == 60 and skipped >= 1 and built < 60
    assert len(list(out.glob("*.pdf"))) == 60
    assert list(out.rglob("*.part")) == []


@pytest.mark.slow
def test_shards_cover_every_job_once(tmp_path):
    sheet = patients_csv(tmp_path / "patients.csv", 30)
    out = tmp_path / "dist"
    seen: list[str] = []
    for k in (1, 2, 3):
        result = run_batch(str(sheet), "--out", str(out), "--jobs", "1", "--shard", f"{k}/3", "--date", "2026-11-21")
        assert result.exit_code == 0
        seen += [e["output"] for e in manifest(out, f"manifest.shard-{k}-of-3.json")["outputs"]]
    assert len(seen) == len(set(seen)) == 30
    assert run_batch(str(sheet), "--shard", "4/3").exit_code == 2


MATRIX = """
defaults:
  date: 2026-11-21
matrix:
  recipe: [disc-surgery, osteoporosis]
  lang: [sv, da]
  output: "{lang}/{recipe}.pdf"
jobs:
  - {recipe: spinal-stenosis, lang: da, output: articles/stenose.pdf}
  - {recipe: disc-surgery, lang: sv, patient: Åsa Öberg, pick: [core-brace], set: [core-brace.hold=20]}
"""


@pytest.mark.slow
def test_yaml_manifest_is_reproducible_across_time_zones_and_folders(tmp_path):
    digests = []
    for name, tz in (("one", "UTC"), ("two", "Pacific/Kiritimati")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "release.yaml").write_text(MATRIX, encoding="utf-8")
        env = dict(os.environ, TZ=tz)
        subprocess.run([sys.executable, "-m", "handouts", "batch", "release.yaml", "--out", "dist", "--jobs", "2"],
                       cwd=folder, env=env, check=True, capture_output=True)
        listed = manifest(folder / "dist")
        digests.append({e["output"]: e["sha256"] for e in listed["outputs"]})
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"sv/disc-surgery.pdf", "da/disc-surgery.pdf", "sv/osteoporosis.pdf",
                               "da/osteoporosis.pdf", "articles/stenose.pdf", "disc-surgery-sv-row10.pdf"}


def test_manifest_errors_have_positions(tmp_path):
    (tmp_path / "m.yaml").write_text("jobs:\n  - {recipe: disc-surgery, lang: sv, colour: red}\n", encoding="utf-8")
    result = run_batch(str(tmp_path / "m.yaml"), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2
    assert "m.yaml:2:" in result.stderr and "unknown key 'colour'" in result.stderr

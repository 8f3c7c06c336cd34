"""Batch: nothing lost, nothing leaked, nothing hangs. One output folder per run (a lock), every
row accounted for, bounded inputs, clean stops on SIGINT/SIGTERM, one-line errors for a full
disk or an unusable folder, and no patient data outside the PDF. The hostile-file cases are
in tests/adversarial/batch-*; these need a held lock, a real signal or a mocked disk."""

from __future__ import annotations

import csv
import errno
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.batch import limits
from handouts.cli.main import app
from handouts.world import core as world_core

runner = CliRunner()
DATE = ("--date", "2026-11-21")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working folder


def batch(*args: str):
    return runner.invoke(app, ["batch", *args], catch_exceptions=False)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def sheet(path: Path, rows: list[list[str]], header=("recipe", "lang", "patient")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def patients(path: Path, count: int) -> Path:
    return sheet(path, [["disc-surgery", "sv" if i % 2 else "da", f"Åsa Öberg {i}"] for i in range(count)])


# --- one run per output folder ---------------------------------------------------------------

def test_a_second_batch_on_the_same_folder_is_refused(tmp_path):
    csv_file = sheet(tmp_path / "p.csv", [])
    out = tmp_path / "dist"
    out.mkdir()
    with (out / ".handouts-batch.lock").open("a+") as held:  # another run holds the folder
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        result = batch(str(csv_file), "--out", str(out))
        assert result.exit_code == 2
        assert one_line(result.stderr) == (
            "error: another batch (process 4242) is writing to 'dist' [batch.busy] "
            "(wait for it to finish, or give this one another --out)")
        assert not (out / "manifest.json").exists()
    assert batch(str(csv_file), "--out", str(out)).exit_code == 0  # the OS released it


# --- every row accounted for -----------------------------------------------------------------

def test_every_row_is_in_the_manifest_and_the_summary(tmp_path):
    rows = [["disc-surgery", "sv", "Åsa Öberg"], ["disc-surgry", "da", "Bo Ek"], ["disc-surgery", "sv", ""],
            ["disc-surgery", "xx", "Per Olof"], ["", "sv", "Łucja Żak"]]
    out = tmp_path / "dist"
    result = batch(str(sheet(tmp_path / "p.csv", rows)), "--out", str(out), "--jobs", "1", *DATE)
    assert result.exit_code == 1
    assert f"1 built, 0 up to date, 2 failed, 2 refused; manifest: {out / 'manifest.json'}" in result.stdout
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows_seen = [e["job"] for key in ("outputs", "failed", "refused", "not_built") for e in listed[key]]
    assert sorted(rows_seen) == [f"p.csv:{n}" for n in range(2, 7)]
    assert listed["complete"] is True and listed["outputs"][0]["status"] == "built"
    assert "p.csv:4: error: the patient cell is empty [batch.patient]" in listed["refused"][0]["error"]
    assert "p.csv:6:1: error: no recipe [batch.row]" in listed["refused"][1]["error"]
    again = batch(str(tmp_path / "p.csv"), "--out", str(out), "--jobs", "1", *DATE)
    assert "0 built, 1 up to date, 2 failed, 2 refused" in again.stdout
    assert json.loads((out / "manifest.json").read_text())["outputs"][0]["status"] == "up to date"


# --- no patient data outside the PDF ---------------------------------------------------------

def test_no_patient_text_in_messages_manifest_or_file_names(tmp_path):
    rows = [["disc-surgery", "sv", "Åsa Öberg", "Karin Lund", "Ta det lugnt"],
            ["Åsa Öberg", "sv", "Åsa Öberg", "Karin Lund", ""],  # the name typed into the recipe column
            ["disc-surgery", "da", "Bo Ek", "Karin Lund", "Gå 😀 langsomt"],  # a note the font can't print
            ["disc-surgery", "da", "Bo Ek", "", "Ta det lugnt"]]
    csv_file = sheet(tmp_path / "p.csv", rows, ("recipe", "lang", "patient", "therapist", "note"))
    out = tmp_path / "dist"
    result = batch(str(csv_file), "--out", str(out), "--jobs", "1", *DATE)
    assert result.exit_code == 1
    assert "p.csv:3: failed: error: unknown recipe '<patient>'" in result.stderr
    written = [result.stdout, result.stderr] + [p.read_text(encoding="utf-8", errors="replace")
                                                for p in out.rglob("*") if p.suffix != ".pdf" and p.is_file()]
    names = [p.name for p in out.rglob("*")]
    for text in ("Åsa", "Öberg", "Karin", "Lund", "lugnt", "langsomt", "Bo-Ek"):
        assert all(text not in w for w in written), text
        assert all(text not in n for n in names), text
    assert sorted(n for n in names if n.endswith(".pdf")) == ["disc-surgery-da-row5.pdf", "disc-surgery-sv-row2.pdf"]
    # The job key hashes the name with the options: in the manifest it is keyed with a secret
    # kept in the output folder, so it can't be tested against a list of names.
    import datetime as dt

    from handouts.batch.runner import plan_batch

    plain = {job.output: job.key for job in plan_batch(csv_file, dt.date(2026, 11, 21)).jobs}
    for entry in json.loads((out / "manifest.json").read_text())["outputs"]:
        assert entry["key"] != plain[entry["output"]]
    assert (out / ".handouts-secret").stat().st_mode & 0o077 == 0


def test_a_pattern_with_patient_is_the_users_choice(tmp_path):
    (tmp_path / "jobs.yaml").write_text(
        "defaults: {date: 2026-11-21, output: '{patient}/{recipe}-{row}.pdf'}\n"
        "jobs:\n  - {recipe: disc-surgery, lang: sv, patient: Åsa Öberg}\n", encoding="utf-8")
    out = tmp_path / "dist"
    assert batch(str(tmp_path / "jobs.yaml"), "--out", str(out), "--jobs", "1").exit_code == 0
    assert (out / "Åsa-Öberg" / "disc-surgery-3.pdf").is_file()


# --- bounded inputs --------------------------------------------------------------------------

def test_a_cell_over_the_csv_field_limit_is_one_line(tmp_path):
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("recipe,lang,note\ndisc-surgery,sv,ok\ndisc-surgery,sv," + "x" * 140_000 + "\n",
                        encoding="utf-8")
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2
    assert one_line(result.stderr) == ("p.csv:3: error: a cell has more than 131072 characters [batch.csv] "
                                       "(cells hold at most 4000 characters)")
    assert not (tmp_path / "dist").exists()  # refused before any work


def test_csv_size_and_row_count_are_capped_before_work(tmp_path, monkeypatch):
    csv_file = patients(tmp_path / "p.csv", 5)
    monkeypatch.setattr(limits, "MAX_JOBS", 3)
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("p.csv:5: error: the CSV file has more than 3 rows [batch.too-big]")
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 2**20)
    csv_file.write_bytes(b"recipe,lang\n" + b"disc-surgery,sv\n" * 70_000)
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("p.csv: error: the CSV file is larger than 1 MiB [batch.too-big]")
    assert not (tmp_path / "dist").exists()


def test_the_clinic_walk_is_bounded(tmp_path, monkeypatch):
    clinic = tmp_path / "big-clinic"
    (clinic / "exercises").mkdir(parents=True)
    (clinic / "clinic.yaml").write_text("id: big-clinic\nname: Stor\n", encoding="utf-8")
    for i in range(12):
        (clinic / "exercises" / f"f{i}.yaml").write_text("x")
    monkeypatch.setattr(world_core, "MAX_ROOT_FILES", 10)
    csv_file = sheet(tmp_path / "p.csv", [["disc-surgery", "sv", "big-clinic"]], ("recipe", "lang", "clinic"))
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"), *DATE)
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith(
        "p.csv:2: error: the clinic project folder holds more than 10 content files [world.too-big]")


# --- the clinic of a row without one: the project it runs in, as build finds it -------------

@pytest.mark.parametrize("where", [".", "lists"])
def test_a_batch_inside_a_project_prints_its_clinic(tmp_path, monkeypatch, where):
    assert runner.invoke(app, ["init", "proj", "--name", "Fysio Öst"]).exit_code == 0
    (tmp_path / "proj" / "lists").mkdir()
    csv_file = sheet(tmp_path / "proj" / "lists" / "p.csv", [["disc-surgery", "sv", "Åsa Öberg"]])
    monkeypatch.chdir(tmp_path / "proj" / where)
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"), "--jobs", "1", *DATE)
    assert result.exit_code == 0, result.output
    assert "example clinic" not in result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "dist" / "disc-surgery-sv-row2.pdf").pages)
    assert "Fysio Öst" in text


def test_a_batch_outside_any_project_says_it_prints_the_example_clinic(tmp_path):
    csv_file = sheet(tmp_path / "p.csv", [["disc-surgery", "sv", "Åsa Öberg"]])
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"), "--jobs", "1", *DATE)
    assert result.exit_code == 0
    assert "built-in example clinic" in result.stderr and "Öberg" not in result.stderr


def test_a_batch_in_an_unusable_project_is_refused(tmp_path, monkeypatch):
    (tmp_path / "proj" / "clinic.yaml").mkdir(parents=True)
    csv_file = sheet(tmp_path / "p.csv", [["disc-surgery", "sv", "Åsa Öberg"]])
    monkeypatch.chdir(tmp_path / "proj")
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"), *DATE)
    assert result.exit_code == 2
    assert "is not a file this project can use [request.clinic]" in one_line(result.stderr)
    assert not (tmp_path / "dist").exists()


def test_a_project_too_big_to_key_refuses_the_batch_naming_the_folder(tmp_path, monkeypatch):
    assert runner.invoke(app, ["init", "proj"]).exit_code == 0
    for i in range(12):
        (tmp_path / "proj" / "notes" / f"n{i}.yaml").write_text("x")
    monkeypatch.setattr(world_core, "MAX_ROOT_FILES", 10)
    csv_file = sheet(tmp_path / "p.csv", [["disc-surgery", "sv", "Åsa Öberg"]] * 3)
    monkeypatch.chdir(tmp_path / "proj")
    result = batch(str(csv_file), "--out", str(tmp_path / "dist"), *DATE)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"{tmp_path / 'proj'}: error: the clinic project folder holds more than 10 content files [world.too-big] "
        "(a clinic project holds clinic.yaml and its content folders; move anything else out of it)")


def test_plain_pattern_fields_only():
    for pattern in ("{recipe}-{lang}-{clinic}-{patient}-{row}.pdf", "{{literal}}.pdf", "plain.pdf"):
        limits.check_pattern(pattern)
    for pattern in ("{patient:>999999999}", "{recipe.__class__}", "{patient[0]}", "{patient!r}", "{}", "{0}",
                    "{recipe:{lang}}", "{unknown}", "{recipe", "recipe}"):
        with pytest.raises(Exception) as caught:
            limits.check_pattern(pattern)
        assert "output pattern" in str(caught.value) and "999" not in str(caught.value)


# --- the disk and the folder -----------------------------------------------------------------

def test_a_full_disk_while_writing_the_manifest_is_one_line(tmp_path, monkeypatch):
    import handouts.pdf.render as render

    real = render.write_atomic

    def full(path, data):
        if path.name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(render, "write_atomic", full)
    out = tmp_path / "dist"
    result = batch(str(patients(tmp_path / "p.csv", 1)), "--out", str(out), "--jobs", "1", *DATE)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: can't write 'dist/manifest.json': no space left on device [batch.write] "
        "(check that the output folder is writable and the disk has room)")
    assert "Traceback" not in result.output
    assert (out / ".handouts-journal.jsonl").is_file()  # the journal still holds the finished PDF


def test_an_unusable_output_folder_is_one_line(tmp_path):
    csv_file = sheet(tmp_path / "p.csv", [])
    (tmp_path / "taken").write_text("not a folder")
    result = batch(str(csv_file), "--out", str(tmp_path / "taken"))
    assert result.exit_code == 2
    assert one_line(result.stderr) == "error: 'taken' is not a folder [batch.write] (give --out a folder)"
    result = batch(str(csv_file), "--out", str(tmp_path / "taken" / "dist"))
    assert result.exit_code == 2
    assert re.fullmatch(r"error: can't write 'taken/dist': not a directory \[batch\.write\] \(.*\)",
                        one_line(result.stderr))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_one_line(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = batch(str(sheet(tmp_path / "p.csv", [])), "--out", str(out))
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2 and "permission denied [batch.write]" in one_line(result.stderr)


# --- stopping --------------------------------------------------------------------------------

def test_a_pdf_finished_as_its_worker_was_stopped_is_listed(tmp_path, monkeypatch):
    # The race CI met: a worker renames its finished PDF into place, then dies of the signal
    # before its result reaches the runner. The file is complete; the record must list it.
    import datetime as dt

    from handouts.batch import runner as batch_runner
    from handouts.batch.interrupt import Stop

    plan = batch_runner.plan_batch(patients(tmp_path / "patients.csv", 3), dt.date(2026, 11, 21))
    stop = Stop()

    def stopped_after_writing(jobs, out, workers, stop_):
        (out / jobs[0].output).write_bytes(b"%PDF-1.4 finished\n")
        stop_._handle(signal.SIGTERM, None)
        yield batch_runner.Outcome(jobs[0].index, jobs[0].where, jobs[0].output, "interrupted", key=jobs[0].key)

    monkeypatch.setattr(batch_runner, "_execute", stopped_after_writing)
    out = tmp_path / "dist"
    report = batch_runner.run_batch(plan, out, workers=2, stop=stop)
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["output"] for e in listed["outputs"]] == [plan.jobs[0].output] == [p.name for p in out.glob("*.pdf")]
    assert len(listed["not_built"]) == 2 and report.interrupted == signal.SIGTERM


@pytest.mark.slow
@pytest.mark.parametrize("signum, to_group, code", [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143),
                                                    (signal.SIGTERM, True, 143)],
                         ids=["ctrl-c", "kill", "systemd-stop"])
def test_a_signal_stops_the_batch_promptly_and_keeps_the_record_true(tmp_path, signum, to_group, code):
    csv_file = patients(tmp_path / "patients.csv", 80)
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "handouts", "batch", str(csv_file), "--out", str(out), "--jobs", "2", *DATE]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.pdf"))) < 6:
        time.sleep(0.05)
    sent = time.time()
    if to_group:
        os.killpg(process.pid, signum)  # what a terminal's Ctrl-C and systemd do
    else:
        process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    assert time.time() - sent < 9  # the grace for running jobs is 3 s; the rest is a loaded 2-core machine
    assert process.returncode == code
    last = stderr.strip().splitlines()[-1]
    match = re.fullmatch(r"interrupted: (\d+) of 80 built; run again to resume", last)
    assert match, last
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in out.glob("*.pdf")}
    assert listed["complete"] is False
    assert {e["output"] for e in listed["outputs"]} == on_disk and len(on_disk) == int(match.group(1)) < 80
    assert len(listed["outputs"]) + len(listed["not_built"]) == 80
    assert list(out.rglob("*.part")) == [] and not (out / ".handouts-journal.jsonl").exists()
    for pdf in on_disk:
        assert len(PdfReader(out / pdf).pages) >= 1
    ps = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True)
    assert ps.stdout.strip() == ""  # no worker left behind
    resumed = batch(str(csv_file), "--out", str(out), "--jobs", "2", *DATE)
    assert resumed.exit_code == 0
    assert f"{80 - len(on_disk)} built, {len(on_disk)} up to date, 0 failed, 0 refused" in resumed.stdout

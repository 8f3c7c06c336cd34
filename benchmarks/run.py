"""The handouts benchmark: every figure as a ratio to a floor measured in the same run.

    python benchmarks/run.py            # full run (several minutes): 1,000- and 5,000-job batches
    python benchmarks/run.py --quick    # smaller batches, for a quick look
    python benchmarks/run.py --write    # also write benchmarks/RESULTS.md
    python benchmarks/run.py --batch 500 --memory-jobs 2000   # full repetitions, smaller batches

Floors: `typer_floor.py` (a one-command Typer app) for start-up; `floor.py` (the same leaflet
in plain reportlab platypus) for builds; `floor_batch.py` (that script in a process pool) for
batches. Each figure is the median of repeated runs, with min and max.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
PY = sys.executable
HANDOUTS = [PY, "-m", "handouts"]
BENCH_EXERCISES = ["core-brace", "pelvic-lift", "curl-up", "oblique-curl-up", "glute-stretch-lying",
                   "glute-stretch-seated", "toe-heel-rock", "mini-squat", "side-weight-shift", "calf-stretch",
                   "wall-slide", "chair-stand"]


def setup() -> Path:
    """A clinic project: the 12 exercises with one photo each, and a sheet-a4 recipe of them."""
    import yaml
    from PIL import Image, ImageDraw

    project = WORK / "project"
    shutil.rmtree(WORK, ignore_errors=True)
    (project / "exercises").mkdir(parents=True)
    (project / "recipes").mkdir()
    picture = Image.new("RGB", (600, 600), "white")
    draw = ImageDraw.Draw(picture)
    for i in range(0, 600, 40):
        draw.ellipse((i // 2, i // 3, 600 - i // 2, 600 - i // 4), outline=(29, 92, 115), width=6)
    picture.save(project / "photo.png")
    (project / "clinic.yaml").write_text("id: bench\nname: Benchkliniken\nphone: '+46 70 174 06 20'\n",
                                         encoding="utf-8")
    library = ROOT / "assets" / "library" / "exercises"
    for exercise_id in BENCH_EXERCISES:
        data = yaml.safe_load((library / f"{exercise_id}.yaml").read_text(encoding="utf-8"))
        data["illustration"] = {"file": "photo.png", "licence": "CC0",
                                "alt": {"sv": "En ritad cirkel.", "da": "En tegnet cirkel."}}
        (project / "exercises" / f"{exercise_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                                    encoding="utf-8")
    recipe = {"id": "bench", "version": 1, "layout": "sheet-a4",
              "title": {"sv": "Dina övningar", "da": "Dine øvelser"},
              "sections": [{"kind": "prose", "text": {"sv": "Gör övningarna lugnt.", "da": "Lav øvelserne roligt."}},
                           {"kind": "exercises", "exercises": BENCH_EXERCISES}]}
    (project / "recipes" / "bench.yaml").write_text(yaml.safe_dump(recipe, allow_unicode=True), encoding="utf-8")
    return project


def timed(command: list[str], runs: int, cwd: Path = ROOT, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def in_process(function, runs: int) -> list[float]:
    function()  # warm up: imports, fonts, parsed library
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def stats(times: list[float]) -> tuple[float, float, float]:
    return statistics.median(times), min(times), max(times)


def patients_csv(path: Path, count: int, own_picks: bool, unique: bool = False) -> Path:
    """Patients of the bench recipe. `own_picks`: each keeps 8 of the 12 exercises (three
    patterns) with a dosage change (ten values), 30 distinct leaflets; `unique`: besides, a hold
    time per patient, so no two leaflets are the same and no template can be shared."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["recipe", "lang", "patient", "date", "pick", "set", "clinic"])
        for i in range(count):
            pick = ",".join(BENCH_EXERCISES[j] for j in range(12) if (i + j) % 3) if own_picks else ""
            change = f"pelvic-lift.reps={5 + i % 10}" if own_picks and "pelvic-lift" in pick else ""
            if unique:
                held = "core-brace" if "core-brace" in pick else "calf-stretch"
                change = ";".join(filter(None, [change, f"{held}.hold={5 + i}"]))
            day = dt.date(2026, 11, 21) + dt.timedelta(days=i % 30)
            writer.writerow(["bench", "sv", f"Patient {i}", day.isoformat(), pick, change, "project"])
    return path


def worker_memory(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run `command`; sample the resident memory of its worker processes. Returns the workers'
    memory (MiB) early on (after 10% of the time), at the end, and the growth in per cent."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, int]] = []

    def rss_of_children() -> int:
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            if f"PPid:\t{process.pid}\n" in status:
                for line in status.splitlines():
                    if line.startswith("VmRSS:"):
                        total = max(total, int(line.split()[1]))
        return total

    def sample() -> None:
        start = time.perf_counter()
        while process.poll() is None:
            rss = rss_of_children()
            if rss:
                samples.append((time.perf_counter() - start, rss))
            time.sleep(0.5)

    thread = threading.Thread(target=sample)
    thread.start()
    process.wait()
    thread.join()
    if len(samples) < 4:
        return 0.0, 0.0, 0.0
    duration = samples[-1][0]
    early = max(rss for t, rss in samples if t <= duration * 0.1 + 0.5) / 1024
    late = max(rss for _, rss in samples[-max(2, len(samples) // 10):]) / 1024
    return early, late, 100 * (late - early) / early


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true")
    # the full batches take about 20 minutes on 2 cores, most of it the floor's: a busy or small
    # machine can keep the full run's repetitions with smaller batches (RESULTS.md says which)
    parser.add_argument("--batch", type=int, help="leaflets per batch (full run: 1000)")
    parser.add_argument("--memory-jobs", type=int, help="jobs of the worker memory batch (full run: 5000)")
    args = parser.parse_args()
    runs, batch, memory_jobs = (3, 100, 500) if args.quick else (7, 1000, 5000)
    batch, memory_jobs = args.batch or batch, args.memory_jobs or memory_jobs
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    project = setup()
    rows: list[tuple[str, tuple[float, float, float], tuple[float, float, float], str]] = []

    def row(name, ours, floor, goal):
        rows.append((name, stats(ours), stats(floor), goal))
        o, f = stats(ours)[0], stats(floor)[0]
        print(f"{name:38s} {o * 1000:8.1f} ms  floor {f * 1000:8.1f} ms  ratio {o / f:5.2f}  goal {goal}", flush=True)

    os.environ["HANDOUTS_CACHE_DIR"] = str(WORK / "cache")  # the store of parsed files and templates, as a user's

    def no_templates() -> None:  # as if this leaflet had never been built on this machine
        for kind in ("template", "template-pdf", "build"):
            shutil.rmtree(WORK / "cache" / "v1" / kind, ignore_errors=True)

    typer_help = timed([PY, str(HERE / "typer_floor.py"), "--help"], runs)
    row("cold: handouts --help", timed(HANDOUTS + ["--help"], runs), typer_help, "≤ 1.10")
    row("cold: handouts list exercises", timed(HANDOUTS + ["list", "exercises"], runs), typer_help, "≤ 1.30")
    out = WORK / "one.pdf"
    build = HANDOUTS + ["build", "bench", "--lang", "sv", "-o", str(out), "--date", "2026-11-21"]
    cold_floor = timed([PY, str(HERE / "floor.py"), str(project), str(WORK / "floor.pdf")], runs)
    # the same command again and again, as at a front desk: from the second run on, remembered (build.py)
    row("cold: handouts build (12 exercises)", timed(build, runs, project), cold_floor, "≤ 1.30")
    row("cold: handouts build, a leaflet not built before", timed(build, runs, project, no_templates),
        cold_floor, "(reported)")

    from floor import build_floor

    from handouts.build import build_pdf, open_world
    from handouts.resolve.recipe import Request
    from handouts.world.store import Store

    workspace, clinic = open_world(str(project))
    workspace.store = Store(None)  # warm builds of a new leaflet: laid out and rendered each time
    floor_warm = in_process(lambda: build_floor(project), runs * 3)

    def fresh(function, world=workspace):
        def run():
            world.kept.pop("templates", None)  # a new leaflet: laid out and rendered; pictures stay encoded
            return function()
        return run

    row("warm: build sheet-a4 (12 exercises)",
        in_process(fresh(lambda: build_pdf(workspace, Request("bench", "sv", dt.date(2026, 11, 21), clinic=clinic))),
                   runs * 3), floor_warm, "≤ 1.15")
    patients = iter(range(10**6))
    row("warm: sheet-a4, next patient (template kept)",
        in_process(lambda: build_pdf(workspace, Request("bench", "sv", dt.date(2026, 11, 21), clinic=clinic,
                                                        patient=f"Patient {next(patients)}")), runs * 3),
        floor_warm, "(reported)")
    builtin, _ = open_world(None)
    builtin.store = Store(None)
    row("warm: build booklet-a5 (osteoporosis, 26 pp)",
        in_process(fresh(lambda: build_pdf(builtin, Request("osteoporosis", "sv", dt.date(2026, 11, 21))), builtin), runs),
        floor_warm, "(reported)")
    row("warm: build article (spinal stenosis)",
        in_process(fresh(lambda: build_pdf(builtin, Request("spinal-stenosis", "da", dt.date(2026, 11, 21))), builtin), runs),
        floor_warm, "(reported)")

    cores = os.cpu_count() or 1
    cases = (("same recipe", False, False, "≥ 3.0× floor"), ("own picks and dosage", True, False, "≥ 1.5× floor"),
             ("own picks, every leaflet unique", True, True, "(reported)"))
    for label, own, unique, goal in cases:
        sheet = patients_csv(WORK / f"batch-{label[:8]}.csv", batch, own, unique)
        no_templates()
        ours = timed(HANDOUTS + ["batch", str(sheet), "--out", str(WORK / "out-batch"), "--jobs", str(cores),
                                 "--force"], 1, WORK)
        floor = timed([PY, str(HERE / "floor_batch.py"), str(project), str(WORK / "floor-out"), str(batch)], 1)
        # for throughput, higher is better: report floor time / our time as "times the floor"
        rows.append((f"batch: {batch} leaflets, {label}, {cores} cores", stats(ours), stats(floor), goal))
        print(f"batch {label}: ours {ours[0]:.1f} s, floor {floor[0]:.1f} s, throughput {floor[0] / ours[0]:.2f}× floor",
              flush=True)

    sheet = patients_csv(WORK / "memory.csv", memory_jobs, False)
    early, late, growth = worker_memory(HANDOUTS + ["batch", str(sheet), "--out", str(WORK / "out-memory"),
                                                    "--jobs", str(cores), "--force"], WORK)
    print(f"worker memory over {memory_jobs} jobs: {early:.0f} MiB early, {late:.0f} MiB late, growth {growth:.1f}%")
    ours_size = (WORK / "one.pdf").stat().st_size
    floor_size = (WORK / "floor.pdf").stat().st_size
    print(f"PDF size: ours {ours_size / 1024:.0f} KB, floor {floor_size / 1024:.0f} KB, ratio {ours_size / floor_size:.2f}")
    if args.write:
        write_results(rows, (early, late, growth, memory_jobs), (ours_size, floor_size), args.quick, runs)


def write_results(rows, memory, sizes, quick, runs) -> None:
    lines = [
        "# Benchmark results", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. Date: {dt.date.today().isoformat()}."
        + (" Quick run (smaller batches)." if quick else f" {runs} runs of each start-up and build case."), "",
        "Median (min–max) of repeated runs; ratio = ours ÷ floor for times (lower is better), "
        "floor ÷ ours for batch throughput (higher is better).", "",
        "| case | ours | floor | ratio | goal |", "|---|---|---|---|---|",
    ]
    for name, ours, floor, goal in rows:
        if name.startswith("batch"):
            ratio = f"{floor[0] / ours[0]:.2f}× floor"
            lines.append(f"| {name} | {ours[0]:.1f} s | {floor[0]:.1f} s | {ratio} | {goal} |")
        else:
            lines.append(f"| {name} | {ours[0] * 1000:.0f} ms ({ours[1] * 1000:.0f}–{ours[2] * 1000:.0f}) | "
                         f"{floor[0] * 1000:.0f} ms ({floor[1] * 1000:.0f}–{floor[2] * 1000:.0f}) | "
                         f"{ours[0] / floor[0]:.2f} | {goal} |")
    early, late, growth, jobs = memory
    lines += ["", f"Worker memory over a {jobs}-job batch: {early:.0f} MiB early, {late:.0f} MiB at the end "
                  f"(growth {growth:.1f}%; goal < 10%).",
              f"PDF size of the 12-exercise sheet: {sizes[0] / 1024:.0f} KB, floor {sizes[1] / 1024:.0f} KB "
              f"(ratio {sizes[0] / sizes[1]:.2f}; goal ≤ 1.1)."]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

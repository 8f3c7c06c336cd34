"""`handouts batch`: many leaflets from a manifest (YAML jobs and matrices) or a CSV of patients.

The plan is made first, in the main process: every row is parsed and checked, every output name
made safe and unique, every job given a key (a hash of the tool version, the job's options and
every source file it can read). Then the jobs run in a pool of worker processes; each worker
loads the library once and writes each PDF atomically. A failing job never stops the others.
A journal line per finished job lets a killed run resume; `manifest.json` lists every output with
its SHA-256 at the end. Progress is reported by job number only: output names can hold patient
names, and those never go to a log.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from handouts import __version__
from handouts.batch.names import safe_name, unique
from handouts.diagnostics import Diagnostic, HandoutsError, display_path, error
from handouts.source.yamlsafe import read_yaml

JOURNAL = ".handouts-journal.jsonl"
CSV_COLUMNS = ("recipe", "lang", "patient", "therapist", "date", "clinic", "pick", "set", "note", "phase",
               "large_print", "output")


# --- the manifest ---------------------------------------------------------------------------

class JobSpec(BaseModel):
    """One leaflet in a YAML manifest. Lists may also be given as one comma-separated string."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    recipe: StrictStr | None = None
    lang: StrictStr | None = None
    clinic: StrictStr | None = None
    date: StrictStr | None = None
    patient: StrictStr | None = None
    therapist: StrictStr | None = None
    pick: tuple[StrictStr, ...] | None = None
    set: tuple[StrictStr, ...] = ()
    note: tuple[StrictStr, ...] = ()
    phase: StrictStr | None = None
    imposition: StrictStr | None = None
    pdfa: bool = False
    """Write PDF/A-1b, for archiving."""
    large_print: bool = False
    """The large-print edition: body text 16 pt, headings, boxes and pictures to match."""
    output: StrictStr | None = None
    """A file name (or pattern with {recipe}, {lang}, {clinic}, {patient}) inside the output folder."""


class Matrix(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    recipe: tuple[StrictStr, ...] = Field(min_length=1)
    lang: tuple[StrictStr, ...] = Field(min_length=1)
    clinic: tuple[StrictStr, ...] = (None,)  # type: ignore[assignment]  # (None,): one run, the default clinic
    output: StrictStr = "{recipe}-{lang}.pdf"


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    defaults: JobSpec = JobSpec()
    jobs: tuple[JobSpec, ...] = ()
    matrix: Matrix | None = None


@dataclass(frozen=True)
class Job:
    """A fully specified build: plain data, so it crosses into worker processes."""

    index: int
    where: str  # "manifest.csv:14" — the row, for messages; never the patient
    recipe: str
    lang: str
    output: str  # relative to the output folder
    clinic: str | None = None
    date: str | None = None
    patient: str | None = None
    therapist: str | None = None
    pick: tuple[str, ...] | None = None
    changes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    phase: str | None = None
    imposition: str | None = None
    pdfa: bool = False
    large_print: bool = False
    key: str = ""

    def options(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("index", "where", "key"):
            data.pop(name)
        return data


@dataclass(frozen=True)
class Plan:
    jobs: tuple[Job, ...]
    problems: tuple[Diagnostic, ...]  # rows that could not become jobs


def plan_batch(manifest: Path, base_date: dt.date, shard: tuple[int, int] | None = None) -> Plan:
    """Read the manifest, expand it into jobs, make output names safe and unique, shard."""
    if manifest.suffix.lower() == ".csv":
        specs, problems = _read_csv(manifest)
    else:
        specs, problems = _read_yaml(manifest)
    base = manifest.parent
    jobs: list[Job] = []
    for where, spec in specs:
        try:
            jobs.append(_job(len(jobs), where, spec, base, base_date))
        except HandoutsError as exc:
            problems += [_at(where, d) for d in exc.diagnostics]
    names = unique([job.output for job in jobs])
    jobs = [_replace(job, output=name) for job, name in zip(jobs, names)]
    fingerprints: dict[str | None, str] = {}
    keyed = []
    for job in jobs:
        if job.clinic not in fingerprints:
            fingerprints[job.clinic] = _fingerprint(job.clinic)
        options = json.dumps(job.options(), sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(f"{__version__}\n{fingerprints[job.clinic]}\n{options}".encode()).hexdigest()
        keyed.append(_replace(job, key=key))
    if shard:
        number, count = shard
        keyed = [job for job in keyed if int(hashlib.sha256(job.output.encode()).hexdigest(), 16) % count == number - 1]
    return Plan(tuple(keyed), tuple(problems))


def _replace(job: Job, **changes) -> Job:
    return Job(**{**asdict(job), **changes})


def _at(where: str, diagnostic: Diagnostic) -> Diagnostic:
    file, _, line = where.rpartition(":")
    return Diagnostic(file, int(line), diagnostic.col, "error", diagnostic.message, diagnostic.code, diagnostic.hint)


def _read_yaml(path: Path) -> tuple[list[tuple[str, JobSpec]], list[Diagnostic]]:
    from handouts.source.load import Source, schema_diagnostics

    document = read_yaml(path)
    source = Source(document, "manifest")
    try:
        manifest = Manifest.model_validate(document.data or {})
    except ValidationError as exc:
        raise HandoutsError(schema_diagnostics(exc, source)) from None
    shown = display_path(path)
    defaults = manifest.defaults.model_dump(exclude_none=True, exclude_defaults=True)
    specs: list[tuple[str, JobSpec]] = []
    for i, job in enumerate(manifest.jobs):
        line = document.position(("jobs", i))[0]
        specs.append((f"{shown}:{line}", JobSpec(**{**defaults, **job.model_dump(exclude_none=True, exclude_defaults=True)})))
    if manifest.matrix:
        line = document.position(("matrix",))[0]
        m = manifest.matrix
        for recipe in m.recipe:
            for lang in m.lang:
                for clinic in m.clinic:
                    values = {**defaults, "recipe": recipe, "lang": lang, "output": m.output}
                    if clinic is not None:
                        values["clinic"] = clinic
                    specs.append((f"{shown}:{line}", JobSpec(**values)))
    if not specs:
        raise error("the manifest has no jobs", "batch.empty", file=shown, line=1,
                    hint="add 'jobs:' or 'matrix:'")
    return specs, []


def _read_csv(path: Path) -> tuple[list[tuple[str, JobSpec]], list[Diagnostic]]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read the CSV file ({type(exc).__name__})", "batch.csv", file=shown,
                    hint="save it as UTF-8") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel in Scandinavia writes ';'
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(rows, [])]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if not header or unknown:
        raise error(f"unknown column '{unknown[0]}'" if unknown else "the CSV file is empty", "batch.csv",
                    file=shown, line=1, col=header.index(unknown[0]) + 1 if unknown else None,
                    hint=f"columns: {', '.join(CSV_COLUMNS)}")
    specs, problems = [], []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{shown}:{number}"
        if len(row) > len(header):
            problems.append(Diagnostic(shown, number, len(header) + 1, "error",
                                       f"row has {len(row)} cells, the header {len(header)}", "batch.row",
                                       "quote cells that contain the separator"))
            continue
        values: dict[str, Any] = {name: cell.strip() for name, cell in zip(header, row) if cell.strip()}
        for name in ("pick",):
            if name in values:
                values[name] = tuple(p.strip() for p in values[name].split(",") if p.strip())
        for name in ("set", "note"):
            if name in values:
                values[name] = tuple(p.strip() for p in values[name].split(";") if p.strip())
        specs.append((where, JobSpec(**values)))
    return specs, problems


def _job(index: int, where: str, spec: JobSpec, base: Path, base_date: dt.date) -> Job:
    from handouts.resolve.changes import parse_change

    if not spec.recipe:
        raise error("no recipe", "batch.row", col=1, hint="fill in the 'recipe' column")
    if not spec.lang:
        raise error("no language", "batch.row", hint="fill in the 'lang' column")
    date = spec.date or base_date.isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise error(f"date '{date}' is not YYYY-MM-DD", "batch.row") from None
    for text in spec.set:
        parse_change(text)  # refuse a malformed change now, with the row, not in a worker
    clinic = spec.clinic
    if clinic and (base / clinic).is_dir():
        clinic = str((base / clinic).resolve())
    pattern = spec.output or ("{recipe}-{lang}-{patient}.pdf" if spec.patient else "{recipe}-{lang}.pdf")
    # Values are made safe before they go into the pattern: only the pattern may make folders.
    fields = {"recipe": spec.recipe, "lang": spec.lang, "patient": spec.patient or "",
              "clinic": Path(spec.clinic).name if spec.clinic else "default"}
    fields = {name: safe_name(value, "") for name, value in fields.items()}
    folders = pattern.replace("\\", "/").split("/")
    if pattern.startswith("/") or ".." in folders:
        raise error(f"output '{pattern}' leaves the output folder", "batch.row", hint="use a relative name")
    try:
        parts = [safe_name(part.format(**fields).strip("-")) for part in folders if part not in ("", ".")]
    except (KeyError, IndexError, ValueError):
        raise error(f"output pattern '{pattern}' uses an unknown field", "batch.row",
                    hint="fields: {recipe}, {lang}, {clinic}, {patient}") from None
    if not parts[-1].lower().endswith(".pdf"):
        parts[-1] += ".pdf"
    return Job(index, where, spec.recipe, spec.lang, "/".join(parts), clinic, date, spec.patient, spec.therapist,
               spec.pick, tuple(spec.set), tuple(spec.note), spec.phase, spec.imposition, spec.pdfa,
               spec.large_print)


def _fingerprint(clinic: str | None) -> str:
    """The world's digest for this clinic: every content file a build can read, and the code."""
    from handouts.world.core import World

    return World((Path(clinic).resolve(),) if clinic and Path(clinic).is_dir() else ()).digest()


# --- running --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    index: int
    where: str
    output: str
    status: str  # built | skipped | failed
    sha256: str = ""
    size: int = 0
    key: str = ""
    error: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def run_batch(plan: Plan, out: Path, workers: int, force: bool = False,
              progress: Callable[[Outcome, int, int], None] | None = None,
              manifest_name: str = "manifest.json") -> Report:
    """Build every job of `plan` into `out`; never raises for a failing job."""
    out.mkdir(parents=True, exist_ok=True)
    _sweep_partial(out)
    recorded = _previous(out, manifest_name)  # what this tool wrote here before: it may replace those
    done = {} if force else recorded
    report = Report()
    total = len(plan.jobs)
    pending: list[Job] = []
    for job in plan.jobs:
        record = done.get(job.output)
        target = out / job.output
        if record and record["key"] == job.key and target.is_file() and _sha256(target) == record["sha256"]:
            outcome = Outcome(job.index, job.where, job.output, "skipped", record["sha256"], record["size"], job.key)
            report.outcomes.append(outcome)
            if progress:
                progress(outcome, len(report.outcomes), total)
        else:
            pending.append(job)
    journal = (out / JOURNAL).open("a", encoding="utf-8")
    try:
        for outcome in _execute(pending, out, workers, frozenset(recorded)):
            report.outcomes.append(outcome)
            if outcome.status == "built":
                journal.write(json.dumps({"output": outcome.output, "key": outcome.key, "sha256": outcome.sha256,
                                          "size": outcome.size}) + "\n")
                journal.flush()
            if progress:
                progress(outcome, len(report.outcomes), total)
    finally:
        journal.close()
    _write_manifest(out, manifest_name, report)
    return report


def _execute(jobs: list[Job], out: Path, workers: int, recorded: frozenset[str]) -> Iterable[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield build_job(job, str(out), job.output in recorded)
        return
    # No max_tasks_per_child: on Python 3.11 with fork it hangs once the first workers retire
    # (seen at 2,000 jobs on 2 workers); worker memory stays flat without it (benchmarks/).
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(build_job, job, str(out), job.output in recorded): job for job in jobs}
        for future in cf.as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # a worker died (killed, out of memory): that job failed
                yield Outcome(job.index, job.where, job.output, "failed", key=job.key,
                              error=f"worker failed: {type(exc).__name__}")


@lru_cache(maxsize=8)
def _workspace(clinic: str | None):
    """Once per worker process and clinic: the parsed library and the clinic id."""
    from handouts.world.core import open_world

    workspace, clinic_id = open_world(clinic, cwd=Path("/nonexistent-handouts-cwd"))
    _ = workspace.library  # parse now, once
    return workspace, clinic_id


def build_job(job: Job, out: str, recorded: bool = False) -> Outcome:
    """Run in a worker: build one job and write it. Every failure becomes an Outcome. `recorded`:
    the batch's manifest says this tool wrote the file at the output before (it may be replaced
    even if someone changed it since)."""
    from handouts.build import build_to_file
    from handouts.resolve.changes import parse_change
    from handouts.resolve.recipe import Request

    try:
        assert job.date is not None  # _job dates every job
        workspace, clinic_id = _workspace(job.clinic)
        request = Request(recipe=job.recipe, lang=job.lang, date=dt.date.fromisoformat(job.date), clinic=clinic_id,
                          phase=job.phase, patient=job.patient, therapist=job.therapist, notes=job.notes,
                          picks=job.pick, changes=tuple(parse_change(c) for c in job.changes),
                          large_print=job.large_print)
        target = Path(out) / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        built = build_to_file(workspace, request, target, job.imposition, pdfa=job.pdfa, replaceable=recorded)
        digest = hashlib.sha256(built.data).hexdigest()
        return Outcome(job.index, job.where, job.output, "built", digest, len(built.data), job.key)
    except HandoutsError as exc:
        message = "; ".join(d.format() for d in exc.diagnostics)
        return Outcome(job.index, job.where, job.output, "failed", key=job.key, error=message)
    except Exception as exc:  # a bug: report its kind, never its arguments (they may hold patient data)
        return Outcome(job.index, job.where, job.output, "failed", key=job.key,
                       error=f"internal error: {type(exc).__name__}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sweep_partial(out: Path) -> None:
    """Remove temporary files a killed run left behind (never a finished PDF)."""
    for partial in out.rglob(".*.pdf.*.part"):
        try:
            partial.unlink()
        except OSError:
            pass


def _previous(out: Path, manifest_name: str) -> dict[str, dict]:
    records: dict[str, dict] = {}
    manifest = out / manifest_name
    if manifest.is_file():
        try:
            for entry in json.loads(manifest.read_text(encoding="utf-8")).get("outputs", []):
                records[entry["output"]] = entry
        except (ValueError, KeyError, TypeError):
            pass
    journal = out / JOURNAL
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                records[entry["output"]] = entry
            except (ValueError, KeyError, TypeError):
                continue  # the last line of a killed run may be cut short
    return records


def _write_manifest(out: Path, name: str, report: Report) -> None:
    from handouts.pdf.render import write_atomic

    outputs = sorted((o for o in report.outcomes if o.status in ("built", "skipped")), key=lambda o: o.output)
    failed = sorted((o for o in report.outcomes if o.status == "failed"), key=lambda o: (o.where, o.index))
    data = {
        "tool": f"handouts {__version__}",
        "outputs": [{"job": o.where, "output": o.output, "sha256": o.sha256, "size": o.size, "key": o.key}
                    for o in outputs],
        "failed": [{"job": o.where, "error": o.error} for o in failed],
    }
    write_atomic(out / name, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
    journal = out / JOURNAL
    if journal.exists():
        journal.unlink()

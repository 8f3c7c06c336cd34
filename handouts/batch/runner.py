"""`handouts batch`: many leaflets from a manifest (YAML jobs and matrices) or a CSV of patients.

The plan is made first, in the main process: every row is parsed and checked, every output name
made safe and unique, every job given a key (a hash of the tool version, the job's options and
every source file it can read). Then the jobs run in a pool of worker processes; each worker
loads the library once and writes each PDF atomically. A failing job never stops the others.
A journal line per finished job lets a killed run resume; `manifest.json` accounts for every row
at the end: built or up to date (with its SHA-256), failed, refused at planning, or not built
because the run was interrupted. One run at a time holds the output folder (lock.py); inputs are
bounded before work starts (limits.py); SIGINT/SIGTERM stop the pool promptly (interrupt.py).
Messages name rows and columns, never patients (privacy.py); the default output name is made
from the row number, not the patient's name; job keys in the manifest are keyed with a secret
kept in the output folder, so they can't be tested against a list of names.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import time
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from handouts import __version__
from handouts.batch import limits
from handouts.batch.interrupt import Stop, worker_signals
from handouts.batch.lock import output_folder, write_error
from handouts.batch.names import safe_name, unique
from handouts.batch.privacy import scrub
from handouts.diagnostics import Diagnostic, HandoutsError, display_path, error
from handouts.source.yamlsafe import read_yaml

JOURNAL = ".handouts-journal.jsonl"
SECRET = ".handouts-secret"
GRACE_SECONDS = 3.0  # after a signal, how long running jobs may finish (and be journaled)
PERSONAL = ("patient", "therapist", "note")
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
    """A file name (or pattern with {recipe}, {lang}, {clinic}, {patient}, {row}) inside the output folder."""


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


def plan_batch(manifest: Path, base_date: dt.date, shard: tuple[int, int] | None = None,
               cwd: Path | None = None) -> Plan:
    """Read the manifest, expand it into jobs, make output names safe and unique, shard.

    A row without a clinic uses the clinic project at or above `cwd` (default: the working
    folder), as `build` does; a job's `clinic` is None only where the example clinic is used."""
    from handouts.world.core import project_here

    if manifest.suffix.lower() == ".csv":
        specs, problems = _read_csv(manifest)
    else:
        specs, problems = _read_yaml(manifest)
    base = manifest.parent
    project = project_here(cwd)
    jobs: list[Job] = []
    digests: dict[str | None, str | HandoutsError] = {}
    for where, spec in specs:
        personal = _personal(spec)
        try:
            job = _job(len(jobs), where, spec, base, base_date, str(project) if project else None)
        except HandoutsError as exc:
            problems += [_at(where, d, personal) for d in exc.diagnostics]
            continue
        if job.clinic not in digests:
            digests[job.clinic] = _digest(job.clinic)
        found = digests[job.clinic]
        if isinstance(found, HandoutsError):
            if project is not None and job.clinic == str(project):  # the folder this runs in, not the row
                raise HandoutsError([replace(d, file=str(project)) for d in found.diagnostics])
            problems += [_at(where, d, personal) for d in found.diagnostics]
            continue
        jobs.append(job)
    names = unique([job.output for job in jobs])
    jobs = [_replace(job, output=name) for job, name in zip(jobs, names)]
    keyed = []
    for job in jobs:
        options = json.dumps(job.options(), sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(f"{__version__}\n{digests[job.clinic]}\n{options}".encode()).hexdigest()
        keyed.append(_replace(job, key=key))
    if shard:
        number, count = shard
        keyed = [job for job in keyed if int(hashlib.sha256(job.output.encode()).hexdigest(), 16) % count == number - 1]
    return Plan(tuple(keyed), tuple(problems))


def _digest(clinic: str | None) -> str | HandoutsError:
    """The world's digest for a job's clinic: every content file a build can read, and the
    code; or why that clinic folder can't be read (kept, so each of its rows says so)."""
    from handouts.world.core import World

    folder = Path(clinic) if clinic and Path(clinic).is_absolute() else None
    try:
        return World((folder,) if folder else ()).digest()
    except HandoutsError as exc:
        return exc


def _replace(job: Job, **changes) -> Job:
    return Job(**{**asdict(job), **changes})


def _at(where: str, diagnostic: Diagnostic, personal: list[tuple[str, str | None]]) -> Diagnostic:
    file, _, line = where.rpartition(":")
    hint = scrub(diagnostic.hint, personal) if diagnostic.hint else None
    return Diagnostic(file, int(line), diagnostic.col, "error", scrub(diagnostic.message, personal), diagnostic.code,
                      hint)


def _personal(spec: JobSpec | Job) -> list[tuple[str, str | None]]:
    notes = spec.note if isinstance(spec, JobSpec) else spec.notes
    return [("patient", spec.patient), ("therapist", spec.therapist), *(("note", n) for n in notes)]


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
    m = manifest.matrix
    count = len(manifest.jobs) + (len(m.recipe) * len(m.lang) * len(m.clinic) if m else 0)
    if count > limits.MAX_JOBS:
        raise error(f"the manifest makes {count} jobs, more than {limits.MAX_JOBS}", "batch.too-big", file=shown,
                    line=1, hint="split it into several manifests, or use --shard")
    specs: list[tuple[str, JobSpec]] = []
    for i, job in enumerate(manifest.jobs):
        line = document.position(("jobs", i))[0]
        specs.append((f"{shown}:{line}", JobSpec(**{**defaults, **job.model_dump(exclude_none=True, exclude_defaults=True)})))
    if m:
        line = document.position(("matrix",))[0]
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
    """Rows as (where, spec), and the rows refused. The whole file is refused (raises) when it
    is too big, has a bad header, or its quoting is broken: then no row can be trusted."""
    shown = display_path(path)
    text = _csv_text(path, shown)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel in Scandinavia writes ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = text.splitlines()
    header = [h.strip().lower() for h in _next_row(reader, shown, lines) or []]
    _check_header(header, shown)
    specs: list[tuple[str, JobSpec]] = []
    problems: list[Diagnostic] = []
    while (row := _next_row(reader, shown, lines)) is not None:
        number = reader.line_num  # rows are one line each (_next_row)
        if not any(cell.strip() for cell in row):
            continue
        if len(specs) + len(problems) >= limits.MAX_JOBS:
            raise error(f"the CSV file has more than {limits.MAX_JOBS} rows", "batch.too-big", file=shown,
                        line=number, hint="split it into several files")
        where = f"{shown}:{number}"
        if len(row) > len(header):
            problems.append(Diagnostic(shown, number, len(header) + 1, "error",
                                       f"row has {len(row)} cells, the header {len(header)}", "batch.row",
                                       "quote cells that contain the separator"))
            continue
        long = next((i for i, cell in enumerate(row) if len(cell) > limits.MAX_CELL_CHARS), None)
        if long is not None:
            problems.append(Diagnostic(shown, number, long + 1, "error",
                                       f"the '{header[long]}' cell has more than {limits.MAX_CELL_CHARS} characters",
                                       "batch.row", None))
            continue
        values: dict[str, Any] = {name: cell.strip() for name, cell in zip(header, row) if cell.strip()}
        if "patient" in header and "patient" not in values:
            values["patient"] = ""  # refused in _job: a leaflet in a patient list without a name
        for name in ("pick",):
            if name in values:
                values[name] = tuple(p.strip() for p in values[name].split(",") if p.strip())
        for name in ("set", "note"):
            if name in values:
                values[name] = tuple(p.strip() for p in values[name].split(";") if p.strip())
        specs.append((where, JobSpec(**values)))
    return specs, problems


def _csv_text(path: Path, shown: str) -> str:
    try:
        if not path.is_file():
            raise error("the CSV file is not a regular file", "batch.csv", file=shown)
        with path.open("rb") as handle:
            raw = handle.read(limits.MAX_CSV_BYTES + 1)
        if len(raw) > limits.MAX_CSV_BYTES:
            raise error(f"the CSV file is larger than {limits.MAX_CSV_BYTES // 2**20} MiB", "batch.too-big",
                        file=shown, hint="split it into several files")
        return raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read the CSV file ({type(exc).__name__})", "batch.csv", file=shown,
                    hint="save it as UTF-8") from None


def _next_row(reader: Any, shown: str, lines: list[str]) -> list[str] | None:
    """The next row, refusing what would make rows vanish or the reader fail: a quote left
    open (it swallows the rows after it into one cell), a cell over the csv module's limit."""
    start = reader.line_num + 1
    try:
        row = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise error(f"a cell has more than {csv.field_size_limit()} characters", "batch.csv", file=shown,
                        line=start, hint=f"cells hold at most {limits.MAX_CELL_CHARS} characters") from None
        if "unexpected end of data" in str(exc):
            raise error("this quote is never closed: it swallows every row after it", "batch.csv-quote",
                        file=shown, line=start, col=_open_quote(lines[start - 1] if start <= len(lines) else ""),
                        hint="close the quote") from None
        raise error(f"the row is not valid CSV ({exc})", "batch.csv", file=shown, line=reader.line_num,
                    hint="quote cells that contain quotes, and double the quotes inside them") from None
    if reader.line_num > start:
        raise error(f"this quote closes only on line {reader.line_num}: it swallows the rows between",
                    "batch.csv-quote", file=shown, line=start, col=_open_quote(lines[start - 1]),
                    hint="close the quote on its line; a cell can't hold a line break, so separate notes with ';'")
    return row


def _open_quote(line: str) -> int | None:
    """The column of the quote left open on `line` (1-based), if one is."""
    opened = None
    for col, char in enumerate(line, start=1):
        if char == '"':
            opened = None if opened else col
    return opened


def _check_header(header: list[str], shown: str) -> None:
    hint = f"columns: {', '.join(CSV_COLUMNS)}"
    if not header:
        raise error("the CSV file is empty", "batch.csv", file=shown, line=1, hint=hint)
    if not any(h in CSV_COLUMNS for h in header):  # no header row: the first row is a patient's
        raise error("the first row names no known column (is the header row missing?)", "batch.csv",
                    file=shown, line=1, hint=hint)
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise error(f"unknown column '{unknown[0]}'", "batch.csv", file=shown, line=1,
                    col=header.index(unknown[0]) + 1, hint=hint)
    twice = next((i for i, h in enumerate(header) if h in header[:i]), None)
    if twice is not None:
        raise error(f"column '{header[twice]}' appears twice", "batch.csv", file=shown, line=1, col=twice + 1,
                    hint="keep one; a row has one value per column")


def _job(index: int, where: str, spec: JobSpec, base: Path, base_date: dt.date, project: str | None) -> Job:
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
    if spec.patient is not None and not spec.patient.strip():
        raise error("the patient cell is empty", "batch.patient",
                    hint="fill it in; leaflets without a name belong in a list without a 'patient' column")
    if spec.pick is not None and not spec.pick:
        raise error("pick names no exercise: the leaflet would have none", "batch.pick",
                    hint="name exercises separated by ',', or leave pick out for the recipe's own")
    for text in spec.set:
        parse_change(text)  # refuse a malformed change now, with the row, not in a worker
    clinic = limits.clinic_of(spec.clinic, base) if spec.clinic else project
    # The default names the row, not the patient: a file name travels into listings, print
    # queues and manifest.json. A pattern with {patient} is the user's explicit choice.
    pattern = spec.output or ("{recipe}-{lang}-row{row}.pdf" if spec.patient else "{recipe}-{lang}.pdf")
    limits.check_pattern(pattern)
    # Values are made safe before they go into the pattern: only the pattern may make folders.
    fields = {"recipe": spec.recipe, "lang": spec.lang, "patient": spec.patient or "",
              "clinic": Path(spec.clinic or clinic or "default").name, "row": where.rpartition(":")[2]}
    fields = {name: safe_name(value, "") for name, value in fields.items()}
    folders = pattern.replace("\\", "/").split("/")
    if pattern.startswith("/") or ".." in folders:
        raise error("the output pattern leaves the output folder", "batch.output", hint="use a relative name")
    parts = [safe_name(part.format_map(fields).strip("-")) for part in folders if part not in ("", ".")]
    if not parts:
        raise error("the output pattern names no file", "batch.output", hint="e.g. {recipe}-{lang}-row{row}.pdf")
    if not parts[-1].lower().endswith(".pdf"):
        parts[-1] += ".pdf"
    return Job(index, where, spec.recipe, spec.lang, "/".join(parts), clinic, date, spec.patient, spec.therapist,
               spec.pick, tuple(spec.set), tuple(spec.note), spec.phase, spec.imposition, spec.pdfa,
               spec.large_print)


# --- running --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    index: int
    where: str
    output: str
    status: str  # built | skipped | failed | interrupted
    sha256: str = ""
    size: int = 0
    key: str = ""
    error: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    refused: tuple[Diagnostic, ...] = ()  # rows refused at planning
    not_built: list[Job] = field(default_factory=list)  # left when the run was interrupted
    interrupted: int | None = None  # the signal that stopped the run

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def run_batch(plan: Plan, out: Path, workers: int, force: bool = False,
              progress: Callable[[Outcome, int, int], None] | None = None,
              manifest_name: str = "manifest.json", stop: Stop | None = None) -> Report:
    """Build every job of `plan` into `out`; never raises for a failing job. Raises
    `HandoutsError` when the output folder can't be used (busy, unwritable, full).

    When `stop` is set (by a signal) the run ends early: every PDF finished so far is journaled
    and listed, the rest are listed as not built, and `Report.interrupted` names the signal."""
    stop = stop or Stop()
    with output_folder(out):
        _sweep_partial(out)
        secret = _secret(out)
        done = {} if force else _previous(out, manifest_name)
        report = Report(refused=plan.problems)
        total = len(plan.jobs)
        pending: list[Job] = []
        for job in plan.jobs:
            if stop.is_set():
                pending.append(job)
                continue
            record = done.get(job.output)
            target = out / job.output
            key = _stored_key(secret, job.key)
            if record and record.get("key") == key and target.is_file() and _sha256(target) == record.get("sha256"):
                outcome = Outcome(job.index, job.where, job.output, "skipped", record["sha256"], record["size"], key)
                report.outcomes.append(outcome)
                if progress:
                    progress(outcome, len(report.outcomes), total)
            else:
                pending.append(job)
        before = {job.output: _identity(out / job.output) for job in pending}
        try:
            with (out / _journal_name(manifest_name)).open("a", encoding="utf-8") as journal:
                def account(outcome: Outcome) -> None:
                    outcome = _replace_outcome(outcome, key=_stored_key(secret, outcome.key))
                    report.outcomes.append(outcome)
                    if outcome.status == "built":
                        journal.write(json.dumps({"output": outcome.output, "key": outcome.key,
                                                  "sha256": outcome.sha256, "size": outcome.size}) + "\n")
                        journal.flush()
                    if progress:
                        progress(outcome, len(report.outcomes), total)

                for outcome in _execute([] if stop.is_set() else pending, out, workers, stop):
                    if outcome.status != "interrupted":  # interrupted: listed below as not built
                        account(outcome)
                if stop.is_set():
                    for outcome in _finished_unreported(pending, report, out, before):
                        account(outcome)
        except OSError as exc:
            raise write_error(out / _journal_name(manifest_name), exc) from None
        if stop.is_set():
            _sweep_partial(out)  # a worker ended mid-write leaves its temporary file
            finished = {o.index for o in report.outcomes}
            report.not_built = [job for job in plan.jobs if job.index not in finished]
            report.interrupted = stop.signal
        _write_manifest(out, manifest_name, report)
    return report


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _finished_unreported(pending: list[Job], report: Report, out: Path,
                         before: dict[str, tuple[int, int] | None]) -> Iterator[Outcome]:
    """Jobs whose worker was stopped after its PDF was in place but before it could say so.

    A PDF only appears under its name by an atomic rename of a finished file, and the output
    folder is locked to this run: a target whose identity changed during the run is this run's
    complete PDF. Listing it keeps manifest.json true to what is on disk."""
    reported = {o.index for o in report.outcomes}
    for job in pending:
        target = out / job.output
        if job.index in reported or _identity(target) in (None, before.get(job.output)):
            continue
        data = target.read_bytes()
        yield Outcome(job.index, job.where, job.output, "built", hashlib.sha256(data).hexdigest(), len(data), job.key)


def _replace_outcome(outcome: Outcome, **changes) -> Outcome:
    return Outcome(**{**asdict(outcome), **changes})


def _journal_name(manifest_name: str) -> str:
    # One journal per manifest: a shard's end must not delete another shard's journal.
    return JOURNAL if manifest_name == "manifest.json" else f".handouts-journal.{manifest_name}l"


def _secret(out: Path) -> bytes:
    """A random key kept in the output folder (readable by its owner only). Job keys hash the
    patient's name with the other options; keyed with this secret, the keys in manifest.json
    can't be tested against a list of names by whoever is handed the manifest."""
    path = out / SECRET
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise write_error(path, exc) from None
        if len(data) == 32:
            return data
        path.unlink()
        return _secret(out)
    except OSError as exc:
        raise write_error(path, exc) from None
    data = os.urandom(32)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise write_error(path, exc) from None
    return data


def _stored_key(secret: bytes, key: str) -> str:
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest() if key else ""


def _execute(jobs: list[Job], out: Path, workers: int, stop: Stop) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            if stop.is_set():
                return
            yield build_job(job, str(out))
        return
    # No max_tasks_per_child: on Python 3.11 with fork it hangs once the first workers retire
    # (seen at 2,000 jobs on 2 workers); worker memory stays flat without it (benchmarks/).
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=worker_signals)
    futures = {pool.submit(build_job, job, str(out)): job for job in jobs}
    waiting = set(futures)
    try:
        # wait() with a timeout, not as_completed(): the loop looks at `stop` between results
        while waiting and not stop.is_set():
            done, waiting = cf.wait(waiting, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for future in done:
                yield _result(future, futures[future], stop)
        if waiting:  # stopped: start nothing new; what is running may finish for a moment
            for future in waiting:
                future.cancel()
            deadline = time.monotonic() + GRACE_SECONDS
            while waiting and not stop.urgent and time.monotonic() < deadline:
                done, waiting = cf.wait(waiting, timeout=0.2, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    if not future.cancelled():
                        yield _result(future, futures[future], stop)
    finally:
        _end_pool(pool, wait=not waiting)


def _result(future: cf.Future, job: Job, stop: Stop) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # a worker died (killed, out of memory): that job failed
        if stop.is_set():  # e.g. SIGTERM sent to the whole process group: not a failure of the job
            return Outcome(job.index, job.where, job.output, "interrupted", key=job.key)
        return Outcome(job.index, job.where, job.output, "failed", key=job.key,
                       error=f"worker failed: {type(exc).__name__}")


def _end_pool(pool: cf.ProcessPoolExecutor, wait: bool) -> None:
    """Shut the pool down; when jobs are still running, end its workers (SIGTERM, then SIGKILL):
    an unfinished PDF is only a temporary file, swept by the next run."""
    if wait:
        pool.shutdown(wait=True)
        return
    # Python 3.11 has no public way to end a pool's workers (3.14 adds terminate_workers()).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join(timeout=2)


@lru_cache(maxsize=8)
def _workspace(clinic: str | None):
    """Once per worker process and clinic: the parsed library and the clinic id. The plan has
    already found the project a row without a clinic belongs to: None is the example clinic."""
    from handouts.world.core import DEFAULT_CLINIC, World, open_world

    workspace, clinic_id = open_world(clinic) if clinic else (World(), DEFAULT_CLINIC)
    _ = workspace.library  # parse now, once
    return workspace, clinic_id


def build_job(job: Job, out: str) -> Outcome:
    """Run in a worker: build one job and write it. Every failure becomes an Outcome."""
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
        built = build_to_file(workspace, request, target, job.imposition, pdfa=job.pdfa)
        digest = hashlib.sha256(built.data).hexdigest()
        return Outcome(job.index, job.where, job.output, "built", digest, len(built.data), job.key)
    except HandoutsError as exc:
        message = "; ".join(d.format() for d in exc.diagnostics)
        return Outcome(job.index, job.where, job.output, "failed", key=job.key, error=_private(message, job, out))
    except OSError as exc:  # no room, no permission: the reason, never the path (it may hold a name)
        return Outcome(job.index, job.where, job.output, "failed", key=job.key,
                       error=f"can't write the PDF: {(exc.strerror or type(exc).__name__).lower()}")
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


def _private(message: str, job: Job, out: str) -> str:
    """An engine message about `job` with its output path and personal text taken out."""
    target = Path(out) / job.output
    paths = [str(target), display_path(target), str(target.resolve()), job.output]
    for path in sorted(set(paths), key=len, reverse=True):
        message = message.replace(path, f"<output of {job.where}>")
    return scrub(message, _personal(job))


def _write_manifest(out: Path, name: str, report: Report) -> None:
    """Account for every row: output (built or up to date), failed, refused, not built."""
    from handouts.pdf.render import write_atomic

    outputs = sorted((o for o in report.outcomes if o.status in ("built", "skipped")), key=lambda o: o.output)
    failed = sorted((o for o in report.outcomes if o.status == "failed"), key=lambda o: (o.where, o.index))
    data = {
        "tool": f"handouts {__version__}",
        "complete": report.interrupted is None,
        "outputs": [{"job": o.where, "output": o.output, "status": "built" if o.status == "built" else "up to date",
                     "sha256": o.sha256, "size": o.size, "key": o.key} for o in outputs],
        "failed": [{"job": o.where, "error": o.error} for o in failed],
        "refused": [{"job": f"{d.file}:{d.line}", "error": d.format()} for d in report.refused],
        "not_built": [{"job": job.where, "output": job.output} for job in report.not_built],
    }
    try:
        write_atomic(out / name, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
        journal = out / _journal_name(name)
        if journal.exists():
            journal.unlink()
    except OSError as exc:
        raise write_error(out / name, exc) from None

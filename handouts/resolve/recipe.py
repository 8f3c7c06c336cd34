"""Stage 2, resolve: one recipe + one language + one clinic -> a plain `Leaflet`.

All translation, pluralisation and date formatting happens here. Every problem found (an
unknown id, a missing translation) is collected and raised together as one `HandoutsError`
whose diagnostics point into the source file that caused it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from pydantic import ValidationError

from handouts import leaflet as lf
from handouts.diagnostics import Diagnostic, HandoutsError, did_you_mean, error
from handouts.layout.kinds import SUPPORTS, printers_of, supports
from handouts.resolve.changes import DosageChange
from handouts.resolve.dosage import dosage_sentences
from handouts.resolve.i18n import Catalogue
from handouts.resolve.request import Request, personal_options, personal_text
from handouts.resolve.typography import typeset_leaflet
from handouts.source import model
from handouts.source.images import PictureError, load_logo, load_picture
from handouts.source.load import Library, Source
from handouts.source.yamlsafe import YamlDocument


def resolve_leaflet(library: Library, catalogues: Mapping[str, Catalogue], request: Request) -> lf.Leaflet:
    recipe = _lookup(library, "recipes", request.recipe, "recipe")
    return resolve_recipe(library, catalogues, recipe, library.source("recipes", recipe.id), request)


MAX_COMPOSED_NOTES = 50  # notes in one composed leaflet; a recipe may have 200 sections


def compose_leaflet(library: Library, catalogues: Mapping[str, Catalogue], request: Request) -> lf.Leaflet:
    """The `sheet-a4` leaflet for `request.compose`: its notes, its exercises, the contact block."""
    cat = _catalogue(catalogues, request.lang)
    composition = request.compose
    assert composition is not None  # build.py composes only a request with `compose`
    # counted before the model is made: its own caps would be a traceback here, not a message
    for option, given, most in (("--exercise", composition.exercises, model.MAX_EXERCISES),
                                ("--with-note", composition.notes, MAX_COMPOSED_NOTES)):
        if len(given) > most:
            raise error(f"{option} is given {len(given)} times, more than {most}", "request.too-many",
                        hint="a leaflet a patient can follow: make several")
    for exercise_id in composition.exercises:
        _lookup(library, "exercises", exercise_id, "exercise")
    for note_id in composition.notes:
        _lookup(library, "notes", note_id, "note")
    recipe = model.Recipe(
        id="compose", version=1, layout="sheet-a4",
        title={request.lang: composition.title or cat.text("compose.title")},
        sections=(*(model.NoteSection(kind="note", note=n) for n in composition.notes),
                  model.ExercisesSection(kind="exercises", exercises=tuple(
                      model.ExerciseRef(id=e) for e in composition.exercises)),
                  model.ContactSection(kind="contact")),
    )
    source = Source(YamlDocument(Path("<command line>"), {}, {}), "command line")
    return resolve_recipe(library, catalogues, recipe, source, request)


def resolve_recipe(library: Library, catalogues: Mapping[str, Catalogue], recipe: model.Recipe,
                   recipe_src: Source, request: Request) -> lf.Leaflet:
    """A recipe (from the library, or composed at the desk) as a leaflet for `request`."""
    cat = _catalogue(catalogues, request.lang)
    clinic = _lookup(library, "clinics", request.clinic, "clinic")
    r = _Resolver(library, cat, recipe.phase, _phase_filter(recipe, request.phase),
                  picks=request.picks, changes=_changes_by_exercise(request.changes), layout=recipe.layout)
    title = r.pick(request.lang, recipe.title, recipe_src, ("title",))
    subtitle = r.pick(request.lang, recipe.subtitle, recipe_src, ("subtitle",))
    info = r.info = r.clinic_info(clinic)
    sections = (r.section(s, recipe_src, ("sections", i)) for i, s in enumerate(recipe.sections))
    blocks = _with_phase_legend(tuple(b for b in sections if b is not None and b != _EMPTY), r, recipe, recipe_src)
    blocks = _with_log_rows(blocks)
    blocks = _with_contents(with_clinic_phone(with_picture_key(blocks, cat), info, cat))
    blocks = with_program_code(blocks, request, cat)
    credits = r.pick(request.lang, recipe.credits, recipe_src, ("credits",))
    if r.problems:
        raise HandoutsError(sorted(set(r.problems)))
    _check_requested_ids(library, r, request)
    blocks = _personal(request, cat, article=False) + blocks
    exercise_names = [card.name for b in blocks if isinstance(b, lf.ExerciseList) for card in b.cards]
    return typeset_leaflet(lf.Leaflet(
        lang=request.lang,
        locale=cat.locale,
        hyphenation=cat.text("language.hyphenation"),
        layout=recipe.layout,
        title=title,
        subtitle=subtitle,
        date=request.date,
        personal_text=tuple(personal_text(request, cat, article=False).items()),
        page_label=cat.text("page.number", page="{page}", total="{total}"),
        clinic=info,
        brand=lf.Brand(clinic.colors.brand, clinic.colors.accent),
        blocks=blocks,
        subject=subtitle or title,
        keywords=(f"{recipe.id} v{recipe.version}", *exercise_names),  # the id is for staff, not the page
        page_short=cat.text("page.short", page="{page}"),
        credits=_paragraphs(credits or ""),
        control=_control(recipe, cat, r.sources + [recipe_src, library.source("clinics", clinic.id)]),
        version=cat.text("control.version", n=recipe.version),
        scale=print_scale(request),
        picture_credits=_picture_credits(r, cat),
        origin=lf.Origin(recipe_src.file),
        warnings=tuple(r.warnings),
    ))


def origin_of(src: Source, loc: tuple) -> lf.Origin:
    """The origin of a block made from the value at `loc` of `src` (no line for what was not
    read from a file, such as a leaflet composed at the desk)."""
    if not src.document.marks:
        return lf.Origin(src.file)
    return lf.Origin(src.file, src.document.position(loc)[0])


def unsupported_section(layout: str, kind: str, src: Source, loc: tuple) -> Diagnostic:
    """A section the recipe's layout can't print, at its `kind:`, with the layouts that can."""
    others = [name for name in printers_of(kind) if name != layout]
    instead = f"use layout {' or '.join(others)}, or remove the section" if others else "remove the section"
    return src.diagnostic(loc + ("kind",), f"a '{layout}' leaflet can't print a '{kind}' section",
                          "recipe.unsupported-section",
                          f"{instead}; {layout} prints: {', '.join(sorted(SUPPORTS[layout]))}")


def _picture_credits(r: "_Resolver", cat: Catalogue) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(r.credits))
    return (cat.text("credits.pictures", credits="; ".join(unique)),) if unique else ()


def _changes_by_exercise(changes: tuple[DosageChange, ...]) -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for change in changes:
        by_id.setdefault(change.exercise, {})[change.key] = change.value
    return by_id


def _check_requested_ids(library: Library, r: "_Resolver", request: Request) -> None:
    """Every id in --pick and --set must name an exercise this leaflet prints."""
    wanted = list(request.picks or ()) + [c.exercise for c in request.changes]
    for exercise_id in wanted:
        if exercise_id not in r.seen:
            hint = did_you_mean(exercise_id, r.seen) or (
                "it is in the library but not in this recipe: use 'handouts compose'"
                if exercise_id in library.exercises else "'handouts list exercises' shows them")
            raise error(f"exercise '{exercise_id}' is not in this leaflet", "request.exercise", hint=hint)


def print_scale(request: Request) -> float:
    """The text scale a request asks for: 1, or the large-print edition's."""
    from handouts.layout.theme import LARGE_PRINT

    return LARGE_PRINT if request.large_print else 1.0


def _personal(request: Request, cat: Catalogue, article: bool) -> tuple[lf.Block, ...]:
    """The patient's name, therapist and notes, printed first. Their origins name the options
    they were given with, so no message ever needs to quote them."""
    values, options = personal_text(request, cat, article), personal_options(request)
    slots = [slot for slot in values if slot.startswith("patient.")]
    blocks: list[lf.Block] = [lf.PatientBox(tuple((slot, values[slot]) for slot in slots),
                                            tuple(options[slot] for slot in slots))] if slots else []
    if request.notes:
        blocks.append(lf.NoteBlock("tip", cat.text("patient.notes"), tuple(request.notes), (),
                                   lf.Origin(None, field="--note")))
    return tuple(blocks)


def _control(recipe: model.Recipe, cat: Catalogue, sources: list[Source]) -> str:
    """Document control, as the patient's language words it: the written date and a content
    hash. The recipe's id stays out of the page (it is in the PDF's keywords), and so does its
    review status: that is for the clinic (`handouts check`), not the patient."""
    digest = hashlib.sha256()
    for document in sorted({id(s.document): s.document for s in sources}.values(), key=lambda d: str(d.path.name)):
        digest.update(json.dumps(document.data, sort_keys=True, ensure_ascii=False).encode())
    parts = []
    if recipe.written:
        parts.append(cat.text("control.written", date=cat.date(dt.date.fromisoformat(recipe.written))))
    parts.append(f"#{digest.hexdigest()[:8]}")
    return " · ".join(parts)


_EMPTY = lf.ExerciseList(None, ())
_ARTICLE_SECTIONS = (model.FaqSection, model.KeyPointsSection, model.CasesSection, model.ThemedBoxSection,
                     model.SummarySection, model.ReferencesSection, model.DisclaimerSection,
                     model.RedFlagsSection)


def article_block(kind: str, value: Any, heading: str | None, cat: Catalogue, titled: bool = True) -> lf.Block:
    """One article block (faq, key-points, ...) from its validated, single-language value.

    Blocks print a default heading ("Vanliga frågor", "Kilder") unless `titled` is False: in
    Markdown, a block written right under its own `##` heading is introduced by that one.
    """
    default: Callable[[str], str | None]
    if not titled:
        heading = None
        default = lambda key: None  # noqa: E731
    else:
        default = cat.text
    if kind == "faq":
        return lf.Faq(heading or default("article.faq"), tuple((item.q, _paragraphs(item.a)) for item in value))
    if kind == "key-points":
        return lf.KeyPointsBox(value.title or cat.text("article.key_points"), value.items)
    if kind == "cases":
        return lf.Cases(heading, tuple(lf.CaseCard(
            cat.text("article.case_name", name=c.name, age=c.age) if c.age is not None else c.name,
            c.details, c.situation, c.advice, cat.text("article.case_situation"),
            cat.text("article.case_advice")) for c in value))
    if kind == "themed-box":
        return lf.ThemedBox(value.title, tuple((col.heading, col.items) for col in value.columns),
                            continued=cat.text("exercise.continued"))
    if kind == "summary":
        return lf.SummaryBox(value.title or default("article.summary"), value.items)
    if kind == "references":
        return lf.References(heading or default("article.references"), tuple((r.text, r.url) for r in value))
    if kind == "disclaimer":
        return lf.Disclaimer(_paragraphs(value.text))
    if kind == "red-flags":
        return lf.RedFlagsBox(value.title or cat.text("article.red_flags"), value.items, value.action)
    raise ValueError(f"unknown article block {kind!r}")


def _phase_filter(recipe: model.Recipe, phase: str | None) -> str | None:
    """The exercise flag that `--phase` (or the recipe's `phase.only`) keeps, or None for all."""
    if phase is None:
        return recipe.phase.flag if recipe.phase and recipe.phase.only else None
    if recipe.phase is None:
        raise error(f"recipe '{recipe.id}' marks no phases", "request.phase", hint="leave out --phase")
    if phase != recipe.phase.id:
        raise error(f"recipe '{recipe.id}' has no phase '{phase}'", "request.phase",
                    hint=did_you_mean(phase, [recipe.phase.id]) or f"its phase is '{recipe.phase.id}'")
    return recipe.phase.flag


def _log_rows(blocks: tuple[lf.Block, ...]) -> tuple[tuple[str, str], ...]:
    """(number, name) of every exercise the leaflet prints, numbered as its card."""
    return tuple((card.label.split()[-1], card.name) for block in blocks
                 if isinstance(block, lf.ExerciseList) for card in block.cards)


def _with_log_rows(blocks: tuple[lf.Block, ...]) -> tuple[lf.Block, ...]:
    """Each training log lists every exercise the leaflet prints, wherever the log stands."""
    rows = _log_rows(blocks)
    return tuple(replace(b, rows=rows) if isinstance(b, lf.TrainingLog) else b for b in blocks)


def with_fill(leaflet: lf.Leaflet, cat: Catalogue) -> lf.Leaflet:
    """`leaflet` for the imposed edition of a booklet: what to print on the blank pages the fold
    adds (`lf.Fill`). A log by day, the default of `kind: log`: its heads ("Må") fit their boxes
    at full size in large print too. No second log when the recipe prints one already."""
    rows = _log_rows(leaflet.blocks)
    log = None
    if rows and not any(isinstance(b, lf.TrainingLog) for b in leaflet.blocks):
        log = lf.TrainingLog(cat.text("log.heading"), cat.text("log.intro_day"), cat.text("log.exercise"),
                             tuple(cat.strings["log.days"]), rows)
    notes = next((b.heading for b in leaflet.blocks if isinstance(b, lf.NotesPage)), cat.text("notes.heading"))
    return replace(leaflet, fill=typeset_leaflet(lf.Fill(notes, log), leaflet.lang))


def _with_phase_legend(blocks: tuple[lf.Block, ...], r: "_Resolver", recipe: model.Recipe,
                       src: Source) -> tuple[lf.Block, ...]:
    """Explain the phase badge once, just before the first exercises that carry it (a badge a
    recipe gives one exercise says what it means itself)."""
    if recipe.phase is None:
        return blocks
    badge = r.pick(r.cat.lang, recipe.phase.badge, src, ("phase", "badge"))
    for i, block in enumerate(blocks):
        if isinstance(block, lf.ExerciseList) and any(card.badge == badge for card in block.cards):
            legend = r.pick(r.cat.lang, recipe.phase.legend, src, ("phase", "legend"))
            return (*blocks[:i], lf.PhaseLegend(badge, legend, origin_of(src, ("phase",))), *blocks[i:])
    return blocks


def with_program_code(blocks: tuple[lf.Block, ...], request: Request, cat: Catalogue,
                      hint: bool = True) -> tuple[lf.Block, ...]:
    """The program code in the contact block of a leaflet with exercises, for the desk to reopen
    the program at the next visit (resolve/program.py: never the patient's text). `hint`: the
    line that tells the patient what it is for ("so we can change your program"); an article
    has no program to change and prints the code without it."""
    from handouts.resolve.program import encode_program, program_of

    if not any(isinstance(b, lf.ExerciseList) and b.cards for b in blocks):
        return blocks
    program = program_of(request)
    if program is None or not any(isinstance(b, lf.ContactBlock) for b in blocks):
        return blocks
    code = lf.ProgramCode(encode_program(program), cat.text("contact.program"),
                          cat.text("contact.program_hint") if hint else "")
    return tuple(replace(b, program=code) if isinstance(b, lf.ContactBlock) else b for b in blocks)


def with_clinic_phone(blocks: tuple[lf.Block, ...], clinic: lf.ClinicInfo, cat: Catalogue) -> tuple[lf.Block, ...]:
    """The clinic's phone (and hours) in every warning box: a reader in a hurry should not have
    to look for the number on the last page."""
    lines = {line.label: line.value for line in clinic.contact if line.label}
    phone = lines.get(cat.text("contact.phone"))
    if not phone:
        return blocks
    hours = lines.get(cat.text("contact.hours"))
    call = f"{clinic.name}: {phone}" + (f" ({hours})" if hours else "")
    return tuple(replace(b, call=call) if isinstance(b, lf.RedFlagsBox) else b for b in blocks)


def with_picture_key(blocks: tuple[lf.Block, ...], cat: Catalogue) -> tuple[lf.Block, ...]:
    """Explain the pictures' symbols once: with the first exercises that have drawn pictures;
    and the framed top view of the feet with the first exercises that have one (in the same
    key when they are the same exercises: a fourth item in the first key took an A5 booklet a
    line, and a page, it did not have)."""
    drawn = next((i for i, b in enumerate(blocks) if isinstance(b, lf.ExerciseList)
                  and any(card.figure is not None for card in b.cards)), None)
    if drawn is None:
        return blocks
    feet = next((i for i, b in enumerate(blocks) if shows_feet_from_above(b)), None)
    above = cat.text("picture.above") if feet is not None else None
    key = lf.PictureKey(cat.text("picture.hold"), cat.text("picture.move"), cat.text("picture.start"))
    if feet == drawn:
        return _keyed(blocks, drawn, replace(key, above=above))
    blocks = _keyed(blocks, drawn, key)
    return blocks if feet is None else _keyed(blocks, feet, lf.PictureKey(None, None, None, above))


def _keyed(blocks: tuple[lf.Block, ...], i: int, key: lf.PictureKey) -> tuple[lf.Block, ...]:
    """`blocks` with `key` printed with the exercises `blocks[i]`: beside their section's
    heading when they have none of their own (past a phase legend), else beside theirs. A key
    already there (the first key, over the same section's first exercises) takes the new items."""
    block = blocks[i]
    h = i - 1
    while h >= 0 and isinstance(blocks[h], lf.PhaseLegend):
        h -= 1
    before = blocks[h] if h >= 0 else None
    at = h if isinstance(block, lf.ExerciseList) and block.heading is None and isinstance(before, (lf.Heading, lf.Part)) else i
    holder = blocks[at]
    assert isinstance(holder, (lf.ExerciseList, lf.Heading, lf.Part))
    held = holder.picture_key
    if held is not None:
        key = replace(held, above=key.above or held.above)
    return (*blocks[:at], replace(holder, picture_key=key), *blocks[at + 1:])


def shows_feet_from_above(block: lf.Block) -> bool:
    """Whether one of `block`'s pictures has the framed top view of the feet (not the close-up
    from the side): the key then says what that frame is."""
    return isinstance(block, lf.ExerciseList) and any(getattr(card.figure, "feet_from_above", False)
                                                      for card in block.cards)


def _with_contents(blocks: tuple[lf.Block, ...]) -> tuple[lf.Block, ...]:
    """Fill each table of contents with the parts, notes pages and main headings."""
    # Only headings with a key are listed, so `or ""` never applies; it tells the type checker.
    entries = tuple(lf.ContentsEntry(b.key or "", b.title if isinstance(b, lf.Part) else
                                     b.text if isinstance(b, lf.Heading) else b.heading)
                    for b in blocks if isinstance(b, (lf.Part, lf.NotesPage)) or
                    isinstance(b, lf.Heading) and b.key)
    return tuple(replace(b, entries=entries) if isinstance(b, lf.Contents) else b for b in blocks)


def _catalogue(catalogues: Mapping[str, Catalogue], lang: str) -> Catalogue:
    if lang not in catalogues:
        known = ", ".join(sorted(catalogues))
        raise error(f"unknown language '{lang}'", "request.language",
                    hint=did_you_mean(lang, catalogues) or f"choose one of: {known}")
    return catalogues[lang]


def _lookup(library: Library, kind: str, item_id: str, noun: str) -> Any:
    items = library.items(kind)
    if item_id not in items:
        hint = did_you_mean(item_id, items) or f"'handouts list {kind}' shows them"
        raise error(f"unknown {noun} '{item_id}'", f"request.unknown-{noun}", hint=hint)
    return items[item_id]


@dataclass
class _Resolver:
    library: Library
    cat: Catalogue
    phase: model.PhaseMark | None = None  # the recipe's phase mark, for badges
    keep_flag: str | None = None  # with --phase: only exercises with this flag
    info: lf.ClinicInfo | None = None  # the leaflet's clinic, for contact sections
    picks: tuple[str, ...] | None = None  # --pick: only these exercises, in this order in each section
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # --set, by exercise id
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # printed, but the build goes on
    sources: list[Source] = field(default_factory=list)  # what the leaflet was made from
    credits: list[str] = field(default_factory=list)  # of the pictures used
    seen: set[str] = field(default_factory=set)  # exercise ids this leaflet could print
    layout: str | None = None  # the recipe's layout: sections it does not print are refused
    exercise_number: int = 0
    part_number: int = 0

    def keeps(self, exercise_id: str) -> bool:
        self.seen.add(exercise_id)
        if self.picks is not None and exercise_id not in self.picks:
            return False
        exercise = self.library.exercises.get(exercise_id)
        return self.keep_flag is None or exercise is None or self.keep_flag in exercise.phases

    def pick(self, lang: str, value: Any, source: Source, loc: tuple) -> Any:
        """The `lang` entry of a translated value; a missing entry is a problem, never a fallback."""
        if value is None or isinstance(value, str):
            return value
        if lang not in value:
            present = ", ".join(sorted(value))
            self.problems.append(source.diagnostic(
                loc, f"missing '{lang}' translation (has: {present})", "content.missing-translation",
                f"add a '{lang}:' entry"))
            return None
        return value[lang]

    def section(self, section: model.Section, src: Source, loc: tuple) -> lf.Block | None:
        """The block for one recipe section at `loc` of `src`, placed there unless its text was
        written elsewhere (a note's file); None, and a problem noted, if it can't be printed."""
        if self.layout is not None and not supports(self.layout, section.kind):
            self.problems.append(unsupported_section(self.layout, section.kind, src, loc))
            return None
        block = self.section_block(section, src, loc)
        if block is None or block is _EMPTY or block.origin is not None:
            return block
        return replace(block, origin=origin_of(src, loc))

    def section_block(self, section: model.Section, src: Source, loc: tuple) -> lf.Block | None:
        lang = self.cat.lang
        heading = self.pick(lang, getattr(section, "heading", None), src, loc + ("heading",))
        if isinstance(section, model.ProseSection):
            text = self.pick(lang, section.text, src, loc + ("text",)) or ""
            return lf.Prose(heading, _paragraphs(text))
        if isinstance(section, model.ListSection):
            return lf.Bullets(heading, tuple(self.pick(lang, section.items, src, loc + ("items",)) or ()))
        if isinstance(section, model.NoteSection):
            return self.note(section.note, src, loc + ("note",))
        if isinstance(section, model.ExercisesSection):
            refs = [(i, ref) for i, ref in enumerate(section.exercises) if self.keeps(ref.id)]
            if (picks := self.picks) is not None:  # --pick orders them too, within their own section
                refs.sort(key=lambda kept: picks.index(kept[1].id))
            cards = [self.card(ref, src, loc + ("exercises", i)) for i, ref in refs]
            if not refs:
                return _EMPTY  # every exercise filtered out by --phase: drop the heading too
            return lf.ExerciseList(heading, tuple(c for c in cards if c is not None))
        if isinstance(section, model.PartSection):
            self.part_number += 1
            lead = self.pick(lang, section.lead, src, loc + ("lead",)) if section.lead else None
            return lf.Part(f"part-{self.part_number}", self.pick(lang, section.title, src, loc + ("title",)), lead)
        if isinstance(section, model.ContentsSection):
            return lf.Contents(heading or self.cat.text("contents.heading"), (), self.cat.text("contents.pages", pages="{pages}"))
        if isinstance(section, _ARTICLE_SECTIONS):
            field = "box" if hasattr(section, "box") else "text" if hasattr(section, "text") else "items"
            value = self.pick(lang, getattr(section, field), src, loc + (field,))
            if value is None:
                return None
            if isinstance(section, model.DisclaimerSection):
                value = model.Disclaimer(text=value)
            return article_block(section.kind, value, heading, self.cat)
        if isinstance(section, model.NotesPageSection):
            self.part_number += 1
            note = self.note(section.note, src, loc + ("note",)) if section.note else None
            return lf.NotesPage(f"part-{self.part_number}", heading or self.cat.text("notes.heading"), note)
        if isinstance(section, model.LogSection):
            if section.by == "day":
                columns = tuple(self.cat.strings["log.days"])
            else:
                columns = tuple(self.cat.text("log.week", n=n) for n in range(1, section.weeks + 1))
            return lf.TrainingLog(heading or self.cat.text("log.heading"), self.cat.text(f"log.intro_{section.by}"),
                                  self.cat.text("log.exercise"), columns)
        if isinstance(section, model.ContactSection):
            assert self.info is not None  # resolve_recipe sets the clinic before any section
            return lf.ContactBlock(heading or self.cat.text("contact.heading"), self.info)
        raise AssertionError(f"unhandled section {type(section).__name__}")

    def note(self, note_id: str, src: Source, loc: tuple) -> lf.NoteBlock | None:
        note = self.library.notes.get(note_id)
        if note is not None:
            self.sources.append(self.library.source("notes", note_id))
        if note is None:
            self.problems.append(src.diagnostic(loc, f"unknown note '{note_id}'", "content.unknown-note",
                                                did_you_mean(note_id, self.library.notes)))
            return None
        text = self.pick(self.cat.lang, note.text, self.library.source("notes", note_id), ("text",))
        if text is None:
            return None
        origin = origin_of(self.library.source("notes", note_id), ("text", self.cat.lang))
        return lf.NoteBlock(note.kind, text.title, _paragraphs(text.body or ""), text.items, origin)

    def card(self, ref: model.ExerciseRef, src: Source, loc: tuple) -> lf.ExerciseCard | None:
        exercise = self.library.exercises.get(ref.id)
        if exercise is None:
            self.problems.append(src.diagnostic(loc, f"unknown exercise '{ref.id}'", "content.unknown-exercise",
                                                did_you_mean(ref.id, self.library.exercises)))
            return None
        exercise_src = self.library.source("exercises", ref.id)
        self.sources.append(exercise_src)
        text = self.pick(self.cat.lang, exercise.text, exercise_src, ("text",))
        if text is None:
            return None
        overrides = ref.dosage_changes()
        overrides.update(self.changes.get(ref.id, {}))
        try:  # validate the merged dosage, so `--set x.reps=0` is refused like reps: 0 in a file
            dosage = model.Dosage.model_validate({**exercise.dosage.model_dump(exclude_defaults=True), **overrides})
        except ValidationError as exc:
            detail = exc.errors(include_url=False)[0]
            raise error(f"dosage of '{ref.id}': {'.'.join(map(str, detail['loc']))}: {detail['msg'].lower()}",
                        "request.set") from None
        self.exercise_number += 1
        return lf.ExerciseCard(
            id=exercise.id,
            label=self.cat.text("exercise.label", n=self.exercise_number),
            name=text.name,
            purpose=text.purpose,
            steps=text.steps,
            dosage=dosage_sentences(dosage, self.cat),
            cautions=text.cautions,
            caution_label=self.cat.text("exercise.caution"),
            illustration=None,
            badge=self.pick(self.cat.lang, ref.badge, src, (*loc, "badge")) if ref.badge else self.badge(exercise),
            video_url=exercise.video,
            video_label=self.cat.text("exercise.video"),
            figure=(figure := self.figure(exercise)),
            photo=self.photo(exercise, exercise_src),
            alt=self.alt(exercise, figure),
            origin=origin_of(exercise_src, ("text", self.cat.lang)),
            no_picture=self.no_picture(exercise, exercise_src, figure),
            continued=self.cat.text("exercise.continued"),
            goes_on=self.cat.text("exercise.goes_on"),
        )

    def no_picture(self, exercise: model.Exercise, src: Source, figure) -> str:
        """The words in an empty picture frame; and a warning that the card has no picture."""
        if figure is None and exercise.illustration is None and exercise.id not in self.library.figure_files:
            self.warnings.append(src.diagnostic(
                (), f"exercise '{exercise.id}' has no picture: its card prints an empty frame", "picture.missing",
                f"add figures/{exercise.id}.yaml (it may start from a built-in one with 'extends:') "
                "or an illustration", severity="warning"))
        return self.cat.text("picture.missing")

    def figure(self, exercise: model.Exercise):
        if exercise.illustration is not None:
            return None  # the clinic's own picture replaces the drawing
        try:
            return self.library.figure(exercise.id)
        except HandoutsError as exc:
            self.problems.extend(exc.diagnostics)
            return None

    def photo(self, exercise: model.Exercise, src: Source):
        """The clinic's own picture of `exercise`, checked and re-encoded; its credit noted."""
        own = exercise.illustration
        if own is None:
            return None
        root = src.document.path.parent.parent  # the folder that holds exercises/
        try:
            picture = load_picture(self.library.world, root, own.file)
        except PictureError as exc:
            self.problems.append(src.diagnostic(("illustration", "file"), str(exc), exc.code))
            return None
        if own.credit or own.licence:
            self.credits.append(" ".join(filter(None, (own.credit, f"({own.licence})" if own.licence else None))))
        return picture

    def alt(self, exercise: model.Exercise, figure) -> str | None:
        own = exercise.illustration
        if own is not None and own.alt:
            return own.alt.get(self.cat.lang)
        return figure.alt.get(self.cat.lang) if figure and own is None else None

    def badge(self, exercise: model.Exercise) -> str | None:
        if self.phase is None or self.phase.flag not in exercise.phases:
            return None
        return self.phase.badge.get(self.cat.lang)

    def clinic_info(self, clinic: model.Clinic) -> lf.ClinicInfo:
        src = self.library.source("clinics", clinic.id)
        lang, cat = self.cat.lang, self.cat
        lines: list[lf.ContactLine] = []
        if clinic.address:
            a = clinic.address
            lines.append(lf.ContactLine(None, a.street))
            lines.append(lf.ContactLine(None, f"{a.postcode} {a.town}"))
            if a.country:
                lines.append(lf.ContactLine(None, a.country))
        for key, value in (("phone", clinic.phone), ("email", clinic.email), ("web", clinic.web)):
            if value:
                lines.append(lf.ContactLine(cat.text(f"contact.{key}"), value))
        if clinic.hours:
            hours = self.pick(lang, clinic.hours, src, ("hours",))
            if hours:
                lines.append(lf.ContactLine(cat.text("contact.hours"), hours))
        logo = None
        if clinic.logo:
            try:
                logo = load_logo(self.library.world, src.document.path.parent, clinic.logo)
            except PictureError as exc:
                self.problems.append(src.diagnostic(("logo",), str(exc), exc.code))
        qr_url = None
        if clinic.web and clinic.qr:
            qr_url = clinic.web if "://" in clinic.web else f"https://{clinic.web}"
        return lf.ClinicInfo(
            name=self.pick(lang, clinic.name, src, ("name",)) or clinic.id,
            department=self.pick(lang, clinic.department, src, ("department",)),
            contact=tuple(lines),
            logo=logo,
            qr_url=qr_url,
            origin=lf.Origin(src.file),
        )


def _paragraphs(text: str) -> tuple[str, ...]:
    """Blank-line separated paragraphs; single line breaks inside one are spaces."""
    return tuple(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def resolve_exercise(library: Library, catalogues: Mapping[str, Catalogue], exercise_id: str,
                     lang: str) -> lf.ExerciseCard:
    """One exercise as a card in `lang`, for `handouts show`."""
    cat = _catalogue(catalogues, lang)
    _lookup(library, "exercises", exercise_id, "exercise")
    r = _Resolver(library, cat)
    card = r.card(model.ExerciseRef(id=exercise_id), library.source("exercises", exercise_id), ())
    if r.problems:
        raise HandoutsError(r.problems)
    assert card is not None  # no card only with a problem
    return typeset_leaflet(card, lang)


def resolve_note(library: Library, catalogues: Mapping[str, Catalogue], note_id: str,
                 lang: str) -> lf.NoteBlock:
    """One note in `lang`, for `handouts show`."""
    cat = _catalogue(catalogues, lang)
    _lookup(library, "notes", note_id, "note")
    r = _Resolver(library, cat)
    note = r.note(note_id, library.source("notes", note_id), ())
    if r.problems:
        raise HandoutsError(r.problems)
    assert note is not None  # no note only with a problem
    return typeset_leaflet(note, lang)


def display_name(value: Any, lang: str | None) -> str:
    """A translated name for listings: the `lang` entry, else the entries joined."""
    if value is None or isinstance(value, str):
        return value or ""
    if lang and lang in value:
        return value[lang]
    return " / ".join(value[k] for k in sorted(value))

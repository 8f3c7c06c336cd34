"""Preferred terms: the words each language's glossary says a leaflet should not use.

Each language has a glossary beside its catalogue (`assets/i18n/terms-<lang>.yaml`, schema:
source/model.py `Glossary`), read through the world like every other content file. Every text
of every content file the library holds (exercises, notes, recipes, clinics: the texts under a
language key; Markdown articles: the whole file in its language; the catalogues' own phrases) is searched for the words it
lists, and for letters of the neighbouring language inside a word. Web addresses are not text.

Severity: a warning (an error under `check --strict`), at the file, line and column of the word.

Contract: `term_findings(workspace)` -> list of `Diagnostic`; raises nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import ValidationError

from handouts.diagnostics import Diagnostic, HandoutsError, display_path
from handouts.resolve.i18n import GLOSSARY_PREFIX
from handouts.source import model
from handouts.source.load import Source, schema_diagnostics
from handouts.world.core import World

CODE = "language.term"
_ADDRESS = re.compile(r"(https?://|mailto:|tel:|www\.)[^\s)\]>\"']+")
_NOT_TEXT = frozenset({"id", "url", "video", "file", "logo", "web", "email", "phone"})  # keys whose values are no prose
_MAX_ARTICLE_CHARS = 200_000


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    message: str  # "{word}" is filled in with what was found
    hint: str | None


def load_glossaries(workspace: World) -> tuple[dict[str, list[_Rule]], list[Diagnostic]]:
    """Each language's rules, and the problems with glossary files (schema errors at their line)."""
    from handouts.world.assets import catalogue_dir

    rules: dict[str, list[_Rule]] = {}
    problems: list[Diagnostic] = []
    languages = set(workspace.catalogues)
    for path in workspace.files(catalogue_dir(), ".yaml"):
        if not path.name.startswith(GLOSSARY_PREFIX):
            continue
        lang = path.stem.removeprefix(GLOSSARY_PREFIX)
        try:
            document = workspace.yaml(path)
        except HandoutsError as exc:
            problems += exc.diagnostics
            continue
        source = Source(document, "built-in")
        try:
            glossary = model.Glossary.model_validate(document.data)
        except ValidationError as exc:
            problems += schema_diagnostics(exc, source)
            continue
        if glossary.lang != lang or lang not in languages:
            problems.append(source.diagnostic(("lang",), f"a glossary for '{glossary.lang}' in {path.name}",
                                              "schema.glossary-lang",
                                              f"terms-<lang>.yaml for a language of {sorted(languages)}"))
            continue
        rules[lang] = _rules(glossary)
    return rules, problems


def _rules(glossary: model.Glossary) -> list[_Rule]:
    rules = []
    for term in glossary.terms:
        words = "|".join(_word_pattern(word) for word in sorted(term.avoid, key=len, reverse=True))
        instead = f": write '{term.use}'" if term.use else ": rephrase"
        rules.append(_Rule(re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE),
                           f"'{{word}}' is a word to avoid in {glossary.lang}{instead} ({term.why})",
                           f"terms-{glossary.lang}.yaml lists it"))
    if glossary.letters:
        letters = re.escape(glossary.letters)
        rules.append(_Rule(re.compile(rf"\w*[{letters}]\w*", re.IGNORECASE),
                           f"'{{word}}' is spelt with letters of another language ({glossary.letters}), "
                           f"not {glossary.lang}", "a word left in the other language?"))
    return rules


def _word_pattern(word: str) -> str:
    stem, star = (word[:-1], r"\w*") if word.endswith("*") else (word, "")
    return r"\s+".join(re.escape(part) for part in stem.split()) + star


def term_findings(workspace: World) -> list[Diagnostic]:
    from handouts.world.assets import catalogue_dir

    rules, findings = load_glossaries(workspace)
    library = workspace.library
    languages = set(library.languages)
    for (kind, item_id), source in sorted(library.sources.items()):
        del kind, item_id
        for lang, loc, text in _texts(source.document.data, (), None, languages):
            if lang in rules:
                findings += _yaml_findings(source, loc, text, rules[lang])
    for path in workspace.files(catalogue_dir(), ".yaml"):  # the words printed around the content
        lang = path.stem
        if lang in rules and not path.name.startswith(GLOSSARY_PREFIX):
            try:
                source = Source(workspace.yaml(path), "built-in")
            except HandoutsError:
                continue  # a broken catalogue stops every build: reported there
            for _, loc, text in _texts({lang: source.document.data}, (), None, {lang}):
                findings += _yaml_findings(source, loc[1:], text, rules[lang])
    for (article_id, lang), article in sorted(library.articles.items()):
        del article_id
        if lang in rules:
            findings += _article_findings(workspace, article.path, rules[lang])
    return findings


def _texts(node: Any, loc: tuple, lang: str | None, languages: set[str]) -> Iterator[tuple[str, tuple, str]]:
    """(language, place, text) of every string under a language key of a YAML document."""
    if isinstance(node, str):
        if lang is not None:
            yield lang, loc, node
    elif isinstance(node, dict):
        by_language = lang is None and node and set(node) <= languages
        for key, value in node.items():
            if key in _NOT_TEXT:
                continue
            yield from _texts(value, loc + (key,), key if by_language else lang, languages)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, loc + (i,), lang, languages)


def _matches(text: str, rules: list[_Rule]) -> Iterator[tuple[int, str, _Rule]]:
    """(offset, word, rule) of each finding in `text`, web addresses blanked out."""
    text = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    for rule in rules:
        for found in rule.pattern.finditer(text):
            yield found.start(), found.group(), rule


def _yaml_findings(source: Source, loc: tuple, text: str, rules: list[_Rule]) -> list[Diagnostic]:
    findings = []
    start, col = source.document.position(loc)
    lines = source.document.text.splitlines()
    for _, word, rule in _matches(text, rules):
        # the value's text in the file may be folded over lines: find the word from its first line
        line, column = start, col
        for number in range(start, len(lines) + 1):
            at = _find(lines[number - 1], word, col if number == start else 1)
            if at is not None:
                line, column = number, at
                break
        findings.append(Diagnostic(source.file, line, column, "warning", rule.message.format(word=word),
                                   CODE, rule.hint))
    return findings


def _article_findings(workspace: World, path, rules: list[_Rule]) -> list[Diagnostic]:
    try:
        text = workspace.text(path, _MAX_ARTICLE_CHARS * 4, "article")
    except HandoutsError:
        return []  # the build reports an article it can't read
    findings = []
    shown = display_path(path)
    for number, line in enumerate(text.splitlines(), 1):
        for offset, word, rule in _matches(line, rules):
            findings.append(Diagnostic(shown, number, offset + 1, "warning", rule.message.format(word=word),
                                       CODE, rule.hint))
    return findings


def _find(line: str, word: str, start_col: int) -> int | None:
    """The 1-based column of `word` (its spaces may be any run of white space) in `line`."""
    pattern = r"\s+".join(re.escape(part) for part in word.split())
    found = re.compile(rf"(?<!\w){pattern}", re.IGNORECASE).search(line, max(start_col - 1, 0))
    return found.start() + 1 if found else None

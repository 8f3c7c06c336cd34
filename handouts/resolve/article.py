"""Resolve a Markdown article (front matter + body) into a `Leaflet` for the `article` layout.

The body is parsed by markdown-it-py with raw HTML switched off, so `<img src=...>` and friends
stay text. Fenced blocks named `exercises`, `faq`, `key-points`, `cases`, `themed-box`,
`summary`, `references` and `disclaimer` hold YAML, read by the strict reader and validated by
the same models recipes use. Pictures go through `images.load_picture`; a missing picture is a
warning and prints as a framed placeholder.

Contract: `resolve_article(library, catalogues, path, request)` -> `Leaflet` (with warnings);
raises `HandoutsError` for anything that stops the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from pydantic import TypeAdapter, ValidationError

from handouts import leaflet as lf
from handouts.diagnostics import Diagnostic, HandoutsError, display_path, error
from handouts.resolve.i18n import Catalogue
from handouts.resolve.recipe import (
    Request,
    _catalogue,
    _check_requested_ids,
    _lookup,
    _paragraphs,
    _personal,
    _Resolver,
    _with_contents,
    article_block,
    print_scale,
    with_clinic_phone,
    with_picture_key,
    with_program_code,
)
from handouts.resolve.request import personal_text
from handouts.resolve.typography import typeset_leaflet
from handouts.source import model
from handouts.source.images import PictureError, load_picture
from handouts.source.load import Library, Source, schema_diagnostics
from handouts.source.yamlsafe import parse_yaml

if TYPE_CHECKING:
    from handouts.world.core import World

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)
_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3})\.md$")
_EXERCISES = TypeAdapter(model.ExerciseRefs)
MAX_ARTICLE_BYTES = 256 * 1024  # the longest built-in article has 13 KB; a leaflet is read in one sitting
_FENCES = {name: TypeAdapter(shape) for name, shape in model.FENCE_MODELS.items()}


def article_language(path: Path) -> str | None:
    match = _LANG_SUFFIX.search(path.name)
    return match.group(1) if match else None


def resolve_article(library: Library, catalogues: Mapping[str, Catalogue], path: Path,
                    request: Request) -> lf.Leaflet:
    cat = _catalogue(catalogues, request.lang)
    shown = display_path(path)
    given = [option for option, value in (("--set", request.changes), ("--pick", request.picks),
                                          ("--phase", request.phase)) if value]
    if given:  # never silently print something other than what was asked for
        verb = "changes" if len(given) == 1 else "change"
        raise error(f"{' and '.join(given)} {verb} a program's exercises; an article prints as it is written",
                    "request.article-options", hint="build the article without them, or build a recipe")
    text = library.world.text(path, MAX_ARTICLE_BYTES, "article")
    front = _FRONT.match(text)
    if not front:
        raise error("an article starts with front matter between two '---' lines", "article.front-matter",
                    file=shown, line=1, hint="add '---', 'title: ...', '---' at the top")
    document = parse_yaml(front.group(1), path, first_line=2)
    source = Source(document, "article")
    if not isinstance(document.data, dict):
        raise error("front matter must be keys and values", "article.front-matter", file=shown, line=2)
    try:
        meta = model.ArticleMeta.model_validate(document.data)
    except ValidationError as exc:
        raise HandoutsError(schema_diagnostics(exc, source)) from None
    warnings = [source.diagnostic((key,), f"front matter key '{key}' is not used", "article.unused-key",
                                  severity="warning") for key in sorted(meta.model_extra or {})]
    written_in = meta.lang or article_language(path)
    if written_in and written_in != request.lang:
        raise error(f"the article is written in '{written_in}', not '{request.lang}'", "article.language",
                    file=shown, line=1, hint=f"build it with --lang {written_in}")

    clinic = _lookup(library, "clinics", request.clinic, "clinic")
    resolver = _Resolver(library, cat)
    info = resolver.info = resolver.clinic_info(clinic)
    body_line = front.group(0).count("\n") + 1
    walker = _Walker(library, resolver, cat, path, shown, body_line, warnings, _site(library, clinic, path))
    blocks: list[lf.Block] = []
    if meta.previewImage:
        line = source.document.position(("previewImage",))[0]
        blocks.append(walker.figure(meta.previewImageAlt or "", meta.previewImage, line))
    _refuse_deep_nesting(text[front.end():], shown, body_line)
    blocks += walker.walk(text[front.end():])
    if meta.contents:
        at = 1 if blocks and isinstance(blocks[0], (lf.Lead, lf.Figure)) else 0
        at += 1 if len(blocks) > at and isinstance(blocks[at], lf.Lead) else 0
        blocks.insert(at, lf.Contents(cat.text("contents.heading"), (), cat.text("contents.pages", pages="{pages}"),
                                      lf.Origin(shown, document.position(("contents",))[0])))
    blocks.append(lf.ContactBlock(cat.text("contact.heading"), info, lf.Origin(shown)))
    if resolver.problems:
        raise HandoutsError(sorted(set(resolver.problems)))

    # who wrote it: the front matter's author, else the clinic that hands it out (never made up)
    byline = [cat.text("article.byline", author=meta.author or info.name)]
    published = _date(meta.datePublished)
    if published:  # "Skriven av … den 10 juli 2025": a date after a bare "·" did not say what it was
        byline[0] += " " + cat.text("article.written_on", date=cat.date(published))
    updated = _date(meta.lastUpdated)
    if updated and updated != published:
        byline.append(cat.text("article.updated", date=cat.date(updated)))
    names = [c.name for b in blocks if isinstance(b, lf.ExerciseList) for c in b.cards]
    _check_requested_ids(library, resolver, request)
    blocks = [*_personal(request, cat, article=True), *blocks]
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    article_id = path.name.removesuffix(".md")
    return typeset_leaflet(lf.Leaflet(
        lang=request.lang, locale=cat.locale, hyphenation=cat.text("language.hyphenation"), layout="article",
        title=meta.title, subtitle=None, date=request.date,
        personal_text=tuple(personal_text(request, cat, article=True).items()),
        page_label=cat.text("page.number", page="{page}", total="{total}"),
        clinic=info, brand=lf.Brand(clinic.colors.brand, clinic.colors.accent),
        # the code reopens the article at the desk (language, large print); never its patient
        blocks=with_program_code(_with_contents(with_clinic_phone(with_picture_key(tuple(blocks), cat), info, cat)),
                                 request, cat, hint=False),
        subject=meta.title, keywords=(article_id, *names),
        page_short=cat.text("page.short", page="{page}"), byline=" · ".join(byline) or None,
        warnings=tuple(warnings) + tuple(resolver.warnings),
        control=f"#{digest}",
        scale=print_scale(request), origin=lf.Origin(shown),
    ))


MAX_NESTING = 32  # brackets open inside brackets, as YAML nesting: a link in an image is 2
MAX_READ_AHEAD = 500_000  # characters markdown-it may scan for the ends of brackets never closed


def _refuse_deep_nesting(body: str, shown: str, first_line: int) -> None:
    """Refuse what makes markdown-it slow before it reads the body. For each '[' (and each '('
    opening a link's address, after ']') it looks ahead for the end: thousands open inside each
    other take minutes (`[[[[…`, `![a](![a](…`), and so do many never closed, each read to the
    end of its paragraph. So: at most `MAX_NESTING` open at once, and at most `MAX_READ_AHEAD`
    characters read ahead in all. A blank line ends a paragraph and whatever it left open; a
    backslash makes the next character plain text."""
    opened: list[tuple[str, int, int]] = []  # bracket, offset, line
    line, blank, escaped, read_ahead, previous = first_line, True, False, 0, ""

    def refuse(char: str, where: int, message: str) -> HandoutsError:
        return error(message, "article.nesting", file=shown, line=where,
                     hint=f"close it, or write a plain '{char}' as '\\{char}'")

    def paragraph_ends(at: int) -> None:
        nonlocal read_ahead
        for char, offset, where in opened:
            read_ahead += at - offset
            if read_ahead > MAX_READ_AHEAD:
                raise refuse(char, where, f"this '{char}' is never closed, and with the others like it, finding "
                                          f"out means reading more than {MAX_READ_AHEAD} characters ahead")
        opened.clear()

    for offset, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" or char == "(" and previous == "]":
            opened.append((char, offset, line))
            if len(opened) > MAX_NESTING:
                raise refuse(char, line, f"more than {MAX_NESTING} '[' or '](' are open here at once")
        elif char in "])" and opened and opened[-1][0] == ("[" if char == "]" else "("):
            opened.pop()
        previous = "" if escaped else char
        if char == "\n":
            if blank:
                paragraph_ends(offset)
            line, blank = line + 1, True
        elif not char.isspace():
            blank = False
    paragraph_ends(len(body))


def article_title(world: World, path: Path) -> str:
    """The title from an article's front matter, for listings ('' if it has none)."""
    front = _FRONT.match(world.text(path, MAX_ARTICLE_BYTES, "article"))
    if front:
        data = parse_yaml(front.group(1), path, first_line=2).data
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            return data["title"]
    return ""


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    day, month, year = (text.split("-") if len(text.split("-")[0]) == 2 else reversed(text.split("-")))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None  # the pattern admits 31-02-2025; print no date rather than a wrong one


def _site(library: Library, clinic: model.Clinic, article: Path) -> Path:
    """Where the site's root is for an article: the clinic's `site_root` inside its project, or
    the root (project, library, or the folder of a file given by path) that holds the article."""
    from handouts.world.paths import ReadError, inside

    world = library.world
    holder = world.root_of(article) or article.parent
    if clinic.site_root:
        project = library.source("clinics", clinic.id).document.path.parent
        try:
            return inside(project, clinic.site_root)
        except ReadError as exc:
            raise error(f"site_root: {exc.message}", exc.code, file=library.source("clinics", clinic.id).file,
                        hint="give a folder inside the project") from None
    return holder


class _Walker:
    """Turns markdown-it tokens into leaflet blocks, one pass, tracking source lines."""

    def __init__(self, library: Library, resolver: _Resolver, cat: Catalogue, path: Path, shown: str,
                 body_line: int, warnings: list[Diagnostic], site: Path):
        self.library, self.resolver, self.cat, self.site = library, resolver, cat, site
        self.path, self.shown, self.body_line, self.warnings = path, shown, body_line, warnings
        self.headings = 0
        self.exercises = 0  # across the article's exercise blocks

    def line(self, token) -> int:
        return self.body_line + (token.map[0] if token.map else 0)

    def at(self, block: lf.Block, token) -> lf.Block:
        """`block`, made from `token`, with its origin: the article and the token's first line."""
        return replace(block, origin=lf.Origin(self.shown, self.line(token)))

    def walk(self, body: str) -> list[lf.Block]:
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark", {"html": False}).parse(body)
        blocks: list[lf.Block] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open":
                level = 2 if token.tag in ("h1", "h2") else 3
                key = None
                if level == 2:
                    self.headings += 1
                    key = f"part-{self.headings}"
                blocks.append(self.at(lf.Heading(level, self.inline(tokens[i + 1]), key), token))
                i += 3
            elif token.type == "paragraph_open":
                text, pictures = self.inline_with_pictures(tokens[i + 1])
                if text.strip():
                    first = not blocks or all(isinstance(b, lf.Figure) for b in blocks)
                    blocks.append(self.at(lf.Lead(text) if first else lf.Prose(None, (text,)), token))
                blocks += [self.figure(alt, src, self.line(token)) for alt, src in pictures]
                i += 3
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                end = self.closing(tokens, i)
                items = tuple(self.inline(t) for t in tokens[i:end] if t.type == "inline")
                blocks.append(self.at(lf.Bullets(None, items, numbered=token.type == "ordered_list_open"), token))
                i = end + 1
            elif token.type == "blockquote_open":
                end = self.closing(tokens, i)
                blocks.append(self.at(lf.Quote(tuple(self.inline(t) for t in tokens[i:end] if t.type == "inline")), token))
                i = end + 1
            elif token.type == "fence" and token.info.strip():
                blocks.append(self.at(self.fence(token, titled=not (blocks and isinstance(blocks[-1], lf.Heading))), token))
                i += 1
            elif token.type in ("fence", "code_block"):
                blocks.append(self.at(lf.Prose(None, _paragraphs(token.content)), token))
                i += 1
            else:  # hr, and the closing tokens of what was handled above
                i += 1
        return blocks

    @staticmethod
    def closing(tokens, start: int) -> int:
        depth = 0
        for j in range(start, len(tokens)):
            depth += tokens[j].nesting
            if depth == 0:
                return j
        return len(tokens) - 1

    def inline(self, token) -> str:
        return self.inline_with_pictures(token)[0]

    def inline_with_pictures(self, token) -> tuple[str, list[tuple[str, str]]]:
        """Inline tokens as handouts' inline markup (**b**, *i*, [t](url)); pictures set aside."""
        out: list[str] = []
        pictures: list[tuple[str, str]] = []
        href: list[str] = []
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):  # literal text: its * and [ are not markup
                out.append(lf.literal(child.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(" ")
            elif kind in ("strong_open", "strong_close"):
                out.append("**")
            elif kind in ("em_open", "em_close"):
                out.append("*")
            elif kind == "link_open":
                href.append(str(child.attrs.get("href", "")))
                out.append("[")
            elif kind == "link_close":
                out.append(f"]({href.pop()})")
            elif kind == "image":
                pictures.append((child.content, str(child.attrs.get("src", ""))))
        return " ".join("".join(out).split()), pictures

    def figure(self, alt: str, reference: str, line: int) -> lf.Figure:
        # "/images/x.png", as static-site generators write them: from the site's root
        root, relative = (self.site, reference.lstrip("/")) if reference.startswith("/") else (self.path.parent, reference)
        try:
            picture = load_picture(self.library.world, root, relative)
        except PictureError as exc:
            if exc.code != "asset.missing":
                raise error(str(exc), exc.code, file=self.shown, line=line) from None
            self.warnings.append(Diagnostic(self.shown, line, None, "warning", str(exc), exc.code,
                                            "a framed placeholder with the alt text is printed instead"))
            return lf.Figure(alt or self.cat.text("article.missing_picture"), None, origin=lf.Origin(self.shown, line))
        return lf.Figure(alt, picture.data, picture.width, picture.height, lf.Origin(self.shown, line))

    def fence(self, token, titled: bool = True) -> lf.Block:
        name = token.info.strip().split()[0]
        line = self.line(token) + 1  # the fence's content starts below its opening line
        known = sorted([*_FENCES, "exercises"])
        if name not in known:
            raise error(f"unknown block '{name}'", "article.unknown-block", file=self.shown, line=line - 1,
                        hint=f"use one of: {', '.join(known)}")
        document = parse_yaml(token.content, self.path, first_line=line)
        source = Source(document, "article")
        if name == "exercises":
            try:
                refs = _EXERCISES.validate_python(document.data)
            except ValidationError as exc:
                raise HandoutsError(schema_diagnostics(exc, source)) from None
            self.exercises += len(refs)
            if self.exercises > model.MAX_EXERCISES:
                raise error(f"the article's exercise blocks name more than {model.MAX_EXERCISES} exercises",
                            "article.too-many-exercises", file=self.shown, line=line,
                            hint="a program a patient can follow: make several articles")
            cards = [self.resolver.card(ref, source, (i,)) for i, ref in enumerate(refs) if self.resolver.keeps(ref.id)]
            return lf.ExerciseList(None, tuple(c for c in cards if c is not None))
        try:
            value = _FENCES[name].validate_python(document.data)
        except ValidationError as exc:
            raise HandoutsError(schema_diagnostics(exc, source)) from None
        return article_block(name, value, None, self.cat, titled)

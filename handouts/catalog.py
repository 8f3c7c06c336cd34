"""Listings of the library for `handouts list`: plain rows, filtered, in id order."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .diagnostics import did_you_mean, error
from .load import Library
from .model import Position
from .resolve import display_name


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    origin: str  # "built-in", or the project folder whose version wins
    position: str | None = None
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_entries(library: Library, kind: str, lang: str | None = None, tag: str | None = None,
                 position: str | None = None) -> list[Entry]:
    if lang is not None and lang not in library.languages:
        raise error(f"unknown language '{lang}'", "request.language",
                    hint=did_you_mean(lang, library.languages) or f"choose one of: {', '.join(library.languages)}")
    positions = Position.__args__
    if position is not None and position not in positions:
        raise error(f"unknown position '{position}'", "request.position",
                    hint=did_you_mean(position, positions) or f"choose one of: {', '.join(positions)}")
    if kind == "articles":
        from .article import article_title

        return [Entry(article_id, article_title(file.path), file.origin, languages=(article_lang,))
                for (article_id, article_lang), file in sorted(library.articles.items())
                if lang is None or lang == article_lang]
    entries = []
    for item_id, item in sorted(library.items(kind).items()):
        if tag and tag not in getattr(item, "tags", ()):
            continue
        if position and getattr(item, "position", None) != position:
            continue
        if kind == "exercises":
            names = {k: v.name for k, v in item.text.items()}
        elif kind == "notes":
            names = {k: v.title for k, v in item.text.items()}
        elif kind == "recipes":
            names = item.title
        else:
            names = item.name
        entries.append(Entry(item_id, display_name(names, lang), library.source(kind, item_id).origin,
                             getattr(item, "position", None), tuple(getattr(item, "tags", ())),
                             tuple(sorted(names)) if isinstance(names, dict) else ()))
    return entries

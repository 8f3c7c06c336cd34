"""Listings of the library for `handouts list`: plain rows, filtered, in id order.

Listings come from an index of plain data kept in the store (world/store.py) with the files it
was made from: a warm `handouts list` checks those files, reads one JSON entry and imports
neither pydantic nor reportlab.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, get_args

from handouts.diagnostics import did_you_mean, error

if TYPE_CHECKING:
    from handouts.world.core import World


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


def list_entries(projects: Sequence[Path], kind: str, lang: str | None = None, tag: str | None = None,
                 position: str | None = None) -> list[Entry]:
    index = library_index(projects)
    if lang is not None and lang not in index["languages"]:
        raise error(f"unknown language '{lang}'", "request.language",
                    hint=did_you_mean(lang, index["languages"]) or f"choose one of: {', '.join(index['languages'])}")
    if position is not None and position not in index["positions"]:
        raise error(f"unknown position '{position}'", "request.position",
                    hint=did_you_mean(position, index["positions"]) or f"choose one of: {', '.join(index['positions'])}")
    entries = []
    for item in index[kind]:
        if tag and tag not in item["tags"]:
            continue
        if position and item["position"] != position:
            continue
        if lang and item["languages"] and lang not in item["languages"]:
            continue
        names = item["names"]
        name = names.get(lang) if lang and lang in names else " / ".join(names[k] for k in sorted(names))
        entries.append(Entry(item["id"], name, item["origin"], item["position"], tuple(item["tags"]),
                             tuple(item["languages"])))
    return entries


def library_index(projects: Sequence[Path]) -> dict[str, Any]:
    from handouts.world.core import World

    world = World(tuple(projects))
    key = world.store.key("listing", [str(root) for root, _ in world.roots()])
    return world.remembered("listing", key, lambda: _index(world))


def _index(world: World) -> dict[str, Any]:
    from handouts.resolve.article import article_title
    from handouts.source.model import Exercise, Note, Position, Recipe

    library = world.library
    index: dict[str, Any] = {"languages": list(library.languages), "positions": list(get_args(Position))}
    for kind in ("exercises", "notes", "recipes", "clinics"):
        rows = []
        for item_id, item in sorted(library.items(kind).items()):
            # each kind holds only its own class: the isinstance checks select as `kind` would
            if isinstance(item, Exercise):
                names = {k: v.name for k, v in item.text.items()}
            elif isinstance(item, Note):
                names = {k: v.title for k, v in item.text.items()}
            elif isinstance(item, Recipe):
                names = dict(item.title)
            else:
                names = item.name if isinstance(item.name, dict) else {"": item.name}
            rows.append({"id": item_id, "names": {k: v for k, v in names.items()},
                         "origin": library.source(kind, item_id).origin, "position": getattr(item, "position", None),
                         "tags": list(getattr(item, "tags", ())),
                         "languages": sorted(k for k in names if k)})
        index[kind] = rows
    index["articles"] = [{"id": article_id, "names": {lang: article_title(world, file.path)}, "origin": file.origin,
                          "position": None, "tags": [], "languages": [lang]}
                         for (article_id, lang), file in sorted(library.articles.items())]
    return index

"""UI string catalogues, one per language (`assets/i18n/<lang>.yaml`).

A language exists when its catalogue exists. The same folder holds each
language's glossary (`terms-<lang>.yaml`, read by `handouts check`: check/terms.py), which is
no catalogue. Catalogues hold the words the layouts print around the content (page numbers,
labels) and the phrases dosage sentences are built from, with singular and plural forms.

Contract: `load_catalogues(world)` -> `{lang: Catalogue}`; raises `HandoutsError` on a broken file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from handouts.diagnostics import display_path, error

if TYPE_CHECKING:
    from handouts.world.core import World

Number = int | tuple[int, int]
GLOSSARY_PREFIX = "terms-"  # terms-sv.yaml: a language's glossary, beside its catalogue


def format_number(n: Number) -> str:
    return f"{n[0]}–{n[1]}" if isinstance(n, tuple) else str(n)


@dataclass(frozen=True)
class Catalogue:
    lang: str
    strings: Mapping[str, Any]  # flattened: "page.number" -> "Side {page} af {total}"

    @property
    def locale(self) -> str:
        return self.strings["language.locale"]

    def text(self, key: str, **values: Any) -> str:
        template = self.strings[key]
        if not isinstance(template, str):
            raise KeyError(f"catalogue key {key!r} is not a plain string")
        return template.format(**values)

    def plural(self, key: str, n: Number, **values: Any) -> str:
        forms = self.strings[key]
        form = forms["one"] if n == 1 else forms["other"]
        return form.format(n=format_number(n), **values)

    def date(self, day: dt.date) -> str:
        month = self.strings["date.months"][day.month - 1]
        return self.strings["date.format"].format(day=day.day, month=month, year=day.year)


def load_catalogues(world: World) -> dict[str, Catalogue]:
    """Every catalogue in the assets' i18n folder, read through `world`."""
    from handouts.world.assets import catalogue_dir

    catalogues = {}
    for path in world.files(catalogue_dir(), ".yaml"):
        if path.name.startswith(GLOSSARY_PREFIX):
            continue
        document = world.yaml(path)
        if not isinstance(document.data, dict):
            raise error("a catalogue is a mapping of keys to strings", "i18n.shape",
                        file=display_path(path), line=1)
        catalogues[path.stem] = Catalogue(path.stem, _flatten(document.data))
    return catalogues


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) != {"one", "other"}:
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat

"""Templates kept between leaflets: per process in memory, and between runs on disk.

A template is a leaflet rendered without its personal text (layout/personal.py, render.py). Every
leaflet that differs from another only in that text, and whose text has the same shape (the
same number of lines in each slot), is the same template stamped differently. So a batch renders
a recipe once per worker, and a front desk printing the same program for patient after patient
renders it once at all: later runs find it in the cache folder (cache.py), keyed by a digest of
the leaflet and of the code and fonts that render it. Templates hold no patient data, and a
leaflet with the patient's own notes is not written to disk.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Hashable

from handouts.world.store import load, store

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet
    from handouts.pdf.render import Template

KEPT = 16  # leaflets whose templates a process keeps, the least recently used dropped first
_KEPT: OrderedDict[Hashable, list[tuple[Template, tuple[float, ...]]]] = OrderedDict()


def template_for(leaflet: Leaflet, keep_on_disk: bool = True) -> Template:
    """The template for `leaflet`: kept, stored or rendered now."""
    from handouts.layout.personal import shape
    from handouts.layout.theme import prepare

    prepare(leaflet.hyphenation)  # a stored template is measured and stamped without a layout
    impersonal = leaflet.impersonal()
    values = leaflet.personal()
    key = _frozen(impersonal)
    kept = _KEPT.setdefault(key, [])
    _KEPT.move_to_end(key)
    for template, template_shape in kept:
        if shape(template.forms, values) == template_shape:
            return template
    name, digest = _disk_name(impersonal) if keep_on_disk else ("", "")
    stored = load(name, digest) if keep_on_disk else None
    if stored is not None and shape(stored[0].forms, values) == stored[1]:
        entry = stored
    else:
        template = _render(leaflet)
        entry = (template, shape(template.forms, values))
        if keep_on_disk:
            store(name, digest, entry)
    kept.append(entry)
    while len(_KEPT) > KEPT:
        _KEPT.popitem(last=False)
    return entry[0]


def disk_key(leaflet: Leaflet) -> tuple[str, str]:
    """Where `template_for` keeps the leaflet's template on disk: (name, key) for cache.load."""
    return _disk_name(leaflet.impersonal())


def forget() -> None:
    """Drop the templates this process keeps (the disk cache stays)."""
    _KEPT.clear()


def _render(leaflet: Leaflet) -> Template:
    from handouts.layout import layout_leaflet
    from handouts.pdf.render import render_template

    document = layout_leaflet(leaflet)
    template = render_template(document, final=document.anchors is None)
    if document.anchors is not None:  # page references: a second pass with the real numbers
        pages = dict(document.anchors)
        document = layout_leaflet(leaflet, pages)
        template = render_template(document)
        if document.anchors != pages:
            raise RuntimeError("page references moved between layout passes")  # a layout bug
    if not {form.value for form in template.forms} <= set(leaflet.personal()):
        raise RuntimeError("a layout placed a slot for text it was not given")  # a layout bug
    return template


# --- keys ---------------------------------------------------------------------------------

def _frozen(value: object) -> Hashable:
    """`value` as a hashable key: dataclasses field by field, and objects that can't be hashed
    (the library's figures) by identity, which is stable while the library is cached and the
    key holds them."""
    if is_dataclass(value):
        return (type(value), *(_frozen(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return _Same(value)
    return value


class _Same:
    """Equal to another `_Same` of the very same object; keeps the object alive."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def _disk_name(impersonal: Leaflet) -> tuple[str, str]:
    """One file per layout, language, title and clinic (so picks of a recipe replace each other
    and the folder stays small); its key is a digest of everything the template depends on."""
    name = hashlib.sha256("\0".join((impersonal.layout, impersonal.lang, impersonal.title,
                                     impersonal.clinic.name)).encode()).hexdigest()[:16]
    digest = hashlib.sha256(code().encode())
    _digest(impersonal, digest)
    return f"template-{name}", digest.hexdigest()[:32]


def _digest(value: object, digest) -> None:
    """Feed `value` to `digest` unambiguously: the same leaflet gives the same digest in any
    process (figures, pydantic models, by their repr, which lists every field)."""
    if is_dataclass(value):
        digest.update(f"<{type(value).__qualname__}".encode())
        for f in fields(value):
            _digest(getattr(value, f.name), digest)
        digest.update(b">")
    elif isinstance(value, (tuple, list)):
        digest.update(b"(")
        for item in value:
            _digest(item, digest)
        digest.update(b")")
    elif isinstance(value, bytes):
        digest.update(b"b%d:" % len(value) + value)
    else:
        text = repr(value).encode()
        digest.update(b"r%d:" % len(text) + text)


@cache
def code() -> str:
    """What else a template depends on: the code that lays out and renders it, the fonts, and the
    versions of the libraries doing the work (a source file edited in a checkout counts)."""
    import PIL
    import pikepdf
    import pyphen
    import reportlab

    from handouts.world.assets import font_dir

    package = Path(__file__).parents[1]
    parts = [reportlab.Version, pikepdf.__version__, pyphen.__version__, PIL.__version__]
    for path in sorted([*package.rglob("*.py"), *font_dir().glob("*.ttf")]):
        info = path.stat()
        parts.append(f"{path.relative_to(path.parents[1])} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(parts)

"""Templates kept between leaflets: in the world's memory, and between runs in its store.

A template is a leaflet rendered without its personal text (layout/personal.py, render.py). Every
leaflet that differs from another only in that text, and whose text has the same shape (the
same number of lines in each slot), is the same template stamped differently. So a batch renders
a recipe once per worker, and a front desk printing the same program for patient after patient
renders it once at all: later runs find it in the store, keyed by a digest of the impersonal
leaflet (its content, not its files' times) and of the code that renders it. A stored template
is plain data: its PDF bytes and a JSON description of its forms. Templates hold no patient
data, and a leaflet with the patient's own notes is never stored.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, MutableMapping

from handouts.layout.personal import Form, shape
from handouts.pdf.render import Template, render_leaflet

if TYPE_CHECKING:
    from handouts.leaflet import Leaflet
    from handouts.world.core import World

KEPT = 16  # leaflets whose templates a world keeps in memory, the least recently used dropped first
VARIANTS = 4  # shapes of personal text stored per leaflet


def template_for(world: World, leaflet: Leaflet, keep: bool = True, measure: bool = False) -> tuple[Template, str]:
    """The template for `leaflet` (kept, stored or rendered now) and its store key. With
    `keep=False` (personal notes) it is neither kept nor stored; with `measure=True` it is
    rendered now and carries its `PageReport` (for `check`)."""
    values = leaflet.personal()
    key = template_key(world, leaflet)
    if not keep or measure:
        return render_checked(leaflet, world.kept, measure), key
    kept: OrderedDict[str, list[tuple[Template, tuple[float, ...]]]] = world.kept.setdefault("templates", OrderedDict())
    variants = kept.setdefault(key, [])
    kept.move_to_end(key)
    for template, template_shape in variants:
        if shape(template.forms, values) == template_shape:
            return template, key
    stored = [entry for entry in load_variants(world, key) if shape(entry[0].forms, values) == entry[1]]
    if stored:
        entry = stored[0]
    else:
        template = render_checked(leaflet, world.kept)
        entry = (template, shape(template.forms, values))
        store_variant(world, key, entry)
    variants.append(entry)
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return entry[0], key


def render_checked(leaflet: Leaflet, kept: MutableMapping[Any, Any], measure: bool = False) -> Template:
    template = render_leaflet(leaflet, kept, measure)
    if not {form.value for form in template.forms} <= set(leaflet.personal()):
        raise RuntimeError("a layout placed a slot for text it was not given")  # a layout bug
    return template


def template_key(world: World, leaflet: Leaflet) -> str:
    digest = hashlib.sha256()
    _digest(leaflet.impersonal(), digest)
    return world.store.key("template", digest.hexdigest())


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


# --- stored templates: PDF bytes and plain JSON ----------------------------------------------

def load_variants(world: World, key: str) -> list[tuple[Template, tuple[float, ...]]]:
    entry = world.store.get_json("template", key)
    found = []
    for variant in entry.get("variants", []) if isinstance(entry, dict) else []:
        try:
            data = world.store.get("template-pdf", variant["pdf"])
            if data is None or hashlib.sha256(data).hexdigest() != variant["pdf"]:
                continue
            forms = {_form(form): name for form, name in variant["forms"]}
            pages = {int(page): frozenset(names) for page, names in variant["pages"].items()}
            found.append((Template(data, variant["font"], forms, pages), tuple(variant["shape"])))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # an entry of another shape is a miss
    return found


def store_variant(world: World, key: str, entry: tuple[Template, tuple[float, ...]]) -> None:
    template, template_shape = entry
    try:
        forms = [[_form_json(form), name] for form, name in template.forms.items()]
    except _NotPlain:
        return
    pdf = hashlib.sha256(template.data).hexdigest()
    world.store.put("template-pdf", pdf, template.data)
    old = world.store.get_json("template", key)
    variants = old.get("variants", []) if isinstance(old, dict) else []
    variant = {"pdf": pdf, "font": template.font, "forms": forms, "shape": list(template_shape),
               "pages": {str(page): sorted(names) for page, names in template.pages.items()}}
    world.store.put_json("template", key, {"variants": [variant, *variants][:VARIANTS]})


class _NotPlain(Exception):
    """A form setting that has no plain-data form: the template is then not stored."""


def _form_json(form: Form) -> dict[str, Any]:
    return {"value": form.value, "style": None if form.style is None else _style_json(form.style),
            "width": form.width, "font": form.font, "size": form.size, "colour": _colour_json(form.colour)}


def _form(data: dict[str, Any]) -> Form:
    from reportlab.lib.styles import ParagraphStyle

    style = None
    if data["style"] is not None:
        attributes = {k: _plain_value(v) for k, v in data["style"].items()}
        style = ParagraphStyle(attributes["name"])
        style.__dict__.update(attributes)
    return Form(data["value"], style, data["width"], data["font"], data["size"], _plain_value(data["colour"]))


def _style_json(style) -> dict[str, Any]:
    if getattr(style, "parent", None) is not None:
        raise _NotPlain
    return {k: _colour_json(v) for k, v in vars(style).items()}


def _colour_json(value: Any) -> Any:
    from reportlab.lib.colors import Color

    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is Color:
        return {"rgba": [value.red, value.green, value.blue, value.alpha]}
    raise _NotPlain


def _plain_value(value: Any) -> Any:
    from reportlab.lib.colors import Color

    if isinstance(value, dict):
        return Color(*value["rgba"])
    return value

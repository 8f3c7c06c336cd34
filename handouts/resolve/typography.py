"""The typographic pass: text as a Swedish or Danish typesetter would set it.

Content is typed on ordinary keyboards: straight quotes, a hyphen for a minus, plain spaces
where a line must not break. Resolve runs every text of a leaflet through `typeset()` (in the
leaflet's language) before any layout sees it, so every layout prints the same typography:

- quotation marks: Swedish ”…” (and ’…’), Danish »…« (and ›…‹); an apostrophe is ’;
- a hyphen before a number, after a space or an opening bracket, is a minus: "−3,0";
- a spaced hyphen between words is an en dash: "ont – men";
- no-break spaces (U+00A0; reportlab breaks at U+202F) bind a number to the word after it
  ("5 sekunder", "30 procent"), "kl." and "ca" to their number, and the groups of a
  telephone number ("+46 70 174 06 10") to each other;
- in the leaflet's own title, a word of one or two letters is bound to the word after it.

Web and e-mail addresses, link targets and inline markup (`**bold**`, `*italic*`) are left as
they are. Contract: `typeset(text, lang) -> str`, pure and idempotent; `typeset_leaflet(leaflet)`
-> the leaflet with every text field typeset (ids, keys, addresses and page patterns are not
text). Raises nothing.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any

NBSP = "\u00a0"
MINUS = "\u2212"

# (opening, closing) double and single quotes per language
_QUOTES = {"sv": ("\u201d\u201d", "\u2019\u2019"), "da": ("\u00bb\u00ab", "\u203a\u2039")}

# What is never typeset: link targets in markup, addresses, e-mail addresses.
_PROTECTED = re.compile(
    r"\]\([^)\s]*\)"  # [text](target): the target
    r"|(?:https?://|mailto:|tel:|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]"  # a web address
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
)

_OPENS_AFTER = " \t\n([{*_\u2013\u2014/" + NBSP  # a quote after these (or at the start) opens
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(\[" + NBSP + r"]))-(?=\d)")
_DASH = re.compile(r"(?<=\w) - (?=\w)")
_PHONE = re.compile(r"(?<![\w+])(?:\+|0)\d[\d ]{5,}\d(?![\w])")
_NUMBER_WORD = re.compile(r"(?<=\d)[ ](?=[^\W\d_]|%)")
_ORDINAL_DATE = re.compile(r"(?<=\b\d\.)[ ](?=[a-zæøå])|(?<=\b\d\d\.)[ ](?=[a-zæøå])")  # "1. december"
# "till 15" stays together: at a line end, a dosage left "15." alone on its last line
_BEFORE_NUMBER = {
    "sv": re.compile(r"(?<![\w.])(kl\.|ca\.?|cirka|nr|s\.|sid|sidan|vecka|dag|Övning|övning|steg|till) (?=\d)"),
    "da": re.compile(r"(?<![\w.])(kl\.|ca\.?|cirka|nr\.?|s\.|side|siden|uge|dag|Øvelse|øvelse|trin|til) (?=\d)"),
}


def typeset(text: str, lang: str) -> str:
    """`text` with the language's quotation marks, minus signs, dashes and no-break spaces; a
    text that is an address as a whole ("oresundskliniken.example/kontakt") is left as it is."""
    if not text or _is_address(text):
        return text
    out, at = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(_typeset_plain(text[at:m.start()], lang, text[:m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(_typeset_plain(text[at:], lang, text[:at]))
    return "".join(out)


def _typeset_plain(text: str, lang: str, before: str) -> str:
    if not text:
        return text
    text = _quotes(text, lang, before[-1:] if before else "")
    text = _MINUS.sub(MINUS, text)
    text = _DASH.sub(f"{NBSP}\u2013 ", text)  # the dash stays with the word before it
    text = _PHONE.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    text = _NUMBER_WORD.sub(NBSP, text)
    if lang == "da":
        text = _ORDINAL_DATE.sub(NBSP, text)
    pattern = _BEFORE_NUMBER.get(lang)
    if pattern is not None:
        text = pattern.sub(lambda m: m.group(1) + NBSP, text)
    return text


def _quotes(text: str, lang: str, previous: str) -> str:
    doubles, singles = _QUOTES.get(lang, _QUOTES["sv"])
    chars = list(text)
    single_open = False
    for i, ch in enumerate(chars):
        if ch not in "\"'":
            continue
        prev = chars[i - 1] if i else previous
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        opens = (not prev or prev in _OPENS_AFTER) and bool(nxt) and not nxt.isspace()
        if ch == '"':
            chars[i] = doubles[0] if opens else doubles[1]
        elif prev.isalnum() and nxt.isalnum():
            chars[i] = "\u2019"  # an apostrophe inside a word: "Anna's", "don't"
        elif opens:
            chars[i], single_open = singles[0], True
        elif single_open:
            chars[i], single_open = singles[1], False
        else:
            chars[i] = "\u2019"  # an apostrophe at a word's end: "Anders'"
    return "".join(chars)


# Leaflet fields that hold names, keys, addresses or patterns, not text to typeset.
_NOT_TEXT = frozenset({
    "id", "key", "kind", "lang", "locale", "hyphenation", "layout", "page_label", "page_short",
    "video_url", "qr_url", "illustration", "control", "personal_text", "origin", "figure", "photo",
    "logo", "image", "brand", "warnings", "date",
})


# A leaflet's own title, set large over two or three lines: a word of one or two letters is
# bound to the word after it, so no line of it ends in "i", "av", "på" or "og" ("diskbråck i /
# ländryggen"). Not in the headings inside: a box's longer heading set as one unbreakable run
# wrapped anew, grew and moved the box and every page after it.
_TITLES = frozenset({"title", "subtitle"})
_SHORT_WORD = re.compile(r"(?<![^\s(])([^\W\d_]{1,2}) (?=\w)")


def typeset_leaflet(value: Any, lang: str | None = None) -> Any:
    """`value` (a Leaflet, a block, or a tuple of them) with every text in it typeset.

    Personal text is typeset where it is worded (`request.personal_text`), so the fresh and the
    remembered build print the same characters."""
    if lang is None:
        lang = value.lang
    return _walk(value, lang)


def _walk(value: Any, lang: str) -> Any:
    if isinstance(value, str):
        return typeset(value, lang)
    if isinstance(value, tuple):
        return tuple(_walk(v, lang) for v in value)
    if not is_dataclass(value) or isinstance(value, type) or type(value).__module__ != "handouts.leaflet":
        return value
    changes = {}
    for f in fields(value):
        if f.name in _NOT_TEXT:
            continue
        old = getattr(value, f.name)
        new = _walk(old, lang)
        if f.name in _TITLES and type(value).__name__ == "Leaflet" and isinstance(new, str):
            new = _SHORT_WORD.sub(lambda m: m.group(1) + NBSP, new)
        if new is not old and new != old:
            changes[f.name] = new
    return replace(value, **changes) if changes else value


def _is_address(text: str) -> bool:
    m = _PROTECTED.fullmatch(text.strip())
    return m is not None or (" " not in text and "." in text and "/" in text)

"""Keep personal text (patient, therapist, notes) out of every message about a row.

The batch's own messages name columns, never values. Messages that come from the engine (a
failed build) may quote text they were given, and the output path may be made from a name:
`scrub` replaces those values, and their longer words, with the column's name in brackets.
"""

from __future__ import annotations

import re
from typing import Iterable

_WORD = re.compile(r"\w{3,}")


def scrub(message: str, personal: Iterable[tuple[str, str | None]]) -> str:
    """`message` with every (column, value) value, and each word of 3+ letters in it, replaced
    by `<column>`; longest first, so a full name goes before its parts."""
    replacements: dict[str, str] = {}
    for column, value in personal:
        if not value or not value.strip():
            continue
        replacements.setdefault(value, f"<{column}>")
        replacements.setdefault(value.strip(), f"<{column}>")
        for word in _WORD.findall(value):
            replacements.setdefault(word, f"<{column}>")
    for value in sorted(replacements, key=len, reverse=True):
        if _WORD.fullmatch(value):
            message = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", replacements[value], message)
        else:
            message = message.replace(value, replacements[value])
    return message

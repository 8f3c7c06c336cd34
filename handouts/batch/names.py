"""Safe output file names, also when they come from patient names or CSV columns."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
MAX_BYTES = 150


def safe_name(text: str, fallback: str = "leaflet") -> str:
    """One path component that is safe on every file system.

    Unicode is normalised (NFC, so 'Å' is one character on every platform); control, format
    (bidi overrides, zero-width) and separator characters go; path separators, reserved
    punctuation and white space become '-'; no leading dots ('..', hidden files); Windows'
    reserved device names get a '_'; the length is capped in bytes.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in ("Zl", "Zp"))
    text = _UNSAFE.sub("-", text).strip("-. ")
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text)
    while len(text.encode()) > MAX_BYTES:
        text = text[:-1]
    text = text.rstrip("-. ")
    if not text:
        return fallback
    if text.split(".")[0].lower() in _RESERVED:
        text = "_" + text
    return text


def unique(names: list[str]) -> list[str]:
    """`names` with later duplicates (compared case-insensitively) given -2, -3, ... suffixes."""
    seen: set[str] = set()
    out = []
    for name in names:
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}" if dot else f"{name}-{n}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out

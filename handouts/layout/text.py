"""The one way text reaches reportlab's paragraph markup.

reportlab parses Paragraph text as markup: `<img src=...>` reads local files, `<a href>` writes
links, an unclosed tag aborts the build with the whole paragraph in the message. So every piece
of content passes through `inline()`, which escapes everything and then adds the only markup
handouts allows: `**bold**` and `*italic*`, produced here, never taken from the input.
"""

from __future__ import annotations

import re
import unicodedata

_BOLD = re.compile(r"\*\*(?=\S)([^<>]+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^<>]+?)(?<=[^\s*])\*(?![*\w])")


def escape(text: str) -> str:
    """Literal text for a Paragraph: markup characters escaped, control characters dropped."""
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline(text: str) -> str:
    """Escape `text`, then turn `**bold**` and `*italic*` into reportlab's <b> and <i>."""
    marked = _BOLD.sub(r"<b>\1</b>", escape(text))
    return _ITALIC.sub(r"<i>\1</i>", marked)

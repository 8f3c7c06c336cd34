"""The one way text reaches reportlab's paragraph markup.

reportlab parses Paragraph text as markup: `<img src=...>` reads local files, `<a href>` writes
links, an unclosed tag aborts the build with the whole paragraph in the message. So every piece
of content passes through `inline()`, which escapes everything and then adds the only markup
handouts allows: `**bold**` and `*italic*`, produced here, never taken from the input.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPED = re.compile(r"\\([\\*\[\]])")  # \*, \[, \] and \\ stand for themselves
_HELD = {"*": "\ue000", "[": "\ue001", "]": "\ue002", "\\": "\ue003"}  # private use, while markup is read
_BOLD = re.compile(r"\*\*(?=\S)([^<>]+?)(?<=\S)\*\*")
_LINK = re.compile(r"\[([^\[\]<>]+)\]\(((?:https?://|mailto:|tel:)[^\s()\"<>]+)\)")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^<>]+?)(?<=[^\s*])\*(?![*\w])")


def escape(text: str) -> str:
    """Literal text for a Paragraph: markup characters escaped, control characters dropped."""
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def readable_url(url: str) -> str:
    """An address as a patient would type it: no scheme, no trailing slash."""
    return re.sub(r"^(https?://|mailto:|tel:)", "", url).rstrip("/")


def inline(text: str, link_color: str = "#1d5c73") -> str:
    """Escape `text`, then turn `**bold**`, `*italic*` and `[text](https://...)` into markup.

    Links keep only http, https, mailto and tel addresses; anything else stays literal text.
    On paper a link can't be clicked, so its address is printed after the text.
    """
    held = _ESCAPED.sub(lambda m: _HELD[m.group(1)], text)
    marked = _BOLD.sub(r"<b>\1</b>", escape(held))
    marked = _ITALIC.sub(r"<i>\1</i>", marked)
    marked = _LINK.sub(lambda m: _link(m.group(1), m.group(2), link_color), marked)
    for char, placeholder in _HELD.items():
        marked = marked.replace(placeholder, char)
    return marked



def _link(label: str, url: str, color: str) -> str:
    shown = escape(readable_url(url.replace("&amp;", "&")))
    tail = "" if label.strip() in (url, shown) else f" ({shown})"
    return f'<a href="{url}" color="{color}">{label}</a>{tail}'


def address(text: str, font: str, size: float, width: float) -> str:
    """An address (web, e-mail) as escaped markup that breaks only where a reader expects it:
    before a '.' or '@', after a '/'; never inside a name ("exa / mple"). One line if it fits.
    A name longer than the line breaks before one of its hyphens, which then opens the next
    line and can't be read as a word broken in two."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = []
    for piece in re.findall(r"[^./@]+/?|[.@][^./@]*/?", text):
        pieces += re.findall(r"-?[^-]+|-", piece) if stringWidth(piece, font, size) > width else [piece]
    lines = [""]
    for piece in pieces:
        if lines[-1] and stringWidth(lines[-1] + piece, font, size) > width:
            lines.append(piece)
        else:
            lines[-1] += piece
    return "<br/>".join(escape(line) for line in lines)


def labelled(label: str, value: str, font: str, bold: str, size: float, width: float) -> str:
    """"Telefon: +46 70 …" as markup: label and value on one line when they fit (joined by a
    no-break space, so the line never breaks between them), else the value on its own lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    head = f"{label}:"
    if stringWidth(head, bold, size) + stringWidth("\u00a0" + value, font, size) <= width:
        return f"<b>{escape(head)}</b>\u00a0{escape(value)}"
    if " " in value.strip():  # words ("Telefontid vardagar 8–12"): they wrap as a sentence does
        return f"<b>{escape(head)}</b> {escape(value)}"
    return f"<b>{escape(head)}</b><br/>{address(value, font, size, width)}"


def unbroken(text: str, font: str, size: float, width: float) -> str:
    """`text` as markup kept on one line when it fits ("211 45 Malmö"), else as it is."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return escape(text.replace(" ", "\u00a0"))
    return escape(text)


def link(url: str, color: str = "#1d5c73", font: str | None = None, size: float = 0, width: float = 0) -> str:
    """A printed, clickable address for a reference list; given the font and the width of its
    line, it breaks only after a '/' or before a '.' (see `address`), never inside a word."""
    shown = address(readable_url(url), font, size, width) if font else escape(readable_url(url))
    return f'<a href="{escape(url)}" color="{color}">{shown}</a>'

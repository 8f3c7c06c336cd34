"""All content reaches reportlab escaped; only the project's own inline markup gets through."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handouts.layout.text import escape, inline


@pytest.mark.parametrize("payload", [
    '<img src="/etc/hostname"/>',
    '<a href="javascript:alert(1)">x</a>',
    "<b>unclosed",
    '<font color="red">x</font>',
    "&amp; &lt;",
])
def test_markup_payloads_print_literally(payload):
    paragraph = Paragraph(inline(payload), ParagraphStyle("t"))
    text = "".join(word for frag in paragraph.frags for word in frag.text)
    assert text == payload


def test_emphasis_subset():
    assert inline("a **b** *c*") == "a <b>b</b> <i>c</i>"
    assert inline("2 * 3 * 4") == "2 * 3 * 4"
    assert inline("**a *b* c**") == "<b>a <i>b</i> c</b>"


@pytest.mark.parametrize("text", ["***x***", "**a*b**c*", "*a **b* c**", "** **"])
def test_odd_asterisks_never_make_broken_markup(text):
    Paragraph(inline(text), ParagraphStyle("t"))  # raises on mis-nested tags


def test_control_characters_are_dropped():
    assert escape("a\x00b\x1bc") == "abc"


def test_escaped_markup_prints_literally():
    from handouts.layout.text import inline
    from handouts.leaflet import literal

    assert inline("\\*\\*not bold\\*\\* and **bold**") == "**not bold** and <b>bold</b>"
    assert inline("\\[not a link\\](https://example.org)") == "[not a link](https://example.org)"
    assert inline(literal("**as typed** [x](https://a.b) \\ *")) == "**as typed** [x](https://a.b) \\ *"


def test_a_reference_address_breaks_after_a_slash_never_inside_a_word():
    # reportlab splits an unknown long word anywhere ("undersoe / gelse"); a printed address
    # without its scheme is such a word, so the layout breaks it itself
    from reportlab.lib.units import mm

    from handouts.layout.text import link
    from handouts.layout.theme import register_fonts

    register_fonts()
    url = "https://www.gentoftehospital.dk/undersoegelse-og-behandling/find-undersoegelse-og-behandling/Sider/x.aspx"
    markup = link(url, "#000000", "NotoSans", 12, 60 * mm)
    shown = markup.split(">", 1)[1].rsplit("<", 1)[0]
    lines = shown.split("<br/>")
    assert len(lines) > 1
    # a name longer than the line breaks before a hyphen (so it is not read as hyphenation)
    assert all(a.endswith("/") or b.startswith((".", "-")) for a, b in zip(lines, lines[1:]))
    assert "".join(lines) == "www.gentoftehospital.dk/undersoegelse-og-behandling/find-undersoegelse-og-behandling/Sider/x.aspx"

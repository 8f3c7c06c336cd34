"""Markdown articles: the built-in six, the safe Markdown subset, blocks, pictures and warnings."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.build import World, build
from handouts.cli.main import app
from handouts.diagnostics import HandoutsError
from handouts.resolve.recipe import Request

from .conftest import DATE, pdf_text, straight, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

ARTICLES = ["spinal-stenosis", "osteoporosis-recommendations", "osteoarthritis-exercise"]
runner = CliRunner()


def flat(data: bytes) -> str:
    """The PDF's text on one line, with words hyphenated at line ends joined again."""
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", pdf_text(data)).split())


def in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(" ".join(part.split()), position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + 1


@pytest.mark.parametrize("article", ARTICLES)
@pytest.mark.parametrize("lang", ["da", "sv"])
def test_builtin_articles_print_their_parts_in_order(workspace, article, lang):
    from markdown_it import MarkdownIt

    from handouts.source import model
    from handouts.source.yamlsafe import parse_yaml

    path = workspace.library.articles[(article, lang)].path
    source = path.read_text(encoding="utf-8")
    built = build(workspace, Request(article, lang, DATE))
    assert built.warnings == ()
    text = straight(flat(built.data))  # quotes as typed, to compare with the source
    reader = PdfReader(io.BytesIO(built.data))
    assert reader.trailer["/Root"]["/Lang"] == ("da-DK" if lang == "da" else "sv-SE")

    expected: list[str] = []
    for token in MarkdownIt("commonmark").parse(source.split("\n---", 1)[1]):
        if token.type == "inline" and token.map and source.split("\n")[0] == "---":
            pass
        if token.type == "fence" and token.info.strip() in ("faq", "cases", "references"):
            data = parse_yaml(token.content, path).data
            kind = token.info.strip()
            if kind == "faq":
                expected += [item["q"] for item in data]
            elif kind == "cases":
                expected += [item["name"] for item in data]
            else:
                expected += [re.sub(r"\*+", "", item["text"]) for item in data]
    headings = [m.group(1) for m in re.finditer(r"^##\s+(.+)$", source, re.M)]
    assert headings
    for heading in headings:
        assert " ".join(re.sub(r"[*_`]", "", heading).split()) in text
    in_order(text, expected)
    assert model.ArticleMeta  # the article parsed with the same models the recipes use


def test_raw_html_never_reaches_reportlab(tmp_path):
    post = write(tmp_path, "post.da.md", """
        ---
        title: Prøve <b>fed</b>
        ---

        Tekst med <img src="/etc/hostname"/> og <a href="javascript:alert(1)">link</a>.

        <script>alert("x")</script>

        [farlig](javascript:alert(2)) og [god](https://example.org/side/)
        """)
    built = build(World(), Request(str(post), "da", DATE))
    text = pdf_text(built.data)
    text = straight(text)  # the typographic pass sets »…«: markup still prints literally
    assert '<img src="/etc/hostname"/>' in text
    assert '<script>alert("x")</script>' in " ".join(text.split())
    assert "[farlig](javascript:alert(2))" in text
    assert "god (example.org/side)" in text
    raw = built.data
    assert b"javascript" not in raw.replace(b"\\", b"") or b"/URI (javascript" not in raw
    annotations = [a.get_object()["/A"]["/URI"] for page in PdfReader(io.BytesIO(raw)).pages
                   for a in page.get("/Annots", [])]
    assert annotations == ["https://example.org/side/"]


def test_missing_picture_prints_a_placeholder_and_warns(tmp_path):
    post = write(tmp_path, "post.sv.md", """
        ---
        title: Bilder
        ---

        Inledning.

        ![En ritning av ryggen](bilder/saknas.png)
        """)
    built = build(World(), Request(str(post), "sv", DATE))
    (warning,) = built.warnings
    assert warning.severity == "warning" and warning.line == 7 and warning.file.endswith("post.sv.md")
    assert "En ritning av ryggen" in pdf_text(built.data)
    out = tmp_path / "out.pdf"
    result = runner.invoke(app, ["build", str(post), "--lang", "sv", "-o", str(out), "--strict"])
    assert result.exit_code == 2
    assert re.search(r"post\.sv\.md:7: error: picture 'bilder/saknas\.png' not found", result.stderr)
    assert not out.exists()


def test_pictures_are_embedded_and_must_stay_inside(tmp_path):
    Image.new("RGB", (300, 200), "teal").save(tmp_path / "bild.png")
    post = write(tmp_path, "post.sv.md", """
        ---
        title: Bilder
        previewImage: bild.png
        previewImageAlt: En blågrön yta
        ---

        Text.
        """)
    built = build(World(), Request(str(post), "sv", DATE))
    page = PdfReader(io.BytesIO(built.data)).pages[0]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())
    outside = write(tmp_path, "evil.sv.md", "---\ntitle: X\n---\n\n![x](../../etc/passwd.png)\n")
    with pytest.raises(HandoutsError, match="leaves its folder"):
        build(World(), Request(str(outside), "sv", DATE))


def test_unused_front_matter_keys_warn_and_dates_print(tmp_path):
    post = write(tmp_path, "post.da.md", """
        ---
        title: Titel
        metaTitle: SEO
        datePublished: 10-07-2025
        author: Mette Lund
        ---

        Tekst.
        """)
    built = build(World(), Request(str(post), "da", DATE))
    assert [w.message for w in built.warnings] == ["front matter key 'metaTitle' is not used"]
    assert "Skrevet af Mette Lund den 10. juli 2025" in pdf_text(built.data)


def test_an_article_title_carries_one_date_and_the_footer_the_printed_one(tmp_path):
    """"Skriven av … · 10 juli 2025" with "Datum 1 december 2026" under it read as two dates
    for one text: the title block has the date it was written, the footer the printed date."""
    post = write(tmp_path, "post.sv.md", """
        ---
        title: Titel
        datePublished: 10-07-2025
        ---

        Text.
        """)
    page = PdfReader(io.BytesIO(build(World(), Request(str(post), "sv", DATE)).data)).pages[0].extract_text()
    lines = [" ".join(line.split()) for line in page.splitlines()]
    printed = [line for line in lines if "Datum" in line]
    assert len(printed) == 1, printed
    assert lines.index(printed[0]) > lines.index("Text.")  # at the foot of the page, after the text
    assert sum("juli 2025" in line for line in lines) == 1


def test_fence_errors_point_into_the_markdown_file(tmp_path):
    post = write(tmp_path, "post.da.md", """
        ---
        title: Titel
        ---

        Tekst.

        ```faq
        - q: Et spørgsmål
          svar: forkert nøgle
        ```

        ```exercises
        - pelvic-lfit
        ```
        """)
    with pytest.raises(HandoutsError) as info:
        build(World(), Request(str(post), "da", DATE))
    (message,) = [d.format() for d in info.value.diagnostics][:1]
    assert re.search(r"post\.da\.md:[89]:\d+: error: (unknown key 'svar'|missing required key 'a')", message)
    post.write_text(post.read_text().replace("```faq\n- q: Et spørgsmål\n  svar: forkert nøgle\n```\n", ""))
    with pytest.raises(HandoutsError) as info:
        build(World(), Request(str(post), "da", DATE))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.line == 9 and "did you mean 'pelvic-lift'?" in diagnostic.format()


def test_language_must_match_the_file(tmp_path):
    post = write(tmp_path, "post.da.md", "---\ntitle: T\n---\n\nTekst.\n")
    with pytest.raises(HandoutsError, match="written in 'da', not 'sv'"):
        build(World(), Request(str(post), "sv", DATE))


def test_article_blocks_work_in_yaml_recipes(tmp_path):
    write(tmp_path, "recipes/blocks.yaml", """
        id: blocks
        version: 1
        layout: article
        title: {sv: Block, da: Blokke}
        sections:
          - kind: key-points
            box:
              sv: {items: [Rör dig varje dag.]}
              da: {items: [Bevæg dig hver dag.]}
          - kind: faq
            items:
              sv: [{q: "Gör det ont?", a: Lite ibland.}]
              da: [{q: "Gør det ondt?", a: Lidt nogle gange.}]
          - kind: cases
            items:
              sv: [{name: Gun, age: 71, situation: Föll i fjol., advice: Balansträning.}]
              da: [{name: Grete, age: 71, situation: Faldt sidste år., advice: Balancetræning.}]
          - kind: themed-box
            box:
              sv: {title: Stark och stabil, columns: [{heading: Stark, items: [Lyft]}, {heading: Stabil, items: [Stå]}]}
              da: {title: Stærk og stabil, columns: [{heading: Stærk, items: [Løft]}, {heading: Stabil, items: [Stå]}]}
          - kind: summary
            box:
              sv: {items: [Träna.]}
              da: {items: [Træn.]}
          - kind: references
            items:
              sv: [{text: En källa., url: "https://example.org/kalla"}]
              da: [{text: En kilde., url: "https://example.org/kilde"}]
          - kind: disclaimer
            text: {sv: Ersätter inte en undersökning., da: Erstatter ikke en undersøgelse.}
          - kind: contact
        """)
    text = flat(build(World((tmp_path,)), Request("blocks", "da", DATE)).data)
    in_order(text, ["Det vigtigste", "Bevæg dig hver dag.", "Spørgsmål og svar", "Gør det ondt?",
                    "Grete, 71 år", "Stærk og stabil", "Kort fortalt", "Kilder", "En kilde.",
                    "example.org/kilde", "Erstatter ikke en undersøgelse.", "Kontakt"])


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_headings_stay_with_their_block_and_are_not_repeated(workspace, lang):
    path = workspace.library.articles[("osteoarthritis-exercise", lang)].path
    source = path.read_text(encoding="utf-8")
    faq_heading = re.search(r"^## (.+)\n\n```faq", source, re.M).group(1)
    refs_heading = re.search(r"^## (.+)\n\n```references", source, re.M).group(1)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(
        build(workspace, Request("osteoarthritis-exercise", lang, DATE)).data)).pages]
    whole = "\n".join(pages)
    # each printed once (plus its line in the contents), and on the page where its block starts
    for heading in (faq_heading, refs_heading):
        assert whole.count(heading) == 2, heading
    first_question = re.search(r"```faq\n- q: \"?(.+?)\"?\n", source).group(1)
    assert any(faq_heading in page and first_question[:30] in page.replace("\n", " ") for page in pages)


def test_escaped_markdown_prints_literally(tmp_path):
    post = tmp_path / "post.sv.md"
    post.write_text("---\ntitle: Stjärnor\n---\nText \\*\\*inte fet\\*\\* och \\[inte länk\\](https://x.se).\n",
                    encoding="utf-8")
    text = " ".join(pdf_text(build(World(), Request(str(post), "sv", DATE)).data).split())
    assert "**inte fet**" in text and "[inte länk](https://x.se)" in text

"""The built-in library is complete: every item in both languages, every reference resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handouts.resolve.recipe import Request, resolve_leaflet

from .conftest import DATE

LANGS = ("da", "sv")


def test_every_item_is_translated(workspace):
    library = workspace.library
    for kind in ("exercises", "notes"):
        for item_id, item in library.items(kind).items():
            assert set(item.text) == set(LANGS), f"{kind}/{item_id}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_recipe_resolves(workspace, lang):
    for recipe_id in workspace.library.recipes:
        resolve_leaflet(workspace.library, workspace.catalogues, Request(recipe_id, lang, DATE))


def test_no_sentences_copied_from_the_reference_brochures():
    tool = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "overlap.py"
    if not tool.exists():
        pytest.skip("shared/tools/overlap.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(tool), "."], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def _references():
    """(file, language, url) of every reference address in the built-in articles and recipes."""
    import re as _re
    from pathlib import Path as _Path

    import yaml

    library = _Path(__file__).parent.parent / "assets" / "library"
    found = []
    for article in sorted((library / "articles").glob("*.md")):
        lang = article.name.split(".")[-2]
        text = article.read_text(encoding="utf-8")
        for fence in _re.findall(r"```references\n(.*?)```", text, _re.S):
            found += [(article.name, lang, ref["url"]) for ref in yaml.safe_load(fence) if ref.get("url")]
        # a link in the running text ("Vill du veta mer?") is a source the patient follows too
        found += [(article.name, lang, url) for url in _re.findall(r"\]\((https?://[^)\s]+)\)", text)]
    for recipe in sorted((library / "recipes").glob("*.yaml")):
        for section in yaml.safe_load(recipe.read_text(encoding="utf-8"))["sections"]:
            if section["kind"] == "references":
                found += [(recipe.name, lang, ref["url"]) for lang, refs in section["items"].items()
                          for ref in refs if ref.get("url")]
    return found


def test_every_reference_is_a_page_not_a_site_or_section():
    """A patient can't find a source from "1177.se" or "sundhed.dk/borger/patienthaandbogen": an
    address names the page, its last part an article's own name (a hyphen, a digit or deeper)."""
    from urllib.parse import urlsplit

    references = _references()
    assert len(references) >= 10
    for file, _, url in references:
        parts = [p for p in urlsplit(url).path.split("/") if p]
        specific = len(parts) >= 3 or (parts and any(c.isdigit() or c in "-." for c in parts[-1]))
        assert specific, (file, url)


def test_each_language_cites_its_own_countrys_sources():
    for file, lang, url in _references():
        host = url.split("/")[2]
        if lang == "sv":
            assert "sundhed.dk" not in host, (file, url)
        if lang == "da":
            assert "1177.se" not in host, (file, url)


def test_inline_links_are_among_the_references_checked():
    """The patient-organisation links in "Vill du veta mer?" / "Vil du vide mere?" are checked too."""
    urls = {url for _, _, url in _references()}
    assert any("funktionsratt.se" in url for url in urls)
    assert any("osteoporose.dk" in url for url in urls)


ARTICLES = ("osteoarthritis-exercise", "osteoporosis-recommendations", "spinal-stenosis")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("article", ARTICLES)
def test_the_printed_article_points_only_to_its_own_countrys_pages(workspace, article, lang):
    """Read from the PDF: a Swedish article prints no sundhed.dk address and a Danish one no
    1177 address; the osteoporosis article prints its country's patient pages."""
    from handouts.build import build_pdf

    from .conftest import pdf_text

    text = pdf_text(build_pdf(workspace, Request(article, lang, DATE)))
    addresses = "".join(text.split())  # an address may break over lines after a '/'
    assert ("sundhed.dk" if lang == "sv" else "1177.se") not in addresses
    if article == "osteoporosis-recommendations":
        wanted = ("1177.se/", "funktionsratt.se/") if lang == "sv" else ("osteoporose.dk/",)
        assert all(page in addresses for page in wanted), wanted

"""`handouts serve` is usable by everyone at the desk (issue #19): checked in the browser.

- every control has an accessible name (a label, aria-label or aria-labelledby; a button its
  text), and every id an `aria-*` attribute points at exists;
- the text of every page meets WCAG 2.1 AA contrast (1.4.3): 4.5:1, 3:1 for large text, the
  relative luminance computed here from each text's computed colour and the backgrounds under it
  (no axe-core: nothing is downloaded);
- at 200 % zoom (1.4.4, 1.4.10: a 1280 px wide window at 200 % is 640 CSS px) the page reflows
  without scrolling sideways, and the leaflet can still be made;
- the main flow works by keyboard alone (2.1.1), and every stop shows a focus ring of 3:1 (1.4.11).

Same browser and server as test_serve_browser.py. HANDOUTS_SCREENSHOTS=DIR keeps screenshots at
100 % and 200 %.
"""

from __future__ import annotations

import io
import re

import pytest

pytest.importorskip("starlette")
playwright_api = pytest.importorskip("playwright.sync_api")
from pypdf import PdfReader  # noqa: E402

from . import test_serve_browser as shared  # noqa: E402

address, browser, _shot = shared.address, shared.browser, shared._shot  # the same server and Chromium

pytestmark = pytest.mark.slow
# a loaded two-core CI machine renders a booklet in more than expect's 5 s: a wait, never a sleep
playwright_api.expect.set_options(timeout=20_000)
PATIENT = "Åsa Zyxwick-Öberg"

# --- WCAG 2.1 arithmetic -----------------------------------------------------------------------


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """A computed CSS colour (`rgb(r, g, b)`, `rgba(r, g, b, a)`) as r, g, b in 0-255 and alpha."""
    found = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)", text.strip())
    assert found, f"a colour this test can't read: {text!r}"
    r, g, b = (float(found.group(i)) for i in (1, 2, 3))
    return r, g, b, float(found.group(4)) if found.group(4) is not None else 1.0


def over(top: tuple[float, float, float, float], below: tuple[float, float, float]) -> tuple[float, float, float]:
    """`top` composited over an opaque colour."""
    alpha = top[3]
    return tuple(top[i] * alpha + below[i] * (1 - alpha) for i in range(3))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_arithmetic_is_wcags():
    white, black = (255.0, 255.0, 255.0), (0.0, 0.0, 0.0)
    assert contrast(white, black) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert contrast((118.0, 118.0, 118.0), white) == pytest.approx(4.54, abs=0.01)  # #767676: the AA grey
    assert contrast((119.0, 119.0, 119.0), white) < 4.5  # #777777 just fails
    assert over((0, 0, 0, 0.5), white) == (127.5, 127.5, 127.5)
    assert parse_colour("rgba(11, 92, 115, 0.25)") == (11, 92, 115, 0.25)


def background_of(layers: list[str]) -> tuple[float, float, float]:
    """The colour under a text: its element's and ancestors' backgrounds, nearest first, over
    the white canvas."""
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        colour = over(parse_colour(layer), colour)
    return colour


# Every visible text on the page (text nodes, and the values and placeholders of controls),
# with its colour, size, weight and the backgrounds under it up to the first opaque one.
TEXTS_JS = r"""
() => {
  const found = [];
  function layers(element) {
    const out = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") { out.push("image"); break; }
      const bg = style.backgroundColor;
      if (!/^rgba\(.*,\s*0\)$/.test(bg) && bg !== "transparent") {
        out.push(bg);
        if (!bg.startsWith("rgba")) { break; }
      }
    }
    return out;
  }
  function opacity(element) {
    let value = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      value *= parseFloat(getComputedStyle(node).opacity);
    }
    return value;
  }
  function onPage(rect) {
    return rect.width > 0 && rect.height > 0 && rect.right + window.scrollX > 0 && rect.bottom + window.scrollY > 0;
  }
  function record(element, text, colour, style) {
    found.push({text: text.trim().slice(0, 60), colour: colour, layers: layers(element), opacity: opacity(element),
                size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight, 10),
                where: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
                       (typeof element.className === "string" && element.className
                        ? "." + element.className.split(" ").join(".") : "")});
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element) { continue; }
    if (["SCRIPT", "STYLE", "OPTION", "OPTGROUP", "TEXTAREA"].includes(element.tagName)) { continue; }
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) { continue; }
    if (element.closest(":disabled")) { continue; }  // inactive controls are exempt (1.4.3)
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(onPage)) { continue; }
    const style = getComputedStyle(element);
    record(element, node.textContent, style.color, style);
  }
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "checkbox", "radio"].includes(control.type) || control.disabled) { continue; }
    if (!control.checkVisibility({visibilityProperty: true, opacityProperty: true})) { continue; }
    if (!onPage(control.getBoundingClientRect())) { continue; }
    const style = getComputedStyle(control);
    const shown = control.tagName === "SELECT" ? (control.selectedOptions[0] || {}).text || "" : control.value;
    if (shown || control.type === "date") { record(control, shown || "(date format)", style.color, style); }
    if (control.placeholder) {
      record(control, "placeholder: " + control.placeholder, getComputedStyle(control, "::placeholder").color, style);
    }
  }
  return found;
}
"""


def low_contrast(page) -> tuple[list[str], int]:
    """Every text on the page below AA, described; and how many texts were measured."""
    texts = page.evaluate(TEXTS_JS)
    failures = []
    for text in texts:
        assert "image" not in text["layers"], f"text over a background image: can't measure {text}"
        r, g, b, a = parse_colour(text["colour"])
        ground = background_of(text["layers"])
        ink = over((r, g, b, a * text["opacity"]), ground)
        ratio = contrast(ink, ground)
        large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
        needed = 3.0 if large else 4.5
        if ratio < needed:
            failures.append(f"{text['where']} {text['text']!r}: {ratio:.2f}:1 < {needed}:1 "
                            f"({text['colour']} on {ground}, {text['size']}px {text['weight']})")
    return failures, len(texts)


# Every control without a name it could be announced by, and every aria-* id that points nowhere.
NAMES_JS = r"""
() => {
  const byIds = (ids) => ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));
  const problems = [];
  let controls = 0;
  for (const control of document.querySelectorAll("input, select, textarea, button")) {
    if (control.type === "hidden") { continue; }
    controls += 1;
    let name = "";
    const labelledby = control.getAttribute("aria-labelledby");
    if (labelledby) { name = byIds(labelledby).map((e) => (e ? e.textContent : "")).join(" "); }
    if (!name.trim()) { name = control.getAttribute("aria-label") || ""; }
    if (!name.trim() && control.labels) { name = [...control.labels].map((l) => l.textContent).join(" "); }
    if (!name.trim() && control.tagName === "BUTTON") { name = control.textContent; }
    if (!name.trim() && ["submit", "button", "reset"].includes(control.type)) { name = control.value; }
    if (!name.trim()) { problems.push("no name: " + control.outerHTML.slice(0, 120)); }
  }
  for (const attribute of ["aria-labelledby", "aria-describedby", "aria-controls"]) {
    for (const element of document.querySelectorAll("[" + attribute + "]")) {
      byIds(element.getAttribute(attribute)).forEach((target, i) => {
        if (!target) { problems.push(attribute + " points nowhere: " + element.outerHTML.slice(0, 120)); }
      });
    }
  }
  for (const image of document.querySelectorAll("img:not([alt])")) { problems.push("no alt: " + image.outerHTML.slice(0, 120)); }
  return {problems: problems, controls: controls};
}
"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def settled(page) -> None:
    """The preview has arrived and nothing is being fetched (the preview dims while it is)."""
    expect = playwright_api.expect
    expect(page.locator("#preview img.page, #no-preview").first).to_be_visible(timeout=30_000)
    expect(page.locator(".htmx-request")).to_have_count(0, timeout=30_000)  # a booklet's 24 pages take a while
    expect(page.locator("[aria-busy=true]")).to_have_count(0, timeout=30_000)


def desk_states(page, address):
    """The page in each state a desk sees: yield a name once the page is in it."""
    page.goto(address)
    settled(page)
    yield "a program"
    page.locator("#dose-pelvic-lift-reps").fill("abc")
    playwright_api.expect(page.locator("#err-dose-pelvic-lift-reps")).to_contain_text("abc")
    settled(page)
    yield "a dosage error"
    page.goto(address + "?program=HP1-NOPE")
    playwright_api.expect(page.locator("#err-program .message")).to_be_visible()
    settled(page)
    yield "a damaged program code"
    page.goto(address)
    page.get_by_label("Program or article").select_option("")
    playwright_api.expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
    page.get_by_role("button", name="Add Glid längs väggen").click()
    playwright_api.expect(page.locator("#chosen-list li")).to_have_count(1)
    settled(page)
    yield "a leaflet from scratch"
    page.get_by_label("Program or article").select_option("spinal-stenosis")
    playwright_api.expect(page.locator("#chosen")).to_contain_text("An article prints as it is written")
    settled(page)
    yield "an article"
    page.goto(address + "library")
    yield "the library"
    page.goto(address + "library/preview?recipe=disc-surgery&lang=da")
    playwright_api.expect(page.locator("img.page").first).to_be_visible()
    yield "a library preview"


def test_every_control_has_a_name_and_every_reference_a_target(page, address):
    seen = 0
    for state in desk_states(page, address):
        found = page.evaluate(NAMES_JS)
        assert found["problems"] == [], state
        seen += found["controls"]
    assert seen > 100  # the states were there: 10 exercises with 8 boxes each, the library's filters


def test_every_text_meets_wcag_aa_contrast(page, address):
    measured = {}
    for state in desk_states(page, address):
        failures, measured[state] = low_contrast(page)
        assert failures == [], f"{state}:\n" + "\n".join(failures)
    assert all(count > 5 for count in measured.values()), measured


def test_a_faint_text_is_found(page, address):
    """The contrast check can fail: a grey that AA refuses, on the page itself, is reported."""
    page.goto(address)
    settled(page)
    page.evaluate("document.querySelector('h1').style.color = '#999999'")
    page.evaluate("document.querySelector('#download').style.background = '#5b9bb0'")
    failures, _ = low_contrast(page)
    assert any("Make a leaflet" in f for f in failures), failures
    assert any("Download PDF" in f for f in failures), failures
    page.evaluate("document.querySelector('h1').style.fontSize = '30px'")  # large: 3:1 is enough, #999 is 2.8
    assert any("Make a leaflet" in f for f in low_contrast(page)[0])


def no_sideways_scrolling(page) -> None:
    wide = page.evaluate("""() => { const s = document.scrollingElement;
        return {scroll: s.scrollWidth, client: s.clientWidth,
                wider: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > s.clientWidth + 1
                        && e.checkVisibility()).slice(0, 5).map((e) => e.outerHTML.slice(0, 100))}; }""")
    assert wide["scroll"] <= wide["client"] + 1, wide


@pytest.mark.parametrize("zoom", [100, 200, 400])
def test_zoomed_to_200_and_400_percent_the_page_reflows_and_still_makes_the_leaflet(browser, address, zoom):
    """A 1280 × 800 window zoomed to 200 % is 640 × 400 CSS px at two device pixels each, as
    browser zoom does it (at 400 %, 320 px: the reflow width of 1.4.10)."""
    expect = playwright_api.expect
    scale = zoom // 100
    width, height = 1280 // scale, 800 // scale
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(address)
        settled(page)
        assert page.evaluate("window.devicePixelRatio") == scale and page.evaluate("innerWidth") == width
        no_sideways_scrolling(page)
        _shot(page, f"zoom-{zoom}.png")
        program = page.get_by_label("Program or article")
        patient = page.get_by_label("Patient's name")
        for control in (program, patient, page.get_by_role("button", name="Download PDF"),
                        page.get_by_role("button", name="Print…")):
            control.scroll_into_view_if_needed()
            expect(control).to_be_in_viewport()
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box  # all of it, not cut off
        program.select_option("osteoporosis")
        expect(page.locator("#chosen-list li")).to_have_count(15)
        patient.fill(PATIENT)
        settled(page)
        no_sideways_scrolling(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download PDF").click()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
        assert PATIENT in text and "osteoporos" in text.lower()
        program.select_option("")
        expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
        settled(page)
        no_sideways_scrolling(page)
        page.get_by_role("heading", name="Exercise library").scroll_into_view_if_needed()
        _shot(page, f"zoom-{zoom}-scratch.png")
        page.goto(address + "library")
        no_sideways_scrolling(page)
    finally:
        context.close()


# --- keyboard ------------------------------------------------------------------------------------

FOCUS_JS = r"""
() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  let ground = null;
  for (let node = e.parentElement; node && node.nodeType === 1; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (!/^rgba\(.*,\s*0\)$/.test(bg)) { ground = bg; break; }
  }
  const rect = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, name: e.getAttribute("aria-label") || e.textContent.trim().slice(0, 40),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
          ground: ground || "rgb(255, 255, 255)",
          shown: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 &&
                 rect.top < innerHeight && rect.left < innerWidth};
}
"""


class Keyboard:
    """Tab through the page as a person would, checking each stop's focus ring on the way."""

    def __init__(self, page):
        self.page, self.stops = page, 0

    def tab_to(self, selector: str, backwards: bool = False, most: int = 400) -> None:
        for _ in range(most):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            self.stops += 1
            focus = self.page.evaluate(FOCUS_JS)
            assert focus["tag"] != "BODY", "focus was lost to the page"
            assert focus["shown"], f"the focused element is out of sight: {focus}"
            assert focus["outline"] != "none" and focus["width"] >= 2, f"no focus ring: {focus}"
            ring = contrast(parse_colour(focus["colour"])[:3], parse_colour(focus["ground"])[:3])
            assert ring >= 3, f"focus ring of {ring:.2f}:1: {focus}"
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} not reached by Tab")


def test_a_program_by_keyboard_alone_reordered_named_and_downloaded(page, address):
    expect = playwright_api.expect
    page.goto(address)
    settled(page)
    keys = Keyboard(page)
    keys.tab_to(".skip")  # the first stop skips the header
    keys.tab_to("#recipe")
    page.keyboard.press("ArrowDown")  # disc-surgery -> osteoporosis, without opening the list
    expect(page.locator("#recipe")).to_have_value("osteoporosis")
    expect(page.locator("#chosen-list li")).to_have_count(15)
    settled(page)
    keys.tab_to("#patient")
    page.keyboard.type(PATIENT)
    # the second exercise of the first group, moved up with Enter; the focus stays on its button
    keys.tab_to("#chosen-list li:nth-child(2) [data-move=up]")
    second = page.locator("#chosen-list li").nth(1).get_attribute("data-id")
    page.keyboard.press("Enter")
    expect(page.locator("#chosen-list li").first).to_have_attribute("data-id", second)
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == second
    # untick the next exercise with Space
    keys.tab_to("#chosen-list li:nth-child(3) input[type=checkbox]")
    dropped = page.locator("#chosen-list li").nth(2).get_attribute("data-id")
    page.keyboard.press("Space")
    expect(page.locator(f"#pick-{dropped}")).not_to_be_checked()
    settled(page)
    keys.tab_to("#download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert PATIENT in text
    names = [page.locator(f"#chosen-list li[data-id={i}] .ex-name").inner_text()
             for i in page.locator("#chosen-list li").evaluate_all("(items) => items.map((i) => i.dataset.id)")[:3]]
    moved, first, unticked = names
    assert text.index(moved) < text.index(first)  # the moved exercise prints first
    assert unticked not in text
    assert keys.stops > 20

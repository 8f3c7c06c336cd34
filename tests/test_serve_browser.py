"""`handouts serve` in a real browser: Playwright driving Debian's Chromium (`.ci/run` installs
it; Playwright's own browser downloads are never used). Skipped, saying so, without either.

Every wait is one of Playwright's auto-waiting expectations (a preview image whose source
changed, an error that appeared): no sleeps. Set HANDOUTS_SCREENSHOTS=DIR to keep screenshots
of the main page and the preview.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
playwright_api = pytest.importorskip("playwright.sync_api")
from pypdf import PdfReader  # noqa: E402

pytestmark = pytest.mark.slow
# a loaded two-core CI machine renders a booklet in more than expect's 5 s: a wait, never a sleep
playwright_api.expect.set_options(timeout=20_000)
CHROMIUM = Path("/usr/bin/chromium")
PATIENT = "Åsa Zyxwick-Öberg"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def address():
    import uvicorn

    from handouts.serve.server import make_server_app

    port = _free_port()
    app, address, _ = make_server_app(None, "127.0.0.1", port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(200):  # bounded: the server says when it listens
        if server.started or not thread.is_alive():
            break
        started.wait(0.05)
    assert server.started, "the server did not start"
    yield address
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (/usr/bin/chromium; .ci/run installs it): "
                    "the browser tests of 'handouts serve' are skipped")
    with playwright_api.sync_playwright() as p:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    folder = os.environ.get("HANDOUTS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_make_a_leaflet_by_clicking_change_a_dosage_download_and_reopen(page, address, tmp_path):
    expect = playwright_api.expect
    page.goto(address)
    expect(page.get_by_label("Program or article")).to_have_value("disc-surgery")
    first_page = page.locator("#preview img.page").first
    expect(first_page).to_be_visible()
    _shot(page, "main-page.png")

    page.get_by_label("Patient's name").fill(PATIENT)
    page.get_by_label("Physiotherapist").fill("Per Ek")
    code = page.locator("#program-code")
    expect(code).to_have_text(lambda_like("HP1-"))
    before = first_page.get_attribute("src")
    expect(first_page).not_to_have_attribute("src", before)  # the patient's name is on it now
    before, old_code = first_page.get_attribute("src"), code.inner_text()

    page.get_by_role("checkbox", name="Töjning av vaden").uncheck()
    reps = page.locator("#dose-pelvic-lift-reps")
    reps.fill("17")
    expect(code).not_to_have_text(old_code)  # the preview was made again, with the new dosage
    expect(first_page).not_to_have_attribute("src", before)
    page.locator("#preview").scroll_into_view_if_needed()
    _shot(page, "preview.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    path = tmp_path / "leaflet.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert PATIENT in text and "Per Ek" in text
    assert "Bäckenlyft" in text and "17" in text
    assert "Töjning av vaden" not in text

    program = code.inner_text()
    page.goto(address)
    page.get_by_role("textbox", name="Program code", exact=False).fill(program)
    page.get_by_role("button", name="Open").click()
    expect(page.locator("#dose-pelvic-lift-reps")).to_have_value("17")
    expect(page.get_by_role("checkbox", name="Töjning av vaden")).not_to_be_checked()
    expect(page.get_by_label("Patient's name")).to_have_value("")  # the code holds no patient
    expect(page.locator("#program-code")).to_have_text(program)


def test_an_invalid_dosage_shows_the_message_beside_the_field(page, address):
    expect = playwright_api.expect
    page.goto(address)
    expect(page.locator("#preview img.page").first).to_be_visible()
    page.locator("#dose-pelvic-lift-reps").fill("abc")
    error = page.locator("#err-dose-pelvic-lift-reps")
    expect(error).to_contain_text("'abc' is not a whole number (0–9999) or a range like 5-10")
    assert page.locator("#dose-pelvic-lift-reps").get_attribute("aria-describedby") == "err-dose-pelvic-lift-reps"
    _shot(page, "dosage-error.png")
    page.locator("#dose-pelvic-lift-reps").fill("12")
    expect(error).to_have_text("")
    expect(page.locator("#preview img.page").first).to_be_visible()


def test_a_leaflet_from_scratch_found_filtered_added_and_ordered(page, address):
    expect = playwright_api.expect
    page.goto(address)
    page.get_by_label("Program or article").select_option("")
    # the list from scratch has arrived and htmx has settled it (its Add buttons work): app.js
    # marks the list aria-busy from its request until then
    expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
    expect(page.locator("#none-yet")).to_be_visible()
    expect(page.locator("#chosen")).not_to_have_attribute("aria-busy", "true")
    library = page.locator("#library-list li:visible")
    page.get_by_label("Position").select_option("standing")
    page.get_by_label("Equipment").select_option("wall")
    page.get_by_label("Search by name").fill("väggen")
    expect(library).to_have_count(1)
    page.get_by_role("button", name="Add Glid längs väggen").click()
    chosen = page.locator("#chosen-list li")
    expect(chosen).to_have_count(1)  # as a person would: see it added before looking for the next
    expect(page.locator("#chosen-list")).not_to_have_attribute("aria-busy", "true")
    page.get_by_label("Search by name").fill("")
    page.get_by_label("Equipment").select_option("chair")
    page.get_by_label("Position").select_option("sitting")
    page.get_by_label("Search by name").fill("stol")
    page.get_by_role("button", name="Add Resa sig från stol", exact=False).click()
    expect(chosen).to_have_count(2)
    page.get_by_role("button", name="Move Resa sig från stol up", exact=False).click()
    expect(chosen.first).to_have_attribute("data-id", "chair-stand")
    # the preview of the reordered list, not an earlier one: its code is this order's
    from handouts.resolve.program import Program, encode_program

    expect(page.locator("#program-code")).to_have_text(encode_program(Program("sv", None, ("chair-stand", "wall-slide"))))
    expect(page.locator("#preview img.page").first).to_be_visible()
    _shot(page, "scratch.png")


def test_a_load_in_kg_is_checked_beside_its_box_and_reaches_the_code(page, address):
    expect = playwright_api.expect
    page.goto(address)
    code = page.locator("#program-code")
    expect(code).to_have_text(lambda_like("HP1-"))
    load = page.get_by_role("group", name="Dosage of Bäckenlyft").get_by_label("Load (kg)")
    assert load.get_attribute("inputmode") == "decimal"
    load.fill("a lot")
    error = page.locator("#err-dose-pelvic-lift-load_kg")
    expect(error).to_contain_text("'a lot' is not a weight in kg like 2 or 0.5")
    load.fill("1,5")
    expect(error).to_have_text("")
    from handouts.resolve.program import Program, encode_program

    changed = Program("sv", "disc-surgery", None, ("pelvic-lift.load_kg=1.5",))  # as `--set` would write it
    expect(code).to_have_text(encode_program(changed))


def lambda_like(prefix: str):
    import re

    return re.compile("^" + re.escape(prefix))


def test_a_programs_exercises_are_reordered_and_print_in_the_new_order(page, address, tmp_path):
    expect = playwright_api.expect
    from handouts.resolve.program import Program, decode_program, encode_program

    page.goto(address)
    code = page.locator("#program-code")
    expect(code).to_have_text(lambda_like("HP1-"))
    chosen = page.locator("#chosen-list li")
    order = chosen.evaluate_all("(items) => items.map((i) => i.dataset.id)")
    assert order[:2] == ["core-brace", "pelvic-lift"]  # the recipe's own order
    pages = page.locator("#preview img.page")
    before = pages.evaluate_all("(images) => images.map((i) => i.src)")

    page.get_by_role("button", name="Move Bäckenlyft up").click()
    expect(chosen.first).to_have_attribute("data-id", "pelvic-lift")
    moved = ["pelvic-lift", "core-brace", *order[2:]]
    expect(code).to_have_text(encode_program(Program("sv", "disc-surgery", tuple(moved))))
    # the code and the pages come in one answer: the preview shows the new order
    assert pages.evaluate_all("(images) => images.map((i) => i.src)") != before
    page.get_by_role("button", name="Move Bäckenlyft up").click()  # the first already: stays
    expect(chosen.first).to_have_attribute("data-id", "pelvic-lift")
    chosen.first.scroll_into_view_if_needed()
    _shot(page, "reordered.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    path = tmp_path / "reordered.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Övning 1: Bäckenlyft" in text and "Övning 2: Ryggstabilisering" in text
    assert text.index("Bäckenlyft") < text.index("Ryggstabilisering") < text.index("Tå och häl")

    # the code reopens the program in its order, and an unticked exercise keeps its place
    program = code.inner_text()
    assert decode_program(program).picks == tuple(moved)
    page.goto(address + "?program=" + program)
    expect(chosen.first).to_have_attribute("data-id", "pelvic-lift")
    page.get_by_role("checkbox", name="Ryggstabilisering").uncheck()
    page.get_by_role("button", name="Move Tå och häl up").click()
    expect(chosen.nth(1)).to_have_attribute("data-id", "toe-heel-rock")
    expect(code).to_have_text(encode_program(Program("sv", "disc-surgery", ("pelvic-lift", "toe-heel-rock", *order[3:]))))

    # in Danish: the same order and picks, the names and the preview in Danish
    shown = chosen.evaluate_all("(items) => items.map((i) => i.dataset.id)")
    assert shown[:3] == ["pelvic-lift", "toe-heel-rock", "core-brace"]
    page.get_by_label("Language of the leaflet").select_option("da")
    expect(page.get_by_role("checkbox", name="Bækkenløft")).to_be_checked()
    assert chosen.evaluate_all("(items) => items.map((i) => i.dataset.id)") == shown  # the unticked one too
    expect(page.get_by_role("checkbox", name="Rygstabilisering")).not_to_be_checked()
    expect(code).to_have_text(encode_program(Program("da", "disc-surgery", ("pelvic-lift", "toe-heel-rock", *order[3:]))))


def test_a_booklets_exercises_move_within_their_group_only(page, address):
    expect = playwright_api.expect
    page.goto(address)
    page.get_by_label("Program or article").select_option("osteoporosis")
    chosen = page.locator("#chosen-list li")
    expect(chosen).to_have_count(15)
    expect(page.locator("#chosen")).not_to_have_attribute("aria-busy", "true")
    groups = chosen.evaluate_all("(items) => items.map((i) => [i.dataset.id, i.dataset.group])")
    last_of_first = max(i for i, (_, group) in enumerate(groups) if group == groups[0][1])
    name = chosen.nth(last_of_first).locator(".ex-name").inner_text()
    page.get_by_role("button", name=f"Move {name} down").click()  # across the group's end: no move
    page.get_by_role("button", name=f"Move {name} up").click()
    expect(chosen.nth(last_of_first - 1)).to_have_attribute("data-id", groups[last_of_first][0])
    after = chosen.evaluate_all("(items) => items.map((i) => [i.dataset.id, i.dataset.group])")
    assert [g for _, g in after] == [g for _, g in groups]  # every group's exercises stay together

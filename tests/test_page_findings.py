"""`check` sees what a reader sees: each layout.* finding provoked, on measured reports and on
real builds (check/pages.py, pdf/measure.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts import leaflet as lf
from handouts.build import World, build
from handouts.check.pages import MM, page_findings
from handouts.cli.main import app
from handouts.pdf.measure import PageReport, Placed
from handouts.resolve.request import Request

from .conftest import write

runner = CliRunner()
TOP, FOOT = 800.0, 60.0  # an A4 frame
ORIGIN = lf.Origin("recipes/own.yaml", 12)


def placed(page, kind, top, bottom, story=0, whole=True, **more) -> Placed:
    return Placed(page, kind, top, bottom, TOP, FOOT, story, whole, more.pop("origin", ORIGIN), **more)


def report(*items: Placed, pages: int | None = None, width: float = 595.0) -> PageReport:
    found = PageReport(list(items), pages or max(p.page for p in items), width)
    found.frame_heights = {p.page: TOP - FOOT for p in items}
    return found


def leaflet(layout="sheet-a4", blocks=()) -> lf.Leaflet:
    clinic = lf.ClinicInfo("K", None, ())
    return lf.Leaflet("sv", "sv-SE", "sv_SE", layout, "Titel", None, dt.date(2026, 12, 1), "{page}", clinic,
                      lf.Brand("#000000", "#ffffff"), tuple(blocks), "T", ())


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_a_half_empty_page_is_underfilled_and_names_its_block():
    found = page_findings(report(placed(1, "text", TOP, 500), placed(2, "text", TOP, 100)), leaflet(), "r.yaml")
    [finding] = found
    assert finding.code == "layout.page-underfilled" and "page 1 is only 41% filled" in finding.message
    assert (finding.file, finding.line) == ("recipes/own.yaml", 12)


def test_the_last_page_of_a_part_may_be_emptier_but_not_below_forty_percent():
    part_end = report(placed(1, "text", TOP, 450), placed(1, "break", 450, 450), placed(2, "text", TOP, 100))
    assert page_findings(part_end, leaflet(), "r.yaml") == []
    nearly_empty = report(placed(1, "text", TOP, 600), placed(1, "break", 600, 600), placed(2, "text", TOP, 100))
    assert codes(page_findings(nearly_empty, leaflet(), "r.yaml")) == ["layout.page-underfilled"]


def test_the_last_page_the_cover_and_the_notes_page_are_not_held_to_it():
    assert page_findings(report(placed(1, "text", TOP, 100), placed(2, "text", TOP, 700)), leaflet(), "r") == []
    assert page_findings(report(placed(1, "lines", TOP, 700), placed(2, "text", TOP, 700)), leaflet(), "r") == []
    cover = report(placed(1, "heading", TOP, 700, text="Titel"), placed(2, "text", TOP, 100), placed(3, "text", TOP, 700))
    assert page_findings(cover, leaflet("booklet-a5"), "r") == []


def test_a_heading_at_a_page_foot_and_stacked_headings_are_stranded():
    stranded = report(placed(1, "text", TOP, 140), placed(1, "heading", 140, 110, text="Övningar"),
                      placed(1, "text", 110, 90), placed(2, "group", TOP, 100), placed(3, "text", TOP, 100))
    [finding] = page_findings(stranded, leaflet(), "r")
    assert finding.code == "layout.stranded-heading" and "'Övningar' stands at the foot of page 1" in finding.message
    stacked = report(placed(1, "heading", TOP, 770, text="Sammanfattning"), placed(1, "heading", 770, 740, text="Kort sagt"),
                     placed(1, "text", 740, 100))
    [finding] = page_findings(stacked, leaflet(), "r")
    assert "followed directly by the heading 'Kort sagt'" in finding.message


def test_a_small_box_broken_over_pages_and_an_empty_fragment_are_split_boxes():
    small = report(placed(1, "text", TOP, 200), placed(1, "box", 200, 60, story=3, whole=False, height=200),
                   placed(2, "box", TOP, 740, story=3, whole=False, height=200), placed(2, "text", 740, 100))
    [finding] = page_findings(small, leaflet(), "r")
    assert finding.code == "layout.split-box" and "71 mm tall is broken over pages 1–2" in finding.message
    tall = report(placed(1, "text", TOP, 500), placed(1, "box", 500, 60, story=3, whole=False, height=900),
                  placed(2, "box", TOP, 100, story=3, whole=False, height=900), placed(3, "text", TOP, 100))
    assert page_findings(tall, leaflet(), "r") == []  # taller than half a frame: it may split
    empty = report(placed(1, "box", TOP, 70, story=3, whole=False, height=900),
                   placed(2, "box", TOP, TOP - 5, story=3, whole=False, height=900), placed(2, "text", 795, 100))
    assert "an empty piece of a box is left on page 2" in page_findings(empty, leaflet(), "r")[0].message


def test_contents_that_point_at_the_wrong_page_or_leave_a_heading_out():
    contents = lf.Contents("Innehåll", (lf.ContentsEntry("h-1", "Start"), lf.ContentsEntry("h-2", "Mer")), "Sida {pages}")
    found = report(placed(1, "heading", TOP, 770, text="Innehåll", level=2), placed(1, "text", 770, 100),
                   placed(2, "heading", TOP, 770, text="Start", level=2), placed(2, "text", 770, 100),
                   placed(3, "heading", TOP, 770, text="Mer", level=2), placed(3, "text", 770, 100),
                   placed(3, "heading", 100, 80, text="Kontakt", level=2), placed(3, "text", 80, 70))
    findings = page_findings(found, leaflet(blocks=[contents]), "a.md", {"h-1": 2, "h-2": 2})
    assert [f.message.split(": ", 1)[1] for f in findings if f.code == "layout.contents-mismatch"] == [
        "the contents say 'Mer' is on page 2; it is on page 3",
        "the contents do not list the heading 'Kontakt' (page 3)"]


def test_too_many_hyphens_and_short_stubs():
    words = tuple((f"ord{i}-", "delen") for i in range(4))
    many = report(placed(1, "text", TOP, 100, hyphens=words), placed(2, "text", TOP, 100, hyphens=(("se-", "dan"),)))
    findings = page_findings(many, leaflet(), "r")
    assert "5 hyphenated line ends on 2 pages (at most 1)" in findings[0].message
    assert any("'se-dan' on page 2 is broken with fewer than three letters" in f.message for f in findings)


def test_pictures_smaller_than_the_page_size_asks_for():
    a4 = report(placed(1, "group", TOP, 100, pictures=(42 * MM, 42 * MM)), placed(2, "text", TOP, 100))
    [finding] = page_findings(a4, leaflet(), "r")
    assert finding.code == "layout.picture-too-small" and "under 55 mm on A4" in finding.message
    a5 = report(placed(1, "group", TOP, 100, pictures=(50 * MM,)), placed(2, "text", TOP, 100), width=420)
    assert page_findings(a5, leaflet("booklet-a5"), "r") == []


def test_measuring_changes_no_byte_and_records_the_real_page(workspace):
    ask = Request("disc-surgery", "sv", dt.date(2026, 12, 1), patient="Åsa Öberg")
    plain = build(workspace, ask)
    measured = build(World(), ask, measure=True)
    assert measured.data == plain.data and plain.report is None
    found = measured.report
    assert found.pages == len(PdfReader(io.BytesIO(plain.data)).pages) and found.page_width == pytest.approx(595.3, 0.1)
    assert {p.kind for p in found.placed} >= {"heading", "box"}
    boxes = [p for p in found.placed if p.kind == "box"]
    assert len([p for p in boxes if p.origin is not None and p.origin.file]) >= 10  # cards name their exercise


@pytest.mark.slow
def test_check_reports_a_clinic_article_that_stacks_headings_at_its_line(project):
    write(project, "articles/kort.sv.md", """
        ---
        title: Kort om promenader
        ---
        Att gå är bra för de flesta.

        ## Sammanfattning

        ## Kort sagt

        Gå en stund varje dag.
        """)
    write(project, "articles/kort.da.md", """
        ---
        title: Kort om gåture
        ---
        At gå er godt for de fleste.

        ## Opsummering

        Gå en tur hver dag.
        """)
    result = runner.invoke(app, ["check", str(project), "--today", "2026-11-21"])
    lines = [line for line in result.stdout.splitlines() if "kort." in line and "layout." in line]
    assert lines == [f"{project}/articles/kort.sv.md:6: warning: Kort om promenader ({edition}): heading "
                     "'Sammanfattning' on page 1 is followed directly by the heading 'Kort sagt' "
                     "[layout.stranded-heading] (put a sentence under the first heading, or drop one of them)"
                     for edition in ("sv", "sv, large print")], result.stdout  # both editions are read
    strict = runner.invoke(app, ["check", str(project), "--today", "2026-11-21", "--strict"])
    assert strict.exit_code == 1 and "kort.sv.md:6: error:" in strict.stdout

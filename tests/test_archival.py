"""PDF/A-1b: every built-in leaflet in both languages passes pikepdf's validator and, where it is
installed, Apache PDFBox Preflight; and the archival file is as reproducible as the plain one."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import pdfa

from handouts.build import build_pdf
from handouts.resolve.recipe import Request

from .conftest import DATE

# builds and validates every built-in leaflet in both languages (and runs Java): seconds
pytestmark = pytest.mark.slow

JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]
CLASSPATH = ":".join(f"/usr/share/java/{jar}.jar" for jar in JARS)
PERSON = dict(patient="Åsa Öberg", therapist="Bo Ek")
HAS_PREFLIGHT = shutil.which("java") is not None and all(Path(p).exists() for p in CLASSPATH.split(":"))
LEAFLETS = ["disc-surgery", "osteoporosis", "spinal-stenosis", "osteoporosis-recommendations",
            "osteoarthritis-exercise"]


@pytest.fixture(scope="module")
def archived(workspace) -> dict[tuple[str, str], bytes]:
    # with a patient and a therapist: their lines are forms stamped into the template
    return {(leaflet, lang): build_pdf(workspace, Request(leaflet, lang, DATE, **PERSON), pdfa=True)
            for leaflet in LEAFLETS for lang in ("da", "sv")}


def test_pikepdf_validates_every_builtin_leaflet(archived):
    for (leaflet, lang), data in archived.items():
        report = pdfa.validate_written(io.BytesIO(data), "1b")
        assert report.verdict == "pass", (leaflet, lang, [f.message for f in report.findings][:5])


def test_metadata_agrees_and_language_is_set(archived):
    data = archived[("disc-surgery", "sv")]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.Lang == "sv-SE"
        assert pdf.pdf_version == "1.4"
        assert len(pdf.Root.OutputIntents) == 1
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "1" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == str(pdf.docinfo["/Title"])
        forms = [x for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()
                 if x.get("/Subtype") == "/Form"]
        assert forms
        for resources in [page.Resources for page in pdf.pages] + [form.Resources for form in forms]:
            for font in resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor or "/FontFile2" in \
                    font.DescendantFonts[0].FontDescriptor


def test_archival_output_is_reproducible(workspace, archived):
    again = build_pdf(workspace, Request("disc-surgery", "sv", DATE, **PERSON), pdfa=True)
    assert again == archived[("disc-surgery", "sv")]


@pytest.mark.skipif(not HAS_PREFLIGHT, reason="Apache PDFBox Preflight is not installed (.ci/run installs it)")
def test_pdfbox_preflight_finds_no_errors(archived, tmp_path):
    for (leaflet, lang), data in archived.items():
        path = tmp_path / f"{leaflet}-{lang}.pdf"
        path.write_bytes(data)
        result = subprocess.run(["java", "-cp", CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
                                capture_output=True, text=True, timeout=180)
        assert "is a valid PDF/A-1b file" in result.stdout + result.stderr, (leaflet, lang, result.stdout[:2000])

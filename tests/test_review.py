"""Review status is data for the clinic: `check` reports it, the patient's pages never show it."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from handouts.build import World, build_pdf
from handouts.check.review import review_findings
from handouts.resolve.recipe import Request

from .conftest import DATE, write

pytestmark = pytest.mark.slow  # whole-leaflet builds: CI runs them, the quick run leaves them out

TODAY = dt.date(2026, 12, 1)


def test_the_builtin_library_is_reported_unreviewed_as_notes(workspace):
    findings = review_findings(workspace, TODAY)
    unreviewed = {f.file: f for f in findings if f.code == "review.unreviewed"}
    # every built-in clinical item: nobody has signed it, and nobody is named as if they had
    for file in ("assets/library/recipes/disc-surgery.yaml", "assets/library/recipes/osteoporosis.yaml",
                 "assets/library/exercises/standing-balance.yaml", "assets/library/notes/stop-on-sharp-pain.yaml"):
        assert file in unreviewed, sorted(unreviewed)
    assert {f.severity for f in findings} == {"note"}  # a fact, which --strict does not fail on
    assert all(f.line and f.line >= 1 for f in findings)
    phase = [f for f in findings if "phase marks" in f.message]
    assert phase and phase[0].file.endswith("recipes/osteoporosis.yaml")
    # an exercise without phase flags, or an advice note, is not clinical content to sign
    assert not any("abdominal-knee-lift" in f.file or "osteo-posture" in f.file for f in findings)


def test_a_clinic_signs_off_in_its_clinic_yaml(tmp_path):
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", """
        id: signing
        name: Signerande kliniken
        signoff:
          - who: Test Person
            role: leg. fysioterapeut
            date: 2026-01-10
            review: 2026-06-30
            items: [recipes/disc-surgery, notes/stop-on-sharp-pain, phases/osteoporosis, recipes/no-such]
        """)
    write(root, "notes/own-safety.yaml", """
        id: own-safety
        kind: safety
        reviewed: {who: Test Person, role: leg. fysioterapeut, date: 2026-02-01}
        review: 2026-11-01
        text: {sv: {title: Se upp}, da: {title: Pas på}}
        """)
    findings = review_findings(World((root,)), TODAY)
    by = {(f.file.rsplit("/", 1)[-1], f.code): f for f in findings}
    # signed off: not reported as unreviewed
    assert ("disc-surgery.yaml", "review.unreviewed") not in by
    assert ("stop-on-sharp-pain.yaml", "review.unreviewed") not in by
    assert not any("phase marks" in f.message for f in findings)
    # built-in content the clinic has not signed: a warning now, for the clinic hands it out
    assert by[("osteoporosis.yaml", "review.unreviewed")].severity == "warning"
    # the sign-off and the note are due again; a sign-off of nothing is pointed at
    passed = by[("clinic.yaml", "review.passed")]
    assert passed.line == 7 and "2026-06-30" in passed.message and passed.severity == "warning"
    assert by[("own-safety.yaml", "review.passed")].line == 4
    assert ("own-safety.yaml", "review.unreviewed") not in by
    unknown = by[("clinic.yaml", "review.unknown-item")]
    assert unknown.line == 8 and "recipes/no-such" in unknown.message


LEAFLETS = [("disc-surgery", "sv"), ("disc-surgery", "da"), ("osteoporosis", "sv"), ("osteoporosis", "da"),
            ("spinal-stenosis", "sv"), ("osteoarthritis-exercise", "da")]
# review status, in English, Swedish and Danish, and the software's own name
STATUS = re.compile(r"reviewed|granska|gennemse|revider|handouts|ogranskad|proposal", re.I)


@pytest.mark.parametrize("recipe, lang", LEAFLETS)
def test_no_patient_page_shows_review_status_or_the_software(workspace, recipe, lang):
    data = build_pdf(workspace, Request(recipe, lang, DATE, patient="Åsa Öberg", therapist="Per Ek"))
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        text = page.extract_text()
        assert not STATUS.search(text), (number, STATUS.search(text).group(0))
        # "review" is allowed only as a word in a cited title, in the sources list
        before_sources = re.split(r"\n(?:Källor|Kilder)\n", text)[0]
        assert not re.search(r"\breview\b", before_sources, re.I) or "Cochrane" in before_sources, number

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build import World, build_pdf
from handouts.resolve.recipe import Request

DATE = dt.date(2026, 11, 21)


def pytest_addoption(parser):
    parser.addoption("--refresh-golden", action="store_true", default=False,
                     help="rewrite the golden page images (tests/golden/) from this build instead of "
                          "comparing with them; pages and cases that no longer exist are deleted")


def pytest_configure(config):
    # The parsed-library cache goes to a folder of this test run, not the user's ~/.cache.
    import os
    import tempfile

    os.environ["HANDOUTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="handouts-test-cache-")


@pytest.fixture(scope="session")
def workspace() -> World:
    return World()


@pytest.fixture(scope="session")
def disc_pdfs(workspace) -> dict[str, bytes]:
    """The disc-surgery leaflet in both languages, built once for the session."""
    return {lang: build_pdf(workspace, Request("disc-surgery", lang, DATE)) for lang in ("da", "sv")}


def straight(text: str) -> str:
    """`text` with the typographic quotes of the typographic pass (resolve/typography.py) made
    straight again, to compare with what was typed."""
    return re.sub("[\u201c\u201d\u00bb\u00ab]", '"', re.sub("[\u2019\u203a\u2039]", "'", text))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


MINIMAL_EXERCISE = """
id: {id}
position: standing
dosage: {{reps: 10}}
text:
  sv: {{name: Övning {id}, steps: [Stå still.]}}
  da: {{name: Øvelse {id}, steps: [Stå stille.]}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A clinic project folder with one clinic and one exercise, layered over the library."""
    root = tmp_path / "clinic"
    write(root, "clinic.yaml", """
        id: test-clinic
        name: Testkliniken
        phone: "+46 70 174 06 99"
        """)
    write(root, "exercises/own-move.yaml", MINIMAL_EXERCISE.format(id="own-move"))
    return root

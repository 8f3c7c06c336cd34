"""Property: any text in a content field either prints (the PDF's text contains it) or is refused
with a diagnostic. Never a crash, never a silently wrong page."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.build import World, build
from handouts.diagnostics import HandoutsError
from handouts.resolve.request import Composition, Request
from handouts.resolve.typography import typeset

from .conftest import pdf_text

# Letters, digits, punctuation, symbols and spaces from all of Unicode: the font covers Latin, the
# rest must be refused by name. Format and control characters, and unpaired surrogates, are not
# text a person types.
TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\xad"),
               min_size=1, max_size=40)


def normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, step=TEXT)
def test_any_text_prints_or_is_refused(tmp_path_factory, name, step):
    root = tmp_path_factory.mktemp("project")
    (root / "exercises").mkdir()
    exercise = {"id": "any", "position": "standing", "text": {
        lang: {"name": name, "steps": [step]} for lang in ("sv", "da")}}
    (root / "exercises" / "any.yaml").write_text(yaml.safe_dump(exercise, allow_unicode=True), encoding="utf-8")
    request = Request("compose", "sv", dt.date(2026, 11, 21), compose=Composition(("any",)))
    try:
        data = build(World((root,)), request).data
    except HandoutsError as exc:
        assert exc.diagnostics and all(d.format() for d in exc.diagnostics)
        return
    text = normal(pdf_text(data)).replace("-", "")
    for value in (name, step):
        if value.strip():  # as the typographic pass sets it: ”quotes”, −minus
            assert normal(typeset(value, "sv")).replace("-", "") in text

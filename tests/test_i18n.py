"""Catalogues agree on their keys; dosage sentences and dates read right in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from handouts.resolve.dosage import dosage_sentences
from handouts.resolve.i18n import load_catalogues
from handouts.source.model import Dosage
from handouts.world.core import World

CATS = load_catalogues(World())


def test_every_catalogue_has_the_same_keys_and_forms():
    shapes = {lang: {k: sorted(v) if isinstance(v, dict) else type(v).__name__ for k, v in c.strings.items()}
              for lang, c in CATS.items()}
    assert set(shapes) >= {"sv", "da"}
    first = shapes.pop("sv")
    for lang, shape in shapes.items():
        assert shape == first, lang


@pytest.mark.parametrize("lang, expected", [
    ("sv", ("Håll kvar i 1 sekund.", "Gör övningen 1 gång.")),
    ("da", ("Hold stillingen i 1 sekund.", "Lav øvelsen 1 gang.")),
])
def test_singular(lang, expected):
    assert dosage_sentences(Dosage(hold=1, reps=1), CATS[lang]) == expected


@pytest.mark.parametrize("lang, expected", [
    ("sv", ("Håll kvar i 20–30 sekunder.", "Vila 3 sekunder mellan gångerna.",
            "Upprepa 5–10 gånger på varje sida.", "Gör 2 omgångar.", "Träna 3 gånger om dagen.")),
    ("da", ("Hold stillingen i 20–30 sekunder.", "Hvil 3 sekunder mellem gangene.",
            "Gentag 5–10 gange til hver side.", "Lav 2 sæt.", "Træn 3 gange om dagen.")),
])
def test_plural_ranges_and_per_side(lang, expected):
    dosage = Dosage(hold=(20, 30), rest=3, reps=(5, 10), per_side=True, sets=2, times_per_day=3)
    assert dosage_sentences(dosage, CATS[lang]) == expected


def test_per_side_goes_with_the_hold_when_there_are_no_repetitions():
    assert dosage_sentences(Dosage(hold=20, per_side=True), CATS["da"]) == (
        "Hold stillingen i 20 sekunder til hver side.",)


def test_build_up():
    assert dosage_sentences(Dosage(reps=5, build_up_to=15), CATS["sv"]) == (
        "Börja med 5 gånger och öka efter hand till 15.",)


def test_dates():
    day = dt.date(2026, 11, 21)
    assert CATS["sv"].date(day) == "21 november 2026"
    assert CATS["da"].date(day) == "21. november 2026"
    assert CATS["da"].date(dt.date(2027, 3, 1)) == "1. marts 2027"

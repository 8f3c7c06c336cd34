"""Dosage sentences: structured dosage in, whole sentences in the leaflet's language out."""

from __future__ import annotations

from handouts.resolve.i18n import Catalogue
from handouts.source.model import Dosage


def dosage_sentences(dosage: Dosage, cat: Catalogue) -> tuple[str, ...]:
    """E.g. ("Håll kvar i 10 sekunder.", "Upprepa 5–10 gånger på varje sida.")."""
    side = cat.text("dosage.each_side") if dosage.per_side else None
    sentences: list[str] = []
    if dosage.hold is not None:
        # "per side" belongs to the repetitions when there are any, else to the hold.
        sentences.append(_sentence(cat.plural("dosage.hold", dosage.hold),
                                   side if dosage.reps is None else None))
    if dosage.rest is not None:
        sentences.append(_sentence(cat.plural("dosage.rest", dosage.rest)))
    if dosage.reps is not None:
        low = dosage.reps[0] if isinstance(dosage.reps, tuple) else dosage.reps
        if dosage.build_up_to is not None and dosage.build_up_to > low:
            phrase = cat.plural("dosage.build_up", dosage.reps, max=dosage.build_up_to)
        else:
            phrase = cat.plural("dosage.reps", dosage.reps)
        sentences.append(_sentence(phrase, side))
    if dosage.sets is not None:
        sentences.append(_sentence(cat.plural("dosage.sets", dosage.sets)))
    if dosage.times_per_day is not None:
        sentences.append(_sentence(cat.plural("dosage.per_day", dosage.times_per_day)))
    return tuple(sentences)


def _sentence(phrase: str, suffix: str | None = None) -> str:
    return f"{phrase} {suffix}." if suffix else f"{phrase}."

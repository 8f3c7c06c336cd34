"""Dosage sentences: structured dosage in, whole sentences in the leaflet's language out.

Every phrase, its singular and its plural, comes from the catalogue (`dosage.*`); numbers are
printed the way both languages write them (a decimal comma, a range with an en dash).
"""

from __future__ import annotations

from handouts.resolve.i18n import Catalogue
from handouts.source.model import Amount, Dosage, Step


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
    if dosage.minutes is not None:
        sentences.append(_sentence(cat.plural("dosage.minutes", dosage.minutes)))
    if dosage.distance is not None:
        sentences.append(_sentence(cat.text("dosage.distance", d=distance(dosage.distance))))
    if dosage.load_kg is not None:
        sentences.append(_sentence(cat.text("dosage.load", kg=kilograms(dosage.load_kg))))
    if dosage.band is not None:
        sentences.append(_sentence(cat.text("dosage.band", colour=cat.text(f"dosage.band_colours.{dosage.band}"))))
    if dosage.times_per_day is not None:
        sentences.append(_sentence(cat.plural("dosage.per_day", dosage.times_per_day)))
    if dosage.days_per_week is not None:
        sentences.append(_sentence(cat.plural("dosage.days", dosage.days_per_week)))
    sentences += [progression_sentence(step, cat) for step in dosage.progression]
    return tuple(sentences)


def progression_sentence(step: Step, cat: Catalogue) -> str:
    """"Vecka 1–2: 8 gånger, 2 omgångar." / "Uge 3–4: 12 gange, 3 sæt."."""
    return f"{cat.plural('dosage.week', step.weeks)}: {', '.join(amounts(step, cat))}."


def amounts(amount: Amount, cat: Catalogue) -> list[str]:
    """The short phrases of an amount, in the order the full sentences take."""
    parts = []
    if amount.hold is not None:
        parts.append(cat.plural("dosage.short.hold", amount.hold))
    if amount.reps is not None:
        parts.append(cat.plural("dosage.short.reps", amount.reps))
    if amount.sets is not None:
        parts.append(cat.plural("dosage.short.sets", amount.sets))
    if amount.minutes is not None:
        parts.append(cat.plural("dosage.short.minutes", amount.minutes))
    if amount.distance is not None:
        parts.append(cat.text("dosage.short.distance", d=distance(amount.distance)))
    if amount.load_kg is not None:
        parts.append(cat.text("dosage.short.load", kg=kilograms(amount.load_kg)))
    if amount.band is not None:
        parts.append(cat.text("dosage.short.band", colour=cat.text(f"dosage.band_colours.{amount.band}")))
    if amount.days_per_week is not None:
        parts.append(cat.plural("dosage.short.days", amount.days_per_week))
    return parts


def distance(metres: int) -> str:
    """800 -> "800 m"; 2500 -> "2,5 km" (both languages write a decimal comma)."""
    if metres < 1000:
        return f"{metres} m"
    return f"{kilograms(round(metres / 1000, 1))} km"


def kilograms(value: float) -> str:
    """0.5 -> "0,5"; 2.0 -> "2"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _sentence(phrase: str, suffix: str | None = None) -> str:
    return f"{phrase} {suffix}." if suffix else f"{phrase}."


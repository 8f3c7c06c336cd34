"""LIX, the Scandinavian readability index, of a leaflet's running text.

LIX = words per sentence + percentage of long words (more than six letters). Below 30 reads
as very easy, 30-40 easy (most patient information aims here), 40-50 medium, above 50 hard.
"""

from __future__ import annotations

import re

from handouts.leaflet import Leaflet

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")


def lix(text: str) -> float | None:
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def leaflet_text(leaflet: Leaflet) -> str:
    """The sentences a patient reads: paragraphs, list items, steps, notes; not labels or footers."""
    from handouts import leaflet as lf

    parts: list[str] = []
    for block in leaflet.blocks:
        if isinstance(block, (lf.Prose, lf.Quote)):
            parts += block.paragraphs
        elif isinstance(block, (lf.Bullets, lf.KeyPointsBox, lf.SummaryBox, lf.RedFlagsBox)):
            parts += block.items
        elif isinstance(block, lf.NoteBlock):
            parts += [*block.paragraphs, *block.items]
        elif isinstance(block, lf.Lead):
            parts.append(block.text)
        elif isinstance(block, lf.ExerciseList):
            for card in block.cards:
                parts += [card.purpose or "", *card.steps, *card.dosage, *card.cautions]
        elif isinstance(block, lf.Faq):
            parts += [text for question, answer in block.items for text in (question, *answer)]
        elif isinstance(block, lf.Cases):
            parts += [text for case in block.items for text in (case.situation, case.advice)]
    # A list item or step without a full stop is still a sentence.
    return " ".join(p if re.search(r"[.!?:]$", p.strip()) else p.strip() + "." for p in parts if p.strip())

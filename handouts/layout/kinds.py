"""What each layout prints: the one declaration of which recipe sections a layout supports.

Plain data, no reportlab: resolve reads it to refuse, with a position in the source, a section
the recipe's layout could not print, and `layout_leaflet` reads it to dispatch. A new layout or
section kind is one entry here, plus the layout function that prints it (a test builds every
declared kind with every layout, and checks each undeclared one is refused).

Article fences (`faq`, `key-points`, ...) are section kinds by the same names; an article is
laid out with the `article` layout, so every fence it may hold must be declared there.
"""

from __future__ import annotations

# Printed the same way by every layout (layout/blocks.py `flow`).
_FLOWING = frozenset({
    "prose", "list", "note", "exercises", "contact",
    "faq", "key-points", "cases", "themed-box", "summary", "references", "disclaimer", "red-flags",
    "log",
})

SUPPORTS: dict[str, frozenset[str]] = {
    # One long page flow: no pages of its own to give a part or a notes page, and so nothing
    # for a table of contents to list.
    "sheet-a4": _FLOWING,
    # Pages of its own: parts and the notes page start one, the contents list them.
    "booklet-a5": _FLOWING | {"part", "contents", "notes-page"},
    # The sheet in one readable column. A Markdown article's contents (front matter
    # `contents: true`) list its ## headings; a recipe has no such headings to list.
    "article": _FLOWING,
}
"""Layout name -> the section kinds it prints. The keys are the layouts a recipe may name."""

LAYOUTS = tuple(SUPPORTS)


def supports(layout: str, kind: str) -> bool:
    return kind in SUPPORTS.get(layout, frozenset())


def printers_of(kind: str) -> tuple[str, ...]:
    """The layouts that print `kind`, in declaration order (for a hint)."""
    return tuple(layout for layout, kinds in SUPPORTS.items() if kind in kinds)


# The text styles (layout/theme.py) each leaflet block prints its running text in, by block
# type, so a style set too small for a patient to read is reported at the blocks printed in it.
STYLES_OF: dict[str, frozenset[str]] = {
    "Prose": frozenset({"body"}),
    "Bullets": frozenset({"body"}),
    "NoteBlock": frozenset({"body"}),
    "ExerciseList": frozenset({"purpose", "step", "dosage", "caution"}),
    "ContactBlock": frozenset({"contact"}),
    "PhaseLegend": frozenset({"body"}),
    "Part": frozenset(),
    "Contents": frozenset({"toc", "toc_pages"}),
    "NotesPage": frozenset({"body"}),
    "PatientBox": frozenset({"patient"}),
    "Heading": frozenset(),
    "Lead": frozenset({"lead"}),
    "Quote": frozenset({"quote"}),
    "Figure": frozenset({"caption"}),
    "Faq": frozenset({"question", "body"}),
    "KeyPointsBox": frozenset({"body"}),
    "Cases": frozenset({"body"}),
    "ThemedBox": frozenset({"body"}),
    "SummaryBox": frozenset({"body"}),
    "References": frozenset({"reference"}),
    "Disclaimer": frozenset({"disclaimer"}),
    "RedFlagsBox": frozenset({"body"}),
    "TrainingLog": frozenset({"body"}),
}

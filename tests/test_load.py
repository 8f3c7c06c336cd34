"""Schema errors name the file, line and column, with a hint where one helps."""

from __future__ import annotations

import pytest

from handouts.diagnostics import HandoutsError
from handouts.source.load import load_library
from handouts.world.core import World

from .conftest import write

LANGS = ["da", "sv"]


def problems(root) -> list[str]:
    with pytest.raises(HandoutsError) as info:
        load_library(World((root,)), LANGS)
    return [d.format().replace(str(root) + "/", "") for d in info.value.diagnostics]


def test_unknown_key_has_line_and_suggestion(tmp_path):
    write(tmp_path, "exercises/a.yaml", """
        id: a
        position: standing
        dosge: {reps: 3}
        text:
          sv: {name: A, steps: [Gör så.]}
        """)
    (message,) = problems(tmp_path)
    assert message.endswith("exercises/a.yaml:3:1: error: unknown key 'dosge' [schema.extra_forbidden] "
                            "(did you mean 'dosage'?)")


def test_yaml_traps_become_schema_errors_with_positions(tmp_path):
    write(tmp_path, "exercises/b.yaml", """
        id: b
        position: standing
        dosage:
          reps: 010
          per_side: yes
          hold: 1:30
        text:
          sv: {name: B, steps: [Gör så.]}
        """)
    messages = problems(tmp_path)
    assert any("b.yaml:4:9: error: 'reps' must be a number, not the text '010'" in m for m in messages)
    assert any("b.yaml:5:13: error: 'per_side' must be true or false, not 'yes'" in m for m in messages)
    assert any("b.yaml:6:9: error: 'hold' must be a number, not the text '1:30'" in m for m in messages)


def test_wrong_choice_suggests_the_closest(tmp_path):
    write(tmp_path, "exercises/c.yaml", """
        id: c
        position: standin
        text:
          sv: {name: C, steps: [Gör så.]}
        """)
    (message,) = problems(tmp_path)
    assert "c.yaml:2:11:" in message and "did you mean 'standing'?" in message


def test_unknown_language_and_missing_field(tmp_path):
    write(tmp_path, "notes/n.yaml", """
        id: n
        kind: tip
        text:
          sw: {title: Hej}
        """)
    messages = problems(tmp_path)
    assert any("n.yaml:3:1: error: 'text': unknown language 'sw'" in m for m in messages)


def test_id_must_match_file_name(tmp_path):
    write(tmp_path, "notes/right.yaml", "id: wrong\nkind: tip\ntext: {sv: {title: T}}\n")
    (message,) = problems(tmp_path)
    assert "right.yaml:1:5: error: id 'wrong' does not match the file name" in message


def test_all_problems_are_reported_together(tmp_path):
    write(tmp_path, "notes/one.yaml", "id: one\nkind: nope\ntext: {sv: {title: T}}\n")
    write(tmp_path, "notes/two.yaml", "id: two\nkind: tip\ntext: {sv: {title: T}}\nextra: 1\n")
    write(tmp_path, "recipes/bad.yaml", "id: bad\n  broken: [\n")
    messages = problems(tmp_path)
    assert [m.split(":")[0] for m in messages] == ["notes/one.yaml", "notes/two.yaml", "recipes/bad.yaml"]


def test_later_roots_override_earlier_ones(tmp_path):
    write(tmp_path, "notes/stop-on-sharp-pain.yaml", "id: stop-on-sharp-pain\nkind: tip\n"
                    "text: {sv: {title: Egen}, da: {title: Egen}}\n")
    library = load_library(World((tmp_path,)), LANGS)
    assert library.notes["stop-on-sharp-pain"].text["sv"].title == "Egen"
    assert library.source("notes", "stop-on-sharp-pain").origin == str(tmp_path)

"""The strict YAML reader refuses YAML's traps with a file, line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from handouts.diagnostics import HandoutsError
from handouts.source.yamlsafe import MAX_BYTES, parse_yaml, read_yaml


def parse(text: str):
    return parse_yaml(text, Path("t.yaml")).data


def refused(text: str) -> str:
    with pytest.raises(HandoutsError) as info:
        parse(text)
    (diagnostic,) = info.value.diagnostics
    return diagnostic.format()


@pytest.mark.parametrize("word", ["no", "No", "yes", "on", "off", "y", "n", "NO"])
def test_yaml11_booleans_stay_text(word):
    assert parse(f"answer: {word}") == {"answer": word}


@pytest.mark.parametrize("text", ["1:30", "010", "0o17", "0x1f", "1e3", "1_000", ".5", "+.inf"])
def test_sexagesimal_octal_and_friends_stay_text(text):
    assert parse(f"value: {text}") == {"value": text}


def test_plain_scalars_are_typed_by_the_short_rules():
    data = parse("a: true\nb: false\nc: 10\nd: -3\ne: 2.5\nf: null\ng: ~\nh:\ni: '10'\nj: \"true\"\nk: 0")
    assert data == {"a": True, "b": False, "c": 10, "d": -3, "e": 2.5, "f": None, "g": None,
                    "h": None, "i": "10", "j": "true", "k": 0}


def test_duplicate_keys_are_refused_at_the_second_key():
    assert refused("name: a\nsteps: []\nname: b\n") == (
        "t.yaml:3:1: error: duplicate key 'name' [yaml.refused] (each key may appear once in a mapping)")


def test_anchors_and_aliases_are_refused():
    assert refused("a: &x [1, 2]\nb: *x\n").startswith("t.yaml:1:4: error: anchors")
    assert "aliases" in refused("a: *x\n")


def test_alias_bomb_is_refused_quickly():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    start = time.perf_counter()
    assert "anchors" in refused(bomb)
    assert time.perf_counter() - start < 1


def test_merge_keys_are_refused():
    assert "merge keys" in refused("<<: {a: 1}\n")


@pytest.mark.parametrize("text", ["a: !!python/object/apply:os.system [ls]", "a: !!int 3", "a: !custom x",
                                  "a: !!set {x}"])
def test_tags_are_refused(text):
    assert "tag" in refused(text)


def test_deep_nesting_is_refused_without_recursion_error():
    message = refused("[" * 10_000)
    assert message.startswith("t.yaml:1:33: error: nesting deeper than 32 levels")


def test_syntax_errors_carry_line_and_column():
    assert refused("a: [1, 2\nb: 3\n").startswith("t.yaml:2:")


def test_large_files_are_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_BYTES, encoding="utf-8")
    with pytest.raises(HandoutsError, match="larger than"):
        read_yaml(path)


def test_non_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: bl\xe5b\xe6r\n".encode("latin-1"))
    with pytest.raises(HandoutsError) as info:
        read_yaml(path)
    assert info.value.diagnostics[0].line == 2


def test_positions_are_recorded_for_nested_values():
    document = parse_yaml("x:\n  - 1\n  - {b: 2}\n", Path("t.yaml"))
    assert document.position(("x", 1, "b")) == (3, 9)
    assert document.position(("x", 1, "union-tag", "b")) == (3, 9)

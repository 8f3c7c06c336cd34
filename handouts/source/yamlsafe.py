"""A strict YAML reader for content written by people, not programs.

PyYAML's safe loader still follows YAML 1.1, which turns the Danish and Norwegian word `no`
into False, `1:30` into 90 and `010` into 8, silently keeps the last of two duplicate keys and
expands alias bombs. This reader composes the node tree itself and types scalars by a short,
explicit rule set (see docs/content.md). It returns plain Python data plus the position of
every value, so schema errors found later can still name a line and column.

Contract: `read_yaml(path)` -> `YamlDocument`; raises `HandoutsError` for anything it refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from handouts.diagnostics import display_path, error

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
MAX_DIGITS = 18
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(repr=False)
    text: str = field(default="", repr=False, compare=False)  # the source, for messages about a line

    def known_path(self, loc: Loc) -> Loc:
        """The steps of `loc` that exist in the document.

        `loc` may contain steps that are not in the document (pydantic adds union member and
        validator names); those are skipped.
        """
        best: Loc = ()
        for step in loc:
            if best + (step,) in self.marks:
                best = best + (step,)
        return best

    def position(self, loc: Loc) -> tuple[int, int]:
        """Line and column (1-based) of the deepest known value along `loc`."""
        return self.marks.get(self.known_path(loc), (1, 1))


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark, hint: str | None = None):
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


class _StrictLoader(Reader, Scanner, Parser, Composer, BaseResolver):
    """Scanner, parser and composer from PyYAML; no implicit typing, no aliases, bounded depth."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused("aliases (*name) are not allowed", event.start_mark,
                           "write the value out in full")
        if getattr(event, "anchor", None) is not None:
            raise _Refused("anchors (&name) are not allowed", event.start_mark,
                           "write the value out in full")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(path: Path) -> YamlDocument:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", "io.read", file=shown) from None
    if len(raw) > MAX_BYTES:
        raise error(f"file is larger than {MAX_BYTES // 1024} KiB", "yaml.too-large", file=shown,
                    hint="split it into several files")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("file is not UTF-8 text", "yaml.encoding", file=shown, line=line,
                    hint="save it as UTF-8") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDocument:
    """Parse `text`, which starts at line `first_line` of `path` (YAML inside Markdown does not)."""
    shown = display_path(path)
    loader = _StrictLoader(text)
    marks: dict[Loc, tuple[int, int]] = {}
    shift = first_line - 1
    try:
        node = loader.get_single_node()
        data = None if node is None else _to_python(node, (), marks)
    except _Refused as exc:
        raise error(exc.message, "yaml.refused", file=shown, line=exc.mark.line + 1 + shift,
                    col=exc.mark.column + 1, hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _syntax_message(exc)
        raise error(message, "yaml.syntax", file=shown,
                    line=mark.line + 1 + shift if mark else None,
                    col=mark.column + 1 if mark else None, hint=hint) from None
    except yaml.YAMLError as exc:  # reader errors carry their position in the text only
        raise error(f"invalid YAML: {exc}".splitlines()[0], "yaml.syntax", file=shown) from None
    finally:
        loader.dispose()
    if shift:
        marks = {loc: (line + shift, col) for loc, (line, col) in marks.items()}
    return YamlDocument(path, data, marks, text if shift == 0 else "")


def _syntax_message(exc: yaml.MarkedYAMLError) -> tuple[str, str | None]:
    """The scanner's words, said the way a person writing YAML by hand needs them."""
    problem = exc.problem or ""
    if "'\\t'" in problem or "\t" in problem:
        return "a tab character where YAML needs spaces", "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a ':' inside a value", "quote the value, e.g. title: 'Tid: 10 minuter'"
    return ": ".join(p for p in (exc.context, problem) if p) or "invalid YAML", None


def _to_python(node, loc: Loc, marks: dict[Loc, tuple[int, int]]) -> Any:
    mark = node.start_mark
    marks.setdefault(loc, (mark.line + 1, mark.column + 1))
    if isinstance(node, ScalarNode):
        if node.tag != _STR:
            raise _Refused(f"tag '{node.tag}' is not allowed", mark, "remove the '!' tag")
        return _scalar(node)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise _Refused(f"tag '{node.tag}' is not allowed", mark, "remove the '!' tag")
        return [_to_python(item, loc + (i,), marks) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        if node.tag != _MAP:
            raise _Refused(f"tag '{node.tag}' is not allowed", mark, "remove the '!' tag")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                raise _Refused("keys must be plain words", key_node.start_mark)
            key = key_node.value
            if key == "<<" and key_node.style is None:
                raise _Refused("merge keys (<<) are not allowed", key_node.start_mark,
                               "write the keys out in full")
            if key in result:
                raise _Refused(f"duplicate key '{key}'", key_node.start_mark,
                               "each key may appear once in a mapping")
            key_mark = key_node.start_mark
            marks[loc + (key,)] = (key_mark.line + 1, key_mark.column + 1)
            if isinstance(value_node, ScalarNode):
                value_mark = value_node.start_mark
                marks[loc + (key,)] = (value_mark.line + 1, value_mark.column + 1)
            result[key] = _to_python(value_node, loc + (key,), marks)
        return result
    raise _Refused("unsupported YAML node", mark)  # pragma: no cover - PyYAML has no others


def _scalar(node: ScalarNode) -> Any:
    value = node.value
    if node.style is not None:  # quoted or block scalar: always text
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in ("", "~", "null"):
        return None
    if _INT.fullmatch(value) or _FLOAT.fullmatch(value):
        if len(value) > MAX_DIGITS:
            raise _Refused(f"a number of more than {MAX_DIGITS} digits", node.start_mark,
                           "no dosage or date needs one; quote it if it is text")
        return int(value) if _INT.fullmatch(value) else float(value)
    return value

"""YAML and frontmatter parsing with ruamel.yaml, keeping line and column for messages.

The fast path parses with the safe loader; only when a file has an error is it parsed again
with the round-trip loader to find the line and column of the offending key or value.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wazir_core.diagnostics import Diagnostic
from wazir_core.loading.sourcefile import decode

if TYPE_CHECKING:
    from wazir_core.models.base import Origin


@functools.cache
def _loaders() -> tuple[Any, Any]:
    """The safe (fast) and round-trip (located) loaders, made on first use: a build whose
    content comes from the parse cache never imports ruamel.yaml."""
    from ruamel.yaml import YAML

    return YAML(typ="safe"), YAML(typ="rt")


def _load_errors() -> tuple[type[BaseException], ...]:
    """ruamel raises plain ValueError for bad scalars (``2001-13-01``, ``!!int x``) and
    RecursionError for very deep nesting; both are the author's mistake, not a crash."""
    from ruamel.yaml.error import YAMLError

    return (YAMLError, ValueError, RecursionError)


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML, plus where it sits in its file (frontmatter starts on line 2)."""

    data: Any
    text: str
    display: str
    line_offset: int = 0

    def locate(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, col) of the key or item at ``loc``; the deepest part that exists."""
        try:
            node = _loaders()[1].load(self.text)
        except _load_errors():
            return (self.line_offset + 1, 1)
        line, col = 0, 0
        for part in loc:
            lc = getattr(node, "lc", None)
            if lc is None:
                break
            try:
                if isinstance(part, int):
                    line, col = lc.item(part)
                    node = node[part]
                elif part in node:
                    line, col = lc.key(part)
                    node = node[part]
                else:
                    break
            except (KeyError, IndexError, TypeError, AttributeError):
                break
        return (self.line_offset + line + 1, col + 1)


def parse_yaml(text: str, display: str, line_offset: int = 0) -> YamlDoc | Diagnostic:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = _loaders()[0].load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return Diagnostic(display, line, col, f"malformed YAML: {what}", code="yaml")
    except YAMLError as exc:
        return Diagnostic(display, line_offset + 1, 1, f"malformed YAML: {exc}", code="yaml")
    except RecursionError:
        return Diagnostic(display, line_offset + 1, 1, "malformed YAML: nested too deeply",
                          code="yaml")
    except ValueError as exc:
        line, col = _bad_scalar(text)
        return Diagnostic(display, line + line_offset, col,
                          f"malformed YAML: invalid value: {exc}", code="yaml")
    return YamlDoc(data, text, display, line_offset)


def _bad_scalar(text: str) -> tuple[int, int]:
    """1-based (line, col) of the first scalar the safe loader cannot construct (1, 1 if none)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    loader = YAML(typ="safe")
    try:
        todo = [loader.compose(text)]
    except _load_errors():
        return (1, 1)
    bad: list[tuple[int, int]] = []
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            try:
                loader.constructor.construct_object(node)
            except (ValueError, YAMLError):
                bad.append((node.start_mark.line + 1, node.start_mark.column + 1))
        elif isinstance(node, MappingNode):
            todo += [part for pair in node.value for part in pair]
        else:
            todo += node.value
    return min(bad, default=(1, 1))


def split_frontmatter(text: str, display: str) -> tuple[str, str] | Diagnostic:
    """Return (frontmatter YAML, body). The frontmatter must open on line 1 and be closed."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return Diagnostic(
            display, 1, 1,
            "frontmatter missing: the file must start with a '---' line, then YAML, then '---'",
            code="frontmatter",
        )
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return Diagnostic(
            display, 1, 1, "frontmatter not closed: add a '---' line after the YAML",
            code="frontmatter",
        )
    yaml_text = text[4 : end + 1]
    body = text[end + 5 :]
    return yaml_text, body.lstrip("\n")


def locate_in_file(origin: Origin | None, loc: tuple[str | int, ...]) -> tuple[str, int, int]:
    """(path, line, col) of ``loc`` inside the YAML file, or the Markdown file's frontmatter,
    that an ``Origin`` names."""
    if origin is None:
        return ("", 0, 0)
    fallback = (origin.path, origin.line, 1)
    try:
        text = decode(Path(origin.path).read_bytes(), origin.path)
    except OSError:
        return fallback
    if isinstance(text, Diagnostic):
        return fallback
    offset = 0
    if origin.path.endswith(".md"):
        split = split_frontmatter(text, origin.path)
        if isinstance(split, Diagnostic):
            return fallback
        text, offset = split[0], 1
    doc = parse_yaml(text, origin.path, line_offset=offset)
    if isinstance(doc, Diagnostic):
        return fallback
    line, col = doc.locate(loc)
    return (origin.path, line, col)

"""Serializers for the formats hosts read. Machine formats are built as data, never templated.

Every function is deterministic: same input, same bytes, on every machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_PLAIN_YAML = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ./()-]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "none", "~", "y", "n"}
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: What a basic string escapes (quote, backslash, control characters but tab); a multi-line
#: one keeps its line feeds.
_TOML_ESCAPED = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
_TOML_ESCAPED_MULTILINE = re.compile(r'["\\\x00-\x08\x0b-\x1f\x7f]')
_TOML_SHORT_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
                       "\\": "\\\\"}


def one_line(text: object) -> str:
    """The text with every run of whitespace, line breaks included, as one space."""
    return " ".join(str(text).split())


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, ending in "…" when cut: hosts drop or
    reject display fields that are too long."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def yaml_scalar(value: Any) -> str:
    """One YAML scalar; strings are quoted unless plainly safe (JSON escapes are valid YAML)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if (_PLAIN_YAML.match(text) and text.lower() not in _YAML_WORDS
            and not text.endswith((" ", ":")) and "  " not in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_lines(data: Mapping[str, Any], indent: int = 0) -> list[str]:
    """Block-style YAML: mappings and lists in block form, scalars quoted as needed."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        k = yaml_scalar(key)
        if isinstance(value, Mapping):
            if value:
                lines.append(f"{pad}{k}:")
                lines += yaml_lines(value, indent + 2)
            else:
                lines.append(f"{pad}{k}: {{}}")
        elif isinstance(value, list | tuple):
            if not value:
                lines.append(f"{pad}{k}: []")
                continue
            lines.append(f"{pad}{k}:")
            for item in value:
                if isinstance(item, Mapping):
                    inner = yaml_lines(item, indent + 4)
                    lines.append(f"{pad}  - {inner[0].lstrip()}")
                    lines += inner[1:]
                else:
                    lines.append(f"{pad}  - {yaml_scalar(item)}")
        else:
            lines.append(f"{pad}{k}: {yaml_scalar(value)}")
    return lines


def yaml_dumps(data: Mapping[str, Any]) -> str:
    return "\n".join(yaml_lines(data)) + "\n"


def frontmatter(meta: Mapping[str, Any]) -> str:
    """A ``---`` fenced YAML frontmatter block, ending with a newline."""
    return "---\n" + yaml_dumps({k: v for k, v in meta.items() if v is not None}) + "---\n"


def json_dumps(data: Any) -> str:
    """Indented JSON in the key order it was built in, UTF-8, with a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def toml_dumps(data: Mapping[str, Any]) -> str:
    """TOML that TOML 0.5 parsers accept: basic strings with standard escapes only.

    A flat table of strings (every agent and command file) is written here, in the bytes
    tomli_w would write: tomli_w escapes a string one character at a time, several times
    slower than a regular expression on an agent prompt that lists 10,000 modules."""
    safe = _toml_safe(data)
    if all(isinstance(k, str) and isinstance(v, str) for k, v in safe.items()):
        return "".join(f"{_toml_key(k)} = {_toml_string(v, True)}\n" for k, v in safe.items())
    import tomli_w  # only here: the writer imports this module even when nothing is written

    return tomli_w.dumps(safe, multiline_strings=True)


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TOML_SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _toml_key(key: str) -> str:
    return key if _TOML_BARE_KEY.fullmatch(key) else _toml_string(key, False)


def _toml_string(text: str, multiline: bool) -> str:
    """A basic string, multi-line (CRLF as LF) when allowed and the text has a line feed."""
    if multiline and "\n" in text:
        body = _TOML_ESCAPED_MULTILINE.sub(_toml_escape, text.replace("\r\n", "\n"))
        return f'"""\n{body}"""'
    return f'"{_TOML_ESCAPED.sub(_toml_escape, text)}"'


def _toml_safe(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_toml_safe(v) for v in value]
    if isinstance(value, str):
        # Lone surrogates cannot be encoded in TOML (or UTF-8): replace them visibly.
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def serialize(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json_dumps(data)
    if fmt == "toml":
        return toml_dumps(data)
    if fmt == "yaml":
        return yaml_dumps(data)
    raise ValueError(f"unknown data format {fmt!r}")

"""Markdown structure with marko: the ``##`` sections a document must have, in order."""

from __future__ import annotations

from collections.abc import Sequence

import marko
from marko.block import Heading
from marko.inline import RawText

_parser = marko.Markdown()


def _text(node: object) -> str:
    if isinstance(node, RawText):
        return str(node.children)
    children = getattr(node, "children", None)
    if isinstance(children, str):
        return children
    if isinstance(children, list):
        return "".join(_text(c) for c in children)
    return ""


def section_titles(body: str) -> list[str]:
    """Level-2 headings, in order (fenced code blocks are not mistaken for headings)."""
    doc = _parser.parse(body)
    return [
        _text(node).strip()
        for node in doc.children
        if isinstance(node, Heading) and node.level == 2
    ]


def missing_sections(body: str, required: Sequence[str]) -> str | None:
    """A message if the required sections are absent or out of order, else None."""
    titles = [t.lower() for t in section_titles(body)]
    want = [r.lower() for r in required]
    missing = [r for r, w in zip(required, want, strict=True) if w not in titles]
    if missing:
        names = ", ".join(f"'## {m}'" for m in missing)
        return f"missing required section{'s' if len(missing) > 1 else ''} {names}"
    positions = [titles.index(w) for w in want]
    if positions != sorted(positions):
        order = ", ".join(required)
        return f"sections are out of order; expected {order}"
    return None

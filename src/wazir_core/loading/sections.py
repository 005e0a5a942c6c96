"""Markdown structure: the ``##`` sections a document must have, in order.

A fence-aware line scan finds ATX headings quickly (loading thousands of modules must stay
fast); whenever it reports a problem, marko — a full CommonMark parser — has the final word,
so setext headings and other constructs the scan does not know are never wrongly rejected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADING = re.compile(r"^ {0,3}## +(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def scan_titles(body: str) -> list[str]:
    """Level-2 ATX headings outside fenced code blocks."""
    titles: list[str] = []
    fence = ""
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip()[len(match.group(1)):].strip():
                fence = ""
            continue
        if match:
            fence = match.group(1)
            continue
        heading = _HEADING.match(line)
        if heading:
            titles.append(heading.group(1).strip())
    return titles


def marko_titles(body: str) -> list[str]:
    """Level-2 headings as a CommonMark parser sees them (slow; used to confirm problems)."""
    import marko
    from marko.block import Heading

    def text(node: object) -> str:
        children = getattr(node, "children", None)
        if isinstance(children, str):
            return children
        if isinstance(children, list):
            return "".join(text(c) for c in children)
        return ""

    doc = marko.Markdown().parse(body)
    return [text(n).strip() for n in doc.children if isinstance(n, Heading) and n.level == 2]


def _problem(titles: list[str], required: Sequence[str]) -> str | None:
    lowered = [t.lower() for t in titles]
    want = [r.lower() for r in required]
    missing = [r for r, w in zip(required, want, strict=True) if w not in lowered]
    if missing:
        names = ", ".join(f"'## {m}'" for m in missing)
        return f"missing required section{'s' if len(missing) > 1 else ''} {names}"
    positions = [lowered.index(w) for w in want]
    if positions != sorted(positions):
        return f"sections are out of order; expected {', '.join(required)}"
    return None


def missing_sections(body: str, required: Sequence[str]) -> str | None:
    """A message if the required sections are absent or out of order, else None."""
    if _problem(scan_titles(body), required) is None:
        return None
    return _problem(marko_titles(body), required)

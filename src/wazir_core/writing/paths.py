"""Path rules for generated files: relative, '/'-separated, inside the target's roots."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

_DRIVE = re.compile(r"^[A-Za-z]:")


def path_problem(path: object, roots: Sequence[str]) -> str | None:
    """Why ``path`` may not be written, or None if it is fine."""
    if not isinstance(path, str) or not path:
        return f"path {path!r} is not a non-empty string"
    if "\x00" in path:
        return f"path {path!r} contains a NUL byte"
    if "\\" in path:
        return f"path {path!r} uses '\\'; generated paths use '/'"
    if path.startswith("/") or _DRIVE.match(path):
        return f"path {path!r} is absolute; targets return paths relative to the project"
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return f"path {path!r} has an empty, '.' or '..' segment"
    allowed = tuple(roots)
    if path not in allowed and not path.startswith(_folders(allowed)):
        return f"path {path!r} is outside the target's output roots ({', '.join(roots)})"
    return None


@functools.lru_cache(maxsize=64)
def _folders(roots: tuple[str, ...]) -> tuple[str, ...]:
    """The roots as folder prefixes, worked out once per target, not once per path."""
    return tuple(r.rstrip("/") + "/" for r in roots)


def escapes(project: Path, path: Path) -> bool:
    """True if ``path`` (or a folder above it) resolves outside the project, e.g. by symlink."""
    root = project.resolve()
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return not probe.resolve().is_relative_to(root)

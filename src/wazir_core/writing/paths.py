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


class Escapes:
    """Whether a path (or a folder above it) resolves outside the project, e.g. by symlink.

    Resolving costs a system call per path part, and a build asks about every folder it
    writes to, so the project is resolved once, each folder once, and a folder that does
    not exist yet answers as its parent does."""

    def __init__(self, project: Path) -> None:
        self.root = project.resolve()
        self.known: dict[Path, bool] = {}

    def __call__(self, path: Path) -> bool:
        if path not in self.known:
            if path.exists() or path == path.parent:
                self.known[path] = not path.resolve().is_relative_to(self.root)
            else:
                self.known[path] = self(path.parent)
        return self.known[path]

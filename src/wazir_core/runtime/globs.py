"""Matching project-relative paths against ``protected_paths`` globs.

Globs use ``/``: ``*`` and ``?`` stay inside one segment, ``**`` spans any number of
segments. A glob without wildcards protects that path and everything below it, and
``dir/**`` protects ``dir`` itself as well, so replacing or deleting the folder is caught.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

MAGIC = set("*?[")


def _magic(segment: str) -> bool:
    return any(c in MAGIC for c in segment)


def _segment(pattern: str, name: str) -> bool:
    if fnmatchcase(name, pattern):
        return True
    # The path may itself be a shell glob (``rm .gi?/config``): if it can name the
    # protected segment, treat it as doing so.
    if _magic(name):
        return fnmatchcase(pattern, name) if not _magic(pattern) else True
    return False


def _match(pattern: list[str], path: list[str]) -> bool:
    if not pattern:
        return not path
    head = pattern[0]
    if head == "**":
        return any(_match(pattern[1:], path[i:]) for i in range(len(path) + 1))
    return bool(path) and _segment(head, path[0]) and _match(pattern[1:], path[1:])


def split(path: str) -> list[str]:
    return [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]


def matches(pattern: str, path: str, fold_case: bool = False) -> bool:
    """Whether the project-relative ``path`` is protected by ``pattern``."""
    if fold_case:
        pattern, path = pattern.casefold(), path.casefold()
    pat, parts = split(pattern), split(path)
    if not pat:
        return False
    if _match(pat, parts):
        return True
    if pat[-1] == "**" and _match(pat[:-1], parts):
        return True
    if not any(_magic(p) for p in pat):
        return parts[:len(pat)] == pat
    return False


def contains(path: str, pattern: str, fold_case: bool = False) -> bool:
    """Whether removing the folder ``path`` would remove something ``pattern`` protects."""
    if fold_case:
        pattern, path = pattern.casefold(), path.casefold()
    parts, pat = split(path), split(pattern)
    if not parts:
        return True  # the project root itself
    literal: list[str] = []
    for segment in pat:
        if _magic(segment):
            break
        literal.append(segment)
    if len(literal) < len(parts):
        return False
    return all(_segment(p, q) or _segment(q, p) for p, q in zip(literal, parts, strict=False))

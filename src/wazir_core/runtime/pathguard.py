"""Deciding whether a path a tool is about to write is protected.

A path is checked in every form that could name a protected file: as written (with ``..``
collapsed), and with symlinks resolved, against the project root both as given and resolved.
On a case-insensitive volume the comparison ignores case. A path outside the project is not
protected.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wazir_core.runtime.globs import contains, matches


@dataclass(frozen=True)
class Verdict:
    path: str
    rule: str
    relative: str
    kind: str
    message: str = ""

    def reason(self) -> str:
        if self.message:
            return self.message
        verb = "remove or move" if self.kind == "remove" else "write to"
        return (f"blocked: this would {verb} '{self.relative}', which is protected by the "
                f"rule '{self.rule}' (protected_paths in the pack manifest or wazir.yaml). "
                "Protected files are changed only by the operator; ask them, or leave it.")


def case_insensitive(root: Path) -> bool:
    """Whether the volume holding ``root`` ignores case (probed, not guessed from the OS)."""
    for folder in (root, *root.parents):
        name = folder.name
        if name and name.lower() != name.upper():
            swapped = folder.parent / name.swapcase()
            try:
                return swapped.exists() and os.path.samefile(swapped, folder)
            except OSError:
                return False
    return sys.platform in ("darwin", "win32")


def _relative(path: str, root: str, fold: bool) -> str | None:
    p, r = (path.casefold(), root.casefold()) if fold else (path, root)
    r = r.rstrip("/") or "/"
    if p == r:
        return ""
    prefix = r if r.endswith("/") else r + "/"
    if p.startswith(prefix):
        return path[len(prefix):]
    return None


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


class PathGuard:
    def __init__(self, project: Path, patterns: list[str], fold_case: bool | None = None) -> None:
        self.roots = list(dict.fromkeys([_posix(os.path.normpath(os.path.abspath(project))),
                                         _posix(str(project.resolve()))]))
        self.patterns = patterns
        self.fold = case_insensitive(project.resolve()) if fold_case is None else fold_case

    def forms(self, raw: str, base: Path) -> list[str]:
        """The absolute forms of ``raw``: as written (``..`` collapsed) and symlinks resolved."""
        expanded = os.path.expanduser(os.path.expandvars(raw))
        absolute = expanded if os.path.isabs(expanded) else os.path.join(base, expanded)
        lexical = os.path.normpath(absolute)
        try:
            resolved = str(Path(absolute).resolve())
        except (OSError, RuntimeError):  # a symlink loop: the lexical form must do
            resolved = lexical
        return list(dict.fromkeys([_posix(lexical), _posix(resolved)]))

    def _inside(self, raw: str, base: Path) -> Iterator[tuple[str, str]]:
        """Each form of ``raw`` that lies in the project, with its project-relative path."""
        for form in self.forms(raw, base):
            for root in self.roots:
                relative = _relative(form, root, self.fold)
                if relative is not None:
                    yield form, relative

    def check(self, raw: str, kind: str, base: Path) -> Verdict | None:
        """The rule that protects ``raw``, or None when writing it is allowed."""
        if "\x00" in raw:
            return Verdict(raw.replace("\x00", "\\0"), "", "", kind,
                           "blocked: the path contains a NUL byte, which no file name can hold")
        for form, relative in self._inside(raw, base):
            for rule in self.patterns:
                if matches(rule, relative, self.fold) or (
                        kind == "remove" and contains(relative, rule, self.fold)):
                    return Verdict(form, rule, relative or ".", kind)
        return None

    def is_one_of(self, raw: str, base: Path, relatives: list[str]) -> bool:
        """Whether ``raw`` names one of the project-relative files in ``relatives``."""
        wanted = {r.casefold() if self.fold else r for r in relatives}
        return any((relative.casefold() if self.fold else relative) in wanted
                   for _, relative in self._inside(raw, base))

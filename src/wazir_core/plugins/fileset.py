"""FileSet: what a target renders — relative POSIX paths mapped to content, plus diagnostics.

A target never writes files. It returns a FileSet; the core validates every path, merges
shared files and writes atomically. Entry kinds:

* ``TextFile`` / ``BinaryFile`` — a file wazir owns outright.
* ``DataFile`` — structured data the core serializes (JSON, TOML or YAML), deterministically.
* ``ManagedBlock`` — wazir's marked block inside a user-owned Markdown file (``AGENTS.md``).
* ``JsonEntries`` — entries wazir owns inside a user-owned JSON settings file; list items that
  contain ``marker`` in any string are wazir's, everything else is the user's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from wazir_core.diagnostics import Diagnostic, Severity

DataFormat = Literal["json", "toml", "yaml"]
OWNED_MARKER = "wazir hook "


@dataclass(frozen=True)
class TextFile:
    text: str
    executable: bool = False


@dataclass(frozen=True)
class BinaryFile:
    data: bytes
    executable: bool = False


@dataclass(frozen=True)
class DataFile:
    data: Any
    format: DataFormat = "json"


@dataclass(frozen=True)
class ManagedBlock:
    text: str


@dataclass(frozen=True)
class JsonEntries:
    data: dict[str, Any]
    marker: str = OWNED_MARKER
    scope: tuple[str, ...] = ("hooks",)


Entry = TextFile | BinaryFile | DataFile | ManagedBlock | JsonEntries


@dataclass
class FileSet:
    """An ordered mapping of relative POSIX path to entry, with the target's diagnostics."""

    files: dict[str, Entry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, path: str, entry: Entry | str) -> None:
        """Add a file; a plain string becomes a TextFile. Adding a path twice with different
        content is recorded as an error (the writer refuses the whole FileSet)."""
        value = TextFile(entry) if isinstance(entry, str) else entry
        if path in self.files and self.files[path] != value:
            self.error(f"'{path}' is rendered twice with different content", path)
            return
        self.files[path] = value

    def error(self, message: str, path: str = "", severity: Severity = "error") -> None:
        self.diagnostics.append(Diagnostic(path, message=message, severity=severity,
                                           code="render"))

    def warn(self, message: str, path: str = "") -> None:
        self.error(message, path, severity="warning")

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, path: str) -> Entry:
        return self.files[path]

    def __contains__(self, path: object) -> bool:
        return path in self.files

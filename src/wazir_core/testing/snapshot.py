"""A FileSet as plain text per path, for golden files and determinism checks."""

from __future__ import annotations

import base64

from wazir_core.plugins.fileset import (
    BinaryFile,
    DataFile,
    Entry,
    FileSet,
    JsonEntries,
    ManagedBlock,
    TextFile,
)
from wazir_core.rendering.formats import json_dumps, serialize


def entry_text(entry: Entry) -> str:
    if isinstance(entry, TextFile):
        return entry.text + ("" if not entry.executable else "\n# (executable)\n")
    if isinstance(entry, BinaryFile):
        return base64.b64encode(entry.data).decode("ascii") + "\n"
    if isinstance(entry, DataFile):
        return serialize(entry.data, entry.format)
    if isinstance(entry, ManagedBlock):
        return "# managed block\n" + entry.text
    if isinstance(entry, JsonEntries):
        return "# owned JSON entries\n" + json_dumps(entry.data)
    raise TypeError(type(entry).__name__)


def fileset_snapshot(files: FileSet) -> dict[str, str]:
    return {path: entry_text(entry) for path, entry in sorted(files.files.items())}

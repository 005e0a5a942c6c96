"""A FileSet as plain text per path, for golden files and determinism checks.

An executable file's text ends with ``EXECUTABLE_MARK``, as golden files store it."""

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
from wazir_core.testing.golden import EXECUTABLE_MARK


def entry_text(entry: Entry) -> str:
    if isinstance(entry, TextFile):
        return entry.text + (EXECUTABLE_MARK if entry.executable else "")
    if isinstance(entry, BinaryFile):
        return base64.b64encode(entry.data).decode("ascii") + "\n" + \
            (EXECUTABLE_MARK if entry.executable else "")
    if isinstance(entry, DataFile):
        return serialize(entry.data, entry.format)
    if isinstance(entry, ManagedBlock):
        return "# managed block\n" + entry.text
    if isinstance(entry, JsonEntries):
        return "# owned JSON entries\n" + json_dumps(entry.data)
    raise TypeError(type(entry).__name__)


def fileset_snapshot(files: FileSet) -> dict[str, str]:
    return {path: entry_text(entry) for path, entry in sorted(files.files.items())}

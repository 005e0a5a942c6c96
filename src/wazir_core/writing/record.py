"""The build record: which files wazir wrote, their hashes, and which target owns them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RECORD_PATH = ".wazir/build-record.json"
EntryKind = Literal["file", "block", "entries"]
#: ``json.dumps(..., ensure_ascii=False)`` without making a new encoder for every call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class RecordEntry:
    sha256: str
    targets: list[str]
    kind: EntryKind = "file"
    created: bool = True
    executable: bool = False
    #: While a build is being applied: the hash of the file it replaces. A build killed
    #: half-way leaves each file old or new, and both are recognized as wazir's.
    previous: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sha256": self.sha256, "targets": self.targets,
                                "kind": self.kind, "created": self.created,
                                "executable": self.executable}
        if self.previous:
            data["previous"] = self.previous
        return data

    def owns(self, digest: str) -> bool:
        """True if a file with this hash is the one wazir wrote (not edited by hand)."""
        return digest in (self.sha256, self.previous)


@dataclass
class BuildRecord:
    files: dict[str, RecordEntry] = field(default_factory=dict)
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    wazir: str = ""
    output: str = "."
    #: A digest of everything the last build read (content, config, plugin code); when it
    #: matches and every file still has its recorded hash, a rebuild has nothing to do.
    inputs: str = ""
    #: The warnings and notes that build reported, shown again when a rebuild is skipped.
    notes: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "wazir": self.wazir,
            "output": self.output,
            "inputs": self.inputs,
            "notes": self.notes,
            "targets": dict(sorted(self.targets.items())),
            "files": {p: e.to_json() for p, e in sorted(self.files.items())},
        }

    def dumps(self) -> str:
        """The record as JSON text, one file entry per line: readable in a diff, and fast for
        tens of thousands of files (each line goes through the C encoder)."""
        data = self.to_json()
        files = data.pop("files")
        head = json.dumps(data, indent=2, ensure_ascii=False)[:-2]
        lines = [f"    {_encode(p)}: {_encode(e)}" for p, e in files.items()]
        body = "{\n" + ",\n".join(lines) + "\n  }" if lines else "{}"
        return f'{head},\n  "files": {body}\n}}\n'


def read_record(project: Path) -> BuildRecord:
    """The last build's record; a missing or unreadable record means "nothing owned yet"."""
    path = project / RECORD_PATH
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {p: RecordEntry(**e) for p, e in raw.get("files", {}).items()}
        return BuildRecord(files, raw.get("targets", {}), raw.get("wazir", ""),
                           raw.get("output", "."), raw.get("inputs", ""), raw.get("notes", []))
    except (OSError, ValueError, TypeError):
        return BuildRecord()

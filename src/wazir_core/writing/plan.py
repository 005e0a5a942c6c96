"""Planning a write: compare what targets rendered with the tree and the last build record.

The plan is computed the same way for a build, ``--dry-run`` and ``--check``; only applying
it differs. Nothing here writes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wazir_core.diagnostics import Diagnostic
from wazir_core.merging import MergeError, merge_json, set_block
from wazir_core.plugins.fileset import (
    OWNED_MARKER,
    BinaryFile,
    DataFile,
    Entry,
    FileSet,
    JsonEntries,
    ManagedBlock,
    TextFile,
)
from wazir_core.rendering.formats import json_dumps, serialize
from wazir_core.writing.paths import Escapes, path_problem
from wazir_core.writing.record import BuildRecord, EntryKind, RecordEntry, sha256

Change = Literal["added", "missing", "changed", "unchanged", "removed", "hand-edited",
                 "orphaned", "conflict"]


@dataclass
class Action:
    """One path's fate. ``data`` is None for removals and for files left alone."""

    path: str
    change: Change
    targets: list[str]
    kind: EntryKind = "file"
    data: bytes | None = None
    executable: bool = False
    created: bool = True
    message: str = ""
    #: A stale merged file whose wazir part was taken out: no longer in the record.
    release: bool = False
    #: sha256 of the file on disk when the plan was made ("" if there was none).
    old_sha: str = ""

    @property
    def writes(self) -> bool:
        return self.change in ("added", "missing", "changed") and self.data is not None


@dataclass
class Plan:
    project: Path
    out: Path
    actions: list[Action] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    record: BuildRecord = field(default_factory=BuildRecord)
    #: Every output root of the targets in this build (where stray temp files may be).
    roots: set[str] = field(default_factory=set)

    def changes(self) -> list[Action]:
        return [a for a in self.actions if a.change != "unchanged"]

    def summary(self, target: str) -> dict[str, int]:
        mine = [a for a in self.actions if target in a.targets]
        return {
            "written": sum(a.writes for a in mine),
            "unchanged": sum(a.change == "unchanged" for a in mine),
            "removed": sum(a.change == "removed" for a in mine),
            "conflicts": sum(a.change in ("hand-edited", "conflict") for a in mine),
        }


def _entry_kind(entry: Entry) -> EntryKind:
    if isinstance(entry, ManagedBlock):
        return "block"
    if isinstance(entry, JsonEntries):
        return "entries"
    return "file"


def _owned_bytes(entry: Entry) -> bytes:
    if isinstance(entry, TextFile):
        return entry.text.encode("utf-8")
    if isinstance(entry, BinaryFile):
        return entry.data
    if isinstance(entry, DataFile):
        return serialize(entry.data, entry.format).encode("utf-8")
    raise TypeError(type(entry).__name__)


def _read(path: str) -> bytes | None:
    """The file's bytes, or None if there is none. A folder in its place raises
    IsADirectoryError: one system call per file, where asking ``is_dir`` first took two."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PermissionError:  # what Windows raises for a folder
        if os.path.isdir(path):
            raise IsADirectoryError(path) from None
        raise


def _merged(entry: ManagedBlock | JsonEntries | None, kind: EntryKind, old: bytes | None
            ) -> bytes:
    """The user's file with wazir's part set to ``entry`` (or taken out when None)."""
    text = old.decode("utf-8") if old is not None else None
    if kind == "block":
        block = entry.text if isinstance(entry, ManagedBlock) else None
        return set_block(text, block).encode("utf-8")
    if isinstance(entry, JsonEntries):
        merged = merge_json(text, entry.data, entry.marker, entry.scope)
    else:
        merged = merge_json(text, None, OWNED_MARKER, ("hooks",))
    return json_dumps(merged).encode("utf-8") if merged or text else b""


def collect(filesets: Mapping[str, FileSet], roots: Mapping[str, tuple[str, ...]]
            ) -> tuple[dict[str, tuple[Entry, list[str]]], list[Diagnostic]]:
    """Merge every target's FileSet into one path map; refuse bad paths and collisions."""
    wanted: dict[str, tuple[Entry, list[str]]] = {}
    diags: list[Diagnostic] = []
    for name, fileset in filesets.items():
        for path, entry in fileset.files.items():
            problem = path_problem(path, roots[name])
            if problem:
                diags.append(Diagnostic("", message=f"target '{name}': {problem}", code="path"))
                continue
            if path in wanted:
                other, owners = wanted[path]
                if other != entry:
                    diags.append(Diagnostic(path, message=(
                        f"targets '{owners[0]}' and '{name}' both write this path with different "
                        "content"), code="collision"))
                else:
                    owners.append(name)
                continue
            wanted[path] = (entry, [name])
    files = {p: wanted[p] for p in sorted(wanted)}
    folders: set[str] = set()
    for path in files:  # every folder above a file (a folder seen before brought its parents)
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for path in files:
        if path in folders:
            diags.append(Diagnostic(path, message="is both a file and a folder of other "
                                                  "generated files", code="collision"))
    return files, diags


def make_plan(project: Path, out: Path, filesets: Mapping[str, FileSet],
              roots: Mapping[str, tuple[str, ...]], record: BuildRecord, scope: set[str],
              force: bool = False) -> Plan:
    """Decide, for every rendered and every previously recorded path, what to do."""
    plan = Plan(project, out, record=record,
                roots={r for rs in roots.values() for r in rs})
    wanted, plan.diagnostics = collect(filesets, roots)
    escapes = Escapes(project)
    if escapes(out):
        plan.diagnostics.append(Diagnostic(out.as_posix(), message=(
            "the output folder resolves outside the project (a symlink?); refusing to write"),
            code="path"))
        return plan
    base = os.path.join(out, "")  # a str ending in a separator: pathlib costs more than a read
    outside: dict[str, bool] = {}
    for path, (entry, owners) in wanted.items():
        folder = path.rpartition("/")[0]
        if folder not in outside:  # many files share a folder: join and look it up once
            outside[folder] = escapes(out / folder)
        if outside[folder]:
            plan.diagnostics.append(Diagnostic(path, message=(
                "a folder on this path is a symlink that leads outside the project"),
                code="path"))
            continue
        target_path = base + path
        try:
            old = _read(target_path)
        except IsADirectoryError:
            plan.diagnostics.append(Diagnostic(path, message="a folder is in the way of this "
                                                             "generated file", code="conflict"))
            continue
        known = record.files.get(path)
        kind = _entry_kind(entry)
        if kind == "file":
            data = _owned_bytes(entry)
            executable = bool(getattr(entry, "executable", False))
            created = True
        else:
            try:
                data = _merged(entry, kind, old)  # type: ignore[arg-type]
            except MergeError as exc:
                plan.diagnostics.append(Diagnostic(path, message=str(exc), code="merge"))
                continue
            executable = False
            created = known.created if known else old is None
        action = Action(path, "unchanged", owners, kind, data, executable, created,
                        old_sha=sha256(old) if old is not None else "")
        if old is None:
            action.change = "missing" if known else "added"
        elif old != data or (executable and not os.access(target_path, os.X_OK)):
            if kind != "file" or (known and known.owns(action.old_sha)):
                action.change = "changed"
            elif force:
                action.change = "changed"
                action.message = "overwritten (--force)"
            else:
                action.change = "hand-edited" if known else "conflict"
                action.message = ("was edited by hand since wazir wrote it" if known else
                                  "exists and was not written by wazir")
                action.data = None
        plan.actions.append(action)
    for path, known_entry in sorted(record.files.items()):
        if path in wanted or not set(known_entry.targets) & scope:
            continue
        if set(known_entry.targets) - scope:
            continue  # still owned by a target this build does not touch
        try:
            old = _read(base + path)
        except IsADirectoryError:
            old = None
        if old is None:
            plan.actions.append(Action(path, "removed", known_entry.targets, known_entry.kind, None,
                                       message="already gone"))
            continue
        if known_entry.kind != "file":
            try:
                data = _merged(None, known_entry.kind, old)
            except MergeError as exc:
                plan.diagnostics.append(Diagnostic(path, message=str(exc), code="merge"))
                continue
            # A file wazir created and that holds nothing else (not even a user key) goes.
            remove = known_entry.created and data.strip() in (b"", b"{}")
            plan.actions.append(Action(path, "removed" if remove else "changed",
                                       known_entry.targets, known_entry.kind,
                                       None if remove else data, created=known_entry.created,
                                       release=True))
        elif known_entry.owns(sha256(old)) or force:
            plan.actions.append(Action(path, "removed", known_entry.targets))
        else:
            plan.actions.append(Action(path, "orphaned", known_entry.targets, message=(
                "no longer generated, but edited by hand since; left in place")))
    return plan


def new_record(plan: Plan) -> BuildRecord:
    """The record after applying ``plan``: written and unchanged paths, minus removals."""
    record = plan.record
    files = dict(record.files)
    for action in plan.actions:
        if action.change in ("removed", "orphaned") or action.release:
            files.pop(action.path, None)
        elif action.data is not None:
            files[action.path] = RecordEntry(sha256(action.data), sorted(action.targets),
                                             action.kind, action.created, action.executable)
    return BuildRecord(files, record.targets, record.wazir, record.output, record.inputs,
                       record.notes)


def conflict_diagnostics(plan: Plan) -> list[Diagnostic]:
    """Files a build would have to overwrite although wazir does not own them (any more)."""
    return [Diagnostic(a.path, message=f"{a.message}; wazir will not overwrite it (use --force "
                                       "to replace it)", code="conflict")
            for a in plan.actions if a.change in ("hand-edited", "conflict")]


def orphan_diagnostics(plan: Plan) -> list[Diagnostic]:
    """Stale files wazir no longer generates but leaves in place because they were edited."""
    return [Diagnostic(a.path, message=f"{a.message}; wazir no longer owns it, delete it if it "
                                       "is not needed", severity="warning", code="orphaned")
            for a in plan.actions if a.change == "orphaned"]

"""Skipping a rebuild that has nothing to do.

A build records a digest of all it read: the content (the parse cache's fingerprint of every
pack file), the project's config and detected stacks, template overrides, and the code of the
core and of each target plugin. When a later build would read exactly the same and every
file the record lists still has its recorded hash, rendering would produce the same bytes,
so the build can report "unchanged" without rendering. Anything unexpected falls back to a
full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wazir_core._version import __version__
from wazir_core.cache import code_stamp
from wazir_core.writing.apply import stray_temps
from wazir_core.writing.record import BuildRecord, sha256

if TYPE_CHECKING:
    from wazir_core.build import Prepared


def _code_stamp(package_file: str | None) -> list[tuple[str, int, int]]:
    return code_stamp(Path(package_file).parent) if package_file else []


def inputs_key(prepared: Prepared, plugins: Mapping[str, str | None], out: Path,
               overrides: Mapping[str, Mapping[str, str]],
               built_together: Sequence[str] = ()) -> str | None:
    """The digest of everything a build of these targets reads, or None if unknown.
    ``plugins`` maps each target name to the file of the module that provides it."""
    fingerprint = prepared.fingerprint
    if fingerprint is None or None in plugins.values():
        return None
    import wazir_core

    parts: dict[str, object] = {
        "wazir": __version__,
        "core": _code_stamp(wazir_core.__file__),
        "content": fingerprint,
        "config": prepared.config.model_dump(mode="json"),
        "project": [prepared.info.name, prepared.info.stacks, prepared.info.concerns,
                    prepared.info.protected_paths],
        "out": out.as_posix(),
        "built_together": sorted(built_together),
        "targets": {name: [file, _code_stamp(file), sorted(overrides.get(name, {}).items())]
                    for name, file in sorted(plugins.items())},
    }
    blob = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def tree_matches(out: Path, record: BuildRecord, names: Sequence[str],
                 roots: Iterable[str]) -> list[str] | None:
    """The recorded paths of these targets if each still has its recorded bytes, else None."""
    paths = []
    for path, entry in record.files.items():
        if not set(entry.targets) & set(names):
            continue
        full = out / path
        try:
            data = full.read_bytes()
        except OSError:
            return None
        if sha256(data) != entry.sha256 or (entry.executable and not os.access(full, os.X_OK)):
            return None
        paths.append(path)
    if stray_temps(out, roots, {(out / p).parent for p in paths}):
        return None  # a killed build left temp files: let a full build sweep them
    return sorted(paths)

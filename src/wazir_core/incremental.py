"""Skipping and reusing builds.

What a build writes depends only on what it reads: the content packs, ``wazir.yaml``, the
detected stacks, template overrides, the targets built together and the code of the core and
of each target plugin (targets render from the Bundle alone, never from the project's files).
``inputs_key`` digests all of it by reading it again, with neither pydantic nor a plugin
imported.

* The build record keeps the key: when a later build computes the same key and every file
  still has its recorded hash, there is nothing to do.
* The per-user cache keeps, per build request, what the build resolved (targets, packs,
  output folder) and the rendered file sets under the key: a build whose outputs were deleted,
  or a ``--check``, plans from them without loading content or importing a plugin.

Anything unexpected (a missing or damaged entry, a changed input) means a full build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wazir_core._version import __version__
from wazir_core.cache import cache_dir, code_stamp, load_pickle, save_pickle, tree_digest
from wazir_core.detect import detect_stacks
from wazir_core.filenames import CONFIG_FILE
from wazir_core.writing.apply import stray_temps
from wazir_core.writing.record import BuildRecord, sha256

if TYPE_CHECKING:
    from wazir_core.plugins.fileset import FileSet
    from wazir_core.plugins.host import PluginHost

_FORMAT = "2"
#: Files kept in the build cache: an entry and its rendered files for each of the 32 most
#: recent requests (a partial entry is only a miss).
_KEEP = 64
#: Plugin switches that change which targets exist or how they load.
_SWITCHES = ("WAZIR_PLUGINS_ALLOW", "WAZIR_PLUGINS_BLOCK", "WAZIR_STRICT_PLUGINS")


@dataclass
class Resolved:
    """What a build settled before rendering, from ``wazir.yaml`` and the installed plugins;
    kept with the rendered files so the same request can skip straight to planning."""

    out: str
    names: list[str]
    packs: list[str]
    templates: str
    roots: dict[str, list[str]] = field(default_factory=dict)
    versions: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The warnings and notes rendering reported, shown again when it is skipped.
    notes: list[dict[str, Any]] = field(default_factory=list)


def request_key(project: Path, requested: Sequence[str], out: Path | None) -> str | None:
    """What names a build request before anything is loaded: the project, its ``wazir.yaml``
    bytes, the targets and output folder asked for, the working folder (messages are relative
    to it) and the plugin switches. None when builds of it are not reused: extra plugin
    modules (``WAZIR_PLUGINS``) are only known once imported."""
    if os.environ.get("WAZIR_PLUGINS", "").strip() or not project.is_dir():
        return None
    try:
        config = (project / CONFIG_FILE).read_bytes()
    except FileNotFoundError:
        config = b""
    except OSError:
        return None
    parts = [_FORMAT, __version__, os.getcwd(), str(project.resolve()), sha256(config),
             list(requested), out.as_posix() if out else None,
             [os.environ.get(name, "") for name in _SWITCHES]]
    return sha256(json.dumps(parts).encode())


def read_overrides(project: Path, templates: str, target: str) -> dict[str, str]:
    """Project template overrides for one target (read here, so rendering stays pure)."""
    folder = project / templates / target
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def built_together(names: Sequence[str], record: BuildRecord, full: bool) -> list[str]:
    """The targets whose files sit side by side after this build: a partial build
    (``--target X``) keeps the others' files, and targets adapt to them (Cursor runs Claude's
    hooks when ``.claude/`` is there)."""
    others = sorted(set(record.targets) - set(names))
    return [*names, *([] if full else others)]


def inputs_key(project: Path, request: str, resolved: Resolved, together: Sequence[str],
               host: PluginHost, packs_digest: str | None = None) -> str | None:
    """The digest of everything a build of ``resolved.names`` reads, or None if unknown.
    ``packs_digest`` is the content's ``tree_digest`` when the caller already has it."""
    import wazir_core

    packs_digest = packs_digest or tree_digest([Path(p) for p in resolved.packs])
    plugins = {name: host.plugin_file(name) for name in resolved.names}
    if packs_digest is None:
        return None
    targets: dict[str, object] = {}
    for name, file in sorted(plugins.items()):
        if file is None:
            return None
        overrides = read_overrides(project, resolved.templates, name)
        targets[name] = [file, code_stamp(Path(file).parent), sorted(overrides.items())]
    parts = {
        "request": request,
        "resolved": [resolved.out, resolved.names, resolved.packs, resolved.templates],
        "core": code_stamp(Path(wazir_core.__file__).parent),
        "content": packs_digest,
        "stacks": detect_stacks(project),
        "installed": host.names(),
        "built_together": sorted(together),
        "targets": targets,
    }
    return sha256(json.dumps(parts, sort_keys=True).encode("utf-8"))


def _entry(request: str) -> Path:
    return cache_dir() / "builds" / f"{request}.pickle"


def _files(key: str) -> Path:
    return cache_dir() / "builds" / f"files-{key}.pickle"


def remember(request: str, key: str, resolved: Resolved, filesets: Mapping[str, FileSet]
             ) -> None:
    """Keep a rendered build for its request, replacing the request's previous one."""
    previous = recall(request)
    save_pickle(_files(key), dict(filesets), keep=_KEEP)
    save_pickle(_entry(request), (key, asdict(resolved)), keep=_KEEP)
    if previous is not None and previous[0] != key:
        _files(previous[0]).unlink(missing_ok=True)


def recall(request: str) -> tuple[str, Resolved] | None:
    """The key and resolved facts of this request's last rendered build, if kept."""
    entry = load_pickle(_entry(request))
    try:
        key, resolved = entry
        return str(key), Resolved(**resolved)
    except (TypeError, ValueError):
        return None


def recall_files(key: str) -> dict[str, FileSet] | None:
    """The file sets rendered for this key, if still kept."""
    files = load_pickle(_files(key))
    return files if isinstance(files, dict) else None


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

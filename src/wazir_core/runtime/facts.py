"""What the runtime needs from a project's config and content packs, cached between hooks.

Guards run before every tool call; loading ``wazir.yaml`` and the packs costs seconds, and
only a handful of values matter at run time (state root, protected paths, loop caps). Those
values are kept in a small cache file, valid while the stat signatures of ``wazir.yaml`` and
every pack manifest are unchanged, so a warm hook never imports pydantic.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wazir_core._version import __version__
from wazir_core.runtime.fileio import write_json
from wazir_core.runtime.project import project_key

CONFIG_FILE = "wazir.yaml"
PACK_MANIFEST = "pack.yaml"
CACHE_VERSION = 1


@dataclass
class Facts:
    project: str
    state_root: str | None = None
    config_protected: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    pack_protected: list[str] = field(default_factory=list)
    loop_caps: dict[str, int] = field(default_factory=dict)
    on_reject: dict[str, str] = field(default_factory=dict)
    content_loaded: bool = False
    #: Set when the config or a pack manifest cannot be read; guards then fail closed.
    error: str | None = None

    @property
    def protected(self) -> list[str]:
        return list(dict.fromkeys([*self.pack_protected, *self.config_protected]))

    def repair_paths(self) -> list[str]:
        """Files an agent may still edit while the setup is broken, to repair it."""
        root = Path(self.project)
        out = [CONFIG_FILE]
        for pack in self.packs[1:]:
            path = Path(pack) / PACK_MANIFEST
            if path.is_relative_to(root):
                out.append(path.relative_to(root).as_posix())
        return out


def _signature(path: Path) -> list[Any]:
    try:
        st = path.stat()
    except OSError:
        return [path.as_posix(), None]
    return [path.as_posix(), st.st_mtime_ns, st.st_size, st.st_ino]


def cache_dir() -> Path:
    override = os.environ.get("WAZIR_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("wazir", appauthor=False))


def _cache_path(project: Path) -> Path:
    return cache_dir() / "projects" / project_key(project) / "facts.json"


def _fingerprint(project: Path, packs: list[str]) -> list[Any]:
    return [__version__, _signature(project / CONFIG_FILE),
            *(_signature(Path(p) / PACK_MANIFEST) for p in packs)]


def _read_cache(project: Path, with_content: bool) -> Facts | None:
    try:
        raw = json.loads(_cache_path(project).read_text(encoding="utf-8"))
        if raw.get("cache_version") != CACHE_VERSION:
            return None
        facts = Facts(**raw["facts"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if facts.project != project.as_posix() or (with_content and not facts.content_loaded):
        return None
    if raw.get("fingerprint") != _fingerprint(project, facts.packs):
        return None
    return facts


def _write_cache(project: Path, facts: Facts) -> None:
    path = _cache_path(project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, {"cache_version": CACHE_VERSION,
                          "fingerprint": _fingerprint(project, facts.packs),
                          "facts": asdict(facts)})
    except OSError:
        pass  # a cache that cannot be written only costs time


def _first_error(exc: Exception) -> str:
    diagnostics = getattr(exc, "diagnostics", None)
    if diagnostics:
        return "; ".join(str(d) for d in list(diagnostics)[:3])
    return f"{type(exc).__name__}: {exc}"


def _from_config(project: Path) -> Facts:
    from wazir_core.bundled import bundled_pack

    facts = Facts(project=project.as_posix())
    if not (project / CONFIG_FILE).is_file():
        facts.packs = [bundled_pack().resolve().as_posix()]
        return facts
    from wazir_core.wiring import packs_for, project_config

    try:
        config = project_config(project)
    except Exception as exc:  # a broken config must reach guards as a reason, not a crash
        facts.error = f"{CONFIG_FILE} is not valid: {_first_error(exc)}"
        return facts
    facts.state_root = config.state_root
    facts.config_protected = list(config.protected_paths)
    facts.packs = [p.resolve().as_posix() for p in packs_for(project, config)]
    return facts


def _add_content(facts: Facts) -> None:
    from wazir_core.loading import load_content

    try:
        loaded = load_content([Path(p) for p in facts.packs])
    except Exception as exc:
        facts.error = f"the content packs could not be loaded: {_first_error(exc)}"
        return
    if loaded.content is None:
        errors = [str(d) for d in loaded.diagnostics if d.severity == "error"][:3]
        facts.error = "a content pack manifest could not be loaded: " + "; ".join(errors)
        return
    content = loaded.content
    facts.pack_protected = list(content.protected_paths)
    facts.loop_caps = {step.phase: step.loop_cap for step in content.pipeline}
    facts.on_reject = {step.phase: step.on_reject for step in content.pipeline
                       if step.on_reject}
    facts.content_loaded = True


def load_facts(project: Path, with_content: bool = False) -> Facts:
    """The runtime facts of a project; ``with_content`` adds the packs' paths and caps."""
    project = project.resolve()
    cached = _read_cache(project, with_content)
    if cached is not None:
        return cached
    facts = _from_config(project)
    if facts.error is None and with_content:
        _add_content(facts)
    if facts.error is None:
        _write_cache(project, facts)
    return facts

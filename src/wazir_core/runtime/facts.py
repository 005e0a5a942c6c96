"""What the runtime needs from a project's config and content packs, cached between hooks.

Guards run before every tool call; loading ``wazir.yaml`` and the packs costs seconds, and
only a handful of values matter at run time (state root, protected paths, loop caps). Those
values are kept in two small cache files, one per project (from ``wazir.yaml``) and one per
list of packs (from their manifests), each valid while the stat signatures of the files it
came from are unchanged, so a warm hook never imports pydantic.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wazir_core._version import __version__
from wazir_core.cache import cache_dir
from wazir_core.filenames import CONFIG_FILE, PACK_MANIFEST
from wazir_core.runtime.fileio import write_json
from wazir_core.runtime.names import describe_error
from wazir_core.runtime.project import project_key

CACHE_VERSION = 2


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


def _read_cached(path: Path, fingerprint: list[Any]) -> dict[str, Any] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("cache_version") != CACHE_VERSION \
            or raw.get("fingerprint") != fingerprint or not isinstance(raw.get("data"), dict):
        return None
    data: dict[str, Any] = raw["data"]
    return data


def _write_cached(path: Path, fingerprint: list[Any], data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, {"cache_version": CACHE_VERSION, "fingerprint": fingerprint,
                          "data": data})
    except OSError:
        pass  # a cache that cannot be written only costs time


def _config_part(project: Path) -> tuple[dict[str, Any], str | None]:
    """State root, protected paths and pack list from ``wazir.yaml`` (cached per project)."""
    path = cache_dir() / "projects" / project_key(project) / "config.json"
    fingerprint = [__version__, project.as_posix(), _signature(project / CONFIG_FILE)]
    cached = _read_cached(path, fingerprint)
    if cached is not None:
        return cached, None
    from wazir_core.bundled import bundled_pack

    data: dict[str, Any] = {"state_root": None, "config_protected": [],
                            "packs": [bundled_pack().resolve().as_posix()]}
    if (project / CONFIG_FILE).is_file():
        from wazir_core.wiring import packs_for, project_config

        try:
            config = project_config(project)
        except Exception as exc:  # a broken config must reach guards as a reason
            return data, f"{CONFIG_FILE} is not valid: {describe_error(exc, 3)}"
        data = {"state_root": config.state_root,
                "config_protected": list(config.protected_paths),
                "packs": [p.resolve().as_posix() for p in packs_for(project, config)]}
    _write_cached(path, fingerprint, data)
    return data, None


def _content_part(packs: list[str]) -> tuple[dict[str, Any], str | None]:
    """Protected paths and loop caps from the pack manifests (cached per list of packs)."""
    key = hashlib.sha256("\n".join(packs).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    path = cache_dir() / "packs" / f"{key}.json"
    fingerprint = [__version__, *(_signature(Path(p) / PACK_MANIFEST) for p in packs)]
    cached = _read_cached(path, fingerprint)
    if cached is not None:
        return cached, None
    from wazir_core.loading import load_content

    try:
        loaded = load_content([Path(p) for p in packs])
    except Exception as exc:
        return {}, f"the content packs could not be loaded: {describe_error(exc, 3)}"
    if loaded.content is None:
        errors = [str(d) for d in loaded.diagnostics if d.severity == "error"][:3]
        return {}, "a content pack manifest could not be loaded: " + "; ".join(errors)
    content = loaded.content
    data = {"pack_protected": list(content.protected_paths),
            # A cap bounds a rejection loop, so only steps that loop back have one.
            "loop_caps": {step.phase: step.loop_cap for step in content.pipeline
                          if step.on_reject},
            "on_reject": {step.phase: step.on_reject for step in content.pipeline
                          if step.on_reject}}
    _write_cached(path, fingerprint, data)
    return data, None


def load_facts(project: Path, with_content: bool = False) -> Facts:
    """The runtime facts of a project; ``with_content`` adds the packs' paths and caps."""
    project = project.resolve()
    config, error = _config_part(project)
    facts = Facts(project=project.as_posix(), state_root=config.get("state_root"),
                  config_protected=list(config.get("config_protected") or []),
                  packs=list(config.get("packs") or []), error=error)
    if error is None and with_content:
        content, error = _content_part(facts.packs)
        facts.error = error
        if error is None:
            facts.pack_protected = list(content.get("pack_protected") or [])
            facts.loop_caps = dict(content.get("loop_caps") or {})
            facts.on_reject = dict(content.get("on_reject") or {})
            facts.content_loaded = True
    return facts


def loop_caps(project: Path) -> dict[str, int]:
    """The packs' loop caps for display; none when the setup cannot be read (showing a run
    must not fail over its caps)."""
    try:
        return load_facts(project, with_content=True).loop_caps
    except Exception:
        return {}

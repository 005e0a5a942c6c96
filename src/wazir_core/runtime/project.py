"""Finding the project a command or hook is about, and the key its state is filed under."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from wazir_core.filenames import CONFIG_FILE
from wazir_core.runtime.names import slug

MARKERS = (CONFIG_FILE, ".git")
#: Variables hosts set for hook processes, most specific first.
PROJECT_VARIABLES = ("CLAUDE_PROJECT_DIR", "CURSOR_PROJECT_DIR", "GEMINI_PROJECT_DIR")
HOST_VARIABLE = {"claude": "CLAUDE_PROJECT_DIR", "cursor": "CURSOR_PROJECT_DIR",
                 "gemini": "GEMINI_PROJECT_DIR"}


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``wazir.yaml`` or ``.git``, else start."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return start


def project_key(root: Path) -> str:
    """Folder name for readability plus a hash of the full path, so two checkouts never share."""
    resolved = root.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug(resolved.name, fallback='project', limit=40)}-{digest}"


def hook_project(explicit: Path | None, host: str | None, cwd: str | None,
                 roots: list[str], env: Mapping[str, str] | None = None) -> Path:
    """The project a hook runs for: --project, the host's variable, the payload, then cwd."""
    if explicit is not None:
        return explicit.resolve()
    env = os.environ if env is None else env
    names = [HOST_VARIABLE[host]] if host in HOST_VARIABLE else []
    names += [n for n in PROJECT_VARIABLES if n not in names]
    for name in names:
        value = env.get(name, "").strip().strip("'\"")
        if value and Path(value).is_dir():
            return Path(value).resolve()
    for candidate in [*roots, cwd or ""]:
        if candidate and Path(candidate).is_absolute() and Path(candidate).is_dir():
            return find_root(Path(candidate))
    return find_root(Path.cwd())

"""The per-user cache folder (``WAZIR_CACHE_DIR`` overrides it). Losing it only costs time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    override = os.environ.get("WAZIR_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("wazir", appauthor=False))


def code_stamp(folder: Path) -> list[tuple[str, int, int]]:
    """Path, size and modification time of every file under ``folder``: part of cache keys,
    so editing wazir's (or a plugin's) code in a checkout never serves a stale result."""
    stamp: list[tuple[str, int, int]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            stamp.append((os.path.relpath(path, folder), st.st_size, st.st_mtime_ns))
    return stamp

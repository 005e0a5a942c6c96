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

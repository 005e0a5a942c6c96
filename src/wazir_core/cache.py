"""The per-user cache folder (``WAZIR_CACHE_DIR`` overrides it). Losing it only costs time."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any


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


def tree_digest(roots: Sequence[Path]) -> str | None:
    """A digest of the path, mode bit and bytes of every file under ``roots`` (in order), or
    None when a root is missing or holds a symlink (those are always read afresh, so their
    checks run)."""
    digest = hashlib.sha256()
    for root in roots:
        if not root.is_dir():
            return None
        digest.update(str(root.resolve()).encode() + b"\0")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if any(os.path.islink(os.path.join(dirpath, n)) for n in (*filenames, *dirnames)):
                return None
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                        mode = os.fstat(handle.fileno()).st_mode & 0o111
                except OSError:
                    return None
                rel = os.path.relpath(path, root)
                digest.update(f"{rel}\0{mode}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def save_pickle(path: Path, value: object, keep: int) -> None:
    """Store ``value`` whole or not at all (temp file, then rename), then trim the folder to
    its ``keep`` most recently used files. Failing costs only time."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
        entries = sorted(os.scandir(path.parent), key=lambda e: e.stat().st_mtime_ns,
                         reverse=True)
        for entry in entries[keep:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def load_pickle(path: Path) -> Any:
    """A stored value, or None: a missing, damaged or foreign entry is only a miss. A hit
    marks the file as used, so trimming keeps it."""
    with contextlib.suppress(Exception), open(path, "rb") as handle:
        value = pickle.load(handle)
        with contextlib.suppress(OSError):
            os.utime(path)
        return value
    return None

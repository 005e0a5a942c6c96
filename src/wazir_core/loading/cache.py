"""A parse cache for loaded content, keyed by the bytes of every pack file.

Loading validates every frontmatter block; the result only changes when a file does, so it
is kept (pickled) in the per-user cache folder under a key made of the wazir and pydantic
versions, the working folder (messages show paths relative to it) and each file's path, mode
and bytes. Packs that contain symlinks are always loaded afresh, so their checks run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from wazir_core._version import __version__
from wazir_core.cache import cache_dir, code_stamp
from wazir_core.loading.content import ContentLoad, load_content

_CACHE_FORMAT = "1"


def _fingerprint(packs: Sequence[Path]) -> str | None:
    import pydantic

    digest = hashlib.sha256()
    here = Path(__file__).parent
    code = repr([code_stamp(here), code_stamp(here.parent / "models")])
    for part in (_CACHE_FORMAT, __version__, pydantic.VERSION, os.getcwd(), code):
        digest.update(part.encode() + b"\0")
    for pack in packs:
        root = Path(pack)
        if not root.is_dir():
            return None
        digest.update(str(root.resolve()).encode() + b"\0")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted([*filenames, *dirnames]):
                path = os.path.join(dirpath, name)
                if os.path.islink(path):
                    return None
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                    mode = os.stat(path).st_mode & 0o111
                except OSError:
                    return None
                rel = os.path.relpath(path, root)
                digest.update(f"{rel}\0{mode}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def load_content_cached(packs: Sequence[Path | str]) -> ContentLoad:
    """``load_content`` with a cache; the result is the same as loading afresh."""
    paths = [Path(p) for p in packs]
    key = _fingerprint(paths) if paths else None
    if key is None:
        return load_content(paths)
    path = cache_dir() / "content" / f"{key}.pickle"
    with contextlib.suppress(Exception):  # a damaged or foreign cache entry is only a miss
        with open(path, "rb") as handle:
            content, diagnostics = pickle.load(handle)
        return ContentLoad(content, diagnostics, fingerprint=key)
    result = load_content(paths)
    result.fingerprint = key
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            pickle.dump((result.content, result.diagnostics), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    return result

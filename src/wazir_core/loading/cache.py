"""A parse cache for loaded content, keyed by the bytes of every pack file.

Loading validates every frontmatter block; the result only changes when a file does, so it
is kept (pickled) in the per-user cache folder under a key made of the wazir and pydantic
versions, the loader's and the models' code, how each pack is named from the working folder
(the content keeps the names its messages use) and each file's path, mode and bytes. So a new
project whose packs lie outside it, as the bundled pack does, shares the entry. Packs that
contain symlinks are always loaded afresh, so their checks run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from wazir_core._version import __version__
from wazir_core.cache import cache_dir, code_stamp, load_pickle, save_pickle, tree_digest
from wazir_core.loading.content import ContentLoad, load_content
from wazir_core.loading.sourcefile import display_path

_CACHE_FORMAT = "2"
#: Parsed packs kept (a few projects' worth, each with its own packs and wazir version).
_KEEP = 16


def _names_from_here(packs: Sequence[Path]) -> str:
    """What ``display_path`` makes of each pack's files from the working folder: the pack's
    own name, unless the working folder is inside the pack (then files below it are named
    relative to it)."""
    here = Path.cwd()
    return repr([f"inside {here}" if pack.is_absolute() and here.is_relative_to(pack)
                 else display_path(pack) for pack in packs])


def _cache_key(packs: Sequence[Path], packs_digest: str) -> str:
    import pydantic

    here = Path(__file__).parent
    code = repr([code_stamp(here), code_stamp(here.parent / "models")])
    parts = (_CACHE_FORMAT, __version__, pydantic.VERSION, _names_from_here(packs), code,
             packs_digest)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def load_content_cached(packs: Sequence[Path | str]) -> ContentLoad:
    """``load_content`` with a cache; the result is the same as loading afresh. The result's
    ``fingerprint`` is the digest of every pack file (``cache.tree_digest``)."""
    paths = [Path(p) for p in packs]
    digest = tree_digest(paths) if paths else None
    if digest is None:
        return load_content(paths)
    path = cache_dir() / "content" / f"{_cache_key(paths, digest)}.pickle"
    cached = load_pickle(path)
    if isinstance(cached, tuple) and len(cached) == 2:
        return ContentLoad(cached[0], cached[1], fingerprint=digest)
    result = load_content(paths)
    result.fingerprint = digest
    save_pickle(path, (result.content, result.diagnostics), keep=_KEEP)
    return result

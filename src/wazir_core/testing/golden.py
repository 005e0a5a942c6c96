"""Golden files: generated output stored beside the tests, compared byte for byte.

    compare_golden(files, Path(__file__).parent / "golden" / "case")

Every file is stored as ``<path>.golden``, so a stored ``SKILL.md``, ``AGENTS.md`` or agent
file is never taken for a real one by an agent (or a host client) that opens the repository
holding the tests. An executable bit is kept in the stored text: ``EXECUTABLE_MARK`` is
appended to an executable file's content (``mark_executables`` does it for files on disk;
``fileset_snapshot`` does it for a rendered ``FileSet``), so it shows in a reviewed diff and
survives any checkout. Run the tests with ``WAZIR_UPDATE_GOLDEN=1`` to rewrite the stored
files after an intended change, then review the diff like code.
"""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

#: Golden files carry this suffix, so a stored ``SKILL.md`` or ``AGENTS.md`` is never taken
#: for a real one by an agent that opens the plugin's repository.
GOLDEN_SUFFIX = ".golden"
#: Appended to the stored content of a file that carries an executable bit.
EXECUTABLE_MARK = "\n# (executable)\n"
#: The environment variable that turns a comparison into a rewrite of the golden folder.
UPDATE_VARIABLE = "WAZIR_UPDATE_GOLDEN"

#: How many differing files get a diff in the failure message, and how long each may be.
_DIFFS, _DIFF_LINES = 3, 30


def update_requested() -> bool:
    """Whether ``WAZIR_UPDATE_GOLDEN`` asks for the golden files to be rewritten."""
    return os.environ.get(UPDATE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def mark_executables(files: Mapping[str, bytes], root: Path) -> dict[str, bytes]:
    """``files`` (POSIX paths under ``root``) with ``EXECUTABLE_MARK`` appended to the content
    of each one that carries an executable bit on disk: the form golden files store."""
    mark = EXECUTABLE_MARK.encode("utf-8")
    return {path: data + mark if os.access(root / path, os.X_OK) else data
            for path, data in files.items()}


def compare_golden(actual: Mapping[str, str | bytes], folder: Path,
                   update: bool | None = None) -> None:
    """Assert that ``actual`` (POSIX path → content) equals the golden files in ``folder``.

    Text is compared as UTF-8 bytes. With ``update`` (default: ``WAZIR_UPDATE_GOLDEN`` is
    set) the folder is first replaced by ``actual``, each file stored as ``<path>.golden``.
    A failure names every missing, extra and different path.
    """
    __tracebackhide__ = True
    expected = {path: _bytes(data) for path, data in actual.items()}
    for path in expected:
        _check_path(path)
    if update_requested() if update is None else update:
        write_golden(folder, expected)
    if not folder.is_dir():
        raise AssertionError(f"no golden files at {folder}; run the tests once with "
                             f"{UPDATE_VARIABLE}=1 and review the files it writes")
    stored, twice = _read_golden(folder)
    missing = sorted(set(expected) - set(stored))
    extra = sorted(set(stored) - set(expected))
    different = sorted(p for p in set(expected) & set(stored) if expected[p] != stored[p])
    if not (missing or extra or different or twice):
        return
    lines = [f"output differs from the golden files in {folder} "
             f"(after an intended change: rerun with {UPDATE_VARIABLE}=1 and review the diff)"]
    for label, paths in (("generated but not in the golden files", missing),
                         ("in the golden files but not generated", extra),
                         ("different content", different),
                         (f"stored both with and without {GOLDEN_SUFFIX}", twice)):
        if paths:
            lines.append(f"{label} ({len(paths)}):")
            lines += [f"  {p}" for p in paths]
    for path in different[:_DIFFS]:
        lines += _diff(path, stored[path], expected[path])
    raise AssertionError("\n".join(lines))


def write_golden(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace ``folder`` by ``files``, each stored as ``<path>.golden``."""
    if folder.exists():
        shutil.rmtree(folder)
    for path, data in sorted(files.items()):
        _check_path(path)
        dest = folder / (path + GOLDEN_SUFFIX)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(_bytes(data))


def _read_golden(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """The stored files by generated path, and the paths stored twice. A file without the
    suffix (written before goldens carried it) still counts, under its own name."""
    stored: dict[str, bytes] = {}
    twice: list[str] = []
    for file in sorted(folder.rglob("*")):
        if not file.is_file():
            continue
        path = file.relative_to(folder).as_posix().removesuffix(GOLDEN_SUFFIX)
        if path in stored:
            twice.append(path)
        stored[path] = file.read_bytes()
    return stored, twice


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _check_path(path: str) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or ".." in parts or "\\" in path:
        raise ValueError(f"not a relative POSIX path inside the golden folder: {path!r}")


def _diff(path: str, stored: bytes, generated: bytes) -> Iterable[str]:
    try:
        old, new = stored.decode("utf-8"), generated.decode("utf-8")
    except UnicodeDecodeError:
        return [f"--- {path}: binary content differs ({len(stored)} → {len(generated)} bytes)"]
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden/{path}",
                                     f"generated/{path}", lineterm="", n=1))
    if len(diff) > _DIFF_LINES:
        diff = [*diff[:_DIFF_LINES], f"... ({len(diff) - _DIFF_LINES} more diff lines)"]
    return diff


__all__ = ["EXECUTABLE_MARK", "GOLDEN_SUFFIX", "compare_golden", "mark_executables",
           "update_requested", "write_golden"]

"""Applying a plan: serialized by a lock, staged to temp files, then renamed into place.

All new contents are first written to temp files beside their destinations; only when every
one of them is on disk are they renamed (an atomic replace per file). A failure while staging
(disk full, permission denied) removes the temp files and changes nothing. A kill at any
instant leaves each file old or new, never truncated; the next build repairs the rest.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.writing.plan import Action, Plan, new_record
from wazir_core.writing.record import RECORD_PATH, BuildRecord, RecordEntry, sha256

LOCK_PATH = ".wazir/build.lock"
TEMP_TAG = ".wazir-tmp"


@contextlib.contextmanager
def project_lock(project: Path, timeout: float = 300.0) -> Iterator[None]:
    """An exclusive lock on the project, so two builds never interleave their writes."""
    path = project / LOCK_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock(handle.fileno())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise WazirError([Diagnostic(LOCK_PATH, message=(
                        "another wazir build holds the project lock; try again later"))]
                        ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle.fileno())


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _stage(dest: Path, data: bytes, executable: bool, durable: bool = False) -> Path:
    """Write ``data`` to a temp file beside ``dest``. The rename that follows is atomic for
    every other process, so a killed build never leaves a torn file; ``durable`` also flushes
    to disk (for the build record: generated files can always be rebuilt from it)."""
    if not dest.parent.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=TEMP_TAG, dir=dest.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        mode = 0o666 & ~_umask()
        os.chmod(name, mode | (0o111 & (mode >> 2) if executable else 0))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def stray_temps(out: Path, roots: Iterable[str], folders: Iterable[Path] = ()) -> list[Path]:
    """Temp files a killed build left behind: under the output roots and in ``folders``."""
    places = set(folders)
    for root in roots:
        top = out / root
        places.add(top.parent)
        if top.is_dir() and not top.is_symlink():
            places.update(Path(d) for d, _, _ in os.walk(top))
    found = []
    for folder in places:
        with contextlib.suppress(OSError):
            found += [Path(e.path) for e in os.scandir(folder)
                      if e.name.endswith(TEMP_TAG) and e.is_file(follow_symlinks=False)]
    return sorted(found)


def _sweep_temps(out: Path, roots: Iterable[str], folders: set[Path]) -> None:
    for temp in stray_temps(out, roots, folders):
        with contextlib.suppress(OSError):
            temp.unlink()


def _prune(out: Path, removed: list[Path]) -> None:
    """Remove folders that became empty because wazir removed its files from them."""
    for path in sorted({p.parent for p in removed}, key=lambda p: -len(p.parts)):
        probe = path
        while probe != out and probe.is_relative_to(out):
            try:
                probe.rmdir()
            except OSError:
                break
            probe = probe.parent


def write_atomic(dest: Path, data: bytes, durable: bool = True) -> None:
    """Replace one file atomically and durably (unchanged bytes are not rewritten)."""
    if dest.exists() and dest.read_bytes() == data:
        return
    os.replace(_stage(dest, data, False, durable), dest)


def write_record(project: Path, record: BuildRecord) -> None:
    write_atomic(project / RECORD_PATH, record.dumps().encode("utf-8"))


def _pending(plan: Plan, writes: list[Action]) -> BuildRecord:
    """The record while renames are under way: each written path accepts its old and new hash,
    and paths about to be removed are still owned, so a build killed in between is repaired
    by the next build, whatever that one writes."""
    files = dict(plan.record.files)
    for action in writes:
        assert action.data is not None
        files[action.path] = RecordEntry(sha256(action.data), sorted(action.targets),
                                         action.kind, action.created, action.executable,
                                         previous=action.old_sha)
    # No inputs digest on purpose: a half-applied tree must never pass for up to date.
    return BuildRecord(files, plan.record.targets, plan.record.wazir, plan.record.output)


def _where(plan: Plan, path: Path) -> str:
    return path.relative_to(plan.out).as_posix() if path.is_relative_to(plan.out) else \
        path.as_posix()


def apply_plan(plan: Plan) -> BuildRecord:
    """Write the plan's changes; returns the new build record (already saved)."""
    writes: list[Action] = [a for a in plan.actions if a.writes]
    removals = [a for a in plan.actions if a.change == "removed"]
    _sweep_temps(plan.out, plan.roots, {(plan.out / a.path).parent for a in plan.actions} |
                 {(plan.project / RECORD_PATH).parent})
    staged: list[tuple[Path, Path]] = []
    try:
        for action in writes:
            assert action.data is not None
            dest = plan.out / action.path
            staged.append((_stage(dest, action.data, action.executable), dest))
        if writes:
            write_record(plan.project, _pending(plan, writes))
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        failed = writes[len(staged)].path if len(staged) < len(writes) else RECORD_PATH
        raise WazirError([Diagnostic(failed, message=(
            f"cannot write: {exc.strerror or exc}; nothing was changed"), code="io")]) from None
    done = 0
    try:
        for temp, dest in staged:
            os.replace(temp, dest)
            done += 1
    except OSError as exc:
        for temp, _ in staged[done:]:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise WazirError([Diagnostic(_where(plan, staged[done][1]), message=(
            f"cannot replace: {exc.strerror or exc}; {done} of {len(staged)} file(s) were "
            "updated (each completely); fix the cause and run `wazir build` again"),
            code="io")]) from None
    gone: list[Path] = []
    kept: list[Diagnostic] = []
    for action in removals:
        path = plan.out / action.path
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            kept.append(Diagnostic(action.path, message=(
                f"cannot remove this stale file: {exc.strerror or exc}; left in place, the "
                "next build tries again"), code="io"))
            continue
        gone.append(path)
    _prune(plan.out, gone)
    record = new_record(plan, plan.record)
    for diag in kept:  # still wazir's: the next build removes it
        if diag.path in plan.record.files:
            record.files[diag.path] = plan.record.files[diag.path]
    if kept:
        record.inputs = ""  # the tree is not what these inputs make: never skip the next build
    try:
        write_record(plan.project, record)
    except OSError as exc:
        kept.append(Diagnostic(RECORD_PATH, message=(
            f"the files were written but the build record could not be saved: "
            f"{exc.strerror or exc}; run `wazir build` again"), code="io"))
    if kept:
        raise WazirError(kept)
    return record

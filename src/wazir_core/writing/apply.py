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
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.writing.plan import Action, Plan, new_record
from wazir_core.writing.record import RECORD_PATH, BuildRecord, RecordEntry, sha256

LOCK_PATH = ".wazir/build.lock"
TEMP_TAG = ".wazir-tmp"
#: Below this many files, staging stays on one thread (starting threads would cost more).
_THREADED_FROM = 32
_THREADS = 8
_T = TypeVar("_T")


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


_TEMP_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


def _open_temp(dest: Path, executable: bool) -> tuple[int, Path]:
    """A new temp file beside ``dest``, created with the mode a new ``dest`` would get (the
    umask applies, as to any new file)."""
    temp = dest.with_name(f".{dest.name}.{os.getpid()}{TEMP_TAG}")
    mode = 0o777 if executable else 0o666
    try:
        return os.open(temp, _TEMP_FLAGS, mode), temp
    except FileExistsError:  # left by a killed build that had our process id
        temp.unlink()
        return os.open(temp, _TEMP_FLAGS, mode), temp


def _stage(dest: Path, data: bytes, executable: bool, durable: bool = False) -> Path:
    """Write ``data`` to a temp file beside ``dest`` (whose folder exists). The rename that
    follows is atomic for every other process, so a killed build never leaves a torn file;
    ``durable`` also flushes to disk (for the build record: generated files can always be
    rebuilt from it)."""
    fd, temp = _open_temp(dest, executable)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _discard(staged: Iterable[tuple[Path, Path]]) -> None:
    """Remove staged temp files that will not be renamed into place."""
    for temp, _ in staged:
        with contextlib.suppress(OSError):
            temp.unlink()


def _cannot_write(path: str, exc: OSError) -> WazirError:
    return WazirError([Diagnostic(path, message=(
        f"cannot write: {exc.strerror or exc}; nothing was changed"), code="io")])


def _each(work: Callable[[int], _T], count: int) -> list[_T | OSError]:
    """``work(i)`` for each ``i`` below ``count``, an OSError kept in its slot instead of
    raised; from a few plain threads once there are enough items (concurrent.futures costs
    more to import than small builds take). Any other exception reaches the caller."""
    def attempt(i: int) -> _T | OSError:
        try:
            return work(i)
        except OSError as exc:
            return exc

    if count < _THREADED_FROM:
        return [attempt(i) for i in range(count)]
    import threading

    results: list[_T | OSError | None] = [None] * count
    raised: list[BaseException] = []
    pending = iter(range(count))
    lock = threading.Lock()

    def worker() -> None:
        while not raised:
            with lock:
                i = next(pending, None)
            if i is None:
                return
            try:
                results[i] = attempt(i)
            except BaseException as exc:  # re-raised in the calling thread
                raised.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if raised:
        raise raised[0]
    return results  # type: ignore[return-value]  # every slot was filled


def _stage_all(plan: Plan, writes: list[Action]) -> list[tuple[Path, Path]]:
    """Stage every write: the folders, then the files, each from a few threads when there are
    many, since creating them is mostly waiting on the file system. On failure nothing
    staged is left behind, and the error names the first file that failed."""
    dests = [plan.out / a.path for a in writes]
    first_in: dict[Path, str] = {}  # folder -> the first file that needs it
    for action, dest in zip(writes, dests, strict=True):
        first_in.setdefault(dest.parent, action.path)
    folders = list(first_in)
    made = _each(lambda i: os.makedirs(folders[i], exist_ok=True), len(folders))
    for folder, outcome in zip(folders, made, strict=True):
        if isinstance(outcome, OSError):
            raise _cannot_write(first_in[folder], outcome) from None
    results = _each(lambda i: _stage(dests[i], writes[i].data or b"", writes[i].executable),
                    len(writes))
    staged = [(r, d) for r, d in zip(results, dests, strict=True) if isinstance(r, Path)]
    for action, result in zip(writes, results, strict=True):
        if isinstance(result, OSError):
            _discard(staged)
            raise _cannot_write(action.path, result) from None
    return staged


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


def write_atomic(dest: Path, data: bytes) -> None:
    """Replace one file atomically and durably (unchanged bytes are not rewritten)."""
    if dest.exists() and dest.read_bytes() == data:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_stage(dest, data, False, durable=True), dest)


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


def apply_plan(plan: Plan) -> BuildRecord:
    """Write the plan's changes; returns the new build record (already saved)."""
    writes: list[Action] = [a for a in plan.actions if a.writes]
    removals = [a for a in plan.actions if a.change == "removed"]
    _sweep_temps(plan.out, plan.roots, {(plan.out / a.path).parent for a in plan.actions} |
                 {(plan.project / RECORD_PATH).parent})
    staged = _stage_all(plan, writes)
    try:
        if writes:
            write_record(plan.project, _pending(plan, writes))
    except OSError as exc:
        _discard(staged)
        raise _cannot_write(RECORD_PATH, exc) from None
    done = 0
    try:
        for temp, dest in staged:
            os.replace(temp, dest)
            done += 1
    except OSError as exc:
        _discard(staged[done:])
        # Staging either staged every write, in order, or raised: ``done`` indexes both.
        raise WazirError([Diagnostic(writes[done].path, message=(
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
    record = new_record(plan)
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

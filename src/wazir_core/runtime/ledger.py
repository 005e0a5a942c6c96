"""The run ledger: one folder per run with its status, events, usage, summary and captures.

Every change to a run happens under the run's lock: read ``status.json``, append the event,
rewrite ``status.json`` and ``usage.json`` atomically. So concurrent writers (an agent's
commands and the host's hooks) never lose an event, and the event count in the status always
equals the lines in ``events.ndjson``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from wazir_core.diagnostics import usage_error
from wazir_core.runtime import usage as usage_mod
from wazir_core.runtime.fileio import (
    append_line,
    create_exclusive,
    locked,
    write_atomic,
    write_json,
)
from wazir_core.runtime.names import check_label, check_name, check_suffix, runtime_error
from wazir_core.runtime.stateroot import StateRoot

STATUS, EVENTS, USAGE, SUMMARY, CAPTURES, LOCK = (
    "status.json", "events.ndjson", "usage.json", "summary.md", "captures", ".lock")
SCHEMA_VERSION = 1
GATE_EVENTS = {"gate_approved": "approved", "gate_rejected": "rejected"}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _stamp() -> str:
    moment = datetime.now(UTC)
    return moment.strftime("%Y%m%dT%H%M%S") + f"{moment.microsecond:06d}Z"


@dataclass(frozen=True)
class Run:
    root: StateRoot
    run_id: str
    #: Derived from the id, so it is always checked to stay inside the state root.
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", self.root.run_dir(self.run_id))

    @property
    def status_path(self) -> Path:
        return self.path / STATUS

    @property
    def events_path(self) -> Path:
        return self.path / EVENTS

    @property
    def usage_path(self) -> Path:
        return self.path / USAGE

    @property
    def summary_path(self) -> Path:
        return self.path / SUMMARY

    @property
    def captures_dir(self) -> Path:
        return self.path / CAPTURES

    @property
    def lock_path(self) -> Path:
        return self.path / LOCK

    def exists(self) -> bool:
        return self.status_path.is_file()


# Reading --------------------------------------------------------------------------------

def _read_json_object(path: Path, what: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise runtime_error(f"{what} not found", path.as_posix()) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise runtime_error(f"cannot read {what}: {exc}", path.as_posix()) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise runtime_error(f"{what} is corrupted (not valid JSON: {exc}); repair or delete "
                            "the file, or start a new run with `wazir capture init`",
                            path.as_posix(), code="corrupt") from None
    if not isinstance(data, dict):
        raise runtime_error(f"{what} is corrupted (expected a JSON object)", path.as_posix(),
                            code="corrupt")
    return data


def read_status(run: Run) -> dict[str, Any]:
    data = _read_json_object(run.status_path, "run status")
    for key, kind in (("phase_loop_counts", dict), ("phase_entries", dict), ("gates", dict),
                      ("artifacts", dict), ("loop_counted", list), ("event_count", int)):
        if key in data and not isinstance(data[key], kind):
            raise runtime_error(f"run status is corrupted ('{key}' has the wrong type)",
                                run.status_path.as_posix(), code="corrupt")
    return data


def read_usage(run: Run, now: str | None = None) -> dict[str, Any]:
    if not run.usage_path.is_file():
        return usage_mod.new_usage(run.run_id, now or now_iso())
    return _read_json_object(run.usage_path, "usage record")


def latest_run_id(root: StateRoot) -> str | None:
    path = root.latest_file
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise runtime_error(f"cannot read the latest-run pointer: {exc}",
                            path.as_posix()) from None
    if not text:
        return None
    try:
        return check_name(text, "run id")
    except Exception:
        raise runtime_error("the latest-run pointer is corrupted (not a valid run id); "
                            "pass --run RUN_ID or delete the file", path.as_posix(),
                            code="corrupt") from None


def get_run(root: StateRoot, run_id: str | None) -> Run:
    """An existing run: the one named, or the latest. A clear error when there is none."""
    if run_id is None:
        run_id = latest_run_id(root)
        if run_id is None:
            raise runtime_error(f"no runs yet in {root.path.as_posix()}; start one with "
                                "`wazir capture init`", code="no-run")
    run = Run(root, run_id)
    if not run.exists():
        raise runtime_error(f"run '{run_id}' not found (no status.json); list runs in "
                            f"{root.runs.as_posix()} or start one with `wazir capture init`",
                            run.status_path.as_posix(), code="no-run")
    return run


def find_latest(root: StateRoot) -> Run | None:
    """The latest run if there is one; never raises for a missing or empty state folder."""
    run_id = latest_run_id(root)
    if run_id is None:
        return None
    run = Run(root, run_id)
    return run if run.exists() else None


def last_events(run: Run, count: int = 10) -> list[dict[str, Any]]:
    """The last ``count`` events; a damaged line is reported as such, not fatal."""
    try:
        with run.events_path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(size - 256 * 1024, 0))
            tail = handle.read().decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return []
    out: list[dict[str, Any]] = []
    for line in tail[-count:]:
        try:
            record = json.loads(line)
        except ValueError:
            record = {"event": "(unreadable line)"}
        out.append(record if isinstance(record, dict) else {"event": "(unreadable line)"})
    return out


# Writing --------------------------------------------------------------------------------

def _artifacts(run: Run) -> dict[str, Any]:
    return {
        "events_path": run.events_path.as_posix(),
        "usage_path": run.usage_path.as_posix(),
        "captures_dir": run.captures_dir.as_posix(),
        "summary_path": None,
        "summary_source": None,
        "last_capture_path": None,
    }


def _new_status(run: Run, phase: str | None, status: str, now: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "run_id": run.run_id,
        "project_root": run.root.project.as_posix(),
        "phase": phase,
        "status": status,
        "created_at": now,
        "updated_at": now,
        "phase_loop_counts": {},
        "phase_entries": {},
        "loop_counted": [],
        "gates": {},
        "event_count": 0,
        "last_event": None,
        "artifacts": _artifacts(run),
    }


def _append_event(run: Run, status: dict[str, Any], event: str, now: str,
                  fields: dict[str, Any]) -> dict[str, Any]:
    status["event_count"] = int(status.get("event_count", 0)) + 1
    record: dict[str, Any] = {"event": event, "created_at": now, "seq": status["event_count"],
                              "run_id": run.run_id, "phase": status.get("phase"),
                              "status": status.get("status")}
    record.update({k: v for k, v in fields.items() if v is not None})
    append_line(run.events_path, json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    status["updated_at"] = now
    status["last_event"] = event
    return record


@contextlib.contextmanager
def _changing(run: Run) -> Iterator[tuple[dict[str, Any], dict[str, Any], str]]:
    """Status and usage of a run, read and written back under the run's lock."""
    with locked(run.lock_path):
        now = now_iso()
        status = read_status(run)
        usage = read_usage(run, now)
        yield status, usage, now
        write_json(run.usage_path, usage)
        write_json(run.status_path, status)


def _write_latest(root: StateRoot, run_id: str) -> None:
    write_atomic(root.latest_file, run_id.encode("utf-8"))


def _generated_id() -> str:
    return "run-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _make_dir(path: Path) -> bool:
    try:
        path.mkdir()
    except FileExistsError:
        return False
    return True


def init_run(root: StateRoot, run_id: str | None, phase: str | None, status: str,
             resume: bool = False, force: bool = False) -> tuple[Run, str]:
    """Start, resume or reset a run; returns the run and what happened."""
    if phase is not None:
        check_label(phase, "phase")
    check_label(status, "status")
    if resume and force:
        raise usage_error("--resume and --force cannot be used together")
    root.runs.mkdir(parents=True, exist_ok=True)
    root.inside("runs")  # the runs folder itself must not lead outside the state root
    if run_id is None and resume:
        run = get_run(root, None)
        return _resume(run, phase, status), "resumed"
    if run_id is None:
        base = _generated_id()
        for n in range(1, 1000):
            candidate = base if n == 1 else f"{base}-{n}"
            run = Run(root, candidate)
            if _make_dir(run.path):
                return _start(run, phase, status), "started"
        raise runtime_error("could not pick a free run id", root.runs.as_posix())
    run = Run(root, run_id)
    if run.exists():
        if resume:
            return _resume(run, phase, status), "resumed"
        if force:
            return _start(run, phase, status, reset=True), "reset"
        raise _exists_error(run)
    if resume:
        raise runtime_error(f"run '{run_id}' does not exist, so it cannot be resumed; drop "
                            "--resume to start it", run.path.as_posix(), code="no-run")
    run.path.mkdir(exist_ok=True)
    return _start(run, phase, status), "started"


def _exists_error(run: Run) -> Exception:
    return runtime_error(f"run '{run.run_id}' already exists; continue it with "
                         f"`wazir capture init --run {run.run_id} --resume`, or start it over "
                         "with --force (its events and captures are kept)",
                         run.status_path.as_posix(), code="exists")


def _start(run: Run, phase: str | None, status: str, reset: bool = False) -> Run:
    run.captures_dir.mkdir(exist_ok=True)
    with locked(run.lock_path):
        if run.exists() and not reset:
            raise _exists_error(run)
        now = now_iso()
        state = _new_status(run, phase, status, now)
        previous = 0
        if reset and run.status_path.is_file():
            with contextlib.suppress(Exception):
                previous = int(read_status(run).get("event_count", 0))
        state["event_count"] = previous
        usage = read_usage(run, now)
        _append_event(run, state, "session_start", now, {
            "project_root": run.root.project.as_posix(), "reset": True if reset else None})
        usage_mod.count_event(usage, phase, now)
        write_json(run.usage_path, usage)
        write_json(run.status_path, state)
    _write_latest(run.root, run.run_id)
    return run


def _resume(run: Run, phase: str | None, status: str) -> Run:
    with _changing(run) as (state, usage, now):
        if phase is not None:
            state["phase"] = phase
        state["status"] = status
        _append_event(run, state, "run_resumed", now, {})
        usage_mod.count_event(usage, state.get("phase"), now)
    _write_latest(run.root, run.run_id)
    return run


def record_event(run: Run, event: str, phase: str | None = None, status: str | None = None,
                 message: str | None = None, loop_count: int | None = None,
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Append one event and apply its effect on phase, status, loop counts and gates."""
    check_label(event, "event")
    if phase is not None:
        check_label(phase, "phase")
    if status is not None:
        check_label(status, "status")
    if loop_count is not None and loop_count < 0:
        raise usage_error("--loop-count must be 0 or more")
    with _changing(run) as (state, usage, now):
        phase = phase or state.get("phase")
        if (event in ("phase_enter", "phase_exit") or event in GATE_EVENTS
                or loop_count is not None) and not phase:
            raise usage_error(f"event '{event}' needs --phase (the run has no current phase)")
        counts: dict[str, int] = state.setdefault("phase_loop_counts", {})
        entries: dict[str, int] = state.setdefault("phase_entries", {})
        counted = set(state.get("loop_counted") or [])
        fields: dict[str, Any] = {"message": message, **(extra or {})}
        if event == "phase_enter" and phase:
            # Entering again is another loop, unless a rejection already counted it.
            if entries.get(phase, 0) > 0 and phase not in counted:
                counts[phase] = counts.get(phase, 0) + 1
            counts.setdefault(phase, 0)
            entries[phase] = entries.get(phase, 0) + 1
            counted.discard(phase)
            status = status or "in_progress"
            fields["loop_count"] = counts[phase]
        if event == "gate_rejected" and phase and loop_count is None:
            counts[phase] = counts.get(phase, 0) + 1
            counted.add(phase)
            fields["loop_count"] = counts[phase]
        if loop_count is not None and phase:
            counts[phase] = loop_count
            if event != "phase_enter":
                counted.add(phase)
            fields["loop_count"] = loop_count
        state["loop_counted"] = sorted(counted)
        if event in GATE_EVENTS and phase:
            gate = state.setdefault("gates", {}).setdefault(
                phase, {"approved": 0, "rejected": 0, "last": None})
            decision = GATE_EVENTS[event]
            gate[decision] = int(gate.get(decision, 0)) + 1
            gate["last"] = decision
        state["phase"] = phase
        if status:
            state["status"] = status
        record = _append_event(run, state, event, now, fields)
        usage_mod.count_event(usage, phase, now)
    return record


def _new_capture(run: Run, name: str, suffix: str) -> tuple[Path, IO[bytes]]:
    check_name(name, "capture name")
    suffix = check_suffix(suffix)
    run.captures_dir.mkdir(exist_ok=True)
    stamp = _stamp()
    for n in range(1, 100):
        file_name = f"{stamp}-{name}{suffix}" if n == 1 else f"{stamp}-{name}-{n}{suffix}"
        path = run.root.inside("runs", run.run_id, CAPTURES, file_name, what="capture name")
        try:
            return path, create_exclusive(path)
        except FileExistsError:
            continue
    raise runtime_error("could not create a capture file", run.captures_dir.as_posix())


def route_capture(run: Run, name: str, suffix: str = ".log",
                  extra: dict[str, Any] | None = None) -> Path:
    """Create an empty capture file for output that is about to be produced."""
    path, handle = _new_capture(run, name, suffix)
    handle.close()
    with _changing(run) as (state, usage, now):
        _append_event(run, state, "pre_tool_capture_route", now, {
            "capture_name": name, "capture_path": path.as_posix(), **(extra or {})})
        usage_mod.count_event(usage, state.get("phase"), now)
    return path


def _copy(source: IO[bytes] | bytes, target: IO[bytes]) -> int:
    if isinstance(source, bytes):
        target.write(source)
        return len(source)
    total = 0
    while chunk := source.read(1024 * 1024):
        target.write(chunk)
        total += len(chunk)
    return total


def existing_capture(run: Run, path: Path) -> Path:
    """A capture file given by path, accepted only inside this run's captures folder."""
    resolved = path.resolve()
    if not resolved.is_relative_to(run.captures_dir.resolve()) or not resolved.is_file():
        raise runtime_error(f"capture path must be an existing file inside "
                            f"{run.captures_dir.as_posix()}", path.as_posix(),
                            code="unsafe-path")
    return resolved


def save_output(run: Run, name: str, data: IO[bytes] | bytes, command: str | None,
                exit_code: int | None, suffix: str = ".log", source: str = "command",
                into: Path | None = None, shown: Callable[[Path], int] | None = None,
                extra: dict[str, Any] | None = None) -> tuple[Path, int]:
    """Store tool output as a capture; returns its path and size in bytes.

    ``shown`` says how many bytes of this output reach the agent (default: all of it).
    """
    handle: IO[bytes]
    if into is not None:
        path = existing_capture(run, into)
        handle = path.open("wb")
    else:
        path, handle = _new_capture(run, name, suffix)
    with handle:
        size = _copy(data, handle)
    to_agent = shown(path) if shown is not None else size
    with _changing(run) as (state, usage, now):
        state.setdefault("artifacts", {})["last_capture_path"] = path.as_posix()
        _append_event(run, state, "post_tool_capture", now, {
            "capture_name": name, "command": command, "exit_code": exit_code,
            "capture_path": path.as_posix(), "byte_length": size, "source": source,
            **(extra or {})})
        usage_mod.count_capture(usage, state.get("phase"), source, size, to_agent, now)
    return path, size


def save_summary(run: Run, text: bytes | Callable[[str, dict[str, Any]], bytes],
                 event: str = "pre_compact_summary", source: str = "agent",
                 extra: dict[str, Any] | None = None) -> Path:
    """Write ``summary.md``; ``text`` may be a function of the old summary and the status,
    called under the run's lock so a concurrent writer's summary is not lost."""
    check_label(event, "event")
    with _changing(run) as (state, usage, now):
        if callable(text):
            text = text(read_summary(run), state)
        write_atomic(run.summary_path, text)
        artifacts = state.setdefault("artifacts", {})
        artifacts["summary_path"] = run.summary_path.as_posix()
        artifacts["summary_source"] = source
        _append_event(run, state, event, now, {
            "summary_path": run.summary_path.as_posix(), "byte_length": len(text),
            "source": source, **(extra or {})})
        usage_mod.count_summary(usage, len(text), now)
    return run.summary_path


def read_summary(run: Run) -> str:
    try:
        return run.summary_path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


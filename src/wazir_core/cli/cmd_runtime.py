"""The commands content and hooks run while an agent works: ``hook``, ``capture``, ``status``,
``doctor``. Each command imports the runtime modules it needs when it runs; the ``wazir``
script answers ``wazir hook`` itself, without typer (``wazir_core.__main__``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from wazir_core.cli.output import emit_json, fail

if TYPE_CHECKING:
    from wazir_core.runtime.ledger import Run
    from wazir_core.runtime.stateroot import StateRoot

STATE_ROOT_HELP = "Keep run state here instead of the configured or per-user state folder."
PROJECT_HELP = "The project folder (default: the nearest folder with wazir.yaml or .git)."
RUN_HELP = "The run id (default: the latest run)."

# Options shared by the ledger commands (typer reads them as metadata, so one object can
# serve every command that takes the option).
PROJECT_OPTION = typer.Option(None, "--project", "-p", help=PROJECT_HELP)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
STATE_ROOT_OPTION = typer.Option(None, "--state-root", help=STATE_ROOT_HELP)
RUN_OPTION = typer.Option(None, "--run", help=RUN_HELP)
SUFFIX_OPTION = typer.Option(".log", "--suffix", help="File suffix.")
NAME_OPTION = typer.Option(..., "--name", help="A short name for the output, e.g. tests.")

capture_app = typer.Typer(
    name="capture", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    help="Record a run: start it, log phase events, and keep tool output and summaries.",
)


def _project(project: Path | None) -> Path:
    from wazir_core.runtime.project import find_root

    return project.resolve() if project is not None else find_root(Path.cwd())


def _root(project: Path | None, state_root: Path | None) -> StateRoot:
    from wazir_core.runtime.stateroot import resolve_state_root

    return resolve_state_root(_project(project), state_root)


def _run(project: Path | None, state_root: Path | None, run_id: str | None) -> Run:
    from wazir_core.runtime.ledger import get_run

    return get_run(_root(project, state_root), run_id)


def _stdin(what: str) -> IO[bytes]:
    from wazir_core.diagnostics import usage_error

    if sys.stdin is None or sys.stdin.isatty():
        raise usage_error(f"pipe the {what} into this command on stdin")
    return sys.stdin.buffer


def _answer(as_json: bool, data: Any, text: str) -> None:
    """Every command's output: ``data`` as JSON with --json, else ``text``."""
    if as_json:
        emit_json(data)
    else:
        typer.echo(text)


def _ledger_paths(run: Run) -> dict[str, str]:
    """The files a change to a run wrote, as the capture commands report them."""
    return {"events_path": run.events_path.as_posix(), "status_path": run.status_path.as_posix()}


def _guarded(as_json: bool, body: Any) -> None:
    """Run ``body``; a WazirError becomes its diagnostics and exit code, never a traceback."""
    from wazir_core.diagnostics import WazirError

    try:
        body()
    except WazirError as exc:
        fail(exc, as_json)
    except OSError as exc:
        from wazir_core.runtime.names import runtime_error

        fail(runtime_error(f"{exc.strerror or exc}", str(exc.filename or "")), as_json)


# wazir hook --------------------------------------------------------------------------------

def hook(ctx: typer.Context) -> None:
    """Run a hook: read the host's JSON on stdin and answer the way that host listens.

    NAME is one of protected-path-write-guard, loop-cap-guard, session-start,
    pre-tool-capture-route, post-tool-capture, pre-compact-summary, stop-handoff-harvest.
    Options: --host claude|codex|cursor|gemini (default: detected from the payload),
    --project DIR (default: the host's project folder), --state-root DIR.
    """
    from wazir_core.runtime.hookcli import main

    # Arguments are parsed by hand: typer would import pydantic to coerce them.
    raise SystemExit(main(list(ctx.args)))


# wazir capture ... -------------------------------------------------------------------------

@capture_app.command("init")
def capture_init(
    run: str = typer.Option(None, "--run", help="The run id (default: run-YYYYMMDD-HHMMSS)."),
    phase: str = typer.Option(None, "--phase", help="The phase the run starts in."),
    status: str = typer.Option("in_progress", "--status", help="The run's status."),
    resume: bool = typer.Option(False, "--resume", help="Continue an existing run (the latest "
                                                        "without --run)."),
    force: bool = typer.Option(False, "--force", help="Start an existing run over (its events "
                                                      "and captures are kept)."),
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Start a run (or resume one) and make it the latest; prints the run id."""
    def body() -> None:
        from wazir_core.runtime.ledger import init_run, read_status
        from wazir_core.runtime.names import check_name

        if run is not None:
            check_name(run, "run id")
        root = _root(project, state_root)
        started, action = init_run(root, run, phase, status, resume, force)
        state = read_status(started)
        _answer(as_json, {"run_id": started.run_id, "action": action,
                          "phase": state.get("phase"), "status": state.get("status"),
                          "state_root": root.path.as_posix(), "run_root": started.path.as_posix(),
                          "status_path": started.status_path.as_posix(),
                          "events_path": started.events_path.as_posix(),
                          "captures_dir": started.captures_dir.as_posix()}, started.run_id)
    _guarded(as_json, body)


@capture_app.command("event")
def capture_event(
    event: str = typer.Option(..., "--event", help="phase_enter, phase_exit, gate_approved, "
                                                   "gate_rejected, note, ..."),
    run: str = RUN_OPTION,
    phase: str = typer.Option(None, "--phase", help="The phase (default: the current one)."),
    status: str = typer.Option(None, "--status", help="The run's new status."),
    message: str = typer.Option(None, "--message", help="A short note kept with the event."),
    loop_count: int = typer.Option(None, "--loop-count", min=0,
                                   help="Set the phase's loop count to N (phase_enter "
                                        "counts re-entries by itself)."),
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Record an event; phase_enter counts loops, gate_* record gate decisions."""
    def body() -> None:
        from wazir_core.runtime.ledger import record_event

        target = _run(project, state_root, run)
        record = record_event(target, event, phase, status, message, loop_count)
        loop = f" (loop {record['loop_count']})" if record.get("loop_count") else ""
        _answer(as_json, {"run_id": target.run_id, "event": event, "seq": record["seq"],
                          "phase": record.get("phase"), "status": record.get("status"),
                          "loop_count": record.get("loop_count"), **_ledger_paths(target)},
                f"{target.run_id} {event}{loop}")
    _guarded(as_json, body)


@capture_app.command("route")
def capture_route(
    name: str = NAME_OPTION,
    run: str = RUN_OPTION,
    suffix: str = SUFFIX_OPTION,
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Create an empty capture file to send a command's output to; prints its path."""
    def body() -> None:
        from wazir_core.runtime.ledger import route_capture
        from wazir_core.runtime.names import check_name, check_suffix

        check_name(name, "capture name")
        check_suffix(suffix)
        target = _run(project, state_root, run)
        path = route_capture(target, name, suffix)
        _answer(as_json, {"run_id": target.run_id, "capture_path": path.as_posix(),
                          "events_path": target.events_path.as_posix()}, path.as_posix())
    _guarded(as_json, body)


@capture_app.command("output")
def capture_output(
    name: str = NAME_OPTION,
    command: str = typer.Option(..., "--command", help="The command that produced it."),
    exit_code: int = typer.Option(..., "--exit-code", help="Its exit code."),
    run: str = RUN_OPTION,
    suffix: str = SUFFIX_OPTION,
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Keep a command's output (stdin) as a capture; prints the capture path."""
    def body() -> None:
        from wazir_core.runtime.ledger import save_output
        from wazir_core.runtime.names import check_name, check_suffix

        check_name(name, "capture name")
        check_suffix(suffix)
        target = _run(project, state_root, run)
        stream = _stdin("command's output")

        def shown(path: Path) -> int:
            return len((path.as_posix() + "\n").encode("utf-8"))

        path, size = save_output(target, name, stream, command, exit_code, suffix,
                                 source="command", shown=shown)
        _answer(as_json, {"run_id": target.run_id, "capture_path": path.as_posix(),
                          "byte_length": size, "exit_code": exit_code, **_ledger_paths(target)},
                path.as_posix())
    _guarded(as_json, body)


@capture_app.command("summary")
def capture_summary(
    run: str = RUN_OPTION,
    event: str = typer.Option("pre_compact_summary", "--event", help="The event to record."),
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Store a summary of the run (stdin) as its summary.md; prints the path."""
    def body() -> None:
        from wazir_core.runtime.ledger import save_summary

        target = _run(project, state_root, run)
        data = _stdin("summary").read()
        path = save_summary(target, data, event=event, source="agent")
        _answer(as_json, {"run_id": target.run_id, "summary_path": path.as_posix(),
                          "byte_length": len(data), **_ledger_paths(target)}, path.as_posix())
    _guarded(as_json, body)


@capture_app.command("usage")
def capture_usage(
    run: str = RUN_OPTION,
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Bytes captured versus bytes that reached the agent (tokens are estimates)."""
    def body() -> None:
        from wazir_core.runtime.ledger import read_usage
        from wazir_core.runtime.usage import format_report, report

        target = _run(project, state_root, run)
        data = report(read_usage(target))
        _answer(as_json, data, format_report(data))
    _guarded(as_json, body)


# wazir status / doctor ---------------------------------------------------------------------

def status(
    run: str = RUN_OPTION,
    as_json: bool = JSON_OPTION,
    state_root: Path = STATE_ROOT_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Show a run (the latest by default): phase, status, loop counts, gates, last events."""
    def body() -> None:
        from wazir_core.runtime.facts import loop_caps
        from wazir_core.runtime.report import format_status, status_report

        target = _run(project, state_root, run)
        data = status_report(target, loop_caps(target.root.project))
        _answer(as_json, data, format_status(data))
    _guarded(as_json, body)


def doctor(
    as_json: bool = JSON_OPTION,
    project: Path = PROJECT_OPTION,
) -> None:
    """Check the project's wazir setup as a host will meet it; each failure says how to fix it."""
    def body() -> None:
        from wazir_core.runtime.doctor import format_doctor, run_doctor

        report = run_doctor(_project(project))
        _answer(as_json, report, format_doctor(report))
        raise SystemExit(0 if report["healthy"] else 1)
    _guarded(as_json, body)


def register(app: typer.Typer) -> None:
    app.command(context_settings={"ignore_unknown_options": True,
                                  "allow_extra_args": True})(hook)
    app.add_typer(capture_app, name="capture")
    app.command()(status)
    app.command()(doctor)

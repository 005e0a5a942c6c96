"""``wazir hook <name>``: the guard and observer hooks every host runs.

Guards (``protected-path-write-guard``, ``loop-cap-guard``) fail closed: when they cannot
read the call or the project, they block and say why. Observers (session start, capture,
summary, stop) fail open: they log the problem in the state folder and let the agent go on.
Neither kind ever prints a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wazir_core.diagnostics import WazirError
from wazir_core.runtime.answer import HookResult, allow, context, deny, quiet
from wazir_core.runtime.names import describe_error, slug
from wazir_core.runtime.patches import is_patch, patch_targets
from wazir_core.runtime.payload import (
    HOSTS,
    HookInput,
    MalformedInput,
    Received,
    read_stdin,
    receive,
)
from wazir_core.runtime.project import hook_project
from wazir_core.runtime.shellparse import WriteTarget, option_value, shell_writes, wazir_commands

if TYPE_CHECKING:
    from wazir_core.runtime.ledger import Run
    from wazir_core.runtime.stateroot import StateRoot

#: The hooks that fail closed; every other hook in ``HANDLERS`` is an observer.
GUARDS = ("protected-path-write-guard", "loop-cap-guard")

SHELL_TOOLS = {"bash", "shell", "run_shell_command", "exec_command", "shell_command",
               "local_shell", "run_terminal_cmd", "terminal"}
WRITE_TOOLS = {"write", "edit", "multiedit", "notebookedit", "write_file", "replace",
               "apply_patch", "applypatch", "strreplace", "str_replace", "str_replace_editor",
               "create_file", "edit_file", "search_replace", "tabwrite", "delete",
               "delete_file"}
DELETE_TOOLS = {"delete", "delete_file"}
DELEGATE_TOOLS = {"task", "agent", "invoke_agent", "spawn_agent", "subagent"}
PATH_KEYS = ("file_path", "path", "notebook_path", "target_file", "filePath", "file",
             "filename", "absolute_path", "target_path", "destination", "new_path")
LIST_KEYS = ("paths", "files", "file_paths")
#: Commands whose output is usually long enough to be worth a capture route.
NOISY = re.compile(
    r"(^|[\s;&|(/])(pytest|tox|nox|jest|vitest|mocha|phpunit|rspec|ctest|"
    r"go\s+(test|build|vet)|cargo\s+(test|build|clippy|check)|make|cmake|ninja|gradle|"
    r"gradlew|mvn|dotnet\s+(test|build)|tsc|eslint|ruff|mypy|pylint|"
    r"(npm|pnpm|yarn|bun)\s+(test|install|ci|run\s+\S+|build)|pip\s+install|uv\s+(sync|pip)|"
    r"docker\s+(build|compose)|terraform\s+(plan|apply)|journalctl|git\s+log)(\s|$)")
CAPTURE_THRESHOLD = 4096


@dataclass
class Call:
    """One hook invocation: its name, what was received, and how to find the project."""

    name: str
    received: Received
    project_opt: Path | None
    state_root_opt: Path | None
    env: Mapping[str, str]

    @property
    def host(self) -> str:
        return self.received.host

    @property
    def input(self) -> HookInput | None:
        return self.received.hook_input

    def project(self) -> Path:
        hi = self.input
        return hook_project(self.project_opt, self.host, hi.cwd if hi else None,
                            hi.roots if hi else [], self.env)

    def base(self, project: Path) -> Path:
        hi = self.input
        if hi is not None and hi.cwd and os.path.isabs(hi.cwd):
            return Path(hi.cwd)
        return project


# Logging (observers fail open, but not silently) ----------------------------------------

def _log(call: Call, message: str) -> None:
    from wazir_core.runtime.fileio import append_line
    from wazir_core.runtime.ledger import now_iso
    from wazir_core.runtime.stateroot import StateRoot, default_state_root

    try:
        project = call.project()
        try:
            log_file = _state_root(call, project).log_file
        except Exception:
            log_file = StateRoot(default_state_root(project), project, "default").log_file
        log_file.parent.mkdir(parents=True, exist_ok=True)
        append_line(log_file, f"{now_iso()} {call.name} [{call.host}] {message}")
    except Exception:
        pass  # the log is best effort; the hook's answer matters more


def _state_root(call: Call, project: Path) -> StateRoot:
    from wazir_core.runtime.stateroot import resolve_state_root

    return resolve_state_root(project, call.state_root_opt)


# What a tool call writes -----------------------------------------------------------------

def _command(hi: HookInput) -> str | None:
    raw = hi.tool_input.get("command")
    if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
        return shlex.join(raw)
    return raw if isinstance(raw, str) else None


def is_shell(hi: HookInput) -> bool:
    return hi.tool_name.casefold() in SHELL_TOOLS or hi.event in (
        "beforeShellExecution", "afterShellExecution")


def _path_values(tool_input: dict[str, Any]) -> list[str]:
    found = [tool_input[k] for k in PATH_KEYS if isinstance(tool_input.get(k), str)]
    for key in LIST_KEYS:
        values = tool_input.get(key)
        if isinstance(values, list):
            found += [v for v in values if isinstance(v, str)]
    return found


def write_targets(hi: HookInput) -> list[WriteTarget] | None:
    """What the call writes; None for a write tool whose target cannot be found."""
    command = _command(hi)
    if is_shell(hi):
        if not command:
            return []
        targets = shell_writes(command, cwd=hi.cwd)
        return targets + (patch_targets(command) if is_patch(command) else [])
    tool = hi.tool_name.casefold()
    if tool not in WRITE_TOOLS and not (command and is_patch(command)):
        return []
    targets = patch_targets(command) if command and is_patch(command) else []
    kind = "remove" if tool in DELETE_TOOLS else "write"
    targets += [WriteTarget(p, kind) for p in _path_values(hi.tool_input)]
    return targets or None


# Guards ----------------------------------------------------------------------------------

def _guarded_input(call: Call, guard: str) -> HookInput | HookResult:
    """The tool call a guard checks, or its answer when there is nothing to check: a call it
    cannot read is blocked (guards fail closed); any moment but pre-tool is allowed."""
    hi = call.input
    if hi is None:
        return deny(call.host, f"the {guard} cannot check this tool call: "
                               f"{call.received.problem}. Blocking to be safe.")
    if hi.moment != "pre-tool":
        return allow(call.host, hi.event)
    return hi


def protected_path_write_guard(call: Call) -> HookResult:
    hi = _guarded_input(call, "write guard")
    if not isinstance(hi, HookInput):
        return hi
    targets = write_targets(hi)
    if targets is None:
        return deny(call.host, f"the write guard found no file path in the input of tool "
                               f"'{hi.tool_name}'. Blocking to be safe.")
    if not targets:
        return allow(call.host, hi.event)
    from wazir_core.runtime.facts import load_facts
    from wazir_core.runtime.pathguard import PathGuard

    project = call.project()
    facts = load_facts(project, with_content=True)
    guard = PathGuard(project, facts.protected)
    base = call.base(project)
    if facts.error is not None:
        repair = facts.repair_paths()
        if all(guard.is_one_of(t.path, base, repair) for t in targets):
            return allow(call.host, hi.event)
        return deny(call.host, f"the write guard cannot read this project's protected paths "
                               f"({facts.error}), so writes are blocked until that is fixed; "
                               f"only {', '.join(repair)} may be edited. `wazir doctor` says "
                               "more.")
    for target in targets:
        verdict = guard.check(target.path, target.kind, base)
        if verdict is not None:
            _log(call, f"blocked {target.kind} of {verdict.path} (rule {verdict.rule})")
            return deny(call.host, verdict.reason())
    return allow(call.host, hi.event)


@dataclass
class LoopIntent:
    """A shell command recording a phase entry or setting a loop count."""

    phase: str | None
    run: str | None
    state_root: str | None
    enter: bool
    loop_count: int | None


def _loop_intents(command: str) -> list[LoopIntent]:
    out = []
    for args in wazir_commands(command):
        words = [a for a in args if not a.startswith("-")]
        if words[:2] != ["capture", "event"]:
            continue
        raw_count = option_value(args, "--loop-count")
        try:
            count = int(raw_count) if raw_count is not None else None
        except ValueError:
            count = None
        enter = option_value(args, "--event") == "phase_enter"
        if enter or count is not None:
            out.append(LoopIntent(option_value(args, "--phase"), option_value(args, "--run"),
                                  option_value(args, "--state-root"), enter, count))
    return out


def _is_delegation(hi: HookInput) -> bool:
    return hi.tool_name.casefold() in DELEGATE_TOOLS or hi.event == "subagentStart"


def loop_cap_guard(call: Call) -> HookResult:
    hi = _guarded_input(call, "loop-cap guard")
    if not isinstance(hi, HookInput):
        return hi
    command = _command(hi) if is_shell(hi) else None
    intents = _loop_intents(command) if command else []
    delegating = _is_delegation(hi)
    if not intents and not delegating:
        return allow(call.host, hi.event)
    from wazir_core.runtime.facts import load_facts
    from wazir_core.runtime.ledger import Run, find_latest, read_status
    from wazir_core.runtime.stateroot import StateRoot

    project = call.project()
    facts = load_facts(project, with_content=True)
    if facts.error is not None:
        return deny(call.host, f"the loop-cap guard cannot read the loop caps ({facts.error}); "
                               "fix the setup (`wazir doctor`) before starting another round.")
    root = _state_root(call, project)
    for intent in intents or [LoopIntent(None, None, None, False, None)]:
        here = root
        if intent.state_root:
            here = StateRoot(Path(intent.state_root).expanduser().resolve(), project, "command")
        try:
            run = Run(here, intent.run) if intent.run else find_latest(here)
        except WazirError:
            continue  # a bad --run makes the command itself fail; nothing to guard
        if run is None or not run.exists():
            continue
        status = read_status(run)
        reason = (_delegation_reason(status, facts.loop_caps) if not intents else
                  _intent_reason(intent, status, facts.loop_caps, facts.on_reject))
        if reason:
            _log(call, f"blocked: {reason}")
            return deny(call.host, reason + " Stop and give the operator the open findings; "
                                            "only they can accept them or rescope the run.")
    return allow(call.host, hi.event)


def _counts(status: dict[str, Any]) -> dict[str, int]:
    counts = status.get("phase_loop_counts") or {}
    return {k: v for k, v in counts.items() if isinstance(v, int)}


def _gate(status: dict[str, Any], phase: str) -> dict[str, Any]:
    gate = (status.get("gates") or {}).get(phase)
    return gate if isinstance(gate, dict) else {}


def _intent_reason(intent: LoopIntent, status: dict[str, Any], caps: dict[str, int],
                   on_reject: dict[str, str]) -> str | None:
    """Why recording this phase entry (or loop count) would start a round past the cap.

    A loop count is the number of times a review gate sent the work back; at the cap,
    neither the review phase nor the phase it sends work back to may start again.
    """
    phase = intent.phase or status.get("phase")
    if not isinstance(phase, str):
        return None
    counts = _counts(status)
    count = counts.get(phase, 0)
    if intent.loop_count is not None and phase in caps and count >= caps[phase] \
            and intent.loop_count < count:
        return (f"loop cap reached for phase '{phase}' ({count}/{caps[phase]}); resetting "
                "its loop count is the operator's decision, not the agent's.")
    if not intent.enter:
        return None
    entered = (status.get("phase_entries") or {}).get(phase, 0) or phase in counts
    if entered and phase in caps and count >= caps[phase] \
            and _gate(status, phase).get("last") != "approved":
        return (f"loop cap reached: the '{phase}' gate has sent the work back {count} "
                f"time(s), its cap is {caps[phase]}; another round is refused.")
    for review, target in on_reject.items():
        if target == phase and review in caps and counts.get(review, 0) >= caps[review] \
                and _gate(status, review).get("last") == "rejected":
            return (f"loop cap reached: the '{review}' gate has sent the work back "
                    f"{counts[review]} time(s) (cap {caps[review]}); another round through "
                    f"'{phase}' is refused.")
    return None


def _delegation_reason(status: dict[str, Any], caps: dict[str, int]) -> str | None:
    """Delegating work in a phase whose gate rejected it at the cap is another round."""
    phase = status.get("phase")
    if not isinstance(phase, str) or phase not in caps:
        return None
    count, cap = _counts(status).get(phase, 0), caps[phase]
    rejected_since_entry = phase in (status.get("loop_counted") or []) and \
        _gate(status, phase).get("last") == "rejected"
    if count > cap or (count >= cap and rejected_since_entry):
        return (f"loop cap reached for phase '{phase}' ({count}/{cap}); delegating another "
                "round of its work is refused.")
    return None


# Observers -------------------------------------------------------------------------------

def _latest(call: Call, project: Path) -> Run | None:
    from wazir_core.runtime.ledger import find_latest

    return find_latest(_state_root(call, project))


def _capture_name(command: str) -> str:
    """A capture named after the program a command runs (``pytest``, ``make``)."""
    words = command.split()
    return slug(words[0].rsplit("/", 1)[-1] if words else "", fallback="shell", limit=32)


def session_start(call: Call) -> HookResult:
    from wazir_core.runtime.bootstrap import session_context
    from wazir_core.runtime.facts import loop_caps
    from wazir_core.runtime.ledger import read_status

    hi = call.input
    event = hi.event if hi else ("sessionStart" if call.host == "cursor" else "SessionStart")
    status: dict[str, Any] | None = None
    caps: dict[str, int] = {}
    try:
        project = call.project()
        run = _latest(call, project)
        if run is not None:
            status = read_status(run)
            caps = loop_caps(project)
    except Exception as exc:
        _log(call, f"could not read the latest run: {describe_error(exc)}")
    return context(call.host, event, session_context(status, caps))


def _route_key(hi: HookInput, command: str) -> str:
    ident = hi.payload.get("tool_use_id") or hi.payload.get("tool_call_id") or command
    return hashlib.sha256(str(ident).encode("utf-8", "replace")).hexdigest()[:20]


def pre_tool_capture_route(call: Call) -> HookResult:
    from wazir_core.runtime.fileio import write_json
    from wazir_core.runtime.ledger import route_capture

    hi = call.input
    if hi is None or hi.moment != "pre-tool" or not is_shell(hi):
        return allow(call.host, hi.event if hi else "")
    command = _command(hi)
    if not command or not NOISY.search(command):
        return allow(call.host, hi.event)
    project = call.project()
    run = _latest(call, project)
    if run is None:
        return allow(call.host, hi.event)
    name = _capture_name(command)
    path = route_capture(run, name, ".log", {"command": command[:500], "source": "hook",
                                             "tool_use_id": hi.payload.get("tool_use_id")})
    routes = run.path / "routes"
    routes.mkdir(exist_ok=True)
    write_json(routes / f"{_route_key(hi, command)}.json",
               {"capture_path": path.as_posix(), "name": name, "command": command[:500]})
    if call.host in ("claude", "codex"):
        return context(call.host, hi.event, f"wazir keeps this command's output as {path} "
                                            f"(run {run.run_id}); cite that capture instead of "
                                            "pasting long output.")
    return allow(call.host, hi.event)


def _output_text(hi: HookInput) -> str:
    payload = hi.payload
    raw = payload.get("tool_response", payload.get("tool_output", payload.get("output")))
    if isinstance(raw, str):
        try:
            decoded = json.loads(raw)
        except ValueError:
            return raw
        raw = decoded
    if isinstance(raw, dict):
        streams = [raw[k] for k in ("stdout", "stderr") if isinstance(raw.get(k), str)]
        if any(streams):
            return "\n".join(s for s in streams if s)
        for key in ("output", "llmContent", "returnDisplay", "content", "result"):
            if isinstance(raw.get(key), str):  # Gemini repeats the text in returnDisplay
                return str(raw[key])
    if raw is None:
        return ""
    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)


def _exit_code(hi: HookInput) -> int | None:
    raw = hi.payload.get("tool_response")
    for source in (raw if isinstance(raw, dict) else {}, hi.payload):
        for key in ("exit_code", "exitCode", "returncode", "exit_status"):
            value = source.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return None


def post_tool_capture(call: Call) -> HookResult:
    from wazir_core.runtime.ledger import save_output

    hi = call.input
    if hi is None or hi.moment != "post-tool" or not is_shell(hi):
        return quiet(call.host)
    command = _command(hi) or ""
    project = call.project()
    run = _latest(call, project)
    if run is None:
        return quiet(call.host)
    route_file = run.path / "routes" / f"{_route_key(hi, command)}.json"
    route: dict[str, Any] = {}
    if route_file.is_file():
        try:
            route = json.loads(route_file.read_text(encoding="utf-8"))
        except ValueError:
            route = {}
        route_file.unlink(missing_ok=True)
    data = _output_text(hi).encode("utf-8", "replace")
    if not route and len(data) < CAPTURE_THRESHOLD:
        return quiet(call.host)
    into = Path(route["capture_path"]) if isinstance(route.get("capture_path"), str) else None
    name = route["name"] if isinstance(route.get("name"), str) else _capture_name(command)
    save_output(run, name, data, command[:500] or None, _exit_code(hi), source="hook",
                into=into, extra={"tool_use_id": hi.payload.get("tool_use_id")})
    return quiet(call.host)


def _summarise(call: Call, event: str, note: str | None, extra: dict[str, Any]) -> HookResult:
    from wazir_core.runtime.facts import loop_caps
    from wazir_core.runtime.ledger import last_events, save_summary
    from wazir_core.runtime.summary import merge, state_block

    project = call.project()
    run = _latest(call, project)
    if run is None:
        return quiet(call.host)
    caps = loop_caps(project)

    def text(old: str, status: dict[str, Any]) -> bytes:
        block = state_block(status, last_events(run, 8), caps, note)
        return merge(old, block).encode("utf-8")

    save_summary(run, text, event=event, source="hook", extra=extra)
    return quiet(call.host)


def pre_compact_summary(call: Call) -> HookResult:
    hi = call.input
    trigger = hi.payload.get("trigger") if hi else None
    return _summarise(call, "pre_compact_summary", None,
                      {"trigger": trigger if isinstance(trigger, str) else None,
                       "host": call.host})


def stop_handoff_harvest(call: Call) -> HookResult:
    from wazir_core.runtime.ledger import now_iso

    hi = call.input
    last = hi.text("last_assistant_message", "prompt_response") if hi else None
    state = hi.text("status") if hi else None
    excerpt = " ".join(last.split())[:300] if last else None
    note = f"{now_iso()} ({call.host}{', ' + state if state else ''})"
    if excerpt:
        note += f"; last message: {excerpt}"
    return _summarise(call, "stop", note, {"host": call.host, "message": excerpt,
                                           "stop_status": state})


HANDLERS: dict[str, Callable[[Call], HookResult]] = {
    "protected-path-write-guard": protected_path_write_guard,
    "loop-cap-guard": loop_cap_guard,
    "session-start": session_start,
    "pre-tool-capture-route": pre_tool_capture_route,
    "post-tool-capture": post_tool_capture,
    "pre-compact-summary": pre_compact_summary,
    "stop-handoff-harvest": stop_handoff_harvest,
}


def run_hook(name: str, host: str | None, stdin: IO[bytes] | None,
             project: Path | None = None, state_root: Path | None = None,
             env: Mapping[str, str] | None = None) -> HookResult:
    """Run one hook on the bytes a host wrote to stdin; never raises."""
    if name not in HANDLERS:
        return HookResult(1, "", f"wazir: unknown hook '{name}'; known hooks: "
                                 f"{', '.join(HANDLERS)}\n")
    note = None
    if host is not None and host not in HOSTS:
        note, host = f"unknown --host '{host}', detecting the host from stdin", None
    try:
        data: bytes | MalformedInput = read_stdin(stdin)
    except MalformedInput as exc:
        data = exc
    except OSError as exc:
        data = MalformedInput(f"stdin could not be read ({exc})")
    call = Call(name, receive(data, host), project, state_root,
                os.environ if env is None else env)
    if note:
        _log(call, note)
    if call.received.problem:
        _log(call, f"bad input: {call.received.problem}")
    try:
        return HANDLERS[name](call)
    except Exception as exc:
        _log(call, f"failed: {describe_error(exc)}")
        if name in GUARDS:
            return deny(call.host, f"{name} could not decide ({describe_error(exc)}); blocking to "
                                   "be safe. `wazir doctor` checks the setup.")
        if name == "session-start":
            from wazir_core.runtime.bootstrap import session_context

            return context(call.host, "sessionStart" if call.host == "cursor"
                           else "SessionStart", session_context(None, {}))
        return quiet(call.host)

"""Reading what a host sends a hook on stdin, and telling the four hosts apart.

Each host sends one JSON object, with different event names, tool names and fields
(``../shared/hosts``). This module turns any of them into one :class:`HookInput`; the
original read a ``target_path`` field no host sends, so its guard never saw a path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any

MAX_STDIN = 8 * 1024 * 1024
HOSTS = ("claude", "codex", "cursor", "gemini")

CURSOR_EVENTS = {
    "sessionStart", "sessionEnd", "preToolUse", "postToolUse", "postToolUseFailure",
    "subagentStart", "subagentStop", "beforeShellExecution", "afterShellExecution",
    "beforeMCPExecution", "afterMCPExecution", "beforeReadFile", "afterFileEdit",
    "beforeSubmitPrompt", "preCompact", "stop", "afterAgentResponse", "afterAgentThought",
    "beforeTabFileRead", "afterTabFileEdit", "workspaceOpen",
}
GEMINI_ONLY_EVENTS = {"BeforeTool", "AfterTool", "BeforeAgent", "AfterAgent", "PreCompress",
                      "BeforeModel", "AfterModel", "BeforeToolSelection"}
GEMINI_SHARED_EVENTS = {"SessionStart", "SessionEnd", "Notification"}
CLAUDE_EVENTS = {
    "PreToolUse", "PostToolUse", "PostToolUseFailure", "PostToolBatch", "Notification",
    "UserPromptSubmit", "UserPromptExpansion", "SessionStart", "SessionEnd", "Stop",
    "StopFailure", "SubagentStart", "SubagentStop", "PreCompact", "PostCompact",
    "PermissionRequest", "PermissionDenied", "Setup", "Interrupt",
}

#: The moment each host event stands for.
MOMENTS = {
    "PreToolUse": "pre-tool", "preToolUse": "pre-tool", "BeforeTool": "pre-tool",
    "beforeShellExecution": "pre-tool", "beforeMCPExecution": "pre-tool",
    "subagentStart": "pre-tool",
    "PostToolUse": "post-tool", "postToolUse": "post-tool", "AfterTool": "post-tool",
    "afterShellExecution": "post-tool", "PostToolUseFailure": "post-tool",
    "postToolUseFailure": "post-tool",
    "SessionStart": "session-start", "sessionStart": "session-start",
    "PreCompact": "pre-compact", "preCompact": "pre-compact", "PreCompress": "pre-compact",
    "Stop": "stop", "stop": "stop", "AfterAgent": "stop", "SubagentStop": "stop",
}


class MalformedInput(Exception):
    """The stdin of a hook could not be read as one host's payload."""


@dataclass
class HookInput:
    host: str
    event: str
    payload: dict[str, Any]
    tool_name: str = ""
    tool_input: dict[str, Any] = field(default_factory=dict)
    cwd: str | None = None
    roots: list[str] = field(default_factory=list)

    @property
    def moment(self) -> str:
        return MOMENTS.get(self.event, "other")

    def text(self, *keys: str) -> str | None:
        for key in keys:
            value = self.payload.get(key)
            if isinstance(value, str):
                return value
        return None


def read_stdin(stream: IO[bytes] | None, limit: int = MAX_STDIN) -> bytes:
    """At most ``limit`` bytes; larger input is drained and rejected as malformed."""
    if stream is None:
        return b""
    data = stream.read(limit + 1)
    if len(data) > limit:
        while stream.read(1024 * 1024):
            pass
        raise MalformedInput(f"stdin is larger than {limit // (1024 * 1024)} MiB")
    return data


def parse(data: bytes) -> dict[str, Any]:
    if not data.strip():
        raise MalformedInput("stdin is empty; the host sends a JSON object")
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedInput(f"stdin is not JSON ({type(exc).__name__})") from None
    if not isinstance(value, dict):
        raise MalformedInput(f"stdin is JSON but not an object (got {type(value).__name__})")
    return value


def detect_host(payload: dict[str, Any]) -> str | None:
    """Which host sent ``payload``; None when it looks like none of them."""
    event = payload.get("hook_event_name")
    if not isinstance(event, str):
        return None
    if event in CURSOR_EVENTS or "cursor_version" in payload or "workspace_roots" in payload:
        return "cursor"
    if event in GEMINI_ONLY_EVENTS:
        return "gemini"
    if event in GEMINI_SHARED_EVENTS and "timestamp" in payload and "prompt_id" not in payload:
        return "gemini"
    if event in CLAUDE_EVENTS:
        codex_signs = ("turn_id" in payload or payload.get("tool_name") == "apply_patch"
                       or ("model" in payload and event != "SessionStart"))
        return "codex" if codex_signs and "prompt_id" not in payload else "claude"
    return None


def _tool_input(payload: dict[str, Any]) -> dict[str, Any]:
    raw = payload.get("tool_input")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = {"command": raw}
    if not isinstance(raw, dict):
        raw = {}
    if "command" not in raw and isinstance(payload.get("command"), str):
        raw = {**raw, "command": payload["command"]}
    return raw


def interpret(payload: dict[str, Any], host: str) -> HookInput:
    event = payload.get("hook_event_name")
    tool = payload.get("tool_name")
    if not isinstance(tool, str):
        tool = "Shell" if event in ("beforeShellExecution", "afterShellExecution") else ""
        if event == "subagentStart":
            tool = "Task"
    roots = [r for r in payload.get("workspace_roots") or [] if isinstance(r, str)] \
        if isinstance(payload.get("workspace_roots"), list) else []
    cwd = payload.get("cwd")
    return HookInput(host=host, event=event if isinstance(event, str) else "", payload=payload,
                     tool_name=tool, tool_input=_tool_input(payload),
                     cwd=cwd if isinstance(cwd, str) and cwd else (roots[0] if roots else None),
                     roots=roots)


@dataclass
class Received:
    """The outcome of reading stdin: an input, or the reason there is none."""

    hook_input: HookInput | None
    host: str
    problem: str | None = None


def receive(data: bytes | MalformedInput, given_host: str | None) -> Received:
    """Parse and check stdin against the host named by ``--host`` (if any)."""
    fallback = given_host or "claude"
    if isinstance(data, MalformedInput):
        return Received(None, fallback, str(data))
    try:
        payload = parse(data)
    except MalformedInput as exc:
        return Received(None, fallback, str(exc))
    detected = detect_host(payload)
    if detected is None:
        return Received(None, fallback, "stdin is not a hook payload of Claude Code, Codex, "
                                        "Cursor or Gemini CLI (no known hook_event_name)")
    if given_host is None or given_host == detected:
        return Received(interpret(payload, detected), detected)
    if {given_host, detected} <= {"claude", "codex"}:
        return Received(interpret(payload, given_host), given_host)
    if given_host == "claude" and detected == "cursor":
        # Cursor runs the hooks in .claude/settings.json with its own payloads.
        return Received(interpret(payload, detected), detected)
    return Received(None, given_host, f"this hook is configured for {given_host}, but stdin "
                                      f"is a {detected} payload")

"""Answering a host the way it listens: exit codes, stderr and stdout JSON per host.

Claude Code blocks a tool only on exit 2 (the original's 42 and 43 were ignored); Codex also
needs the reason on stderr; Cursor and Gemini CLI read a JSON decision on stdout and treat
exit 2 as a block too. So a block is always exit 2 with the reason on stderr, plus the JSON
decision for the hosts that read one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

BLOCK = 2


@dataclass
class HookResult:
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def allow(host: str, event: str = "") -> HookResult:
    if host == "cursor":
        permission_events = ("preToolUse", "beforeShellExecution", "beforeMCPExecution",
                             "beforeReadFile", "subagentStart")
        return HookResult(stdout=_json({"permission": "allow"} if event in permission_events
                                       else {}))
    if host == "gemini":
        return HookResult(stdout=_json({"decision": "allow"}))
    return HookResult()


def deny(host: str, reason: str) -> HookResult:
    text = f"wazir: {reason}"
    if host == "cursor":
        return HookResult(BLOCK, _json({"permission": "deny", "user_message": text,
                                        "agent_message": text}), text + "\n")
    if host == "gemini":
        return HookResult(BLOCK, _json({"decision": "deny", "reason": text}), text + "\n")
    return HookResult(BLOCK, "", text + "\n")


def quiet(host: str) -> HookResult:
    """Nothing to say: the observability hooks' normal answer."""
    return HookResult(stdout=_json({})) if host in ("cursor", "gemini") else HookResult()


def context(host: str, event: str, text: str) -> HookResult:
    """Extra context for the model (session start, and a note before a tool runs)."""
    if host == "cursor":
        if event == "sessionStart":
            return HookResult(stdout=_json({"additional_context": text}))
        return quiet(host)
    if host == "gemini":
        if event == "SessionStart":
            return HookResult(stdout=_json({"hookSpecificOutput": {
                "hookEventName": event, "additionalContext": text}}))
        return quiet(host)
    return HookResult(stdout=_json({"hookSpecificOutput": {
        "hookEventName": event or "SessionStart", "additionalContext": text}}))

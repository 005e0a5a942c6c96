"""Hook payloads shaped as each host documents them (../shared/hosts/*.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def claude(event: str, project: Path, tool: str | None = None,
           tool_input: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """Claude Code: common fields (claude-code.md §6.6) plus the event's own."""
    data: dict[str, Any] = {
        "session_id": "4f1c2e2a-claude", "prompt_id": "p-1",
        "transcript_path": "/home/u/.claude/projects/x/4f1c.jsonl", "cwd": str(project),
        "permission_mode": "default", "hook_event_name": event,
    }
    if tool is not None:
        data.update({"tool_name": tool, "tool_input": tool_input or {},
                     "tool_use_id": "toolu_01ABC", "effort": {"level": "medium"}})
    data.update(extra)
    return data


def codex(event: str, project: Path, tool: str | None = None,
          tool_input: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """Codex: snake_case with turn_id and model (codex-cli.md §7.4)."""
    data: dict[str, Any] = {
        "session_id": "0199a-codex", "turn_id": "turn-3", "transcript_path": None,
        "cwd": str(project), "hook_event_name": event, "model": "gpt-5-codex",
        "permission_mode": "default",
    }
    if tool is not None:
        data.update({"tool_name": tool, "tool_input": tool_input or {},
                     "tool_use_id": "call_7"})
    data.update(extra)
    return data


def cursor(event: str, project: Path, **extra: Any) -> dict[str, Any]:
    """Cursor: camelCase events, workspace_roots, conversation fields (cursor.md §7.4)."""
    data: dict[str, Any] = {
        "conversation_id": "c-1", "generation_id": "g-1", "model": "claude-4.5-sonnet",
        "model_id": "m-1", "model_params": [], "hook_event_name": event,
        "cursor_version": "3.17.8", "workspace_roots": [str(project)],
        "user_email": None, "transcript_path": None,
    }
    data.update(extra)
    return data


def gemini(event: str, project: Path, tool: str | None = None,
           tool_input: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """Gemini CLI: base fields with an ISO timestamp (gemini-cli.md §5.5)."""
    data: dict[str, Any] = {
        "session_id": "gem-1", "transcript_path": "/home/u/.gemini/tmp/x/chat.json",
        "cwd": str(project), "hook_event_name": event, "timestamp": "2026-11-20T10:00:00Z",
    }
    if tool is not None:
        data.update({"tool_name": tool, "tool_input": tool_input or {}, "mcp_context": None,
                     "original_request_name": tool})
    data.update(extra)
    return data

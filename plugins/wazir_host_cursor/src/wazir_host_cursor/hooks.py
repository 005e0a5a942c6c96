"""Wazir hook definitions as ``.cursor/hooks.json`` entries (cursor.md §7).

Cursor's shape differs from the other hosts: camelCase event names, a flat list of entries
per event (no matcher groups), Cursor's own tool types in matchers, timeouts in seconds, and
fail-open on a crashed hook unless ``failClosed`` is set.
"""

from __future__ import annotations

from typing import Any

from wazir_core.models import HookDefinition

HOST = "cursor"

#: Wazir moment → Cursor event, in the order events are written.
EVENTS: dict[str, str] = {
    "session-start": "sessionStart",
    "pre-tool": "preToolUse",
    "post-tool": "postToolUse",
    "pre-compact": "preCompact",
    "stop": "stop",
}

#: Wazir tool class → Cursor tool types for ``preToolUse``/``postToolUse`` matchers.
#: Cursor has one ``Write`` tool for creating and editing files and a separate ``Delete``;
#: a guard about changing files must see both. ``any`` means no matcher at all.
TOOLS: dict[str, tuple[str, ...]] = {
    "read": ("Read", "Grep"),
    "write": ("Write", "Delete"),
    "edit": ("Write", "Delete"),
    "shell": ("Shell",),
    "delegate": ("Task",),
}

#: Only tool events are matched against tool types; other events' matchers mean other things.
TOOL_EVENTS = frozenset({"preToolUse", "postToolUse"})


def command(hook: HookDefinition) -> str:
    """``--host cursor`` because Cursor's payloads are answered with its JSON permission."""
    return f"{hook.command} --host {HOST}"


def matcher(hook: HookDefinition) -> str | None:
    """``Shell|Write|Delete``-style alternation, or None to match every tool."""
    if "any" in hook.tools or not hook.tools:
        return None
    names = [name for tool in hook.tools for name in TOOLS[tool]]
    return "|".join(dict.fromkeys(names))


def entry(hook: HookDefinition, fail_closed: bool) -> dict[str, Any]:
    event = EVENTS[hook.moment]
    data: dict[str, Any] = {"command": command(hook)}
    match = matcher(hook) if event in TOOL_EVENTS else None
    if match:
        data["matcher"] = match
    data["timeout"] = hook.timeout
    if fail_closed and hook.failure_mode == "block":
        data["failClosed"] = True
    return data


def hooks_json(hooks: list[HookDefinition], fail_closed: bool) -> dict[str, Any] | None:
    """The data wazir owns in ``.cursor/hooks.json``, or None when no hook runs on Cursor."""
    events: dict[str, list[dict[str, Any]]] = {}
    for event in EVENTS.values():
        chosen = [entry(h, fail_closed) for h in hooks
                  if h.runs_on(HOST) and EVENTS[h.moment] == event]
        if chosen:
            events[event] = chosen
    return {"version": 1, "hooks": events} if events else None

"""Claude Code's own vocabulary: tool names, hook events, reserved names, body placeholders.

Checked against Claude Code 2.1.332 (see the Claude Code host notes, ``claude-code.md``, and
``docs/hosts/claude.md``). Kept apart from the target so a host release that renames a tool
or adds a built-in command is a one-line change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wazir_core.models import HookDefinition, Role, normalize_name

#: Role capability → the Claude Code tools that grant it (subagent ``tools``).
CAPABILITY_TOOLS: dict[str, tuple[str, ...]] = {
    "read": ("Read",),
    "search": ("Grep", "Glob"),
    "edit": ("Edit", "Write", "NotebookEdit"),
    "execute": ("Bash",),
    "web": ("WebFetch", "WebSearch"),
    "delegate": ("Agent",),
}
#: The tool a subagent needs to use the skills its role leans on.
SKILL_TOOL = "Skill"

#: Hook tool class → the tool names a ``PreToolUse``/``PostToolUse`` matcher lists.
#: ``any`` matches every tool (no matcher).
HOOK_TOOLS: dict[str, tuple[str, ...]] = {
    "read": ("Read",),
    "write": ("Write",),
    "edit": ("Edit", "NotebookEdit"),
    "shell": ("Bash",),
    "delegate": ("Agent",),
}

#: Hook moment → Claude Code event (PascalCase, case-sensitive).
HOOK_EVENTS: dict[str, str] = {
    "session-start": "SessionStart",
    "pre-tool": "PreToolUse",
    "post-tool": "PostToolUse",
    "pre-compact": "PreCompact",
    "stop": "Stop",
}
#: Events whose matcher filters tool names; other events get no matcher (all sources).
TOOL_EVENTS = frozenset({"PreToolUse", "PostToolUse"})


def _folded(names: Iterable[str]) -> frozenset[str]:
    """Reserved names as ``normalize_name`` folds them, so a check is one set lookup."""
    return frozenset(normalize_name(n) for n in names)


#: Slash-command names a project skill must not take: bundled skills, the built-in commands
#: of 2.1.332 a user sees in the ``/`` menu, and the reserved skill folder ``synced``.
RESERVED_COMMANDS = _folded({
    # bundled skills
    "batch", "claude-api", "code-review", "debug", "doctor", "loop", "simplify", "verify",
    # built-in commands
    "add-dir", "agents", "bashes", "branch", "btw", "bug", "clear", "color", "compact",
    "config", "context", "copy", "cost", "desktop", "diff", "effort", "exit", "export",
    "extra-usage", "fast", "feedback", "fork", "help", "hooks", "ide", "init", "insights",
    "install-github-app", "keybindings", "login", "logout", "mcp", "memory", "mobile", "model",
    "output-style", "permissions", "plan", "plugin", "pr-comments", "privacy-settings",
    "release-notes", "reload-plugins", "reload-skills", "remote-control", "rename", "resume",
    "review", "rewind", "sandbox", "security-review", "skills", "stats", "status",
    "statusline", "stop", "tasks", "teleport", "terminal-setup", "theme", "todos",
    "ultraplan", "ultrareview", "upgrade", "usage", "version", "vim",
    # reserved skill folder (any case)
    "synced",
})


def reserved(name: str, names: frozenset[str]) -> bool:
    """True when ``name``, with case, ``_``, ``:`` and spaces folded, is one of the (folded)
    reserved ``names``."""
    return normalize_name(name) in names


def role_tools(role: Role) -> list[str]:
    """The role's capabilities as Claude Code tool names, in capability order, no repeats."""
    tools = [t for cap in role.capabilities for t in CAPABILITY_TOOLS[cap]]
    if role.skills:
        tools.append(SKILL_TOOL)
    return list(dict.fromkeys(tools))


def hook_matcher(hook: HookDefinition) -> str | None:
    """An exact-name matcher (``A|B``, no regex characters) or None for every tool."""
    if not hook.tools or "any" in hook.tools:
        return None
    names = [n for cls in hook.tools for n in HOOK_TOOLS[cls]]
    return "|".join(dict.fromkeys(names))


def hook_group(hook: HookDefinition) -> dict[str, Any]:
    """One matcher group holding one command handler. Shell form (one ``command`` string),
    not exec form: the string carries wazir's ownership marker, and Cursor, which also runs
    these entries, reads only ``command``."""
    group: dict[str, Any] = {}
    matcher = hook_matcher(hook) if HOOK_EVENTS[hook.moment] in TOOL_EVENTS else None
    if matcher is not None:
        group["matcher"] = matcher
    group["hooks"] = [{"type": "command", "command": hook.command, "timeout": hook.timeout}]
    return group


def hook_entries(hooks: Iterable[HookDefinition]) -> dict[str, list[dict[str, Any]]]:
    """``{"<Event>": [group, ...]}`` for the hooks that run on Claude Code, in event order."""
    events: dict[str, list[dict[str, Any]]] = {}
    for hook in hooks:
        if hook.runs_on("claude"):
            events.setdefault(HOOK_EVENTS[hook.moment], []).append(hook_group(hook))
    return events


# Skill bodies ---------------------------------------------------------------------------

#: ``$ARGUMENTS``, ``$ARGUMENTS[N]`` and ``$N`` are filled in when a skill runs; ``\$`` before
#: them keeps the ``$`` literal (Claude Code removes that backslash).
_PLACEHOLDER = re.compile(r"(?<!\\)\$(?=\d|ARGUMENTS)")
#: ``!`cmd``` after a space or line start, and a ```` ```! ```` fence, run shell commands
#: before the prompt is sent (and abort the skill when not permitted).
_INLINE_SHELL = re.compile(r"(?:(?<=\s)|^)!(?=`)", re.MULTILINE)
_FENCED_SHELL = re.compile(r"```!")


def literal_body(text: str) -> str:
    """Skill body text that reaches the model as written: placeholders escaped and shell
    injection triggers broken with a space (the way Claude Code quotes its own arguments)."""
    text = _PLACEHOLDER.sub(r"\\$", text)
    text = _INLINE_SHELL.sub("! ", text)
    return _FENCED_SHELL.sub("``` !", text)


def literal_skill_md(skill_md: str) -> str:
    """``literal_body`` applied to the body of a ``SKILL.md`` (never to its frontmatter)."""
    if not skill_md.startswith("---\n"):
        return literal_body(skill_md)
    end = skill_md.index("\n---\n", 3) + len("\n---\n")
    return skill_md[:end] + literal_body(skill_md[end:])

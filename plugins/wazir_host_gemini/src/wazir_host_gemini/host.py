"""What Gemini CLI itself expects: tool names, hook events, reserved names, placeholder rules.

Checked against the Gemini CLI source (``google-gemini/gemini-cli`` at ``5411f113``) and the
0.61.0 bundle the conformance kit runs; see ``docs/hosts/gemini.md`` for the sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wazir_core.models.base import normalize_name
from wazir_core.models.hook import Moment, ToolClass
from wazir_core.models.role import Capability

#: Role capabilities → the built-in tools a subagent's ``tools:`` list grants. ``delegate``
#: maps to nothing: Gemini subagents cannot call other subagents (recursion protection).
CAPABILITY_TOOLS: Mapping[Capability, tuple[str, ...]] = {
    "read": ("read_file", "read_many_files"),
    "search": ("grep_search", "glob", "list_directory"),
    "edit": ("write_file", "replace"),
    "execute": ("run_shell_command",),
    "web": ("web_fetch", "google_web_search"),
    "delegate": (),
}
#: Granted to a subagent whose role names skills, so it can load them on demand.
SKILL_TOOL = "activate_skill"

#: Hook tool classes → the tool names a ``BeforeTool``/``AfterTool`` matcher tests.
HOOK_TOOLS: Mapping[ToolClass, tuple[str, ...]] = {
    "read": ("read_file", "read_many_files"),
    "write": ("write_file",),
    "edit": ("replace",),
    "shell": ("run_shell_command",),
    "delegate": ("invoke_agent",),
    "any": (),
}
#: Hook moments → Gemini's PascalCase events. Lifecycle events match an exact trigger
#: string, so wazir leaves their matcher out (every trigger).
HOOK_EVENTS: Mapping[Moment, str] = {
    "session-start": "SessionStart",
    "pre-tool": "BeforeTool",
    "post-tool": "AfterTool",
    "pre-compact": "PreCompress",
    "stop": "AfterAgent",
}
TOOL_EVENTS = frozenset({"BeforeTool", "AfterTool"})

#: Slash-command names (and their aliases) Gemini keeps for itself: built-ins always win, so
#: a skill (each skill is also ``/<name>``) with one of these names is renamed (``/help1``);
#: wazir reports it instead. Host file §3.5 plus the 0.61 ``BuiltinCommandLoader``.
BUILTIN_COMMANDS = frozenset({
    "about", "agents", "auth", "bug", "bug-memory", "chat", "clear", "new", "commands",
    "compress", "compact", "summarize", "copy", "corgi", "directory", "dir", "docs", "editor",
    "export", "export-session", "extensions", "footer", "statusline", "gemma", "help", "?",
    "hooks", "ide", "init", "mcp", "memory", "model", "oncall", "permissions", "plan",
    "policies", "privacy", "profile", "quit", "exit", "restore", "rewind", "resume",
    "settings", "setup-github", "shells", "bashes", "shortcuts", "skills", "stats", "usage",
    "tasks", "bg", "background", "terminal-setup", "theme", "tools", "upgrade", "vim", "voice",
})
#: Skills bundled with Gemini CLI; a workspace skill of the same name shadows them.
BUILTIN_SKILLS = frozenset({"antigravity-support", "skill-creator"})


#: Every reserved name under its ``normalize_name`` form, so a check is one lookup (names
#: go in in reverse sorted order, so of two that fold alike the first in sorted order wins).
_RESERVED = {normalize_name(n): n
             for n in sorted(BUILTIN_COMMANDS | BUILTIN_SKILLS, reverse=True)}


def reserved(name: str) -> str | None:
    """The built-in command, alias or bundled skill ``name`` equals once both are
    normalised, if any."""
    return _RESERVED.get(normalize_name(name))


# Placeholders Gemini expands inside text wazir copies from content. A zero-width space
# after the first character breaks each trigger while the text reads the same to the model.
ZWSP = "\u200b"
_COMMAND_TRIGGERS = re.compile(r"[!@](?=\{)|\{(?=\{args\}\})")
_AGENT_PLACEHOLDER = re.compile(r"\$(?=\{\w+\})")


def command_text(text: str) -> str:
    """Content text made inert in a TOML command prompt: Gemini expands ``{{args}}`` and runs
    ``!{...}`` / ``@{...}`` injections anywhere in the prompt (an unbalanced brace even
    fails the command)."""
    return _COMMAND_TRIGGERS.sub(lambda m: m.group(0) + ZWSP, text)


def agent_text(text: str) -> str:
    """Content text made inert in a subagent's system prompt: Gemini substitutes
    ``${word}`` there and aborts the agent when ``word`` is not one of its inputs."""
    return _AGENT_PLACEHOLDER.sub(lambda m: m.group(0) + ZWSP, text)

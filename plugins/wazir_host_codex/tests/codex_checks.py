"""Strict offline checks of the files Codex reads, per the Codex CLI host notes
(``codex-cli.md``; summarised in ``docs/hosts/codex.md``).

Each checker returns a list of problems (empty = conforming), so a test can show all of them
and can prove on bad input that the checker really rejects things.
"""

from __future__ import annotations

import json
import tomllib
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from wazir_core.testing import anchored_regex_problems, hook_problems, split_frontmatter

#: Codex 0.171.0 hook events (codex-cli.md §7.3).
HOOK_EVENTS = {"SessionStart", "UserPromptSubmit", "PreToolUse", "PermissionRequest",
               "PostToolUse", "PreCompact", "PostCompact", "SubagentStart", "SubagentStop",
               "Stop", "Interrupt"}
TOOL_EVENTS = {"PreToolUse", "PermissionRequest", "PostToolUse"}
#: Tool names a Codex matcher can meet (codex-cli.md §7.3; ``Write``/``Edit`` alias apply_patch).
TOOL_NAMES = {"Bash", "apply_patch", "Write", "Edit"}
#: The agent-role keys wazir may write: the required three plus real config keys with the
#: values Codex accepts (an unknown key or value makes Codex reject the whole file).
AGENT_REQUIRED = ("name", "description", "developer_instructions")
AGENT_VALUES: dict[str, set[str] | None] = {
    "name": None, "description": None, "developer_instructions": None,
    "sandbox_mode": {"read-only", "workspace-write", "danger-full-access"},
    "web_search": {"disabled", "cached", "indexed", "live"},
}
OPENAI_INTERFACE = {"display_name": 64, "short_description": 1024}


def _safe_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(StringIO(text))


def check_hooks(data: Any, host: str = "codex") -> list[str]:
    """``{"hooks": {Event: [{"matcher"?: str, "hooks": [{"type": "command", ...}]}]}}``."""
    return hook_problems(data, HOOK_EVENTS, check_matcher=_check_matcher,
                         check_handler=lambda at, _event, h: _check_handler(at, h, host))


def _check_handler(at: str, handler: dict[str, Any], host: str) -> list[str]:
    problems: list[str] = []
    extra = set(handler) - {"type", "command", "timeout", "statusMessage"}
    if extra:
        problems.append(f"{at}: unknown keys {sorted(extra)}")
    if handler.get("type") != "command":
        problems.append(f"{at}: type must be 'command'")
    command = handler.get("command")
    if not isinstance(command, str) or not command.startswith("wazir hook ") \
            or not command.endswith(f" --host {host}"):
        problems.append(f"{at}: command must be 'wazir hook <id> --host {host}'")
    timeout = handler.get("timeout")
    if not isinstance(timeout, int) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        problems.append(f"{at}: timeout must be whole seconds in 1..600")
    return problems


def _check_matcher(where: str, event: str, matcher: str) -> list[str]:
    if event not in TOOL_EVENTS:
        return [f"{where}: Codex documents no matcher for {event}"]
    problems = anchored_regex_problems(where, matcher)
    if problems:
        return problems
    names = matcher[1:-1].strip("()").split("|")
    unknown = [n for n in names if n not in TOOL_NAMES]
    return [f"{where}: matcher names unknown Codex tools {unknown}"] if unknown else []


def check_agent(text: str, filename: str) -> list[str]:
    """A ``.codex/agents/*.toml`` role: parses, required keys, only known keys and values."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{filename}: TOML does not parse ({exc})"]
    problems = [f"{filename}: missing '{k}'" for k in AGENT_REQUIRED
                if not isinstance(data.get(k), str) or not data[k].strip()]
    for key, value in data.items():
        if key not in AGENT_VALUES:
            problems.append(f"{filename}: unknown key '{key}' (Codex rejects the file)")
        elif AGENT_VALUES[key] is not None and value not in AGENT_VALUES[key]:  # type: ignore[operator]
            problems.append(f"{filename}: {key} = {value!r} is not a value Codex accepts")
    if data.get("name") != filename.removesuffix(".toml"):
        problems.append(f"{filename}: name must equal the file name")
    return problems


def check_openai_yaml(text: str) -> list[str]:
    """``agents/openai.yaml`` of a workflow skill: explicit-only, display fields in bounds."""
    try:
        data = _safe_yaml(text)
    except YAMLError as exc:
        return [f"YAML does not parse ({exc})"]
    if not isinstance(data, dict) or set(data) != {"interface", "policy"}:
        return ["top level must hold exactly 'interface' and 'policy'"]
    problems: list[str] = []
    if data["policy"] != {"allow_implicit_invocation": False}:
        problems.append("policy must be {allow_implicit_invocation: false}")
    interface = data["interface"]
    if not isinstance(interface, dict) or set(interface) != set(OPENAI_INTERFACE):
        return [*problems, f"interface must hold exactly {sorted(OPENAI_INTERFACE)}"]
    for key, limit in OPENAI_INTERFACE.items():
        value = interface[key]
        if not isinstance(value, str) or not value or "\n" in value or len(value) > limit:
            problems.append(f"interface.{key} must be one line of 1..{limit} characters")
    return problems


def check_skill(path: Path) -> list[str]:
    """A SKILL.md Codex loads: name = folder, ≤ 64 chars; description non-empty."""
    try:
        meta, _ = split_frontmatter(path.read_text(encoding="utf-8"))
    except (ValueError, YAMLError) as exc:
        return [f"{path}: {exc}"]
    problems = []
    if meta.get("name") != path.parent.name or len(path.parent.name) > 64:
        problems.append(f"{path}: name must equal the folder name and be at most 64 characters")
    if not isinstance(meta.get("description"), str) or not meta["description"].strip():
        problems.append(f"{path}: description must be a non-empty string")
    return problems


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))

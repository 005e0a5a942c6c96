"""Helpers for the Gemini target's tests: build a project, check host shapes.

The shape checkers restate Gemini CLI's rules (docs/hosts/gemini.md) independently of the
target's code, so a change in the target cannot silently change what the tests accept.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from wazir_core.build import BuildReport
from wazir_core.testing import (
    ProjectFactory,
    anchored_regex_problems,
    hook_problems,
    split_frontmatter,
)
from wazir_core.testing import project as kit

HERE = Path(__file__).parent
REPO = HERE.parents[2]
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"

AGENT_KEYS = {"kind", "name", "description", "display_name", "tools", "mcp_servers", "model",
              "temperature", "max_turns", "timeout_mins"}
AGENT_NAME = re.compile(r"^[a-z0-9-_]+$")
GEMINI_TOOLS = {"read_file", "read_many_files", "write_file", "replace", "run_shell_command",
                "grep_search", "glob", "list_directory", "web_fetch", "google_web_search",
                "write_todos", "activate_skill", "ask_user", "invoke_agent"}
HOOK_EVENTS = {"BeforeTool", "AfterTool", "BeforeAgent", "AfterAgent", "Notification",
               "SessionStart", "SessionEnd", "PreCompress", "BeforeModel", "AfterModel",
               "BeforeToolSelection"}
TOOL_EVENTS = {"BeforeTool", "AfterTool"}
GROUP_KEYS = {"matcher", "sequential", "hooks"}
HANDLER_KEYS = {"type", "command", "name", "description", "timeout", "env"}


def make_project(root: Path, config: str = "stacks: [python]\n", overlay: bool = False
                 ) -> Path:
    """A project folder with ``wazir.yaml`` (and the nasty overlay pack when asked)."""
    return kit.make_project(root, config, FIXTURES / "overlay" if overlay else None)


def build(project: Path) -> BuildReport:
    """Build with only the gemini plugin loaded, so other plugins' state cannot interfere."""
    return ProjectFactory.build(project, "gemini")


def executable(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o111)


def check_agent(text: str) -> dict[str, Any]:
    """Gemini's strict local-agent schema."""
    meta, body = split_frontmatter(text)
    assert set(meta) <= AGENT_KEYS, f"keys Gemini rejects: {set(meta) - AGENT_KEYS}"
    assert meta.get("kind", "local") == "local"
    assert isinstance(meta["name"], str) and AGENT_NAME.match(meta["name"])
    assert isinstance(meta["description"], str) and meta["description"].strip()
    tools = meta.get("tools", [])
    assert isinstance(tools, list) and set(tools) <= GEMINI_TOOLS, tools
    for key in ("max_turns", "timeout_mins"):
        assert key not in meta or (type(meta[key]) is int and meta[key] > 0)
    assert not re.search(r"\$\{\w+\}", body), "Gemini would substitute ${...} in the prompt"
    return meta


def check_command(text: str) -> dict[str, Any]:
    """A command file Gemini's TOML 0.5 parser loads, with one ``{{args}}`` and no
    injection trigger."""
    assert not text.startswith("\ufeff")
    assert not re.search(r"\\u[dD][89a-fA-F]", text), "surrogate escapes are rejected"
    data = tomllib.loads(text)
    assert set(data) <= {"prompt", "description"}
    assert isinstance(data["prompt"], str) and isinstance(data["description"], str)
    assert len(data["description"]) <= 100
    prompt = data["prompt"]
    assert prompt.count("{{args}}") == 1
    assert "!{" not in prompt and "@{" not in prompt
    return data


def check_hooks(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """``hooks.<Event>`` as Gemini documents it; returns wazir's handlers."""
    problems = hook_problems(settings, HOOK_EVENTS, group_keys=GROUP_KEYS,
                             check_matcher=_matcher_problems, check_handler=_handler_problems)
    assert not problems, problems
    return [handler for groups in settings["hooks"].values() for group in groups
            for handler in group["hooks"] if handler["command"].startswith("wazir hook ")]


def _matcher_problems(where: str, event: str, matcher: str) -> list[str]:
    if event not in TOOL_EVENTS:
        return [f"{where}: lifecycle matchers are exact trigger strings"]
    return anchored_regex_problems(where, matcher)


def _handler_problems(where: str, event: str, handler: dict[str, Any]) -> list[str]:
    problems = []
    if not set(handler) <= HANDLER_KEYS or handler["type"] != "command":
        problems.append(f"{where}: only command handlers with Gemini's keys")
    if not isinstance(handler.get("command"), str):
        problems.append(f"{where}: 'command' must be a string")
    elif handler["command"].startswith("wazir hook ") and \
            not handler["command"].endswith(" --host gemini"):
        problems.append(f"{where}: wazir's hook command must end with --host gemini")
    if "timeout" in handler and (type(handler["timeout"]) is not int
                                 or handler["timeout"] < 1000):
        problems.append(f"{where}: Gemini timeouts are milliseconds")
    return problems


def read_settings(project: Path) -> dict[str, Any]:
    data = json.loads((project / ".gemini/settings.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data

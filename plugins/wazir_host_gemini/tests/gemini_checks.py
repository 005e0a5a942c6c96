"""Helpers for the Gemini target's tests: build a project, snapshot it, check host shapes.

The shape checkers restate Gemini CLI's rules (docs/hosts/gemini.md) independently of the
target's code, so a change in the target cannot silently change what the tests accept.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from wazir_host_gemini import GeminiTarget

from wazir_core.build import BuildReport, run_build

HERE = Path(__file__).parent
REPO = HERE.parents[2]
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
ROOTS = GeminiTarget.output_roots

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
    root.mkdir(parents=True, exist_ok=True)
    if overlay:
        shutil.copytree(FIXTURES / "overlay", root / "overlay")
        config += "packs: [overlay]\n"
    (root / "wazir.yaml").write_text(config, encoding="utf-8")
    return root


def build(project: Path, targets: tuple[str, ...] = ("gemini",)) -> BuildReport:
    return run_build(project, list(targets))


def errors(report: BuildReport) -> list[str]:
    return [d.message for d in report.diagnostics if d.severity == "error"]


def output_files(project: Path) -> dict[str, Path]:
    """Every file the target may own, by project-relative POSIX path."""
    found: dict[str, Path] = {}
    for root in ROOTS:
        path = project / root
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for item in candidates:
            if item.is_file():
                found[item.relative_to(project).as_posix()] = item
    return dict(sorted(found.items()))


def executable(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o111)


def compare_golden(project: Path, case: str) -> None:
    """The built files equal ``golden/<case>`` in names, bytes and executable bits;
    ``WAZIR_UPDATE_GOLDEN=1`` rewrites the golden folder instead."""
    golden = GOLDEN / case
    built = output_files(project)
    if os.environ.get("WAZIR_UPDATE_GOLDEN") == "1":
        shutil.rmtree(golden, ignore_errors=True)
        for rel, src in built.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, golden / rel)
        return
    expected = {p.relative_to(golden).as_posix(): p for p in golden.rglob("*") if p.is_file()}
    assert list(built) == sorted(expected), "file list differs from the golden files " \
        "(WAZIR_UPDATE_GOLDEN=1 regenerates them)"
    for rel, path in built.items():
        assert path.read_bytes() == expected[rel].read_bytes(), f"{rel} differs from golden"
        assert executable(path) == executable(expected[rel]), f"{rel}: executable bit differs"


def split_frontmatter(text: str) -> tuple[dict[str, Any], str]:
    """Parse the frontmatter with ruamel's safe loader (strict YAML 1.2)."""
    assert text.startswith("---\n"), "frontmatter must open the file"
    head, body = text[4:].split("\n---\n", 1)
    data = YAML(typ="safe", pure=True).load(head)
    assert isinstance(data, dict), "frontmatter is not a mapping"
    return data, body


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
    hooks = settings["hooks"]
    assert isinstance(hooks, dict)
    handlers = []
    for event, groups in hooks.items():
        assert event in HOOK_EVENTS, f"unknown Gemini event {event}"
        assert isinstance(groups, list)
        for group in groups:
            assert set(group) <= GROUP_KEYS and isinstance(group["hooks"], list)
            if "matcher" in group:
                assert isinstance(group["matcher"], str)
                assert event in TOOL_EVENTS, "lifecycle matchers are exact trigger strings"
                assert group["matcher"].startswith("^") and group["matcher"].endswith("$")
                re.compile(group["matcher"])
            for handler in group["hooks"]:
                assert set(handler) <= HANDLER_KEYS and handler["type"] == "command"
                assert isinstance(handler["command"], str)
                if "timeout" in handler:
                    assert type(handler["timeout"]) is int and handler["timeout"] >= 1000, \
                        "Gemini timeouts are milliseconds"
                if handler["command"].startswith("wazir hook "):
                    assert handler["command"].endswith(" --host gemini")
                    handlers.append(handler)
    return handlers


def read_settings(project: Path) -> dict[str, Any]:
    data = json.loads((project / ".gemini/settings.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data

"""Helpers for the Claude Code target's tests: building projects, checking the hook
configuration's documented shape, and running the real-client check."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from wazir_core.build import BuildReport
from wazir_core.testing import ProjectFactory, hook_problems, run_client_check
from wazir_core.testing import project as kit

HERE = Path(__file__).parent
OVERLAY = HERE / "fixtures" / "overlay"
GOLDEN = HERE / "golden"
REPO = HERE.parents[2]
#: The conformance kit's copy inside the repository (placed there by the lead engineer).
VALIDATE = REPO / "tests" / "conformance" / "kit" / "validate-claude.sh"

#: Every event name Claude Code 2.1.332 accepts in a settings file, restated here apart from
#: the target's mapping so a wrong event in the mapping fails the tests.
KNOWN_EVENTS = frozenset({
    "PreToolUse", "PostToolUse", "PostToolUseFailure", "PostToolBatch", "Notification",
    "UserPromptSubmit", "UserPromptExpansion", "SessionStart", "SessionEnd", "Stop",
    "StopFailure", "SubagentStart", "SubagentStop", "PreCompact", "PostCompact",
    "PreModelSwitch", "PostModelSwitch", "PermissionRequest", "PermissionDenied", "Setup",
    "TeammateIdle", "TaskCreated", "TaskCompleted", "Elicitation", "ElicitationResult",
    "ConfigChange", "WorktreeCreate", "WorktreeRemove", "InstructionsLoaded", "CwdChanged",
    "FileChanged", "DirectoryAdded", "MessageDisplay", "PreSkillShellCommand",
})
#: The Claude Code tool names wazir may write into a subagent's ``tools`` or a hook matcher
#: (docs/hosts/claude.md), restated apart from the target's tables for the same reason.
KNOWN_TOOLS = frozenset({"Read", "Grep", "Glob", "Edit", "Write", "NotebookEdit", "Bash",
                         "WebFetch", "WebSearch", "Agent", "Skill"})


def make_project(root: Path, overlay: bool = False, config: str = "") -> Path:
    """A project with fixed stacks (so nothing is detected) and, if asked, the overlay pack."""
    return kit.make_project(root, "stacks: [python]\n" + config, OVERLAY if overlay else None)


def build(project: Path) -> BuildReport:
    """Build with only the claude plugin loaded, so other plugins' state cannot interfere."""
    return ProjectFactory.build(project, "claude")


def hook_shape_problems(settings: dict[str, Any]) -> list[str]:
    """What Claude Code 2.1.332 would reject or ignore in ``settings["hooks"]``: unknown or
    mis-cased events, non-array event values, non-string matchers, handlers without ``type``,
    ``command`` hooks without a command, non-numeric timeouts (the last two disable a whole
    settings file under PreToolUse). Stricter than Claude Code: a tool matcher must be an exact
    list of the tools above (as wazir writes them), so a misspelt name that would never match
    is caught."""
    return hook_problems(settings, KNOWN_EVENTS, check_matcher=_matcher_problems,
                         check_handler=_handler_problems)


def _matcher_problems(where: str, event: str, matcher: str) -> list[str]:
    if event not in ("PreToolUse", "PostToolUse"):
        return []
    unknown = sorted(set(matcher.split("|")) - KNOWN_TOOLS)
    return [f"{where}: matcher names unknown tools {unknown}"] if unknown else []


def _handler_problems(where: str, event: str, handler: dict[str, Any]) -> list[str]:
    problems = []
    if handler["type"] == "command" and not isinstance(handler.get("command"), str):
        problems.append(f"{where}: a command handler needs a string 'command'")
    timeout = handler.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)
                                or timeout <= 0):
        problems.append(f"{where}: timeout must be a positive number of seconds")
    return problems


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the kit's Claude Code check: exit 0 valid, 1 invalid; a missing kit or client
    skips (fails under CI)."""
    return run_client_check(VALIDATE, folder, "Claude Code", timeout=600)

"""The real Claude Code client accepts the generated project, and rejects a broken copy.

Uses the conformance kit at ``tests/conformance/kit/validate-claude.sh``: ``claude plugin
validate --strict`` on the project's ``.claude`` components and ``claude doctor`` on its
settings, offline. Skips with the reason when the kit or the client is missing (exit 2),
except in CI, where the clients must be installed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from claude_support import make_project, validate

from wazir_core.testing import build_clean

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(make_project(tmp_path_factory.mktemp("claude-client") / "demo",
                                    overlay=True), "claude")


def _checked(folder: Path) -> int:
    result = validate(folder)
    print(result.stdout, result.stderr)
    return result.returncode


def test_client_accepts_the_output(project: Path) -> None:
    assert _checked(project) == 0


def _break_agent(root: Path) -> None:
    """An unterminated YAML string: the agent would be skipped silently at run time."""
    agent = root / ".claude/agents/wazir-reviewer.md"
    text = agent.read_text(encoding="utf-8")
    assert 'description: "' in text, "the breaker expects a quoted description"
    agent.write_text(text.replace("description: \"", "description: \"\"", 1), encoding="utf-8")


def _break_hooks(root: Path) -> None:
    """A string timeout under PreToolUse: Claude Code would drop the whole settings file."""
    settings = root / ".claude/settings.json"
    data = json.loads(settings.read_text(encoding="utf-8"))
    data["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"] = "10"
    settings.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("breaker", [_break_agent, _break_hooks],
                         ids=["agent-yaml", "hook-timeout-string"])
def test_client_rejects_a_broken_copy(project: Path, tmp_path: Path,
                                      breaker: Callable[[Path], None]) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(project, broken, symlinks=True)
    breaker(broken)
    assert _checked(broken) == 1

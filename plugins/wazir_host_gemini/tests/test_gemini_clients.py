"""The real Gemini CLI loads what the target writes (marker ``clients``).

Uses the conformance kit the repository keeps at ``tests/conformance/kit`` and the client
that ``kit/install-clients.sh`` installs. A missing kit or client skips with the reason
(under CI it fails). Each check also runs on a broken copy, so it cannot pass silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gemini_checks import HERE, REPO, build, make_project
from wazir_host_gemini import host

from wazir_core.testing import build_clean, client_unavailable, run_client_check

pytestmark = pytest.mark.clients
KIT = REPO / "tests/conformance/kit"
VALIDATE = KIT / "validate-gemini.sh"
ARGS = "fix the {{args}} @{x} !{y} bug"


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return run_client_check(VALIDATE, folder, "Gemini CLI")


def _bundle() -> Path:
    clients = Path(os.environ.get("WAZIR_CLIENTS_DIR", Path.home() / ".cache/wazir-clients"))
    binary = Path(os.environ.get("WAZIR_GEMINI_BIN",
                                 clients / "gemini-cli/node_modules/.bin/gemini"))
    if not binary.exists() or shutil.which("node") is None:
        client_unavailable(f"Gemini CLI or node not found ({binary})")
    return binary.resolve().parent


def _expand(project: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["node", str(HERE / "gemini_expand.mjs"), str(KIT / "lib/gemini-resolve.mjs"),
         str(_bundle()), str(project), ARGS],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(make_project(tmp_path_factory.mktemp("clients") / "p", overlay=True),
                       "gemini")


def _unneutralised(project: Path, tmp: Path) -> Path:
    """A copy whose nasty command and agent lost wazir's zero-width spaces."""
    broken = tmp / "broken"
    shutil.copytree(project, broken, symlinks=True)
    for rel in (".gemini/commands/wazir/nasty-flow.toml", ".gemini/agents/wazir-nasty.md"):
        path = broken / rel
        path.write_text(path.read_text(encoding="utf-8").replace(host.ZWSP, ""),
                        encoding="utf-8")
    return broken


def test_gemini_cli_loads_the_bundled_content(tmp_path: Path) -> None:
    project = make_project(tmp_path / "bundled")
    assert build(project).ok
    result = _validate(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hooks (7 registered)" in result.stdout


def test_gemini_cli_loads_the_overlay(built: Path) -> None:
    result = _validate(built)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gemini_cli_rejects_a_broken_copy(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(built, broken, symlinks=True)
    agent = broken / ".gemini/agents/wazir-planner.md"
    agent.write_text(agent.read_text(encoding="utf-8").replace("kind: local",
                                                                "kind: local\ncolor: red"),
                     encoding="utf-8")
    result = _validate(broken)
    assert result.returncode == 1, result.stdout + result.stderr


def test_gemini_expands_only_wazir_placeholder(built: Path) -> None:
    data = _expand(built)
    assert data["agentErrors"] == []
    assert set(data["agents"].values()) == {"ok"}, data["agents"]
    commands = data["commands"]
    assert len(commands) == len(list((built / ".gemini/commands/wazir").iterdir()))
    for name, text in commands.items():
        assert isinstance(text, str), f"{name}: {text}"
        assert text.count(ARGS) == 1, name
    assert f"!{host.ZWSP}{{rm -rf /}}" in commands["wazir:nasty-flow"]


def test_gemini_would_expand_unneutralised_text(built: Path, tmp_path: Path) -> None:
    """Without the zero-width spaces Gemini runs the injection and substitutes ${HOME}."""
    data = _expand(_unneutralised(built, tmp_path))
    assert "Security configuration not loaded" in data["commands"]["wazir:nasty-flow"]["error"]
    assert "Missing required input parameters: HOME" in data["agents"]["wazir-nasty"]["error"]

"""The real hosts' clients load what `wazir build --target all` generates.

Marked ``clients``: the clients are installed by ``kit/install-clients.sh`` (``.ci/run`` does
it). Locally a missing client skips the test with a loud reason; under CI it fails, unless
``WAZIR_CLIENTS=skip`` (what ``.ci/run`` sets, with a warning, on a machine without npm).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wazir_core.testing import run_client_check

KIT = Path(__file__).parent / "kit"
pytestmark = pytest.mark.clients


def _validate(host: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """The kit's verdict (exit 0 or 1); a missing client skips, or fails under CI."""
    return run_client_check(KIT / f"validate-{host}.sh", folder, host)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("demo")
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n'
                                            'dependencies = ["fastapi"]\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "wazir_core", "build", "--target", "all",
                    "--project", str(project)], check=True, capture_output=True, text=True)
    return project


@pytest.mark.parametrize("host", ["claude", "codex", "gemini"])
def test_client_accepts_generated_project(built: Path, host: str) -> None:
    result = _validate(host, built)
    assert result.returncode == 0, result.stdout + result.stderr


def _break(project: Path, host: str, tmp: Path) -> Path:
    broken = tmp / f"broken-{host}"
    shutil.copytree(project, broken, symlinks=True)
    if host == "claude":
        agent = next((broken / ".claude/agents").glob("*.md"))
        agent.write_text("---\nname: [unclosed\n---\nbody\n", encoding="utf-8")
    elif host == "codex":
        agent = next((broken / ".codex/agents").glob("*.toml"))
        agent.write_text(agent.read_text(encoding="utf-8") + "\nshort-description = 1\n",
                         encoding="utf-8")
    else:
        command = next((broken / ".gemini/commands").rglob("*.toml"))
        command.write_text('prompt = "unterminated\n', encoding="utf-8")
    return broken


@pytest.mark.parametrize("host", ["claude", "codex", "gemini"])
def test_client_rejects_a_broken_copy(built: Path, host: str, tmp_path: Path) -> None:
    """The check can fail: one broken file makes the same client say invalid."""
    result = _validate(host, _break(built, host, tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr

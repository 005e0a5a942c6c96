"""The real Codex CLI loads what the target writes (``pytest -m clients``).

Uses the repository's copy of the conformance kit (tests/conformance/kit, installed clients
from ``install-clients.sh``). Exit 2 from the kit means the client is not available: the test
skips with the reason, except in CI, where the clients must be installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from codex_support import built_case, validate

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module", params=["bundled", "overlay"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_case(tmp_path_factory.mktemp("codex-client"), request.param)


def test_codex_accepts_the_output(built: Path) -> None:
    result = validate(built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "RESULT: valid" in result.stdout


def test_codex_rejects_a_broken_copy(built: Path, tmp_path: Path) -> None:
    """One unknown key in one agent file: the same check must now say invalid."""
    broken = tmp_path / "broken"
    shutil.copytree(built, broken, symlinks=True)
    agent = next((broken / ".codex/agents").glob("*.toml"))
    agent.write_text(agent.read_text("utf-8") + 'short-description = "x"\n', encoding="utf-8")
    result = validate(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert agent.name in result.stdout

"""A missing client can hide no failure in CI: the real-client checks skip only off CI, or
when ``.ci/run`` said so out loud (``WAZIR_CLIENTS=skip``, set on a machine without npm).

Not marked ``clients``: these run everywhere, with a stand-in for the kit's scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wazir_core.testing import run_client_check


def _script(tmp_path: Path, code: int) -> Path:
    script = tmp_path / f"validate-{code}.sh"
    script.write_text(f"echo client said {code}\nexit {code}\n", encoding="utf-8")
    return script


@pytest.mark.parametrize(("ci", "clients", "outcome"), [
    ("true", None, pytest.fail.Exception),
    ("true", "skip", pytest.skip.Exception),
    (None, None, pytest.skip.Exception),
])
def test_an_unavailable_client_fails_only_under_ci(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str | None, clients: str | None,
        outcome: type[BaseException]) -> None:
    for name, value in (("CI", ci), ("WAZIR_CLIENTS", clients)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    for script in (_script(tmp_path, 2), tmp_path / "no-such-kit.sh"):
        with pytest.raises(outcome):
            run_client_check(script, tmp_path, "Test")


@pytest.mark.parametrize("code", [0, 1])
def test_a_verdict_is_returned_whatever_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("WAZIR_CLIENTS", "skip")
    result = run_client_check(_script(tmp_path, code), tmp_path, "Test")
    assert result.returncode == code and f"client said {code}" in result.stdout

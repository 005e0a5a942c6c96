"""Start-up imports only what a command needs (issue 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pydantic", "jinja2", "marko", "ruamel")
PROBE = """
import sys
sys.argv = ["wazir", *sys.argv[1:-1]]
from wazir_core.__main__ import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[-1].split(",")))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-V"]])
def test_light_commands_import_no_heavy_library(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, *args, ",".join(HEAVY)],
                            capture_output=True, text=True, check=True)
    assert "HEAVY:\n" in result.stderr, result.stderr
    assert result.stdout.strip()


def test_version_lists_core_and_installed_targets() -> None:
    out = subprocess.run([sys.executable, "-m", "wazir_core", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("wazir 0.")
    for host in ("claude", "codex", "cursor", "gemini"):
        assert f"target {host}: wazir-host-{host} " in out


def test_version_agrees_with_importlib_metadata() -> None:
    from importlib.metadata import entry_points

    from wazir_core.__main__ import installed_targets

    expected = {ep.name: (ep.dist.name if ep.dist else "", ep.dist.version if ep.dist else "")
                for ep in entry_points(group="wazir.targets")}
    assert installed_targets() == expected


def test_usage_error_exits_2() -> None:
    result = subprocess.run([sys.executable, "-m", "wazir_core", "build", "--no-such-flag"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr

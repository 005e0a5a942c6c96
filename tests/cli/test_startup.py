"""Start-up imports only what a command needs (issue 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "jinja2", "marko", "ruamel")
#: Runs ``wazir ARGS...`` in process; its last argument is the comma-separated list of banned
#: top-level modules (read before ``sys.argv`` is replaced by the command's own).
PROBE = """
import sys
banned = set(sys.argv[-1].split(","))
sys.argv = ["wazir", *sys.argv[1:-1]]
from wazir_core.__main__ import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & banned)
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


def test_a_reused_build_imports_no_typer_pydantic_jinja_or_plugin(tmp_path: Path) -> None:
    """A build whose inputs did not change (outputs deleted, or a --check) is answered from
    the build cache: the command then loads none of the heavy libraries or plugins."""
    env = {**os.environ, "WAZIR_CACHE_DIR": str(tmp_path / "cache")}
    build = ["build", "--target", "all", "--project", str(tmp_path / "p")]
    (tmp_path / "p").mkdir()
    subprocess.run([sys.executable, "-m", "wazir_core", *build], env=env, check=True,
                   capture_output=True)
    shutil.rmtree(tmp_path / "p" / ".claude")
    banned = (*HEAVY, "typer", "wazir_host_claude", "wazir_host_codex", "wazir_host_cursor",
              "wazir_host_gemini")
    for extra in ([], ["--check"]):
        result = subprocess.run([sys.executable, "-c", PROBE, *build, *extra, ",".join(banned)],
                                env=env, capture_output=True, text=True, check=True)
        assert "HEAVY:\n" in result.stderr, result.stderr
    assert (tmp_path / "p" / ".claude" / "settings.json").is_file()
    assert "claude: 0 would write" in result.stdout


def test_build_options_agree_with_the_typer_command() -> None:
    """``wazir build`` skips typer for plain arguments: its option table must be the typer
    command's, flag for flag."""
    import typer.main

    from wazir_core.cli.app import app
    from wazir_core.cli.build_run import OPTIONS

    command = typer.main.get_command(app).commands["build"]  # type: ignore[attr-defined]
    flags = {flag: (param.name, not param.is_flag) for param in command.params
             for flag in (*param.opts, *param.secondary_opts) if flag not in ("-h", "--help")}
    assert flags == OPTIONS


@pytest.mark.parametrize("args", [["--target=all"], ["--target"], ["-t", "--check"],
                                  ["--check", "extra"], ["--help"]])
def test_unusual_build_arguments_are_left_to_typer(args: list[str]) -> None:
    from wazir_core.cli.build_run import parse

    assert parse(args) is None


def test_plain_build_arguments_are_parsed_without_typer() -> None:
    from wazir_core.cli.build_run import parse

    assert parse(["-t", "claude", "--target", "codex", "-p", "x", "--out", "o", "--check",
                  "--dry-run", "--force", "--json"]) == {
        "target": ["claude", "codex"], "project": Path("x"), "out": Path("o"), "check": True,
        "dry_run": True, "force": True, "as_json": True}

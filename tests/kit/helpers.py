"""Helpers for the plugin-kit tests: real installs of small plugins, and the real ``wazir``.

Plugins are built as wheels and installed non-editably into a ``--target`` folder that is
put on ``PYTHONPATH``, so discovery goes through the installed entry point exactly as after a
``pip install``, and the shared virtual environment is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def env(site: Path | None = None, **extra: str) -> dict[str, str]:
    """A clean environment: none of the caller's WAZIR_* switches, only ``site`` added."""
    out = {k: v for k, v in os.environ.items()
           if not k.startswith("WAZIR_") and k != "PYTHONPATH"}
    if site is not None:
        out["PYTHONPATH"] = str(site)
    out.update(extra)
    return out


def run(args: list[str | Path], cwd: Path, site: Path | None = None, timeout: float = 300,
        **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env(site, **extra),
                          capture_output=True, text=True, timeout=timeout, check=False)


def wazir(*args: str | Path, cwd: Path, site: Path | None = None, **extra: str
          ) -> subprocess.CompletedProcess[str]:
    """The real ``wazir`` command; every call checks that no traceback escaped."""
    proc = run([sys.executable, "-m", "wazir_core", *args], cwd, site, 300, **extra)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH (needed to build and install test plugins)")
    return uv


def build_wheel(project: Path, out: Path) -> Path:
    """``uv build --wheel``, as a plugin author would before publishing."""
    proc = run([_uv(), "build", "--wheel", "--out-dir", out, project], project.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = sorted(out.glob("*.whl"))
    assert wheels, proc.stdout + proc.stderr
    return wheels[-1]


def install(site: Path, *what: Path) -> None:
    """Install wheels or project folders (built as wheels, never editable) into ``site``
    with no dependencies: wazir itself comes from the running environment."""
    specs = [str(p) if p.suffix == ".whl" else f"{p}/" for p in what]
    proc = run([_uv(), "pip", "install", "--python", sys.executable, "--no-deps",
                "--target", site, *specs], site.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def pytest_args() -> list[str]:
    """``python -m pytest`` as a plugin author runs it. An environment installed before the
    test kit became opt-in may still auto-load it through a stale ``pytest11`` entry point;
    then the plugin's ``pytest_plugins`` would register it twice, so that copy is disabled."""
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    if any(ep.name == "wazir_testing" for ep in entry_points(group="pytest11")):
        args += ["-p", "no:wazir_testing"]
    return args


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small source tree (test fixtures only; not the code under test)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

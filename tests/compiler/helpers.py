"""Helpers for the compiler tests: running ``wazir`` in a subprocess, test targets
registered in process, and snapshots of a project tree."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import Entry, FileSet
from wazir_core.plugins.host import PluginHost
from wazir_core.plugins.target import Target, TargetOptions
from wazir_core.writing.apply import LOCK_PATH, TEMP_TAG
from wazir_core.writing.record import RECORD_PATH

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the test-only plugins live under tests/
    sys.path.insert(0, str(REPO))

TOY = "tests.support.toy_target"
FAKE = "tests.compiler.fakeplugins"
GEN = f"{FAKE}.gen_target"


# Subprocesses ------------------------------------------------------------------------------

def wazir_env(plugins: tuple[str, ...] = (TOY,), extra_path: tuple[Path, ...] = (),
              **env: str) -> dict[str, str]:
    """A clean environment: no WAZIR_* switches from the caller, the repo importable."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("WAZIR_")}
    out["PYTHONPATH"] = os.pathsep.join([*(str(p) for p in extra_path), str(REPO)])
    if plugins:
        out["WAZIR_PLUGINS"] = ",".join(plugins)
    out.update(env)
    return out


def wazir(*args: str | Path, cwd: Path | None = None, plugins: tuple[str, ...] = (TOY,),
          extra_path: tuple[Path, ...] = (), timeout: float = 120, **env: str
          ) -> subprocess.CompletedProcess[str]:
    """Run the real ``wazir`` command; every call checks that no traceback escaped."""
    proc = subprocess.run(
        [sys.executable, "-m", "wazir_core", *(str(a) for a in args)],
        cwd=cwd, env=wazir_env(plugins, extra_path, **env), capture_output=True, text=True,
        timeout=timeout, check=False)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def start_wazir(*args: str | Path, cwd: Path | None = None, plugins: tuple[str, ...] = (TOY,),
                extra_path: tuple[Path, ...] = (), **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "wazir_core", *(str(a) for a in args)],
        cwd=cwd, env=wazir_env(plugins, extra_path, **env), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def gen_config(project: Path, variant: str = "old", files: int = 40,
               extra: tuple[str, ...] = (), **more: Any) -> None:
    """A wazir.yaml selecting the option-driven ``gen`` test target."""
    lines = ["targets: [gen]", "options:", "  gen:", f"    variant: {variant}",
             f"    files: {files}"]
    if extra:
        lines.append(f"    extra: [{', '.join(extra)}]")
    for key, value in more.items():
        lines.append(f"{key}: {value}")
    (project / "wazir.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# Trees ---------------------------------------------------------------------------------------

def tree(root: Path, include_record: bool = True) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path → bytes), without the lock file."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(root).as_posix()
            if rel == LOCK_PATH or (not include_record and rel == RECORD_PATH):
                continue
            out[rel] = path.read_bytes()
    return out


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime in ns, inode) of every file: a rewrite or a replace changes one of them."""
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(root.rglob("*")) if p.is_file()}


def temps(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(f"*{TEMP_TAG}"))


# Targets in process --------------------------------------------------------------------------

FilesSpec = Mapping[str, Entry | str] | Callable[[Bundle], FileSet]


def make_target(name: str, files: FilesSpec, roots: tuple[str, ...] = (".st",),
                plugin_api: str | None = None,
                options: type[TargetOptions] = TargetOptions) -> Target:
    """A Target class built on the fly that renders ``files`` (a mapping or a function)."""

    def render(self: Target, bundle: Bundle) -> FileSet:
        if callable(files):
            return files(bundle)
        out = FileSet()
        for path, entry in files.items():
            out.add(path, entry)
        return out

    attrs: dict[str, Any] = {"name": name, "display_name": name.title(),
                             "description": f"test target {name}", "output_roots": roots,
                             "kinds": frozenset({"role"}), "options_model": options,
                             "render": render}
    if plugin_api is not None:
        attrs["plugin_api"] = plugin_api
    cls = type(f"Target_{name}", (Target,), attrs)
    return cls()  # type: ignore[no-any-return]


def host_with(*targets: Target) -> PluginHost:
    host = PluginHost()
    for target in targets:
        host.register_target(target)
    return host

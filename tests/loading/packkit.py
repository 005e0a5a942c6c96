"""Helpers for the loader tests: a minimal valid pack, a CLI runner, tree snapshots.

Bad-input tests go through the real CLI (``python -m wazir_core validate``). Parametrized
variants run their first case through the CLI and the rest in-process with ``load_content``
(the CLI prints exactly ``str(diagnostic)`` per line), which keeps the suite fast on a busy
machine while every kind of bad input still has a subprocess test.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wazir_core.loading import load_content

ROLE_BODY = """\
## Purpose
- Build what the plan says.

## Inputs
- The plan.

## Context retrieval
- Read the files the plan names.

## Required outputs
- Working code.

## Escalation rules
- Ask when the plan is unclear.

## Failure conditions
- Tests fail.
"""

WORKFLOW_BODY = """\
## Purpose
- Turn the plan into code.

## Steps
- Write the code.

## Approval gate
- None.

## Failure conditions
- The code does not run.
"""

MODULE_BODY = """\
## When this applies
- Any project with tests.

## Checklist
- Tests run in CI.

## Signals
- Flaky tests.

## Fixes
- Remove the sleep.
"""

#: A minimal valid pack: every kind once, every cross-reference satisfied.
MINIMAL_PACK: dict[str, str] = {
    "pack.yaml": (
        "id: demo\n"
        "name: Demo\n"
        "version: 0.1.0\n"
        "description: A demo pack for the loader tests.\n"
        "protected_paths:\n"
        "  - .wazir/input/**\n"
        "pipeline:\n"
        "  - phase: build\n"
        "    gate: human\n"
    ),
    "roles/builder.md": (
        "---\n"
        "id: builder\n"
        "title: Builder\n"
        "description: Builds what the plan says.\n"
        "capabilities: [read, edit, execute]\n"
        "skills: [making-things]\n"
        "---\n" + ROLE_BODY
    ),
    "workflows/build.md": (
        "---\n"
        "id: build\n"
        "title: Build\n"
        "description: Turns the plan into code.\n"
        "role: builder\n"
        "inputs: [plan]\n"
        "outputs: [code]\n"
        "skills: [making-things]\n"
        "---\n" + WORKFLOW_BODY
    ),
    "skills/making-things/SKILL.md": (
        "---\n"
        "name: making-things\n"
        "description: Use when you are about to make a thing from a plan.\n"
        "---\n"
        "# Making things\n"
        "\n"
        "Read the plan, then make the thing.\n"
    ),
    "skills/making-things/checklist.md": "- one\n- two\n",
    "expertise/quality/testing.md": (
        "---\n"
        "title: Testing\n"
        "summary: How to keep a test suite honest.\n"
        "tags: [testing]\n"
        "references:\n"
        "  - title: Example\n"
        "    url: https://example.org/\n"
        "---\n" + MODULE_BODY
    ),
    "expertise/composition.yaml": (
        "always:\n"
        "  builder: [quality/testing]\n"
        "on_demand: []\n"
    ),
    "hooks/guard.yaml": (
        "id: guard\n"
        "description: Blocks writes to protected paths.\n"
        "moment: pre-tool\n"
        "tools: [write, edit]\n"
        "input_contract: [tool_name, file_path]\n"
        "output_contract: [decision]\n"
        "failure_mode: block\n"
        "timeout: 10\n"
        "hosts:\n"
        "  claude: native\n"
    ),
}


def write_file(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def build_pack(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Write the minimal pack to ``root``, with ``files`` added or replacing entries."""
    merged: dict[str, str | bytes] = {**MINIMAL_PACK, **(files or {})}
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in merged.items():
        write_file(root, rel, content)
    return root


def snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under ``root`` (symlinks not followed) with its bytes or link target."""
    out: dict[str, tuple[str, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                out[rel] = ("dir", b"")
            else:
                out[rel] = ("file", path.read_bytes())
    return out


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAZIR_")}
    env.update(PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1", COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "wazir_core", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


class Validation:
    """The outcome of one ``wazir validate`` run (real or in-process) over a pack."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if ": error: " in line]

    def expect_error(self, rel: str, line: int | None = None, col: int | None = None,
                     *, contains: str = "") -> str:
        """Assert one error line names ``rel:line:col`` (any line/col when None)."""
        line_pat = str(line) if line is not None else r"\d+"
        col_pat = str(col) if col is not None else r"\d+"
        pattern = re.compile(
            rf"(^|/){re.escape(rel)}:{line_pat}:{col_pat}: error: .*{re.escape(contains)}"
        )
        hits = [ln for ln in self.error_lines() if pattern.search(ln)]
        assert hits, (
            f"no error at {rel}:{line_pat}:{col_pat} containing {contains!r}; stderr was:\n"
            f"{self.stderr}"
        )
        return hits[0]


def validate_in_process(pack: Path, cwd: Path) -> Validation:
    """What ``wazir validate PACK`` prints and returns, computed with ``load_content``."""
    with contextlib.chdir(cwd):
        result = load_content([pack])
    errors = [d for d in result.diagnostics if d.severity == "error"]
    stderr = "".join(f"{d}\n" for d in result.diagnostics)
    if errors:
        stderr += f"{len(errors)} error(s)\n"
    return Validation(1 if errors else 0, "", stderr)


def validate_fails(pack: Path, *extra: str, cwd: Path | None = None,
                   cli: bool = True) -> Validation:
    """Run ``wazir validate PACK`` and check the invariants of every bad input: exit 1, no
    traceback, at least one error printed, nothing written to the pack or the working folder.
    ``cli=False`` runs the same check in-process (an exception fails the test)."""
    where = cwd or pack.parent
    watched = [pack.parent] if pack.parent.exists() else []
    before = [snapshot(w) for w in watched]
    if cli:
        proc = run_cli("validate", str(pack), *extra, cwd=where)
        result = Validation(proc.returncode, proc.stdout, proc.stderr)
    else:
        assert not extra, "in-process validation takes no options"
        result = validate_in_process(pack, where)
    after = [snapshot(w) for w in watched]
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert before == after, "validate changed files"
    if "--json" not in extra:
        assert result.error_lines(), result.stderr
    return result


def first_case(request: pytest.FixtureRequest) -> bool:
    """True for the first case of a parametrized test (and for plain tests): the one that
    goes through the real CLI."""
    callspec = getattr(request.node, "callspec", None)
    return callspec is None or not any(callspec.indices.values())

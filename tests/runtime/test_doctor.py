"""``wazir doctor``: each failing check says what is wrong and how to fix it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import payloads
from .helpers import Done, wazir

HOOKS = ["loop-cap-guard", "post-tool-capture", "pre-compact-summary", "pre-tool-capture-route",
         "protected-path-write-guard", "session-start", "stop-handoff-harvest"]
VENV_BIN = str(Path(sys.executable).parent)


def doctor(project: Path, path: str) -> tuple[Done, dict[str, Any]]:
    env = {**os.environ, "PATH": path}
    done = wazir("doctor", "--json", "--project", project, env=env)
    assert "Traceback" not in done.err
    return done, done.json()


def check(report: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in report["checks"] if c["name"] == name)
    return found


def settings(commands: list[str]) -> str:
    groups = [{"matcher": "", "hooks": [{"type": "command", "command": c, "timeout": 10}]}
              for c in commands]
    return json.dumps({"permissions": {"allow": []}, "hooks": {"PreToolUse": groups}})


def test_unbuilt_project_without_wazir_on_path(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: [claude]\n")
    done, report = doctor(project, "/nonexistent-bin")
    assert done.code == 1 and report["healthy"] is False
    assert check(report, "config")["status"] == "pass"
    assert check(report, "target claude")["status"] == "pass"
    hooks = check(report, "hooks claude")
    assert hooks["status"] == "fail" and "wazir build --target claude" in hooks["fix"]
    path = check(report, "wazir on PATH")
    assert path["status"] == "fail" and "install" in path["fix"]
    assert check(report, "generated files")["status"] == "warn"
    text = wazir("doctor", "--project", project, env={**os.environ, "PATH": "/nonexistent"})
    assert "FAIL hooks claude" in text.out and "fix: " in text.out


def test_hook_files_are_read(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: [claude]\n")
    (project / ".claude").mkdir()
    target = project / ".claude" / "settings.json"
    target.write_text(settings([f"wazir hook {h}" for h in HOOKS]))
    _, report = doctor(project, VENV_BIN)
    assert check(report, "hooks claude")["status"] == "pass"
    assert check(report, "wazir on PATH")["status"] == "pass"

    target.write_text(settings([f"wazir hook {h}" for h in HOOKS[:3]]))
    _, report = doctor(project, VENV_BIN)
    failing = check(report, "hooks claude")
    assert failing["status"] == "fail" and "protected-path-write-guard" in failing["detail"]

    target.write_text(settings([f"/home/me/.venv/bin/wazir hook {h}" for h in HOOKS]))
    _, report = doctor(project, VENV_BIN)
    assert check(report, "hooks claude")["status"] == "warn"


def test_exec_form_hooks_are_read(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: [claude]\n")
    (project / ".claude").mkdir()
    groups = [{"hooks": [{"type": "command", "command": "wazir", "args": ["hook", h]}]}
              for h in HOOKS]
    (project / ".claude" / "settings.json").write_text(json.dumps({"hooks": {"Stop": groups}}))
    _, report = doctor(project, VENV_BIN)
    assert check(report, "hooks claude")["status"] == "pass"


def test_invalid_config(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: nope: [\n")
    done, report = doctor(project, VENV_BIN)
    assert done.code == 1
    assert check(report, "config")["status"] == "fail"
    assert "wazir.yaml" in check(report, "config")["detail"]
    assert check(report, "content")["status"] == "skip"


def test_a_real_build_is_healthy_and_its_hook_command_blocks(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: [claude]\n")
    built = wazir("build", "--project", project, cwd=project)
    assert built.code == 0, built.err  # the claude plugin is installed (see the first test)
    _, report = doctor(project, VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    assert check(report, "generated files")["status"] == "pass", report
    assert check(report, "hooks claude")["status"] == "pass", report

    data = json.loads((project / ".claude" / "settings.json").read_text())
    commands = [h["command"] for groups in data["hooks"].values() for g in groups
                for h in g["hooks"] if "protected-path-write-guard" in h.get("command", "")]
    assert commands, "the claude target wires the write guard"
    payload = payloads.claude("PreToolUse", project, "Write", {
        "file_path": str(project / ".git" / "config"), "content": ""})
    env = {**os.environ, "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
           "CLAUDE_PROJECT_DIR": str(project)}
    proc = subprocess.run(["sh", "-c", commands[0]], input=json.dumps(payload).encode(),
                          capture_output=True, env=env, cwd=project, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert b".git/**" in proc.stderr

    record = json.loads((project / ".wazir" / "build-record.json").read_text())
    owned = next(p for p, e in sorted(record["files"].items()) if e["kind"] == "file")
    with (project / owned).open("a") as handle:
        handle.write("hand edited\n")
    _, report = doctor(project, VENV_BIN)
    stale = check(report, "generated files")
    assert stale["status"] == "fail" and owned in stale["detail"]
    assert "wazir build" in stale["fix"]

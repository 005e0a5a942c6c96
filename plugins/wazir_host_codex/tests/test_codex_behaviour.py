"""How the Codex target treats options, reserved names and the user's own files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from codex_support import build, make_project

from wazir_core.build import BuildReport
from wazir_core.testing import errors, output_tree


def _agent(project: Path, role: str) -> dict[str, object]:
    return tomllib.loads((project / f".codex/agents/wazir-{role}.toml").read_text("utf-8"))


def _messages(report: BuildReport, severity: str) -> list[str]:
    return [d.message for d in report.diagnostics if d.severity == severity]


# Capabilities → sandbox_mode / web_search -------------------------------------------------

def test_capabilities_only_ever_narrow_the_session(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert build(project).ok
    reviewer, executor, researcher = (_agent(project, r)
                                      for r in ("reviewer", "executor", "researcher"))
    assert reviewer["sandbox_mode"] == "read-only" and reviewer["web_search"] == "disabled"
    assert "sandbox_mode" not in executor and executor["web_search"] == "disabled"
    assert researcher["sandbox_mode"] == "read-only" and "web_search" not in researcher


def test_capabilities_inherit_writes_no_permission_keys(tmp_path: Path) -> None:
    project = make_project(tmp_path, extra_config="options:\n  codex:\n    capabilities: inherit\n")
    assert build(project).ok
    for toml in (project / ".codex/agents").glob("*.toml"):
        data = tomllib.loads(toml.read_text("utf-8"))
        assert set(data) == {"name", "description", "developer_instructions"}, toml.name


def test_unknown_option_is_a_build_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, extra_config="options:\n  codex:\n    sandbox: full\n")
    report = build(project)
    assert not report.ok and errors(report)
    assert not (project / ".codex").exists()


def test_large_instruction_block_warns(tmp_path: Path) -> None:
    project = make_project(tmp_path, extra_config="options:\n  codex:\n"
                                                  "    project_doc_max_bytes: 1024\n")
    report = build(project)
    assert report.ok
    assert any("AGENTS.md block" in m for m in _messages(report, "warning"))


# Names Codex already uses or rejects --------------------------------------------------------

def _overlay_with_skill(tmp_path: Path, name: str) -> Path:
    project = make_project(tmp_path, overlay=True)
    folder = project / "overlay/skills" / name
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text(f"---\nname: {name}\ndescription: Use when testing "
                                     "reserved names.\n---\nBody.\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("name", ["imagegen", "skill-creator", "openai-docs"])
def test_system_skill_name_is_reported_not_renamed(tmp_path: Path, name: str) -> None:
    project = _overlay_with_skill(tmp_path, name)
    report = build(project)
    assert not report.ok
    assert any(f"'{name}' is a Codex system skill" in e for e in errors(report))
    assert not (project / ".agents").exists()


def test_workflow_skill_name_over_64_characters_is_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path, overlay=True)
    long_id = "a" * 60
    text = (project / "overlay/workflows/translate.md").read_text("utf-8")
    (project / "overlay/workflows/translate.md").unlink()
    (project / f"overlay/workflows/{long_id}.md").write_text(
        text.replace("id: translate", f"id: {long_id}"), encoding="utf-8")
    report = build(project)
    assert not report.ok
    assert any(f"'wazir-{long_id}' is 66 characters" in e for e in errors(report))


def test_hook_with_no_codex_tool_is_left_out_with_a_note(tmp_path: Path) -> None:
    project = make_project(tmp_path, overlay=True)
    report = build(project)
    assert report.ok
    notes = _messages(report, "info")
    assert any("'delegate-only'" in n and "not installed for Codex" in n for n in notes)
    hooks = (project / ".codex/hooks.json").read_text("utf-8")
    assert "delegate-only" not in hooks and "not-on-codex" not in hooks


# The user's own files ------------------------------------------------------------------------

USER_HOOKS: dict[str, Any] = {
    "hooks": {
        "PreToolUse": [{"matcher": "^Bash$",
                        "hooks": [{"type": "command", "command": "./my-guard.sh"}]}],
        "UserPromptSubmit": [{"hooks": [{"type": "command", "command": "./log.sh"}]}],
    },
    "x-team-note": {"keep": ["me"]},
}


def test_user_hooks_and_keys_survive_build_and_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / ".codex").mkdir()
    (project / ".codex/hooks.json").write_text(json.dumps(USER_HOOKS), encoding="utf-8")
    (project / "AGENTS.md").write_text("# Team rules\n\nRun `make test`.\n", encoding="utf-8")
    for _ in range(2):
        assert build(project).ok
        data = json.loads((project / ".codex/hooks.json").read_text("utf-8"))
        assert data["x-team-note"] == {"keep": ["me"]}
        assert data["hooks"]["UserPromptSubmit"] == USER_HOOKS["hooks"]["UserPromptSubmit"]
        pre = data["hooks"]["PreToolUse"]
        assert pre[0] == USER_HOOKS["hooks"]["PreToolUse"][0]
        ours = [g for g in pre if "wazir hook " in json.dumps(g)]
        assert len(ours) == len(pre) - 1 == 3
        agents_md = (project / "AGENTS.md").read_text("utf-8")
        assert agents_md.startswith("# Team rules\n\nRun `make test`.\n")
        assert agents_md.count("<!-- wazir:begin") == 1
    assert build(project, check=True).ok


@pytest.mark.parametrize("text", [
    '{\n  // my hooks\n  "hooks": {}\n}\n',
    '{"hooks": {"Stop": [}',
])
def test_unmergeable_user_hooks_file_stops_the_build(tmp_path: Path, text: str) -> None:
    project = make_project(tmp_path)
    (project / ".codex").mkdir()
    hooks = project / ".codex/hooks.json"
    hooks.write_bytes(text.encode("utf-8"))
    report = build(project)
    assert not report.ok
    assert any(".codex/hooks.json" in e and "will not overwrite" in e for e in errors(report))
    assert hooks.read_bytes() == text.encode("utf-8")
    assert set(output_tree(project)) == {".codex/hooks.json"}

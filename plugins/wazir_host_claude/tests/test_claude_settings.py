"""``.claude/settings.json`` belongs to the user: wazir adds and replaces only its own hook
entries, keeps every other key and hook, and refuses to touch a file it cannot parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from claude_support import build, hook_shape_problems, load_json, make_project

from wazir_core.testing import errors

USER_SETTINGS = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "permissions": {"allow": ["Bash(npm test)"], "deny": ["Read(./.env)"]},
    "env": {"FOO": "bar"},
    "someFutureKey": {"nested": [1, 2, 3]},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [
            {"type": "command", "command": "./scripts/my-guard.sh", "timeout": 5}]}],
        "Notification": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
    },
}


def _settings(project: Path) -> Path:
    return project / ".claude" / "settings.json"


def _wazir_commands(settings: dict[str, object]) -> list[str]:
    hooks = settings["hooks"]
    assert isinstance(hooks, dict)
    return [h["command"] for groups in hooks.values() for g in groups for h in g["hooks"]
            if h["command"].startswith("wazir hook ")]


def test_user_keys_and_hooks_survive_build_and_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    _settings(project).parent.mkdir(parents=True)
    _settings(project).write_text(json.dumps(USER_SETTINGS, indent=4), encoding="utf-8")
    assert not errors(build(project))
    first = load_json(_settings(project))
    assert not errors(build(project))
    second = load_json(_settings(project))
    assert first == second, "a rebuild changes nothing"
    for key in ("$schema", "permissions", "env", "someFutureKey"):
        assert second[key] == USER_SETTINGS[key]
    assert second["hooks"]["PreToolUse"][0] == USER_SETTINGS["hooks"]["PreToolUse"][0]
    assert second["hooks"]["Notification"] == USER_SETTINGS["hooks"]["Notification"]
    commands = _wazir_commands(second)
    assert len(commands) == len(set(commands)) > 0, "wazir's entries are not duplicated"
    assert hook_shape_problems(second) == []


def test_user_edits_between_builds_survive(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert not errors(build(project))
    data = load_json(_settings(project))
    data["permissions"] = {"allow": ["Bash(make)"]}
    data["hooks"]["Stop"].append({"hooks": [{"type": "command", "command": "say done"}]})
    _settings(project).write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert not errors(build(project))
    after = load_json(_settings(project))
    assert after["permissions"] == {"allow": ["Bash(make)"]}
    assert {"hooks": [{"type": "command", "command": "say done"}]} in after["hooks"]["Stop"]


@pytest.mark.parametrize("text, why", [
    ('{\n  // my comment\n  "env": {"A": "1"}\n}\n', "comments"),
    ('{"env": {"A": "1"},}\n', "not valid JSON"),
    ('["not", "an", "object"]\n', "JSON object"),
])
def test_unparsable_settings_stop_the_build_unchanged(text: str, why: str,
                                                      tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    _settings(project).parent.mkdir(parents=True)
    _settings(project).write_bytes(text.encode("utf-8"))
    report = build(project)
    messages = errors(report)
    assert any(why in m and "settings.json" in m for m in messages), report.diagnostics
    assert _settings(project).read_bytes() == text.encode("utf-8")
    assert not (project / ".claude/agents").exists(), "nothing is written on failure"
    assert not (project / "CLAUDE.md").exists()


def test_user_text_in_claude_md_is_kept(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    mine = "# My project\n\nUse tabs. مرحبا 🚀\n"
    (project / "CLAUDE.md").write_text(mine, encoding="utf-8")
    assert not errors(build(project))
    assert not errors(build(project))
    text = (project / "CLAUDE.md").read_text(encoding="utf-8")
    assert text.startswith(mine)
    assert text.count("<!-- wazir:begin") == 1

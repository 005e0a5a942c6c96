"""Each host's documented payloads piped into ``wazir hook protected-path-write-guard``:
blocked with that host's own signal, allowed otherwise (issue 6, "Done when")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import payloads
from .helpers import Done, hook

GUARD = "protected-path-write-guard"


def assert_blocked(done: Done, host: str) -> None:
    assert done.code == 2, done
    assert "Traceback" not in done.err
    assert "could not decide" not in done.err, "the guard failed instead of deciding"
    assert "protected" in done.err or "blocked" in done.err, done.err
    if host == "cursor":
        answer = done.json()
        assert answer["permission"] == "deny"
        assert "blocked" in answer["agent_message"]
    elif host == "gemini":
        answer = done.json()
        assert answer["decision"] == "deny"
        assert "blocked" in answer["reason"]
    else:
        assert done.out == ""
        assert done.err.strip(), "Codex needs the reason on stderr"


def assert_allowed(done: Done, host: str) -> None:
    assert done.code == 0, done
    assert done.err == ""
    if host == "cursor":
        assert done.json() == {"permission": "allow"}
    elif host == "gemini":
        assert done.json()["decision"] == "allow"
    else:
        assert done.out == ""


def _with_host(host: str, explicit: bool) -> tuple[str, ...]:
    return ("--host", host) if explicit else ()


@pytest.mark.parametrize("explicit", [True, False], ids=["--host", "detected"])
class TestClaude:
    def test_write_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.claude("PreToolUse", project, "Write", {
            "file_path": str(project / ".claude" / "settings.json"), "content": "{}"})
        assert_blocked(hook(GUARD, data, *_with_host("claude", explicit)), "claude")

    def test_edit_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.claude("PreToolUse", project, "Edit", {
            "file_path": str(project / "src" / "app.py"), "old_string": "hi",
            "new_string": "hello", "replace_all": False})
        assert_allowed(hook(GUARD, data, *_with_host("claude", explicit)), "claude")

    def test_bash_redirect_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.claude("PreToolUse", project, "Bash", {
            "command": "echo '[core]' >> .git/config", "description": "x", "timeout": 1000})
        assert_blocked(hook(GUARD, data, *_with_host("claude", explicit)), "claude")

    def test_bash_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.claude("PreToolUse", project, "Bash", {
            "command": "pytest -q > build/test.log 2>&1", "description": "tests"})
        assert_allowed(hook(GUARD, data, *_with_host("claude", explicit)), "claude")


@pytest.mark.parametrize("explicit", [True, False], ids=["--host", "detected"])
class TestCodex:
    def test_apply_patch_blocked(self, project: Path, explicit: bool) -> None:
        patch = ("*** Begin Patch\n*** Update File: .codex/hooks.json\n@@\n-{}\n+{\"hooks\": {}}\n"
                 "*** End Patch\n")
        data = payloads.codex("PreToolUse", project, "apply_patch", {"command": patch})
        assert_blocked(hook(GUARD, data, *_with_host("codex", explicit)), "codex")

    def test_apply_patch_allowed(self, project: Path, explicit: bool) -> None:
        patch = ("*** Begin Patch\n*** Add File: src/new.py\n+x = 1\n"
                 f"*** Update File: {project / 'src' / 'app.py'}\n@@\n-print('hi')\n"
                 "+print('hello')\n*** End Patch\n")
        data = payloads.codex("PreToolUse", project, "apply_patch", {"command": patch})
        assert_allowed(hook(GUARD, data, *_with_host("codex", explicit)), "codex")

    def test_shell_sed_in_place_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.codex("PreToolUse", project, "Bash", {
            "command": "sed -i 's/trusted/untrusted/' .codex/config.toml"})
        assert_blocked(hook(GUARD, data, *_with_host("codex", explicit)), "codex")

    def test_shell_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.codex("PreToolUse", project, "Bash", {"command": "cat .codex/config.toml"})
        assert_allowed(hook(GUARD, data, *_with_host("codex", explicit)), "codex")


@pytest.mark.parametrize("explicit", [True, False], ids=["--host", "detected"])
class TestCursor:
    def test_write_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.cursor("preToolUse", project, tool_name="Write",
                               tool_input={"file_path": ".cursor/hooks.json", "content": "{}"},
                               tool_use_id="t-1", cwd=str(project), agent_message="")
        assert_blocked(hook(GUARD, data, *_with_host("cursor", explicit)), "cursor")

    def test_write_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.cursor("preToolUse", project, tool_name="Write",
                               tool_input={"file_path": "src/app.py", "content": "x"},
                               tool_use_id="t-2", cwd=str(project), agent_message="")
        assert_allowed(hook(GUARD, data, *_with_host("cursor", explicit)), "cursor")

    def test_shell_execution_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.cursor("beforeShellExecution", project, command="rm -rf .git",
                               cwd=str(project), sandbox=False)
        assert_blocked(hook(GUARD, data, *_with_host("cursor", explicit)), "cursor")

    def test_shell_tool_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.cursor("preToolUse", project, tool_name="Shell",
                               tool_input={"command": "ls -la .git"}, tool_use_id="t-3",
                               cwd=str(project), agent_message="")
        assert_allowed(hook(GUARD, data, *_with_host("cursor", explicit)), "cursor")


@pytest.mark.parametrize("explicit", [True, False], ids=["--host", "detected"])
class TestGemini:
    def test_write_file_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.gemini("BeforeTool", project, "write_file", {
            "file_path": str(project / ".gemini" / "settings.json"), "content": "{}"})
        assert_blocked(hook(GUARD, data, *_with_host("gemini", explicit)), "gemini")

    def test_replace_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.gemini("BeforeTool", project, "replace", {
            "file_path": str(project / "src" / "app.py"), "old_string": "hi",
            "new_string": "hello"})
        assert_allowed(hook(GUARD, data, *_with_host("gemini", explicit)), "gemini")

    def test_shell_tee_blocked(self, project: Path, explicit: bool) -> None:
        data = payloads.gemini("BeforeTool", project, "run_shell_command", {
            "command": "echo new brief | tee .wazir/input/brief.md", "description": "x"})
        assert_blocked(hook(GUARD, data, *_with_host("gemini", explicit)), "gemini")

    def test_shell_allowed(self, project: Path, explicit: bool) -> None:
        data = payloads.gemini("BeforeTool", project, "run_shell_command", {
            "command": "git status"})
        assert_allowed(hook(GUARD, data, *_with_host("gemini", explicit)), "gemini")


def test_cursor_runs_claude_hooks_with_its_own_payload(project: Path) -> None:
    """Cursor runs .claude/settings.json hooks (--host claude) with Cursor payloads."""
    data = payloads.cursor("preToolUse", project, tool_name="Write",
                           tool_input={"file_path": ".claude/settings.json"}, cwd=str(project))
    assert_blocked(hook(GUARD, data, "--host", "claude"), "cursor")


def test_events_that_are_not_before_a_tool_are_allowed(project: Path) -> None:
    data = payloads.claude("PostToolUse", project, "Write", {
        "file_path": str(project / ".git" / "config")}, tool_response={"success": True})
    assert_allowed(hook(GUARD, data), "claude")


def test_reason_names_the_rule(project: Path) -> None:
    data = payloads.claude("PreToolUse", project, "Write", {
        "file_path": str(project / ".wazir" / "input" / "brief.md")})
    done = hook(GUARD, data)
    assert ".wazir/input/**" in done.err
    assert ".wazir/input/brief.md" in done.err


def test_no_json_on_claude_stdout(project: Path) -> None:
    data = payloads.claude("PreToolUse", project, "Write", {
        "file_path": str(project / ".git" / "HEAD")})
    done = hook(GUARD, json.dumps(data))
    assert done.code == 2 and done.out == ""

"""Protected paths given with ``..``, through symlinks, in another case, absolute or
relative, and outside the project."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from wazir_core.runtime.globs import contains, matches
from wazir_core.runtime.hooks import run_hook
from wazir_core.runtime.pathguard import PathGuard, case_insensitive

from . import payloads
from .helpers import hook, run_in_process

GUARD = "protected-path-write-guard"
RULES = [".git/**", ".claude/settings.json", ".wazir/input/**", "secrets"]


def write(project: Path, path: str, tool: str = "Write") -> dict[str, object]:
    return payloads.claude("PreToolUse", project, tool, {"file_path": path, "content": "x"})


def shell(project: Path, command: str, cwd: Path | None = None) -> dict[str, object]:
    data = payloads.claude("PreToolUse", project, "Bash", {"command": command})
    if cwd is not None:
        data["cwd"] = str(cwd)
    return data


def blocked(project: Path, data: dict[str, object]) -> bool:
    result = run_in_process(GUARD, data, project=project)
    assert result.exit_code in (0, 2), result
    assert "could not decide" not in result.stderr, "a guard that fails also exits 2"
    return bool(result.exit_code == 2)


@pytest.mark.parametrize("pattern, path, expected", [
    (".git/**", ".git/config", True),
    (".git/**", ".git", True),
    (".git/**", ".github/workflows/ci.yml", False),
    (".git/**", "sub/.git/config", False),
    ("**/.env", "a/b/.env", True),
    ("**/.env", ".env", True),
    ("*.key", "server.key", True),
    ("*.key", "certs/server.key", False),
    ("secrets", "secrets/a/b.txt", True),
    ("secrets", "secrets-old/a", False),
    (".claude/settings.json", ".claude/settings.json", True),
    (".claude/settings.json", ".claude/settings.local.json", False),
    (".git/**", ".gi?/config", True),
    (".git/**", "*/config", True),
])
def test_glob_rules(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_removing_a_parent_folder_is_caught() -> None:
    assert contains(".wazir", ".wazir/input/**")
    assert contains("", ".git/**")
    assert not contains("src", ".wazir/input/**")
    assert not contains("build", "**/.env")


def test_dot_dot_is_collapsed(project: Path) -> None:
    assert blocked(project, write(project, str(project / "src" / ".." / ".git" / "config")))
    assert blocked(project, write(project, "src/../.claude/settings.json"))
    assert not blocked(project, write(project, str(project / ".git" / ".." / "src" / "a.py")))


def test_symlink_into_a_protected_folder(project: Path) -> None:
    (project / "gitdir").symlink_to(project / ".git", target_is_directory=True)
    assert blocked(project, write(project, str(project / "gitdir" / "config")))


def test_symlink_from_outside_into_the_project(project: Path, tmp_path: Path) -> None:
    (project / ".claude").mkdir()
    (tmp_path / "elsewhere").symlink_to(project / ".claude", target_is_directory=True)
    assert blocked(project, write(project, str(tmp_path / "elsewhere" / "settings.json")))


def test_symlinked_protected_folder_pointing_outside(project: Path, tmp_path: Path) -> None:
    """The path as written is protected even when it resolves outside the project."""
    (tmp_path / "dotclaude").mkdir()
    (project / ".claude").symlink_to(tmp_path / "dotclaude", target_is_directory=True)
    assert blocked(project, write(project, str(project / ".claude" / "settings.json")))


def test_symlink_loop_does_not_crash(project: Path) -> None:
    (project / "loop").symlink_to(project / "loop")
    result = run_in_process(GUARD, write(project, str(project / "loop" / "x")), project=project)
    assert result.exit_code == 0 and result.stderr == "", "loop/x is not protected"


def test_different_case_on_a_case_insensitive_volume(project: Path) -> None:
    folded = PathGuard(project, RULES, fold_case=True)
    exact = PathGuard(project, RULES, fold_case=False)
    for path in (".GIT/config", ".Claude/Settings.JSON", str(project / ".Wazir" / "INPUT" / "a")):
        assert folded.check(path, "write", project) is not None, path
        assert exact.check(path, "write", project) is None, path


def test_project_root_given_in_another_case(project: Path) -> None:
    folded = PathGuard(project, RULES, fold_case=True)
    upper = str(project).upper() + "/.git/config"
    assert folded.check(upper, "write", project) is not None


def test_case_probe_matches_this_volume(tmp_path: Path) -> None:
    probe = tmp_path / "CaseProbe"
    probe.mkdir()
    expected = (tmp_path / "caseprobe").exists()
    assert case_insensitive(probe) is expected


def test_absolute_and_relative_forms(project: Path, tmp_path: Path) -> None:
    assert blocked(project, write(project, str(project / ".git" / "HEAD")))
    assert blocked(project, write(project, ".git/HEAD"))
    assert blocked(project, shell(project, "rm config", cwd=project / ".git"))
    assert blocked(project, shell(project, f"cp /tmp/x {project}/.git/hooks/pre-commit"))


@pytest.mark.parametrize("command", [
    "curl -sSLo .git/hooks/pre-commit https://example.org/hook",
    "wget -qO .claude/settings.json https://example.org/settings",
    "cp -rt .wazir/input notes.md",
])
def test_an_output_option_in_a_cluster_of_short_flags(project: Path, command: str) -> None:
    assert blocked(project, shell(project, command))


def test_write_outside_the_project_is_allowed(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other" / ".git" / "config"
    assert not blocked(project, write(project, str(outside)))
    assert not blocked(project, shell(project, f"echo x > {outside}"))
    assert not blocked(project, write(project, str(project / ".." / "notes.txt")))


def test_write_outside_is_allowed_in_a_real_process(project: Path, tmp_path: Path) -> None:
    done = hook(GUARD, write(project, str(tmp_path / "elsewhere.txt")))
    assert done.code == 0 and done.out == ""


def test_nul_byte_in_a_path_is_blocked(project: Path) -> None:
    result = run_in_process(GUARD, write(project, str(project / "src" / "a\x00.py")),
                            project=project)
    assert result.exit_code == 2
    assert "NUL" in result.stderr


def test_home_and_variables_are_expanded(project: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setenv("PROJECT_HOME", str(project))
    assert blocked(project, shell(project, "echo x > $PROJECT_HOME/.git/config"))
    assert blocked(project, shell(project, "echo x > $(pwd)/.git/config"))


def test_project_config_adds_rules(project: Path) -> None:
    (project / "wazir.yaml").write_text("protected_paths:\n  - docs/adr/**\n")
    assert blocked(project, write(project, "docs/adr/0001.md"))
    assert not blocked(project, write(project, "docs/guide.md"))


def test_cached_facts_follow_a_config_change(project: Path) -> None:
    """The hooks' cache of wazir.yaml is refreshed when the file changes."""
    assert not blocked(project, write(project, "docs/adr/0001.md"))
    (project / "wazir.yaml").write_text("protected_paths:\n  - docs/adr/**\n")
    assert blocked(project, write(project, "docs/adr/0001.md"))
    (project / "wazir.yaml").write_text("protected_paths:\n  - docs/other/**\n")
    assert not blocked(project, write(project, "docs/adr/0001.md"))


def test_broken_config_blocks_writes_but_lets_it_be_repaired(project: Path) -> None:
    (project / "wazir.yaml").write_text("targets: [claude\n")
    result = run_in_process(GUARD, write(project, "src/app.py"), project=project)
    assert result.exit_code == 2
    assert "wazir.yaml is not valid" in result.stderr
    assert not blocked(project, write(project, str(project / "wazir.yaml")))


def test_project_found_from_the_hosts_variable(project: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Gemini and Claude name the project in a variable; relative paths follow the cwd."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # without the variable, the project would be this folder

    def guard(path: str, env: dict[str, str]) -> int:
        data = payloads.gemini("BeforeTool", project, "write_file",
                               {"file_path": path, "content": ""})
        del data["cwd"]
        return run_hook(GUARD, None, io.BytesIO(json.dumps(data).encode()), env=env).exit_code

    variable = {"GEMINI_PROJECT_DIR": str(project)}
    assert guard(".git/config", variable) == 2
    assert guard(str(project / ".git" / "config"), variable) == 2
    assert guard(str(project / ".git" / "config"), {}) == 0, "the variable made no difference"


def test_write_tool_without_a_path_is_blocked(project: Path) -> None:
    data = payloads.claude("PreToolUse", project, "Write", {"content": "x"})
    result = run_in_process(GUARD, data, project=project)
    assert result.exit_code == 2
    assert "no file path" in result.stderr

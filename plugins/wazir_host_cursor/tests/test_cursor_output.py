"""What the Cursor target writes: counts, loadable formats, hooks, names, merging, options."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import cursor_lint
import pytest
from conftest import MakeProject, build, project_maker, render
from wazir_host_cursor import hooks
from wazir_host_cursor.target import BUILT_IN_NAMES

from wazir_core.build import prepare, run_build
from wazir_core.plugins.fileset import JsonEntries, ManagedBlock
from wazir_core.plugins.host import PluginHost
from wazir_core.testing import build_clean, errors, output_tree, split_frontmatter

HOOKS = ".cursor/hooks.json"


@pytest.fixture(scope="module", params=["bundled", "overlay"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build per case, shared by the tests that only read it."""
    make = project_maker(tmp_path_factory.mktemp(request.param))
    return build_clean(make(overlay=request.param == "overlay"), "cursor")


# Round trip ---------------------------------------------------------------------------------

def test_every_role_workflow_and_skill_appears(built: Path) -> None:
    content = prepare(built).content
    agents = sorted(p.stem for p in (built / ".cursor/agents").glob("*.md"))
    assert agents == sorted(f"wazir-{r}" for r in content.roles)
    skills = {p.parent.name for p in (built / ".agents/skills").glob("*/SKILL.md")}
    assert skills == {*content.skills, *(f"wazir-{w}" for w in content.workflows)}
    assert len(skills) == len(content.skills) + len(content.workflows)
    for skill in content.skills.values():
        for extra in skill.files:
            path = built / ".agents/skills" / skill.name / extra.path
            assert path.read_bytes() == extra.data
            assert os.access(path, os.X_OK) == extra.executable, extra.path


def test_every_frontmatter_is_strict_yaml_with_cursor_types(built: Path) -> None:
    workflow_skills = {f"wazir-{w}" for w in prepare(built).content.workflows}
    for path in sorted((built / ".cursor/agents").glob("*.md")):
        meta, _ = split_frontmatter(path.read_text(encoding="utf-8"))
        assert list(meta) == ["name", "description", "model", "readonly", "is_background"]
        assert meta["name"] == path.stem
        assert isinstance(meta["readonly"], bool) and meta["is_background"] is False
    for path in sorted((built / ".agents/skills").glob("*/SKILL.md")):
        meta, _ = split_frontmatter(path.read_text(encoding="utf-8"))
        assert meta["name"] == path.parent.name
        invoked_by_user_only = meta.get("disable-model-invocation") is True
        assert invoked_by_user_only == (path.parent.name in workflow_skills), path.parent.name


def test_the_strict_checker_accepts_the_output(built: Path) -> None:
    assert cursor_lint.lint_tree(built) == []


def test_text_survives_byte_for_byte(make_project: MakeProject) -> None:
    project = make_project(overlay=True)
    assert build(project).ok
    agent = (project / ".cursor/agents/wazir-tricky.md").read_text(encoding="utf-8")
    role = (project / "overlay/roles/tricky.md").read_text(encoding="utf-8")
    body = role.split("---\n", 2)[2]
    assert body.rstrip() in agent
    meta, _ = split_frontmatter(agent)
    assert meta["description"] == ("'Leading quote', colons: here, # hash, [brackets] {braces}, "
                                   "עברית ومرحبا, \"double\" and a backslash \\d.")
    flow = (project / ".agents/skills/wazir-tricky-flow/SKILL.md").read_text(encoding="utf-8")
    assert "`{{args}}`, `$ARGUMENTS`, `$1`, `@file`, `!{echo hi}` and `\"\"\"`" in flow


def test_readonly_follows_edit_and_execute(built: Path) -> None:
    content = prepare(built).content
    for role in content.roles.values():
        agent = built / f".cursor/agents/wazir-{role.id}.md"
        meta, _ = split_frontmatter(agent.read_text("utf-8"))
        assert meta["readonly"] is not bool({"edit", "execute"} & set(role.capabilities))


def test_rebuild_changes_nothing_and_check_passes(built: Path) -> None:
    before = output_tree(built)
    report = build(built)
    assert report.ok and report.plan is not None and not report.plan.changes()
    assert output_tree(built) == before
    assert build(built, check=True).ok


# Hooks --------------------------------------------------------------------------------------

def test_one_hook_entry_per_definition_that_runs_on_cursor(built: Path) -> None:
    content = prepare(built).content
    data = json.loads((built / HOOKS).read_text(encoding="utf-8"))
    assert data["version"] == 1
    commands = [e["command"] for entries in data["hooks"].values() for e in entries]
    wanted = [f"wazir hook {h.id} --host cursor" for h in content.hooks.values()
              if h.runs_on("cursor")]
    assert sorted(commands) == sorted(wanted)
    assert cursor_lint.lint_hooks(HOOKS, (built / HOOKS).read_text("utf-8")) == []


def test_hook_events_matchers_and_timeouts(make_project: MakeProject) -> None:
    project = make_project(overlay=True)
    assert build(project).ok
    data = json.loads((project / HOOKS).read_text(encoding="utf-8"))["hooks"]
    by_command = {e["command"].split()[2]: (event, e) for event, entries in data.items()
                  for e in entries}
    assert "not-on-cursor" not in by_command
    event, guard = by_command["protected-path-write-guard"]
    assert event == "preToolUse"
    assert guard == {"command": "wazir hook protected-path-write-guard --host cursor",
                     "matcher": "Write|Delete|Shell", "timeout": 10, "failClosed": True}
    event, any_tool = by_command["any-tool-guard"]
    assert event == "preToolUse" and "matcher" not in any_tool and any_tool["timeout"] == 15
    event, observer = by_command["read-observer"]
    assert event == "postToolUse" and observer["matcher"] == "Read|Grep"
    assert "failClosed" not in observer
    assert by_command["session-start"][0] == "sessionStart"
    assert "matcher" not in by_command["session-start"][1]
    assert by_command["pre-compact-summary"][0] == "preCompact"
    assert by_command["stop-handoff-harvest"][0] == "stop"


def test_every_moment_and_tool_class_has_a_cursor_mapping() -> None:
    from typing import get_args

    from wazir_core.models.hook import Moment, ToolClass

    assert set(hooks.EVENTS) == set(get_args(Moment))
    assert set(hooks.TOOLS) | {"any"} == set(get_args(ToolClass))
    assert set(hooks.EVENTS.values()) <= cursor_lint.HOOK_EVENTS
    assert {n for names in hooks.TOOLS.values() for n in names} <= cursor_lint.TOOL_TYPES


USER_HOOKS = {
    "version": 1,
    "hooks": {
        "preToolUse": [{"command": ".cursor/hooks/mine.sh", "matcher": "Shell"}],
        "afterFileEdit": [{"command": "./format.sh", "timeout": 5}],
    },
    "myKey": {"kept": True},
}


def test_user_hooks_and_keys_survive_build_and_rebuild(make_project: MakeProject) -> None:
    project = make_project()
    (project / ".cursor").mkdir()
    (project / HOOKS).write_text(json.dumps(USER_HOOKS), encoding="utf-8")
    for _ in range(2):
        assert build(project).ok
        data = json.loads((project / HOOKS).read_text(encoding="utf-8"))
        assert data["myKey"] == {"kept": True}
        assert data["hooks"]["afterFileEdit"] == USER_HOOKS["hooks"]["afterFileEdit"]
        pre = data["hooks"]["preToolUse"]
        assert pre[0] == USER_HOOKS["hooks"]["preToolUse"][0]
        assert sum("wazir hook " in e["command"] for e in pre) == 3
    assert build(project, check=True).ok


@pytest.mark.parametrize("text", [
    '{\n  // my hooks\n  "version": 1, "hooks": {}\n}\n',
    '{"version": 1, "hooks": {',
    '[1, 2]\n',
])
def test_unreadable_user_hooks_file_stops_the_build_untouched(
        text: str, make_project: MakeProject) -> None:
    project = make_project()
    (project / ".cursor").mkdir()
    (project / HOOKS).write_text(text, encoding="utf-8")
    before = (project / HOOKS).read_bytes()
    report = build(project)
    assert not report.ok
    messages = [d for d in report.diagnostics if d.severity == "error"]
    assert any(d.path == HOOKS and "will not overwrite" in d.message for d in messages), messages
    assert (project / HOOKS).read_bytes() == before
    assert not (project / ".cursor/agents").exists()


# Building next to Claude Code ---------------------------------------------------------------

def test_with_claude_hooks_and_skills_are_left_to_claude(make_project: MakeProject) -> None:
    files, diags = render(make_project(), ("claude", "cursor"))
    assert files is not None and not errors(diags)
    assert HOOKS not in files
    assert not [p for p in files if p.startswith(".agents/skills/")]
    assert any(p.startswith(".cursor/agents/") for p in files)
    assert isinstance(files["AGENTS.md"], ManagedBlock)
    notes = [d for d in diags if d.severity == "info" and ".claude/settings.json" in d.message]
    assert notes and notes[0].path == HOOKS
    assert not [d for d in diags if "lists each skill twice" in d.message]


def test_with_claude_and_codex_the_duplicate_skills_are_reported(
        make_project: MakeProject) -> None:
    _, diags = render(make_project(), ("claude", "codex", "cursor"))
    assert [d for d in diags if d.severity == "info" and "lists each skill twice" in d.message]


def test_hooks_file_keeps_its_version_once_claude_takes_the_hooks(
        make_project: MakeProject) -> None:
    """cursor.md: when wazir's entries all go from a hooks.json it created, the file keeps
    ``{"version": 1}``."""
    host = PluginHost()
    host.allow = {"claude", "cursor"}
    if host.load("claude").status != "ok":
        pytest.skip("the claude target is not installed")
    project = make_project()
    assert build(project).ok
    assert run_build(project, ["claude", "cursor"], host=host).ok
    assert json.loads((project / HOOKS).read_text(encoding="utf-8")) == {"version": 1}


def test_reuse_claude_off_writes_everything(make_project: MakeProject) -> None:
    project = make_project("stacks: []\noptions:\n  cursor:\n    reuse_claude: false\n")
    files, diags = render(project, ("claude", "cursor"))
    assert files is not None and not errors(diags)
    assert isinstance(files[HOOKS], JsonEntries)
    assert ".agents/skills/wazir/SKILL.md" in files


# Options ------------------------------------------------------------------------------------

def test_model_and_fail_closed_options(make_project: MakeProject) -> None:
    project = make_project("stacks: []\noptions:\n  cursor:\n"
                           "    model: gpt-5.6[effort=high]\n    fail_closed: false\n")
    assert build(project).ok
    meta, _ = split_frontmatter((project / ".cursor/agents/wazir-reviewer.md").read_text("utf-8"))
    assert meta["model"] == "gpt-5.6[effort=high]"
    data = json.loads((project / HOOKS).read_text(encoding="utf-8"))
    assert not any("failClosed" in e for entries in data["hooks"].values() for e in entries)
    assert cursor_lint.lint_tree(project) == []


@pytest.mark.parametrize("options", ["model: ''", "model: 'a b'", "model: \"x\\ny\"",
                                     "fail_closed: maybe", "unknown: 1"])
def test_bad_options_are_reported(options: str, make_project: MakeProject) -> None:
    project = make_project(f"stacks: []\noptions:\n  cursor:\n    {options}\n")
    report = build(project)
    assert not report.ok
    assert any(d.code == "option" for d in report.diagnostics), report.diagnostics
    assert not (project / ".cursor").exists()


# Names --------------------------------------------------------------------------------------

def _overlay_with(project: Path, rel: str, text: str) -> None:
    path = project / "overlay" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_skill_named_like_a_cursor_built_in_is_reported(make_project: MakeProject) -> None:
    project = make_project(overlay=True)
    _overlay_with(project, "skills/review/SKILL.md",
                  "---\nname: review\ndescription: Use to review.\n---\nBody.\n")
    report = build(project)
    assert not report.ok
    assert any("skill 'review'" in m and "Cursor built-in" in m
               for m in errors(report.diagnostics)), report.diagnostics
    assert not (project / ".agents/skills/review").exists()
    assert not (project / ".cursor").exists()


def test_a_role_and_workflow_sharing_a_name_are_reported(make_project: MakeProject) -> None:
    project = make_project(overlay=True)
    _overlay_with(project, "workflows/tricky.md",
                  "---\nid: tricky\ntitle: T\ndescription: D.\nrole: tricky\n---\n"
                  "## Purpose\n## Steps\n## Approval gate\n## Failure conditions\n")
    report = build(project)
    assert not report.ok
    assert any("both become '/wazir-tricky'" in m for m in errors(report.diagnostics))


def test_built_in_names_cover_skills_and_agents() -> None:
    assert cursor_lint.BUILT_IN_SKILLS <= BUILT_IN_NAMES
    assert {"explore", "bash", "browser", "generalpurpose"} <= BUILT_IN_NAMES


# The generated hooks answer Cursor ---------------------------------------------------------

def _run_hook(project: Path, tmp_path: Path, event: str, name: str,
              payload: dict[str, object]) -> subprocess.CompletedProcess[str]:
    """Run the command wazir wrote into hooks.json the way Cursor does, with its payload."""
    data = json.loads((project / HOOKS).read_text(encoding="utf-8"))
    command = next(e["command"] for e in data["hooks"][event] if f" {name} " in e["command"])
    argv = [sys.executable, "-m", "wazir_core", *shlex.split(command)[1:]]
    stdin = {"hook_event_name": event, "cursor_version": "3.17.8", "conversation_id": "c",
             "generation_id": "g", "workspace_roots": [str(project)], **payload}
    env = {**os.environ, "CURSOR_PROJECT_DIR": str(project),
           "WAZIR_STATE_HOME": str(tmp_path / "state"),
           "WAZIR_CACHE_DIR": str(project.parent / "cache")}
    return subprocess.run(argv, input=json.dumps(stdin), capture_output=True, text=True,
                          cwd=project, env=env, timeout=60, check=False)


@pytest.mark.slow
@pytest.mark.parametrize(("tool", "tool_input"), [
    ("Write", {"file_path": ".cursor/hooks.json", "content": "{}"}),
    ("Delete", {"path": ".git/config"}),
    ("Shell", {"command": "echo x > .cursor/hooks.json"}),
])
def test_the_write_guard_denies_in_cursors_protocol(
        tool: str, tool_input: dict[str, object], built: Path, tmp_path: Path) -> None:
    done = _run_hook(built, tmp_path, "preToolUse", "protected-path-write-guard",
                     {"tool_name": tool, "tool_input": tool_input, "cwd": str(built)})
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout)["permission"] == "deny"


@pytest.mark.slow
def test_the_write_guard_allows_ordinary_writes(built: Path, tmp_path: Path) -> None:
    done = _run_hook(built, tmp_path, "preToolUse", "protected-path-write-guard",
                     {"tool_name": "Write", "cwd": str(built),
                      "tool_input": {"file_path": "src/app.py", "content": "x = 1\n"}})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"permission": "allow"}

"""Round-trip facts and bad input for the Gemini target: everything in the content comes out,
in shapes Gemini CLI loads, and the user's own files are never clobbered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
from gemini_checks import (
    GEMINI_TOOLS,
    HOOK_EVENTS,
    build,
    check_agent,
    check_command,
    check_hooks,
    executable,
    make_project,
    read_settings,
)
from hypothesis import given
from hypothesis import strategies as st
from wazir_host_gemini import host

from wazir_core.build import Prepared, prepare
from wazir_core.models import Content
from wazir_core.models.hook import Moment, ToolClass
from wazir_core.models.role import Capability
from wazir_core.testing import build_clean, errors, split_frontmatter

ZWSP = host.ZWSP


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(make_project(tmp_path_factory.mktemp("gemini") / "p", overlay=True),
                       "gemini")


@pytest.fixture(scope="module")
def prepared(project: Path) -> Prepared:
    return prepare(project)


@pytest.fixture(scope="module")
def content(prepared: Prepared) -> Content:
    return prepared.content


def test_every_role_workflow_and_skill_is_generated(project: Path, prepared: Prepared,
                                                    content: Content) -> None:
    agents = sorted(p.name for p in (project / ".gemini/agents").iterdir())
    assert agents == sorted(f"wazir-{r}.md" for r in content.roles)
    commands = sorted(p.name for p in (project / ".gemini/commands/wazir").iterdir())
    assert commands == sorted(f"{w}.toml" for w in content.workflows)
    skills = sorted(p.name for p in (project / ".agents/skills").iterdir())
    assert skills == sorted([*content.skills, *(f"wazir-{w}" for w in content.workflows)])
    assert "nasty" in content.roles and "nasty-flow" in content.workflows
    assert "nasty-skill" in content.skills
    for skill in content.skills.values():
        for extra in skill.files:
            path = project / ".agents/skills" / skill.name / extra.path
            assert path.read_bytes() == extra.data
            assert executable(path) == extra.executable
    assert executable(project / ".agents/skills/nasty-skill/scripts/run.sh")
    modules = {m for role in content.roles for m in prepared.compositions[role].modules}
    for module in modules:
        assert (project / ".wazir/expertise" / f"{module}.md").is_file()


def test_every_mapping_is_complete_and_uses_gemini_names() -> None:
    assert set(host.CAPABILITY_TOOLS) == set(get_args(Capability))
    assert set(host.HOOK_EVENTS) == set(get_args(Moment))
    assert set(host.HOOK_TOOLS) == set(get_args(ToolClass))
    assert set(host.HOOK_EVENTS.values()) <= HOOK_EVENTS
    tables = [*host.CAPABILITY_TOOLS.values(), *host.HOOK_TOOLS.values(), (host.SKILL_TOOL,)]
    assert {name for names in tables for name in names} <= GEMINI_TOOLS


def test_agents_load_under_gemini_strict_schema(project: Path, content: Content) -> None:
    for role in content.roles.values():
        meta = check_agent((project / f".gemini/agents/wazir-{role.id}.md")
                           .read_text(encoding="utf-8"))
        assert meta["name"] == f"wazir-{role.id}"
        assert meta["description"] == " ".join(role.description.split())
    reviewer = check_agent((project / ".gemini/agents/wazir-reviewer.md").read_text("utf-8"))
    assert reviewer["tools"] == ["read_file", "read_many_files", "grep_search", "glob",
                                 "list_directory", "run_shell_command", "activate_skill"]
    nasty = check_agent((project / ".gemini/agents/wazir-nasty.md").read_text("utf-8"))
    assert "invoke_agent" not in nasty["tools"]  # subagents cannot call subagents
    assert {"web_fetch", "google_web_search", "write_file", "replace"} <= set(nasty["tools"])


def test_agent_prompt_keeps_content_text(project: Path, content: Content) -> None:
    """Only ``${word}`` is broken up (with a zero-width space); every other byte stays."""
    _, body = split_frontmatter((project / ".gemini/agents/wazir-nasty.md").read_text("utf-8"))
    assert f"${ZWSP}{{HOME}}" in body and f"${ZWSP}{{query}}" in body
    assert content.roles["nasty"].body.strip() in body.replace(ZWSP, "")
    for literal in ('"""triple quotes"""', "C:\\Users\\me\\new", "{{args}}", "!{rm -rf /}",
                    "@{secrets.txt}", "{% if x %}", "🧪🚀", "مرحبا بالعالم", "👩‍👩‍👧"):
        assert literal in body


def test_skills_have_strict_frontmatter(project: Path, content: Content) -> None:
    for folder in (project / ".agents/skills").iterdir():
        meta, _ = split_frontmatter((folder / "SKILL.md").read_text(encoding="utf-8"))
        assert meta["name"] == folder.name
        assert isinstance(meta["description"], str) and meta["description"]
        if folder.name.startswith("wazir-"):
            assert meta["disable-model-invocation"] is True
    nasty, _ = split_frontmatter((project / ".agents/skills/nasty-skill/SKILL.md")
                                 .read_text(encoding="utf-8"))
    assert nasty["description"] == content.skills["nasty-skill"].description


def test_commands_parse_and_expand_only_wazir_placeholder(project: Path,
                                                          content: Content) -> None:
    for workflow in content.workflows.values():
        data = check_command((project / f".gemini/commands/wazir/{workflow.id}.toml")
                             .read_text(encoding="utf-8"))
        assert workflow.title in data["description"] or len(data["description"]) == 100
        assert workflow.body.strip() in data["prompt"].replace(ZWSP, "")
    prompt = check_command((project / ".gemini/commands/wazir/nasty-flow.toml")
                           .read_text(encoding="utf-8"))["prompt"]
    assert "Task or notes from the user: {{args}}\n" in prompt
    assert f"!{ZWSP}{{rm -rf /}}" in prompt and f"@{ZWSP}{{secrets.txt}}" in prompt
    assert f"{{{ZWSP}{{args}}" in prompt
    assert "${HOME}" in prompt  # only agent prompts substitute ${word}
    assert "C:\\Users\\me" in prompt and "`make \\\n   all`" in prompt
    assert prompt.rstrip().endswith('quote "')


def test_hooks_match_gemini_shape(project: Path, content: Content) -> None:
    handlers = check_hooks(read_settings(project))
    expected = [h for h in content.hooks.values() if h.runs_on("gemini")]
    assert "nasty-skipped" in content.hooks and not content.hooks["nasty-skipped"].runs_on(
        "gemini")
    assert sorted(h["command"] for h in handlers) == sorted(
        f"wazir hook {h.id} --host gemini" for h in expected)
    by_name = {h["name"]: h for h in handlers}
    for hook in expected:
        assert by_name[f"wazir-{hook.id}"]["timeout"] == hook.timeout * 1000
    hooks = read_settings(project)["hooks"]
    guard = next(g for g in hooks["BeforeTool"]
                 if g["hooks"][0]["name"] == "wazir-protected-path-write-guard")
    assert guard["matcher"] == "^(write_file|replace|run_shell_command)$"
    any_tool = next(g for g in hooks["BeforeTool"]
                    if g["hooks"][0]["name"] == "wazir-nasty-any-tool")
    assert "matcher" not in any_tool
    assert [g["hooks"][0]["name"] for g in hooks["AfterAgent"]] == ["wazir-stop-handoff-harvest"]
    assert all("matcher" not in g for e in ("SessionStart", "PreCompress", "AfterAgent")
               for g in hooks[e])


def test_instructions_block_keeps_user_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    user = "# My project\n\nUser text with @notes and {{args}} — وزير 🧪\n"
    (project / "GEMINI.md").write_text(user, encoding="utf-8")
    assert build(project).ok
    text = (project / "GEMINI.md").read_text(encoding="utf-8")
    assert text.startswith(user) and "<!-- wazir:begin" in text and "## Wazir" in text


@pytest.mark.parametrize("name", ["memory", "skill-creator", "help"])
def test_reserved_skill_name_is_reported(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path / "p")
    skill = project / "pack/skills" / name
    skill.mkdir(parents=True)
    (project / "pack/pack.yaml").write_text(
        "id: extra\nname: Extra\nversion: 0.0.1\ndescription: Extra skills.\n",
        encoding="utf-8")
    (skill / "SKILL.md").write_text(f"---\nname: {name}\ndescription: Use for tests.\n---\n"
                                    "Body.\n", encoding="utf-8")
    (project / "wazir.yaml").write_text("stacks: []\npacks: [pack]\n", encoding="utf-8")
    report = build(project)
    assert not report.ok
    assert any(f"skill '{name}'" in m and "reserves" in m for m in errors(report))
    assert not (project / ".gemini").exists() and not (project / "GEMINI.md").exists()


@pytest.mark.parametrize("text", [
    '{\n  // my comment\n  "general": {"vimMode": true}\n}\n',
    '{"general": {"vimMode": true},,}\n',
    '["not", "an", "object"]\n',
])
def test_unmergeable_settings_stop_the_build(tmp_path: Path, text: str) -> None:
    project = make_project(tmp_path / "p")
    settings = project / ".gemini/settings.json"
    settings.parent.mkdir()
    settings.write_bytes(text.encode("utf-8"))
    report = build(project)
    assert not report.ok
    [problem] = [d for d in report.diagnostics if d.severity == "error"]
    message = problem.message
    assert problem.path.endswith(".gemini/settings.json") and "will not overwrite" in message
    if "//" in text:
        assert "comments" in message
    assert settings.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.json"]


def test_user_settings_and_hooks_survive_build_and_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    settings = project / ".gemini/settings.json"
    settings.parent.mkdir()
    user_group = {"matcher": "^write_file$",
                  "hooks": [{"type": "command", "command": "./my-check.sh", "timeout": 5000}]}
    user = {"general": {"vimMode": True}, "context": {"fileName": ["AGENTS.md"]},
            "hooks": {"BeforeTool": [user_group],
                      "Notification": [{"hooks": [{"type": "command", "command": "notify"}]}]},
            "hooksConfig": {"enabled": True}}
    settings.write_text(json.dumps(user), encoding="utf-8")
    assert build(project).ok
    first = settings.read_bytes()
    data = json.loads(first)
    check_hooks(data)
    assert data["general"] == user["general"] and data["context"] == user["context"]
    assert data["hooksConfig"] == user["hooksConfig"]
    assert data["hooks"]["BeforeTool"][0] == user_group
    assert data["hooks"]["Notification"] == user["hooks"]["Notification"]
    assert len(data["hooks"]["BeforeTool"]) == 4
    report = build(project)
    assert report.ok and settings.read_bytes() == first


def test_hooks_no_longer_generated_leave_user_hooks(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", overlay=True)
    settings = project / ".gemini/settings.json"
    settings.parent.mkdir()
    user_group = {"hooks": [{"type": "command", "command": "./mine.sh"}]}
    settings.write_text(json.dumps({"hooks": {"BeforeTool": [user_group]}}), encoding="utf-8")
    assert build(project).ok
    assert "wazir-nasty-any-tool" in settings.read_text(encoding="utf-8")
    (project / "wazir.yaml").write_text("stacks: [python]\n", encoding="utf-8")
    assert build(project).ok
    data = read_settings(project)
    assert "nasty-any-tool" not in json.dumps(data)
    assert data["hooks"]["BeforeTool"][0] == user_group
    assert not (project / ".gemini/agents/wazir-nasty.md").exists()


def test_options_reach_agent_frontmatter(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", config=(
        "stacks: []\noptions:\n  gemini:\n    model: gemini-3-flash-preview\n"
        "    max_turns: 12\n    timeout_mins: 5\n"))
    assert build(project).ok
    meta = check_agent((project / ".gemini/agents/wazir-planner.md").read_text("utf-8"))
    assert (meta["model"], meta["max_turns"], meta["timeout_mins"]) == (
        "gemini-3-flash-preview", 12, 5)


@pytest.mark.parametrize("option", ["max_turns: 0", "timeout_mins: -1", "colour: red"])
def test_bad_options_are_reported(tmp_path: Path, option: str) -> None:
    project = make_project(tmp_path / "p", config=f"stacks: []\noptions:\n  gemini:\n"
                                                   f"    {option}\n")
    report = build(project)
    assert not report.ok and errors(report)
    assert not (project / ".gemini").exists()


@given(st.text(alphabet=st.sampled_from(["{", "}", "!", "@", "$", "a", "r", "g", "s", " ",
                                         "\\", '"', "w"]), max_size=40))
def test_neutralised_text_keeps_every_character(text: str) -> None:
    """Nothing Gemini expands survives, and removing the zero-width spaces gives the text."""
    command = host.command_text(text)
    assert "{{args}}" not in command and "!{" not in command and "@{" not in command
    assert command.replace(ZWSP, "") == text
    agent = host.agent_text(text + "${a} ${args}")
    assert "${a}" not in agent and "${args}" not in agent
    assert agent.replace(ZWSP, "") == text + "${a} ${args}"

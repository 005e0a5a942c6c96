"""Round-trip facts about the Claude Code output: everything in the content appears, every
file parses, hooks have the documented shape, names are checked, text stays literal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

import pytest
from claude_support import (
    KNOWN_EVENTS,
    KNOWN_TOOLS,
    build,
    hook_shape_problems,
    load_json,
    make_project,
)
from hypothesis import given
from hypothesis import strategies as st
from wazir_host_claude import ClaudeOptions, ClaudeTarget
from wazir_host_claude.native import (
    CAPABILITY_TOOLS,
    HOOK_EVENTS,
    HOOK_TOOLS,
    SKILL_TOOL,
    hook_entries,
    literal_body,
)

from wazir_core.build import Prepared, prepare
from wazir_core.bundle import Bundle
from wazir_core.models import HookDefinition
from wazir_core.models.hook import Moment, ToolClass
from wazir_core.models.role import Capability
from wazir_core.testing import build_clean, errors, output_tree, split_frontmatter


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content plus the overlay pack, built once."""
    return build_clean(make_project(tmp_path_factory.mktemp("claude") / "demo", overlay=True),
                       "claude")


@pytest.fixture(scope="module")
def prepared(project: Path) -> Prepared:
    return prepare(project)


# Round trip -------------------------------------------------------------------------------

def test_every_role_becomes_a_subagent(project: Path, prepared: Prepared) -> None:
    agents = sorted(p.name for p in (project / ".claude/agents").iterdir())
    assert agents == sorted(f"wazir-{r}.md" for r in prepared.content.roles)
    assert len(agents) == len(prepared.content.roles) >= 11


def test_every_workflow_and_skill_becomes_a_skill_folder(project: Path,
                                                         prepared: Prepared) -> None:
    content = prepared.content
    folders = sorted(p.name for p in (project / ".claude/skills").iterdir())
    expected = [*content.skills, *(f"wazir-{w}" for w in content.workflows)]
    assert folders == sorted(expected)
    assert "wazir" in folders, "the entry skill /wazir is missing"
    for skill in content.skills.values():
        for extra in skill.files:
            path = project / ".claude/skills" / skill.name / extra.path
            assert path.read_bytes() == extra.data
            assert bool(path.stat().st_mode & 0o111) == extra.executable, extra.path


def test_only_declared_roots_are_written(project: Path) -> None:
    roots = ClaudeTarget.output_roots
    for rel in output_tree(project):
        assert any(rel == r or rel.startswith(r + "/") for r in roots), rel
    assert not (project / ".claude/settings.local.json").exists()
    assert not (project / "CLAUDE.local.md").exists()


# Formats ----------------------------------------------------------------------------------

def test_agent_frontmatter(project: Path, prepared: Prepared) -> None:
    for role in prepared.content.roles.values():
        meta, body = split_frontmatter(
            (project / f".claude/agents/wazir-{role.id}.md").read_text(encoding="utf-8"))
        assert meta["name"] == f"wazir-{role.id}"
        assert meta["description"] == role.description
        assert set(meta) <= {"name", "description", "tools", "model"}
        assert isinstance(meta["tools"], list) and set(meta["tools"]) <= KNOWN_TOOLS
        assert role.body.strip().splitlines()[0] in body


def test_skill_frontmatter(project: Path, prepared: Prepared) -> None:
    for folder in (project / ".claude/skills").iterdir():
        meta, _ = split_frontmatter((folder / "SKILL.md").read_text(encoding="utf-8"))
        assert meta["name"] == folder.name
        assert isinstance(meta["description"], str) and 0 < len(meta["description"]) <= 1536
        workflow = folder.name.removeprefix("wazir-")
        is_workflow = folder.name.startswith("wazir-") and workflow in prepared.content.workflows
        assert (meta.get("disable-model-invocation") is True) == is_workflow, folder.name


def test_nasty_text_survives_in_frontmatter(project: Path, prepared: Prepared) -> None:
    role = prepared.content.roles["odd-role"]
    meta, _ = split_frontmatter(
        (project / ".claude/agents/wazir-odd-role.md").read_text(encoding="utf-8"))
    assert meta["description"] == role.description
    skill = prepared.content.skills["odd-skill"]
    meta, _ = split_frontmatter(
        (project / ".claude/skills/odd-skill/SKILL.md").read_text(encoding="utf-8"))
    assert meta["description"] == skill.description
    assert meta["metadata"] == {"version": "1.0", "note": "a: b # c"}


def test_settings_hooks_have_the_documented_shape(project: Path, prepared: Prepared) -> None:
    settings = load_json(project / ".claude/settings.json")
    assert hook_shape_problems(settings) == []
    commands = [h["command"] for groups in settings["hooks"].values() for g in groups
                for h in g["hooks"]]
    expected = [f"wazir hook {h.id}" for h in prepared.content.hooks.values()
                if h.runs_on("claude")]
    assert sorted(commands) == sorted(expected)
    assert not any("--host" in c for c in commands), "Claude hooks detect the host from stdin"


def test_shape_checker_catches_what_claude_rejects() -> None:
    bad = {"hooks": {"preToolUse": [], "Stop": {"hooks": []},
                     "PreToolUse": [{"matcher": ["Bash"], "hooks": [
                         {"command": "x"}, {"type": "command", "timeout": "5"}]}],
                     "PostToolUse": [{"matcher": "Edit|Shell", "hooks": [
                         {"type": "command", "command": "x"}]}]}}
    problems = hook_shape_problems(bad)
    assert any("unknown event 'preToolUse'" in p for p in problems)
    assert any("must be an array" in p for p in problems)
    assert any("matcher must be a string" in p for p in problems)
    assert any("unknown tools ['Shell']" in p for p in problems)
    assert any("needs 'type'" in p for p in problems)
    assert any("timeout" in p for p in problems)


def test_every_mapping_is_complete_and_uses_claude_names() -> None:
    assert set(CAPABILITY_TOOLS) == set(get_args(Capability))
    assert set(HOOK_EVENTS) == set(get_args(Moment))
    assert set(HOOK_TOOLS) | {"any"} == set(get_args(ToolClass))
    assert set(HOOK_EVENTS.values()) <= KNOWN_EVENTS
    tables = [*CAPABILITY_TOOLS.values(), *HOOK_TOOLS.values(), (SKILL_TOOL,)]
    assert {name for names in tables for name in names} <= KNOWN_TOOLS


def _hook(**fields: object) -> HookDefinition:
    base: dict[str, object] = {"id": "h", "description": "d", "failure_mode": "warn"}
    return HookDefinition.model_validate({**base, **fields})


def test_hook_mapping() -> None:
    entries = hook_entries([
        _hook(id="guard", moment="pre-tool", tools=["write", "edit", "shell"], timeout=7),
        _hook(id="any-tool", moment="post-tool", tools=["any"]),
        _hook(id="start", moment="session-start"),
        _hook(id="compact", moment="pre-compact"),
        _hook(id="end", moment="stop", tools=["shell"]),
        _hook(id="elsewhere", moment="pre-tool", tools=["read"], hosts={"claude": "skip"}),
    ])
    assert entries == {
        "PreToolUse": [{"matcher": "Write|Edit|NotebookEdit|Bash", "hooks": [
            {"type": "command", "command": "wazir hook guard", "timeout": 7}]}],
        "PostToolUse": [{"hooks": [
            {"type": "command", "command": "wazir hook any-tool", "timeout": 30}]}],
        "SessionStart": [{"hooks": [
            {"type": "command", "command": "wazir hook start", "timeout": 30}]}],
        "PreCompact": [{"hooks": [
            {"type": "command", "command": "wazir hook compact", "timeout": 30}]}],
        "Stop": [{"hooks": [{"type": "command", "command": "wazir hook end", "timeout": 30}]}],
    }


# Literal text -----------------------------------------------------------------------------

def _claude_fills(text: str, args: list[str]) -> str:
    """What Claude Code 2.1.332 does to a skill body when it runs it with ``args``: ``\\$``
    before a digit or ARGUMENTS becomes ``$``; ``$ARGUMENTS[N]``, ``$N`` (0-based, when the
    argument exists) and ``$ARGUMENTS`` are filled in."""
    keep = "\uffff"
    text = re.sub(r"(?<!\\)\\\$(?=\d|ARGUMENTS)", keep, text)
    text = re.sub(r"\$ARGUMENTS\[(\d+)\]",
                  lambda m: args[int(m[1])] if int(m[1]) < len(args) else keep + m[0][1:], text)
    text = re.sub(r"\$(\d+)(?!\w)",
                  lambda m: args[int(m[1])] if int(m[1]) < len(args) else m[0], text)
    return text.replace("$ARGUMENTS", " ".join(args)).replace(keep, "$")


_PIECES = st.sampled_from(["$", "1", "0", "ARGUMENTS", "[", "]", "a", " ", "\n", "{", "}", "`",
                           "@", "CLAUDE_SKILL_DIR"])


@given(st.lists(_PIECES, max_size=25).map("".join))
def test_placeholders_reach_the_model_as_written(text: str) -> None:
    """Any text without a backslash comes out of Claude Code's substitution unchanged."""
    assert _claude_fills(literal_body(text), ["first", "second"]) == text


def test_shell_injection_is_not_run() -> None:
    body = literal_body("run !`date` or\n!`ls`\n```!\necho hi\n```\nbut keep (`dbg!`) and `!`")
    assert not re.search(r"(?:^|\s)!`", body, re.MULTILINE)
    assert "```!" not in body
    assert "(`dbg!`) and `!`" in body


def test_workflow_keeps_its_one_placeholder(project: Path) -> None:
    text = (project / ".claude/skills/wazir-odd-flow/SKILL.md").read_text(encoding="utf-8")
    assert text.count("$ARGUMENTS") - text.count("\\$ARGUMENTS") == 1
    assert "Task or notes from the user: $ARGUMENTS\n" in text
    assert "Pass \\$1 and \\$ARGUMENTS through as text; {{args}} too." in text


def test_template_syntax_and_scripts_stay_literal(project: Path) -> None:
    agent = (project / ".claude/agents/wazir-odd-role.md").read_text(encoding="utf-8")
    assert "{{ args }}, {{args}}, {% if x %}{% endif %}, {# note #}" in agent
    assert 'C:\\Users\\dev\\new, \\d+\\s*, """triple"""' in agent
    assert "שלום עולם, مرحبا بالعالم." in agent
    skill = (project / ".claude/skills/odd-skill/SKILL.md").read_text(encoding="utf-8")
    assert "{{ args }} {{args}} {% raw %} {# c #} !{echo hi} @{README.md}" in skill
    assert "${CLAUDE_SKILL_DIR}" in skill
    script = project / ".claude/skills/odd-skill/scripts/run.sh"
    assert script.read_text(encoding="utf-8") == '#!/bin/sh\necho "odd $1"\n'


# Instructions and options -----------------------------------------------------------------

def test_claude_md_holds_one_managed_block(project: Path) -> None:
    text = (project / "CLAUDE.md").read_text(encoding="utf-8")
    assert text.count("<!-- wazir:begin") == 1 and text.count("<!-- wazir:end -->") == 1
    assert "/wazir <task>" in text
    assert "@AGENTS.md" not in text


def _bundle(prepared: Prepared, options: ClaudeOptions, targets: tuple[str, ...]) -> Bundle:
    return Bundle(prepared.content, prepared.compositions, prepared.info, options,
                  targets=targets)


def test_import_agents_md(prepared: Prepared) -> None:
    on = ClaudeOptions(import_agents_md=True)
    alone = ClaudeTarget.instructions(_bundle(prepared, on, ("claude",)))
    assert "Pipeline (phase" in alone and alone.rstrip().endswith("@AGENTS.md")
    shared_with_codex = ClaudeTarget.instructions(_bundle(prepared, on, ("claude", "codex")))
    assert "Pipeline (phase" not in shared_with_codex, "AGENTS.md already carries the text"
    assert "\n@AGENTS.md\n" in shared_with_codex


def test_model_option(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", config="options:\n  claude:\n    model: sonnet\n")
    assert not errors(build(root))
    meta, _ = split_frontmatter(
        (root / ".claude/agents/wazir-reviewer.md").read_text(encoding="utf-8"))
    assert meta["model"] == "sonnet"


def test_unknown_option_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", config="options:\n  claude:\n    modle: sonnet\n")
    report = build(root)
    assert any("modle" in e for e in errors(report)), report.diagnostics
    assert not (root / ".claude").exists()


# Names ------------------------------------------------------------------------------------

def _add_skill(pack: Path, name: str) -> None:
    (pack / "skills" / name).mkdir(parents=True)
    (pack / "skills" / name / "SKILL.md").write_text(
        f"---\nname: {name}\ndescription: Use when testing names.\n---\nBody.\n",
        encoding="utf-8")


@pytest.mark.parametrize("name", ["code-review", "compact", "synced", "wazir-odd-flow"])
def test_reserved_or_taken_names_are_reported(name: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", overlay=True)
    _add_skill(root / "overlay", name)
    report = build(root)
    assert any(name in e for e in errors(report)), report.diagnostics
    assert not (root / ".claude").exists(), "nothing is written when a name is refused"
    assert not (root / ".claude/skills" / f"{name}-1").exists()


def test_role_without_capabilities_inherits_with_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", overlay=True)
    odd = (root / "overlay/roles/odd-role.md").read_text(encoding="utf-8")
    idle = odd.replace("id: odd-role", "id: idle").replace("capabilities: [read, web]\n", "") \
        .replace("skills: [odd-skill]\n", "")
    (root / "overlay/roles/idle.md").write_text(idle, encoding="utf-8")
    report = build(root)
    assert not errors(report)
    assert any("idle" in d.message and d.severity == "warning" for d in report.diagnostics)
    meta, _ = split_frontmatter((root / ".claude/agents/wazir-idle.md").read_text("utf-8"))
    assert "tools" not in meta


def test_rebuild_is_a_no_op(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    before = output_tree(copy)
    report = build(copy)
    assert not errors(report)
    assert report.plan is not None and not report.plan.changes()
    assert output_tree(copy) == before

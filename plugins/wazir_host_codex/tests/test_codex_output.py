"""The Codex target's full output: golden files, round-trip counts and strict format checks."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from codex_checks import check_agent, check_hooks, check_openai_yaml, check_skill, load_json
from codex_support import GOLDEN, build, built_case
from wazir_host_codex.target import MAX_DISPLAY_NAME, skill_metadata

from wazir_core.build import prepare
from wazir_core.models import Workflow
from wazir_core.rendering.formats import yaml_dumps
from wazir_core.testing import compare_golden, mark_executables, output_tree, split_frontmatter


@pytest.fixture(scope="module", params=["bundled", "overlay"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_case(tmp_path_factory.mktemp("codex"), request.param)


def test_golden(built: Path) -> None:
    compare_golden(mark_executables(output_tree(built), built), GOLDEN / built.name)


def test_every_role_workflow_and_skill_is_generated(built: Path) -> None:
    prepared = prepare(built)
    content = prepared.content
    agents = sorted(p.stem for p in (built / ".codex/agents").glob("*.toml"))
    assert agents == sorted(f"wazir-{r}" for r in content.roles)
    skills = built / ".agents/skills"
    for workflow in content.workflows:
        assert (skills / f"wazir-{workflow}/SKILL.md").is_file()
        assert (skills / f"wazir-{workflow}/agents/openai.yaml").is_file()
    for name in content.skills:
        assert (skills / name / "SKILL.md").is_file()
    found = sorted(p.parent.name for p in skills.glob("*/SKILL.md"))
    assert len(found) == len(content.skills) + len(content.workflows)
    modules = {m for comp in prepared.compositions.values() for m in comp.modules}
    assert sorted(p.relative_to(built / ".wazir/expertise").with_suffix("").as_posix()
                  for p in (built / ".wazir/expertise").rglob("*.md")) == sorted(modules)


def test_skill_frontmatter_is_strict_yaml(built: Path) -> None:
    problems = [p for f in sorted(built.glob(".agents/skills/*/SKILL.md")) for p in check_skill(f)]
    assert not problems, problems


def test_agent_roles_parse_and_hold_only_known_keys(built: Path) -> None:
    files = sorted((built / ".codex/agents").glob("*.toml"))
    problems = [p for f in files for p in check_agent(f.read_text(encoding="utf-8"), f.name)]
    assert not problems, problems


def test_agent_prompt_carries_the_role_body_unchanged(built: Path) -> None:
    content = prepare(built).content
    for role in content.roles.values():
        data = tomllib.loads((built / f".codex/agents/wazir-{role.id}.toml")
                             .read_text(encoding="utf-8"))
        assert role.body.strip() in data["developer_instructions"]
        assert data["description"] == role.description


def test_workflow_skills_are_explicit_only(built: Path) -> None:
    problems = {f.parent.parent.name: check_openai_yaml(f.read_text(encoding="utf-8"))
                for f in sorted(built.glob(".agents/skills/*/agents/openai.yaml"))}
    assert problems and not any(problems.values()), problems


def test_hooks_json_has_codex_shape(built: Path) -> None:
    data = load_json(built / ".codex/hooks.json")
    assert check_hooks(data) == []
    commands = [h["command"] for groups in data["hooks"].values() for g in groups
                for h in g["hooks"]]
    hookable = {"shell", "write", "edit", "any"}  # Codex has no tool hook for read/delegate
    expected = [h.id for h in prepare(built).content.hooks.values()
                if h.runs_on("codex") and (not h.tools or hookable & set(h.tools))]
    assert sorted(c.split()[2] for c in commands) == sorted(expected)


def test_agents_md_holds_only_the_managed_block(built: Path) -> None:
    text = (built / "AGENTS.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- wazir:begin") and text.rstrip().endswith("<!-- wazir:end -->")
    assert "$wazir <task>" in text
    assert len(text.encode("utf-8")) < 24 * 1024


def test_skill_scripts_keep_their_executable_bit(built: Path) -> None:
    scripts = [p for p in built.glob(".agents/skills/*/scripts/*") if p.is_file()]
    assert scripts
    assert all(os.access(p, os.X_OK) for p in scripts), scripts


def test_rebuild_changes_nothing(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    assert build(built, check=True).ok
    report = build(built)
    assert report.ok and report.plan is not None and not report.plan.changes()
    assert {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()} == before


def test_long_display_fields_are_cut_to_one_line_ending_in_an_ellipsis() -> None:
    """codex.md: display names are cut to 64 characters and short descriptions to 1024."""
    workflow = Workflow(id="long", title="Title " * 20, description="Line one\nline two " * 80,
                        role="planner")
    interface = skill_metadata(workflow)["interface"]
    assert len(interface["display_name"]) == MAX_DISPLAY_NAME
    assert interface["display_name"].startswith("Wazir: Title Title")
    assert len(interface["short_description"]) == 1024
    assert all(v.endswith("…") and "\n" not in v for v in interface.values())
    assert check_openai_yaml(yaml_dumps(skill_metadata(workflow))) == []


# The checkers reject what Codex rejects (so a passing check means something) -------------

@pytest.mark.parametrize("bad", [
    {"hooks": {"BeforeTool": [{"hooks": [{"type": "command", "command": "wazir hook x "
                                                                        "--host codex",
                                          "timeout": 5}]}]}},
    {"hooks": {"PreToolUse": {"hooks": []}}},
    {"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "command", "command": "wazir hook x --host codex", "timeout": 5}]}]}},
    {"hooks": {"PreToolUse": [{"matcher": "^Shell$", "hooks": [
        {"type": "command", "command": "wazir hook x --host codex", "timeout": 5}]}]}},
    {"hooks": {"Stop": [{"hooks": [{"type": "prompt", "command": "wazir hook x --host codex",
                                    "timeout": 5}]}]}},
    {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "wazir hook x",
                                    "timeout": 5}]}]}},
    {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "wazir hook x --host codex",
                                    "timeout": 5000}]}]}},
    {"hooks": {"Stop": [{"matcher": "^Bash$", "hooks": [
        {"type": "command", "command": "wazir hook x --host codex", "timeout": 5}]}]}},
])
def test_hook_checker_rejects_bad_shapes(bad: dict[str, object]) -> None:
    assert check_hooks(bad)


@pytest.mark.parametrize("text", [
    'name = "wazir-x"\ndescription = "d"\n',
    'name = "wazir-x"\ndescription = "d"\ndeveloper_instructions = "i"\nshort-description = "s"\n',
    'name = "wazir-x"\ndescription = "d"\ndeveloper_instructions = "i"\nweb_search = "on"\n',
    'name = "other"\ndescription = "d"\ndeveloper_instructions = "i"\n',
    'name = "wazir-x"\ndescription = "d"\ndeveloper_instructions = """unterminated\n',
])
def test_agent_checker_rejects_bad_roles(text: str) -> None:
    assert check_agent(text, "wazir-x.toml")


@pytest.mark.parametrize("text", [
    "interface:\n  display_name: x\n  short_description: y\npolicy:\n"
    "  allow_implicit_invocation: true\n",
    "interface:\n  display_name: x\npolicy:\n  allow_implicit_invocation: false\n",
    f"interface:\n  display_name: {'x' * 65}\n  short_description: y\npolicy:\n"
    "  allow_implicit_invocation: false\n",
    "interface: [unclosed\n",
])
def test_openai_yaml_checker_rejects_bad_metadata(text: str) -> None:
    assert check_openai_yaml(text)


def test_frontmatter_parser_is_strict() -> None:
    with pytest.raises(Exception):  # noqa: B017 - any YAML error will do
        split_frontmatter("---\nname: x\ndescription: [unclosed\n---\nbody\n")
    with pytest.raises(ValueError):
        split_frontmatter("name: x\n")

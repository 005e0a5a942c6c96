"""The strict Cursor checker catches each documented mistake, so its 'ok' means something."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import cursor_lint
import pytest
from conftest import MakeProject, build

AGENT = ("---\nname: wazir-x\ndescription: Does x.\nmodel: inherit\nreadonly: true\n"
         "is_background: false\n---\nYou do x.\n")
SKILL = "---\nname: my-skill\ndescription: Use when x.\ndisable-model-invocation: true\n---\nB\n"
HOOKS = {"version": 1, "hooks": {"preToolUse": [
    {"command": "wazir hook g --host cursor", "matcher": "Shell|Write", "timeout": 10,
     "failClosed": True}]}}
RULE = ("---\ndescription: API conventions\nglobs: **/*.py, docs/**/*.md\nalwaysApply: false\n"
        "---\nB\n")


def messages(problems: list[cursor_lint.Problem]) -> str:
    return "\n".join(p.message for p in problems)


def test_good_samples_pass() -> None:
    assert cursor_lint.lint_agent(".cursor/agents/wazir-x.md", AGENT) == []
    assert cursor_lint.lint_skill(".agents/skills/my-skill/SKILL.md", SKILL) == []
    assert cursor_lint.lint_hooks(".cursor/hooks.json", json.dumps(HOOKS)) == []
    assert cursor_lint.lint_mdc(".cursor/rules/api.mdc", RULE) == []
    always = "---\nalwaysApply: true\n---\nAlways.\n"
    assert cursor_lint.lint_mdc(".cursor/rules/always.mdc", always) == []
    prompt_hook = {"version": 1, "hooks": {"stop": [{"type": "prompt", "prompt": "ok?",
                                                      "loop_limit": None}]}}
    assert cursor_lint.lint_hooks("h.json", json.dumps(prompt_hook)) == []


@pytest.mark.parametrize(("text", "expected"), [
    (AGENT.replace("readonly: true", "readonly: \"true\""), "quoted boolean"),
    (AGENT.replace("readonly: true", "readonly: yes please"), "'readonly' must be a bare boolean"),
    (AGENT.replace("name: wazir-x", "name: wazir-y"), "differs from the file name"),
    (AGENT.replace("name: wazir-x", "name: Wazir_X"), "'name' must be lowercase"),
    (AGENT.replace("model: inherit\n", "tools: [Read]\n"), "unknown subagent key 'tools'"),
    (AGENT.replace("description: Does x.", "description: x: y: z"), "not valid YAML"),
    (AGENT.replace("description: Does x.", "description: ''"), "non-empty string"),
    (AGENT.replace("You do x.\n", ""), "has no body"),
    (AGENT.replace("---\n", "", 1), "does not start with"),
    (AGENT.replace("\n", "\r\n"), "CR line endings"),
    ("\ufeff" + AGENT, "byte-order mark"),
    (AGENT.replace("model: inherit", "model: inherit\nmodel: other"), "not valid YAML"),
])
def test_broken_agents_fail(text: str, expected: str) -> None:
    assert expected in messages(cursor_lint.lint_agent(".cursor/agents/wazir-x.md", text))


@pytest.mark.parametrize(("path", "text", "expected"), [
    (".agents/skills/other/SKILL.md", SKILL, "differs from the folder name"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("name: my-skill\n", ""), "'name' must"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("Use when x.", "Use <when> x."),
     "'<' or '>'"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("description: Use when x.\n", ""),
     "'description' must be a non-empty string"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("Use when x.", "x" * 1025),
     "longer than 1024"),
    (".agents/skills/my-skill/SKILL.md",
     SKILL.replace("disable-model-invocation: true", "disable-model-invocation: 'true'"),
     "quoted boolean"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("disable-model", "disable_model"),
     "unknown skill key 'disable_model-invocation'"),
    (".agents/skills/my-skill/SKILL.md", SKILL.replace("---\nB", "metadata:\n  v: 1\n---\nB"),
     "'metadata' must map strings to strings"),
    (".agents/skills/loop/SKILL.md", SKILL.replace("my-skill", "loop"), "Cursor built-in"),
    (".agents/skills/my-skill/skill.md", SKILL, "must be named SKILL.md"),
])
def test_broken_skills_fail(path: str, text: str, expected: str) -> None:
    assert expected in messages(cursor_lint.lint_skill(path, text))


def _hooks(**changes: object) -> str:
    entry = {**HOOKS["hooks"]["preToolUse"][0], **changes}  # type: ignore[index]
    return json.dumps({"version": 1, "hooks": {"preToolUse": [
        {k: v for k, v in entry.items() if v is not None}]}})


@pytest.mark.parametrize(("text", "expected"), [
    ('{"version": 1, "hooks": {', "not valid JSON"),
    ("[]", "not a JSON object"),
    (json.dumps({"hooks": HOOKS["hooks"]}), "'version' must be the number 1"),
    (json.dumps({**HOOKS, "version": "1"}), "'version' must be the number 1"),
    (json.dumps({**HOOKS, "version": True}), "'version' must be the number 1"),
    (json.dumps({**HOOKS, "extra": 1}), "unknown top-level key 'extra'"),
    (json.dumps({"version": 1, "hooks": []}), "'hooks' must be an object"),
    (json.dumps({"version": 1, "hooks": {"PreToolUse": []}}), "did you mean 'preToolUse'"),
    (json.dumps({"version": 1, "hooks": {"beforeEverything": []}}), "silently ignores"),
    (json.dumps({"version": 1, "hooks": {"stop": {"command": "x"}}}), "must be a list"),
    (json.dumps({"version": 1, "hooks": {"preToolUse": [{"matcher": "Shell", "hooks": [
        {"type": "command", "command": "x"}]}]}}), "matcher group"),
    (_hooks(command=None), "non-empty string 'command'"),
    (_hooks(command=["wazir", "hook"]), "non-empty string 'command'"),
    (_hooks(matcher=["Shell"]), "'matcher' must be a non-empty string"),
    (_hooks(matcher="Bash|Edit"), "unknown tool type(s) Bash, Edit"),
    (_hooks(timeout="10"), "'timeout' must be a positive number"),
    (_hooks(timeout=True), "'timeout' must be a positive number"),
    (_hooks(timeout=10000), "seconds, not ms"),
    (_hooks(failClosed="true"), "'failClosed' must be a boolean"),
    (_hooks(type="http"), "expected 'command' or 'prompt'"),
    (_hooks(args=["x"]), "unknown key 'args'"),
])
def test_broken_hooks_fail(text: str, expected: str) -> None:
    assert expected in messages(cursor_lint.lint_hooks(".cursor/hooks.json", text))


@pytest.mark.parametrize(("path", "text", "expected"), [
    (".cursor/rules/api.md", RULE, "do not end in .mdc"),
    (".cursor/rules/a.mdc", RULE.replace("**/*.py, docs/**/*.md", '"**/*.py"'), "unquoted"),
    (".cursor/rules/a.mdc", RULE.replace("**/*.py, docs/**/*.md", "['**/*.py']"), "unquoted"),
    (".cursor/rules/a.mdc", RULE.replace("globs: **/*.py, docs/**/*.md", "globs:\n  - '*.py'"),
     "continuation line"),
    (".cursor/rules/a.mdc", RULE.replace("**/*.py, docs/**/*.md", "**/*.py,,x"),
     "empty pattern"),
    (".cursor/rules/a.mdc", RULE.replace("alwaysApply: false", 'alwaysApply: "false"'),
     "bare true or false"),
    (".cursor/rules/a.mdc", RULE.replace("alwaysApply: false", "alwaysApply: yes"),
     "bare true or false"),
    (".cursor/rules/a.mdc", RULE.replace("description: API conventions", "description: >"),
     "block scalar"),
    (".cursor/rules/a.mdc", RULE.replace("description: API conventions",
                                         'description: "API"'), "starts with"),
    (".cursor/rules/a.mdc", RULE.replace("alwaysApply: false", "alwaysApply: true"),
     "ignores 'globs' and 'description'"),
    (".cursor/rules/a.mdc", RULE.replace("alwaysApply", "always_apply"),
     "unknown rule key 'always_apply'"),
    (".cursor/rules/a.mdc", RULE.replace("---\nB", "globs: *.ts\n---\nB"), "appears twice"),
    (".cursor/rules/a.mdc", RULE.replace("\n---\nB\n", "\n"), "no closing"),
    (".cursor/rules/a.mdc", RULE.replace("B\n", ""), "has no body"),
])
def test_broken_rules_fail(path: str, text: str, expected: str) -> None:
    assert expected in messages(cursor_lint.lint_mdc(path, text))


def test_rule_frontmatter_is_read_by_line_not_as_yaml() -> None:
    """``globs: **/*.ts`` is invalid YAML (an alias) yet exactly what Cursor needs."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    with pytest.raises(YAMLError):
        YAML(typ="safe", pure=True).load("globs: **/*.ts\n")
    assert cursor_lint.lint_mdc("r.mdc", "---\nglobs: **/*.ts\n---\nBody\n") == []


def test_agents_md_with_frontmatter_fails() -> None:
    assert "plain Markdown" in messages(cursor_lint.lint_agents_md("AGENTS.md", "---\na: 1\n---\n"))


@pytest.fixture(scope="module")
def good_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("lint") / "good"
    project.mkdir()
    (project / "wazir.yaml").write_text("stacks: []\n", encoding="utf-8")
    assert build(project).ok
    return project


@pytest.mark.parametrize(("breakage", "expected"), [
    ("agent-bool", "quoted boolean"),
    ("skill-folder", "differs from the folder name"),
    ("hooks-shape", "matcher group"),
    ("rule-quoted-globs", "unquoted"),
    ("agents-file", "not a .md subagent file"),
])
def test_a_broken_copy_of_real_output_fails(breakage: str, expected: str, good_tree: Path,
                                            tmp_path: Path) -> None:
    tree = tmp_path / "copy"
    shutil.copytree(good_tree, tree)
    assert cursor_lint.lint_tree(tree) == []
    agent = tree / ".cursor/agents/wazir-reviewer.md"
    if breakage == "agent-bool":
        agent.write_text(agent.read_text("utf-8").replace("readonly: false",
                                                          'readonly: "false"'), "utf-8")
    elif breakage == "skill-folder":
        (tree / ".agents/skills/wazir").rename(tree / ".agents/skills/wazir-entry")
    elif breakage == "hooks-shape":
        hooks_file = tree / ".cursor/hooks.json"
        data = json.loads(hooks_file.read_text("utf-8"))
        data["hooks"]["stop"] = [{"hooks": data["hooks"]["stop"]}]
        hooks_file.write_text(json.dumps(data), "utf-8")
    elif breakage == "rule-quoted-globs":
        (tree / ".cursor/rules").mkdir()
        (tree / ".cursor/rules/x.mdc").write_text(RULE.replace("**/*.py, docs/**/*.md",
                                                               "'*.py'"), "utf-8")
    elif breakage == "agents-file":
        agent.rename(agent.with_suffix(".txt"))
    assert expected in messages(cursor_lint.lint_tree(tree))


def test_command_line_exit_codes(good_tree: Path, tmp_path: Path) -> None:
    script = Path(cursor_lint.__file__)
    run = [sys.executable, str(script)]
    ok = subprocess.run([*run, str(good_tree)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout
    bad = tmp_path / "bad"
    (bad / ".cursor").mkdir(parents=True)
    (bad / ".cursor/hooks.json").write_text("{}", encoding="utf-8")
    failed = subprocess.run([*run, str(bad)], capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "'version' must be the number 1" in failed.stdout
    usage = subprocess.run([*run, str(tmp_path / "missing")], capture_output=True, check=False)
    assert usage.returncode == 2


def test_all_targets_built_together_pass_the_checker(make_project: MakeProject) -> None:
    """When the other first-party targets are installed, Cursor's view of their shared
    output (AGENTS.md, .agents/skills) must still be clean."""
    from wazir_core.build import run_build
    from wazir_core.plugins.host import PluginHost

    host = PluginHost()
    names = [info.name for info in host.load_all() if info.status == "ok"]
    if set(names) <= {"cursor"}:
        pytest.skip("no other host target is installed and loadable")
    project = make_project()
    report = run_build(project, names, host=host)
    assert report.ok, report.diagnostics
    assert cursor_lint.lint_tree(project) == []

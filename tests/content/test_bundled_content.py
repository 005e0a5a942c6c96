"""Rules the bundled content pack must keep (issue 3): counts, references, commands, budget;
and the same command check for the README and the docs."""

from __future__ import annotations

import functools
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from wazir_core.bundled import bundled_pack
from wazir_core.compose import compose
from wazir_core.config import Budget
from wazir_core.loading import load_content

PACK = bundled_pack()
ROOT = Path(__file__).parents[2]
COMMAND = re.compile(r"`(wazir [^`]+)`|^\s*(?:\$ )?(wazir (?:capture|status|compose|validate|"
                     r"build|doctor|hook|init|targets|schema)\b[^\n]*)", re.M)


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    result = load_content([PACK])
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result


def test_counts(loaded) -> None:  # type: ignore[no-untyped-def]
    counts = loaded.content.counts()
    assert counts["roles"] == 10
    assert counts["workflows"] == 15
    assert counts["phases"] == 14
    assert counts["skills"] >= 20
    assert counts["hooks"] == 7
    assert counts["modules"] >= 72
    assert counts["domains"] == 12
    assert counts["stacks"] >= 15
    assert counts["concerns"] >= 20
    by_domain: dict[str, int] = {}
    for module in loaded.content.modules.values():
        by_domain[module.domain] = by_domain.get(module.domain, 0) + 1
    assert min(by_domain.values()) >= 4, by_domain


def test_no_warnings_every_module_mapped(loaded) -> None:  # type: ignore[no-untyped-def]
    assert not loaded.diagnostics, "\n".join(map(str, loaded.diagnostics))


def test_module_size_limits(loaded) -> None:  # type: ignore[no-untyped-def]
    for module in loaded.content.modules.values():
        assert module.origin is not None
        lines = Path(module.origin.path).read_text(encoding="utf-8").count("\n")
        assert 80 <= lines <= 300, f"{module.id}: {lines} lines"
        assert module.tokens <= 3000, f"{module.id}: ~{module.tokens} tokens"


def test_skill_bodies_under_500_lines(loaded) -> None:  # type: ignore[no-untyped-def]
    for skill in loaded.content.skills.values():
        assert skill.body.count("\n") < 500, skill.name
        assert skill.description.lower().startswith("use "), skill.name


def test_pipeline_gates_are_data(loaded) -> None:  # type: ignore[no-untyped-def]
    steps = {s.phase: s for s in loaded.content.pipeline}
    assert steps["spec-challenge"].on_reject == "specify"
    assert steps["design-review"].on_reject == "design"
    assert steps["plan-review"].on_reject == "plan"
    assert "run-audit" in loaded.content.workflows and "run-audit" not in steps


def test_default_composition_within_budget(loaded) -> None:  # type: ignore[no-untyped-def]
    budget = Budget()
    for role in loaded.content.roles:
        comp = compose(loaded.content, role, budget=budget)
        assert not [d for d in comp.decisions if d.action == "dropped"], role
        assert len(comp.selected) <= budget.max_modules and comp.tokens <= budget.max_tokens


def test_no_placeholder_text() -> None:
    bad = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum|lorem)\b", re.I)
    hits = [f"{p}:{i}" for p in PACK.rglob("*") if p.is_file()
            for i, line in enumerate(p.read_text(encoding="utf-8", errors="replace")
                                     .splitlines(), 1) if bad.search(line)]
    assert not hits, hits


def _commands(root: Path, files: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in files:
        for match in COMMAND.finditer(path.read_text(encoding="utf-8")):
            command = (match.group(1) or match.group(2)).strip()
            found.append((f"{path.relative_to(root)}", command))
    return found


def _argv(command: str) -> list[str]:
    """The command with placeholders made concrete, ready for ``--help`` parsing."""
    command = command.split(" | ")[0].split(" < ")[0].split(" > ")[0].rstrip(".,;:")
    command = re.sub(r"<[^>]+>|\b[A-Z][A-Z_]{2,}\b", "x", command)
    command = re.sub(r"\[(--[\w-]+)[^\]]*\]", r"\1", command)
    command = command.replace("...", "").replace("…", "")
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


@functools.cache
def _help(*words: str) -> str | None:
    """The CLI's --help for a (sub)command, or None if there is no such command. ``wazir
    hook`` answers hosts, not ``--help``: its usage line (printed without a name) stands in."""
    hook = words == ("hook",)
    probe = subprocess.run([sys.executable, "-m", "wazir_core", *words,
                            *([] if hook else ["--help"])], capture_output=True, text=True)
    if hook:
        return probe.stderr if "usage: wazir hook NAME" in probe.stderr else None
    return probe.stdout if probe.returncode == 0 else None


def _unknown_commands(commands: list[tuple[str, str]]) -> list[str]:
    """Each `wazir ...` command whose subcommand or options the real CLI does not have."""
    assert commands, "expected wazir commands to check"
    failures = []
    for where, command in commands:
        argv = _argv(command)[1:]
        options = [a for a in argv if a.startswith("--")]
        words = [a for a in argv if not a.startswith("-")]
        sub: list[str] = []
        for word in words[:2]:
            if _help(*sub, word) is None:
                break
            sub.append(word)
        if words and not sub:
            failures.append(f"{where}: `{command}`: no such command")
            continue
        help_text = _help(*sub) or ""
        unknown = [o for o in (o.split("=")[0] for o in options)
                   if not re.search(rf"{re.escape(o)}(?![\w-])", help_text)]
        if unknown:
            failures.append(f"{where}: `{command}`: unknown option(s) {unknown}")
    return failures


def test_content_commands_exist() -> None:
    """Every `wazir ...` command the content tells an agent to run parses in the real CLI."""
    failures = _unknown_commands(_commands(PACK, sorted(PACK.rglob("*.md"))))
    assert not failures, "\n".join(failures)


def test_doc_commands_exist() -> None:
    """The same for every `wazir ...` command in the README and the docs."""
    docs = [ROOT / "README.md", ROOT / "benchmarks/README.md", *sorted(ROOT.glob("docs/**/*.md"))]
    commands = [(where, command) for where, command in _commands(ROOT, docs)
                if command != "wazir on PATH"]  # the name of a `wazir doctor` check
    failures = _unknown_commands(commands)
    assert not failures, "\n".join(failures)

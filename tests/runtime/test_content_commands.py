"""Every ``wazir capture`` / ``wazir status`` form the bundled content tells agents to run
works, in the order a run would meet them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wazir_core.bundled import bundled_pack
from wazir_core.cli.app import app

COMMAND = re.compile(r"`(wazir (?:capture|status)[^`]*)`")
PLACEHOLDERS = {"PHASE": "review", "RUN_ID": "r1", "NAME": "tests", "N": "1", "CMD": "make",
                "TEXT": "text", "<reason>": "because", "REASON": "why"}


def content_commands() -> list[str]:
    found: set[str] = set()
    for path in bundled_pack().rglob("*.md"):
        found.update(COMMAND.findall(path.read_text(encoding="utf-8")))
    order = ("wazir capture init --run", "wazir capture init", "wazir capture event",
             "wazir capture route", "wazir capture output", "wazir capture summary",
             "wazir capture usage", "wazir status")
    return sorted(found, key=lambda c: (next(i for i, p in enumerate(order)
                                             if c.startswith(p)), c))


def test_content_mentions_the_runtime_commands() -> None:
    commands = content_commands()
    for family in ("capture init", "capture event", "capture output", "capture summary",
                   "capture usage", "status"):
        assert any(c.startswith(f"wazir {family}") for c in commands), family


def test_every_content_command_runs(project: Path, state: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["capture", "init", "--run", "r1", "--state-root", str(state),
                                "--project", str(project)])
    assert first.exit_code == 0, first.output
    for command in content_commands():
        words = [PLACEHOLDERS.get(w, w) for w in shlex.split(command)[1:]]
        words = [re.sub(r"\b(N|TEXT|TASK SUMMARY|SHORT LIST)\b", "x", w) for w in words]
        if words[:2] == ["capture", "init"] and "--resume" not in words:
            words += ["--force"] if "--run" in words else []
        result = runner.invoke(app, [*words, "--state-root", str(state), "--project",
                                     str(project)], input="captured text\n")
        assert result.exit_code == 0, (command, result.output)


@pytest.mark.parametrize("args", [["capture", "--help"], ["capture", "event", "--help"],
                                  ["status", "--help"], ["doctor", "--help"],
                                  ["hook", "--help"]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and "Usage" in result.output

"""Rebuild shortcuts and partial builds: what the build record remembers between builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from wazir_core.build import run_build
from wazir_core.plugins.host import PluginHost
from wazir_core.writing.record import read_record, sha256


def _changes(project: Path, *targets: str) -> list[str]:
    report = run_build(project, list(targets))
    assert report.ok, [str(d) for d in report.diagnostics]
    assert report.plan is not None
    return [a.change for a in report.plan.changes()]


def test_a_partial_build_knows_the_targets_already_built(tmp_path: Path) -> None:
    """Cursor runs Claude's hooks: built after Claude, Cursor adds no hook file of its own."""
    _changes(tmp_path, "claude")
    _changes(tmp_path, "cursor")
    assert (tmp_path / ".claude/settings.json").is_file()
    assert not (tmp_path / ".cursor/hooks.json").exists()
    assert sorted(read_record(tmp_path).targets) == ["claude", "cursor"]


def test_a_full_build_drops_targets_no_longer_built_then_skips_again(tmp_path: Path) -> None:
    (tmp_path / "wazir.yaml").write_text("targets: [claude, cursor]\n", encoding="utf-8")
    _changes(tmp_path)
    assert _changes(tmp_path) == []
    (tmp_path / "wazir.yaml").write_text("targets: [cursor]\n", encoding="utf-8")
    changes = _changes(tmp_path)
    assert "removed" in changes
    assert not (tmp_path / ".claude").exists()
    assert (tmp_path / ".cursor/hooks.json").is_file(), "Cursor now wires its own hooks"
    assert sorted(read_record(tmp_path).targets) == ["cursor"]
    assert _changes(tmp_path) == []


def test_a_no_op_rebuild_is_answered_from_the_record(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _changes(tmp_path, "codex")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}

    def no_plugin(self: PluginHost, name: str) -> None:
        raise AssertionError(f"the no-op rebuild loaded the '{name}' plugin")

    monkeypatch.setattr(PluginHost, "target", no_plugin)
    report = run_build(tmp_path, ["codex"])
    assert report.plan is not None and not report.plan.changes()
    assert report.plan.actions, "the unchanged files are listed"
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert before == after


def test_an_edited_shared_file_defeats_the_shortcut(tmp_path: Path) -> None:
    """The user writes in AGENTS.md outside wazir's block: the next build takes the full path
    (it re-merges and records the file's new hash) and keeps the user's text."""
    _changes(tmp_path, "codex")
    agents = tmp_path / "AGENTS.md"
    agents.write_text(agents.read_text(encoding="utf-8") + "\nmy own note\n", encoding="utf-8")
    _changes(tmp_path, "codex")
    data = agents.read_bytes()
    assert b"my own note" in data
    assert read_record(tmp_path).files["AGENTS.md"].sha256 == sha256(data)

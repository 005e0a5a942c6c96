"""Rebuild shortcuts and partial builds: what the build record remembers between builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import wazir_core.build as build_module
from wazir_core.build import run_build
from wazir_core.cache import load_pickle, save_pickle
from wazir_core.plugins.fileset import FileSet, TextFile
from wazir_core.plugins.host import PluginHost
from wazir_core.writing.record import read_record, sha256

from .helpers import host_with, make_target


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


# Reusing rendered files -----------------------------------------------------------------------

@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WAZIR_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "wazir.yaml").write_text("concerns: [auth]\n", encoding="utf-8")
    return folder


def _tree(root: Path) -> dict[str, bytes]:
    """The generated files (not the inputs, the lock or the record)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(
                ("extra/", ".wazir/templates/", ".wazir/build"))
            and p.name not in ("wazir.yaml", "pyproject.toml")}


def _outputs_deleted(project: Path) -> None:
    for path in project.iterdir():
        if path.name != "wazir.yaml":
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _forbid_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_prepare(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build loaded the content again")

    def no_plugin(self: PluginHost, name: str) -> None:
        raise AssertionError(f"the build loaded the '{name}' plugin")

    monkeypatch.setattr(build_module, "prepare", no_prepare)
    monkeypatch.setattr(PluginHost, "target", no_plugin)


def test_deleted_outputs_are_rewritten_from_the_cache_byte_for_byte(
        project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _changes(project, "all")
    first = _tree(project)
    _outputs_deleted(project)
    with monkeypatch.context() as patched:
        _forbid_rendering(patched)
        report = run_build(project, ["all"])
    assert report.ok and report.plan is not None
    assert {a.change for a in report.plan.changes()} == {"added"}
    assert _tree(project) == first
    assert sorted(report.versions) == ["claude", "codex", "cursor", "gemini"]


def test_a_target_registered_in_process_is_always_rendered(
        project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its code may change without any installed file changing, so nothing is reused."""
    renders: list[str] = []

    def files(bundle: object) -> FileSet:
        renders.append("render")
        out = FileSet()
        out.add(".st/a.md", TextFile("a\n"))
        return out

    host = host_with(make_target("inproc", files))
    for _ in range(2):
        _outputs_deleted(project)
        report = run_build(project, ["inproc"], host=host)
        assert report.ok and (project / ".st/a.md").read_text(encoding="utf-8") == "a\n"
    assert renders == ["render", "render"]
    assert not (cache / "builds").exists() or not any((cache / "builds").iterdir())


def test_check_after_a_build_needs_no_plugin_and_still_sees_a_deleted_file(
        project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _changes(project, "codex")
    _forbid_rendering(monkeypatch)
    assert run_build(project, ["codex"], mode="check").ok
    (project / "AGENTS.md").unlink()
    report = run_build(project, ["codex"], mode="check")
    assert not report.ok and report.plan is not None
    assert [(a.path, a.change) for a in report.plan.changes()] == [("AGENTS.md", "missing")]


@pytest.mark.parametrize("change", ["wazir.yaml", "pack file", "override", "stacks"])
def test_a_changed_input_is_rendered_afresh(project: Path, cache: Path, change: str) -> None:
    skill = project / "extra/skills/local-skill/SKILL.md"
    skill.parent.mkdir(parents=True)
    (project / "extra/pack.yaml").write_text("id: extra\nname: Extra\nversion: 1.0.0\n"
                                             "description: A project pack.\n", encoding="utf-8")
    skill.write_text("---\nname: local-skill\ndescription: Use when a test changes a pack "
                     "file.\n---\n# Local skill\n\nFirst text.\n", encoding="utf-8")
    (project / "wazir.yaml").write_text("concerns: [auth]\npacks: [extra]\n", encoding="utf-8")
    _changes(project, "codex")
    before = _tree(project)
    if change == "wazir.yaml":
        (project / "wazir.yaml").write_text("concerns: [auth, public-api]\npacks: [extra]\n",
                                            encoding="utf-8")
    elif change == "pack file":
        skill.write_text(skill.read_text(encoding="utf-8") + "Changed text.\n",
                         encoding="utf-8")
    elif change == "override":
        folder = project / ".wazir/templates/codex"
        folder.mkdir(parents=True)
        (folder / "agent-instructions.md.j2").write_text("Overridden.\n", encoding="utf-8")
    else:
        (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    _changes(project, "codex")
    assert _tree(project) != before


def test_a_damaged_cache_only_costs_time(project: Path, cache: Path) -> None:
    _changes(project, "codex")
    first = _tree(project)
    for path in (cache / "builds").iterdir():
        path.write_bytes(b"not a pickle")
    _outputs_deleted(project)
    _changes(project, "codex")
    assert _tree(project) == first


def test_the_cache_keeps_only_the_most_recently_used_entries(tmp_path: Path) -> None:
    for i in range(3):
        save_pickle(tmp_path / f"{i}.pickle", i, keep=3)
        os.utime(tmp_path / f"{i}.pickle", (1000 + i, 1000 + i))  # file times are coarse
    assert load_pickle(tmp_path / "0.pickle") == 0  # used: now the most recent
    save_pickle(tmp_path / "3.pickle", 3, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.pickle", "2.pickle", "3.pickle"]
    assert load_pickle(tmp_path / "1.pickle") is None

"""A target returning a path it may not write: the build refuses it by name and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wazir_core.build import run_build
from wazir_core.plugins.fileset import FileSet, TextFile
from wazir_core.writing.paths import path_problem
from wazir_core.writing.record import RECORD_PATH, read_record

from .helpers import FAKE, host_with, make_target, tree, wazir

BAD = [
    ("../x", "'..' segment"),
    (".st/../../x", "'..' segment"),
    ("/etc/x", "absolute"),
    ("C:\\x", "uses '\\'"),
    ("C:/x", "absolute"),
    ("c:x", "absolute"),
    (".st//x", "an empty, '.' or '..' segment"),
    (".st/./x", "'.' or '..' segment"),
    ("outside/x.md", "outside the target's output roots"),
    (".stx/evil.md", "outside the target's output roots"),
    ("", "not a non-empty string"),
    (".st/nul\x00.md", "NUL"),
]


def nothing_written(project: Path) -> bool:
    return not (project / ".st").exists() and not (project / RECORD_PATH).exists() and \
        [p for p in tree(project) if not p.startswith(".wazir/")] == []


@pytest.mark.parametrize(("path", "why"), BAD)
def test_a_bad_path_is_refused_and_nothing_is_written(project: Path, path: str, why: str
                                                      ) -> None:
    target = make_target("st", {".st/good.md": "good\n", path: "evil\n"}, roots=(".st",))
    report = run_build(project, ["st"], host=host_with(target))
    assert not report.ok
    messages = [d.message for d in report.diagnostics if d.severity == "error"]
    assert any(why in m and "target 'st'" in m for m in messages), messages
    assert nothing_written(project)
    assert not (project.parent / "x").exists() and not Path("/etc/x").exists()


def test_path_rules_accept_good_paths() -> None:
    roots = (".st", "TOP.md")
    assert path_problem(".st/a/b.md", roots) is None
    assert path_problem("TOP.md", roots) is None
    assert path_problem(".st/..hidden/x", roots) is None, "'..hidden' is a name, not '..'"


@pytest.mark.slow
@pytest.mark.parametrize(("path", "why"), [
    ("../x", "'..' segment"), ("/etc/x", "absolute"), ("C:\\x", "uses '\\'"),
    ("elsewhere/x.md", "outside the target's output roots")])
def test_a_bad_path_from_a_plugin_fails_the_command(project: Path, path: str, why: str) -> None:
    (project / "wazir.yaml").write_text(
        "options:\n  badpath:\n    path: " + json.dumps(path) + "\n", encoding="utf-8")
    proc = wazir("build", "--target", "badpath", "--project", project,
                 plugins=(f"{FAKE}.badpath",))
    assert proc.returncode == 1
    assert why in proc.stderr and "target 'badpath'" in proc.stderr
    assert not (project / ".badpath").exists()
    assert not (project.parent / "x").exists()


def test_the_same_path_twice_with_different_content_is_an_error(project: Path) -> None:
    def twice(bundle: object) -> FileSet:
        files = FileSet()
        files.add(".st/a.md", "first\n")
        files.add(".st/a.md", "second\n")
        files.add(".st/b.md", "b\n")
        return files

    report = run_build(project, ["st"], host=host_with(make_target("st", twice)))
    assert not report.ok
    assert any("'.st/a.md' is rendered twice with different content" in d.message
               for d in report.diagnostics)
    assert nothing_written(project)


def test_the_same_path_twice_with_the_same_content_is_fine() -> None:
    files = FileSet()
    files.add(".st/a.md", "same\n")
    files.add(".st/a.md", TextFile("same\n"))
    assert len(files) == 1 and not files.diagnostics


def test_two_targets_writing_different_content_to_one_path_collide(project: Path) -> None:
    one = make_target("one", {"SHARED.md": "one\n", ".one/a.md": "a\n"},
                      roots=("SHARED.md", ".one"))
    two = make_target("two", {"SHARED.md": "two\n", ".two/b.md": "b\n"},
                      roots=("SHARED.md", ".two"))
    report = run_build(project, ["one", "two"], host=host_with(one, two))
    assert not report.ok
    collision = [d for d in report.diagnostics if d.code == "collision"]
    assert collision and collision[0].path == "SHARED.md"
    assert "'one' and 'two'" in collision[0].message
    assert tree(project) == {}, "nothing written (tree() leaves out the lock file)"


def test_two_targets_writing_identical_content_write_it_once(project: Path) -> None:
    one = make_target("one", {"SHARED.md": "same\n"}, roots=("SHARED.md",))
    two = make_target("two", {"SHARED.md": "same\n"}, roots=("SHARED.md",))
    report = run_build(project, ["one", "two"], host=host_with(one, two))
    assert report.ok, report.diagnostics
    assert (project / "SHARED.md").read_text() == "same\n"
    assert read_record(project).files["SHARED.md"].targets == ["one", "two"]


def test_a_file_and_a_folder_at_one_path_collide(project: Path) -> None:
    target = make_target("st", {".st/a": "file\n", ".st/a/b.md": "inside\n"})
    report = run_build(project, ["st"], host=host_with(target))
    assert not report.ok
    assert any(d.code == "collision" and d.path == ".st/a" for d in report.diagnostics)
    assert nothing_written(project)


def test_a_target_returning_something_else_than_a_fileset(project: Path) -> None:
    target = make_target("st", lambda bundle: {".st/a.md": "a"})  # type: ignore[arg-type,return-value]
    report = run_build(project, ["st"], host=host_with(target))
    assert not report.ok
    assert any("returned dict, not a FileSet" in d.message for d in report.diagnostics)
    assert nothing_written(project)

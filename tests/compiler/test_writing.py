"""The Write step: ownership, conflicts, --check, stale files, symlinks and I/O failures.

Most tests drive the option-driven ``gen`` test target in process (``run_build`` with a
``PluginHost`` it is registered in); the user-visible ones run the real command.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wazir_core.build import BuildReport, run_build
from wazir_core.diagnostics import WazirError
from wazir_core.plugins.fileset import FileSet, ManagedBlock, TextFile
from wazir_core.writing import apply
from wazir_core.writing.paths import Escapes
from wazir_core.writing.record import RECORD_PATH, read_record

from .fakeplugins.gen_target import GenTarget, body
from .helpers import GEN, gen_config, host_with, make_target, temps, tree, wazir

PLUGINS = (GEN,)


def build(project: Path, mode: str = "build", force: bool = False, **options: Any
          ) -> BuildReport:
    if options:
        gen_config(project, **options)
    return run_build(project, ["gen"], mode=mode, force=force,  # type: ignore[arg-type]
                     host=host_with(GenTarget()))


def errors(report: BuildReport) -> list[str]:
    return [f"{d.path}: {d.message}" for d in report.diagnostics if d.severity == "error"]


@pytest.fixture
def built(project: Path) -> Path:
    """A project built once with the ``old`` variant."""
    report = build(project, variant="old", files=12)
    assert report.ok, errors(report)
    return project


# Ownership and conflicts -------------------------------------------------------------------

@pytest.mark.slow
def test_a_user_file_where_a_generated_file_goes_is_not_overwritten(project: Path) -> None:
    gen_config(project, files=6)
    user = project / ".gen/d0/f000.md"
    user.parent.mkdir(parents=True)
    user.write_bytes(b"my own notes\r\n")
    proc = wazir("build", "-p", project, plugins=PLUGINS)
    assert proc.returncode == 1
    assert ".gen/d0/f000.md" in proc.stderr
    assert "exists and was not written by wazir" in proc.stderr and "--force" in proc.stderr
    assert user.read_bytes() == b"my own notes\r\n"
    assert set(tree(project)) == {"wazir.yaml", ".gen/d0/f000.md"}, "nothing else written"

    check = wazir("build", "--check", "-p", project, plugins=PLUGINS)
    assert check.returncode == 1
    assert "not wazir's" in check.stdout and ".gen/d0/f000.md" in check.stdout

    forced = wazir("build", "--force", "-p", project, plugins=PLUGINS)
    assert forced.returncode == 0, forced.stderr
    assert user.read_text() == body("old", 0)
    assert ".gen/d0/f000.md" in read_record(project).files
    assert wazir("build", "--check", "-p", project, plugins=PLUGINS).returncode == 0


@pytest.mark.slow
def test_check_reports_a_hand_edited_generated_file(project: Path) -> None:
    gen_config(project, files=6)
    assert wazir("build", "-p", project, plugins=PLUGINS).returncode == 0
    edited = project / ".gen/d1/f001.md"
    edited.write_text("I changed this by hand\n", encoding="utf-8")
    (project / ".gen/d2/f002.md").unlink()

    check = wazir("build", "--check", "-p", project, plugins=PLUGINS)
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    assert any(line.startswith("hand-edited") and ".gen/d1/f001.md" in line for line in lines)
    assert any(line.startswith("restore") and ".gen/d2/f002.md" in line for line in lines)
    assert "out of date: 2 difference(s)" in check.stderr
    assert edited.read_text() == "I changed this by hand\n", "--check writes nothing"
    assert not (project / ".gen/d2/f002.md").exists()

    as_json = json.loads(wazir("build", "--check", "--json", "-p", project,
                               plugins=PLUGINS).stdout)
    assert not as_json["ok"]
    assert {c["path"]: c["change"] for c in as_json["changes"]} == {
        ".gen/d1/f001.md": "hand-edited", ".gen/d2/f002.md": "missing"}

    refused = wazir("build", "-p", project, plugins=PLUGINS)
    assert refused.returncode == 1
    assert ".gen/d1/f001.md" in refused.stderr and "edited by hand" in refused.stderr
    assert not (project / ".gen/d2/f002.md").exists(), "a refused build writes nothing"

    assert wazir("build", "--force", "-p", project, plugins=PLUGINS).returncode == 0
    assert edited.read_text() == body("old", 1)
    assert wazir("build", "--check", "-p", project, plugins=PLUGINS).returncode == 0


def test_check_lists_added_changed_and_removed(built: Path) -> None:
    gen_config(built, variant="new", files=13)
    report = build(built, mode="check")
    assert not report.ok
    assert report.plan is not None
    changes = {a.path: a.change for a in report.plan.changes()}
    assert changes[".gen/d2/f012.md"] == "added"
    assert changes[".gen/d0/f000.md"] == "changed"
    assert changes[".gen/only-old/nested/x.md"] == "removed"
    assert changes[".gen/only-new/nested/x.md"] == "added"
    assert (built / ".gen/d0/f000.md").read_text() == body("old", 0)


@pytest.mark.slow
def test_dry_run_prints_the_plan_and_writes_nothing(project: Path) -> None:
    gen_config(project, files=3)
    proc = wazir("build", "--dry-run", "-p", project, plugins=PLUGINS)
    assert proc.returncode == 0
    assert "add          .gen/d0/f000.md  [gen]" in proc.stdout
    assert "gen: 7 would write, 0 unchanged, 0 removed" in proc.stdout
    assert set(tree(project)) == {"wazir.yaml"}


@pytest.mark.slow
def test_json_report_for_scripts(project: Path) -> None:
    gen_config(project, files=3)
    report = json.loads(wazir("build", "--json", "-p", project, plugins=PLUGINS).stdout)
    assert report["ok"] and report["mode"] == "build"
    assert report["targets"]["gen"]["written"] == 7
    assert report["targets"]["gen"]["plugin_api"]
    again = json.loads(wazir("build", "--json", "-p", project, plugins=PLUGINS).stdout)
    assert again["changes"] == [] and again["unchanged"] == 7


# Stale files -----------------------------------------------------------------------------

def test_stale_files_are_removed_and_empty_folders_pruned(built: Path) -> None:
    assert (built / ".gen/only-old/nested/x.md").is_file()
    report = build(built, variant="new", files=4, extra=("a", "b"))
    assert report.ok, errors(report)
    assert not (built / ".gen/only-old").exists(), "emptied folders are pruned"
    assert not (built / ".gen/d0/f005.md").exists()
    assert (built / ".gen/only-new/nested/x.md").read_text() == body("new", -1)
    assert report.plan is not None and report.plan.summary("gen")["removed"] == 9
    record = read_record(built)
    assert ".gen/only-old/nested/x.md" not in record.files

    report = build(built, variant="new", files=4)
    assert report.ok and not (built / ".gen/extra").exists()
    assert (built / ".gen").is_dir(), "folders that still hold files stay"


def test_a_user_file_keeps_its_folder_when_wazir_files_leave(built: Path) -> None:
    mine = built / ".gen/only-old/nested/mine.txt"
    mine.write_text("keep me\n", encoding="utf-8")
    report = build(built, variant="new", files=12)
    assert report.ok, errors(report)
    assert mine.read_text() == "keep me\n"
    assert not (built / ".gen/only-old/nested/x.md").exists()


@pytest.mark.slow
def test_a_hand_edited_stale_file_is_kept_and_reported(project: Path) -> None:
    gen_config(project, variant="old", files=3)
    assert wazir("build", "-p", project, plugins=PLUGINS).returncode == 0
    stale = project / ".gen/only-old/nested/x.md"
    stale.write_text("my edits\n", encoding="utf-8")

    gen_config(project, variant="new", files=3)
    check = wazir("build", "--check", "-p", project, plugins=PLUGINS)
    assert check.returncode == 1
    assert any(line.startswith("orphaned") and ".gen/only-old/nested/x.md" in line
               for line in check.stdout.splitlines())

    proc = wazir("build", "-p", project, plugins=PLUGINS)
    assert proc.returncode == 0, proc.stderr
    assert ".gen/only-old/nested/x.md" in proc.stderr and "edited by hand" in proc.stderr
    assert stale.read_text() == "my edits\n"
    assert ".gen/only-old/nested/x.md" not in read_record(project).files
    again = wazir("build", "-p", project, plugins=PLUGINS)
    assert again.returncode == 0, again.stderr
    assert stale.read_text() == "my edits\n"


def test_a_stale_file_of_a_target_not_built_now_is_left_alone(project: Path) -> None:
    one = make_target("one", {".one/a.md": "a\n"}, roots=(".one",))
    two = make_target("two", {".two/b.md": "b\n"}, roots=(".two",))
    host = host_with(one, two)
    assert run_build(project, ["one", "two"], host=host).ok
    assert run_build(project, ["one"], host=host).ok
    assert (project / ".two/b.md").is_file(), "building one target never removes another's"


# Symlinks -----------------------------------------------------------------------------

@pytest.mark.slow
def test_an_output_folder_that_is_a_symlink_outside_the_project_is_refused(
        tmp_path: Path, project: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "gen-out").symlink_to(outside, target_is_directory=True)
    gen_config(project, files=3, output="gen-out")
    proc = wazir("build", "-p", project, plugins=PLUGINS)
    assert proc.returncode == 1
    assert "resolves outside the project" in proc.stderr
    assert list(outside.iterdir()) == []

    (project / "wazir.yaml").unlink()
    gen_config(project, files=3)
    proc = wazir("build", "-p", project, "--out", project / "gen-out", plugins=PLUGINS)
    assert proc.returncode == 1 and "outside the project" in proc.stderr
    assert list(outside.iterdir()) == []


def test_a_symlinked_folder_inside_the_output_leading_outside_is_refused(
        tmp_path: Path, project: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".gen").symlink_to(outside, target_is_directory=True)
    report = build(project, files=3)
    assert not report.ok
    assert any("symlink that leads outside the project" in e for e in errors(report))
    assert list(outside.iterdir()) == []


def test_a_folder_not_yet_made_answers_as_the_nearest_one_that_exists(tmp_path: Path) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "real").mkdir(parents=True)
    outside.mkdir()
    (project / "link").symlink_to(outside, target_is_directory=True)
    (project / "dangling").symlink_to(tmp_path / "gone", target_is_directory=True)
    escapes = Escapes(project)
    assert escapes(project / "link" / "new" / "deeper")
    assert not escapes(project / "real" / "new" / "deeper")
    assert not escapes(project / "new" / "deeper"), "a folder to be made inside the project"
    assert not escapes(project / "dangling" / "x"), "a broken link answers as its folder"
    assert escapes(project / "link") and not escapes(project)


def test_a_generated_file_that_is_a_symlink_to_outside_is_never_written_through(
        tmp_path: Path, built: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside data\n", encoding="utf-8")
    link = built / ".gen/d0/f000.md"
    link.unlink()
    link.symlink_to(secret)
    report = build(built, variant="new", files=12)
    assert not report.ok
    assert any(".gen/d0/f000.md" in e for e in errors(report))
    assert secret.read_text() == "outside data\n"
    report = build(built, force=True)
    assert report.ok, errors(report)
    assert secret.read_text() == "outside data\n", "--force replaces the link, not its target"
    assert not link.is_symlink() and link.read_text() == body("new", 0)


# I/O failures ---------------------------------------------------------------------------

def _fail_on_call(n: int, error: int, real: Callable[..., Any]) -> Callable[..., Any]:
    calls = {"n": 0}

    def fake(*args: Any, **kwargs: Any) -> Any:
        if real is os.write and args and args[0] <= 2:
            return real(*args, **kwargs)  # the test runner's own output, not a staged file
        calls["n"] += 1
        if calls["n"] == n:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    return fake


@pytest.mark.parametrize("nth", [1, 5, 16, 17])
def test_disk_full_while_staging_changes_nothing(built: Path, monkeypatch: pytest.MonkeyPatch,
                                                 nth: int) -> None:
    """ENOSPC on the Nth staged file (its data half in a temp file; the 17th is the pending
    build record): every file stays old, the record is unchanged, no temp file is left, and
    the next build succeeds."""
    before = tree(built)
    gen_config(built, variant="new", files=12)
    monkeypatch.setattr(os, "write", _fail_on_call(nth, errno.ENOSPC, os.write))
    with pytest.raises(WazirError) as caught:
        build(built)
    assert "No space left on device; nothing was changed" in str(caught.value)
    after = tree(built)
    assert {k: v for k, v in after.items() if k != "wazir.yaml"} == \
        {k: v for k, v in before.items() if k != "wazir.yaml"}
    assert temps(built) == []
    monkeypatch.undo()
    assert build(built).ok
    assert (built / ".gen/d0/f000.md").read_text() == body("new", 0)


def _staging_fails(monkeypatch: pytest.MonkeyPatch, fails: Callable[[Path], bool],
                   error: Exception) -> None:
    """Make creating the temp file for some destinations fail with ``error``."""
    real = apply._open_temp

    def open_temp(dest: Path, executable: bool) -> tuple[int, Path]:
        if fails(dest):
            raise error
        return real(dest, executable)

    monkeypatch.setattr(apply, "_open_temp", open_temp)


@pytest.mark.parametrize(("files", "fails", "error", "message"), [
    # Simulated (tests may run as root, who may write anywhere): the folder refuses new
    # files, as a read-only folder does.
    (12, lambda dest: dest.parent.name == "d3", PermissionError(errno.EACCES, "Permission denied"),
     ".gen/d3/f003.md: error: cannot write: Permission denied; nothing was changed"),
    # Enough files that staging runs on several threads: the first failing file is named.
    (60, lambda dest: dest.name == "f033.md", OSError(errno.ENOSPC, "No space left on device"),
     ".gen/d3/f033.md: error: cannot write: No space left on device; nothing was changed"),
])
def test_a_failure_while_staging_changes_nothing(
        built: Path, monkeypatch: pytest.MonkeyPatch, files: int, fails: Callable[[Path], bool],
        error: OSError, message: str) -> None:
    before = tree(built)
    _staging_fails(monkeypatch, fails, error)
    gen_config(built, variant="new", files=files)
    with pytest.raises(WazirError) as caught:
        build(built)
    assert message in str(caught.value)
    after = tree(built)
    assert sorted(after) == sorted(before)
    assert all(after[p] == before[p] for p in before if p != "wazir.yaml")
    assert temps(built) == []


def test_an_unexpected_error_on_a_staging_thread_changes_nothing(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not an OSError (a bug, an interrupt): it reaches the caller, no file is replaced, and
    the next build sweeps whatever temp files were left and finishes the job."""
    before = tree(built)
    _staging_fails(monkeypatch, lambda dest: dest.name == "f041.md", RuntimeError("boom"))
    gen_config(built, variant="new", files=60)
    with pytest.raises(RuntimeError, match="boom"):
        build(built)
    after = tree(built)
    assert all(after[p] == before[p] for p in before if p != "wazir.yaml")
    monkeypatch.undo()
    assert build(built).ok
    assert temps(built) == []
    assert (built / ".gen/d1/f041.md").read_text() == body("new", 41)


def test_a_file_where_a_folder_must_go_changes_nothing(built: Path) -> None:
    """The user replaced a generated folder with a file: creating the folder fails, the error
    names the first file that needed it, and nothing else is touched."""
    shutil.rmtree(built / ".gen/d3")
    (built / ".gen/d3").write_text("mine\n", encoding="utf-8")
    before = tree(built)
    with pytest.raises(WazirError) as caught:
        build(built, variant="old", files=12)
    assert ".gen/d3/f003.md: error: cannot write:" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert tree(built) == before
    assert temps(built) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a non-root POSIX user: root may write into read-only folders")
def test_a_really_read_only_folder_changes_nothing(built: Path) -> None:
    before = tree(built)
    folder = built / ".gen/d3"
    folder.chmod(0o555)
    try:
        gen_config(built, variant="new", files=12)
        with pytest.raises(WazirError) as caught:
            build(built)
        assert "nothing was changed" in str(caught.value)
        after = tree(built)
        assert all(after[p] == before[p] for p in before if p != "wazir.yaml")
    finally:
        folder.chmod(0o755)
    assert build(built).ok


def test_a_failure_while_renaming_leaves_whole_files_and_the_next_build_repairs(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(built, include_record=False)
    gen_config(built, variant="new", files=12)
    monkeypatch.setattr(os, "replace", _fail_on_call(6, errno.EIO, os.replace))
    with pytest.raises(WazirError) as caught:
        build(built)
    assert "cannot replace" in str(caught.value) and "run `wazir build` again" in str(caught.value)
    assert temps(built) == []
    for path, data in tree(built, include_record=False).items():
        if path.startswith(".gen/d"):
            index = int(path.rsplit("f", 1)[1][:3])
            assert data in (before.get(path), body("new", index).encode()), path
    monkeypatch.undo()
    report = build(built)
    assert report.ok, errors(report)
    assert (built / ".gen/d0/f010.md").read_text() == body("new", 10)
    assert build(built, mode="check").ok


def test_a_stale_file_that_cannot_be_removed_is_reported_and_retried(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name == "x.md" and "only-old" in self.parts:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(WazirError) as caught:
        build(built, variant="new", files=12)
    assert ".gen/only-old/nested/x.md" in str(caught.value)
    assert "cannot remove" in str(caught.value)
    assert (built / ".gen/d0/f000.md").read_text() == body("new", 0)
    assert ".gen/only-old/nested/x.md" in read_record(built).files
    monkeypatch.undo()
    report = build(built)
    assert report.ok, errors(report)
    assert not (built / ".gen/only-old").exists()


@pytest.mark.slow
def test_disk_full_in_a_real_build_is_a_clear_error(tmp_path: Path, built: Path) -> None:
    """The real command, with a ``sitecustomize`` making the 3rd file write fail (ENOSPC)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import errno, os\n"
        "_real, _n = os.write, [0]\n"
        "def _write(fd, data):\n"
        "    if fd > 2:\n"
        "        _n[0] += 1\n"
        "        if _n[0] == 3:\n"
        "            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
        "    return _real(fd, data)\n"
        "os.write = _write\n", encoding="utf-8")
    before = tree(built)
    gen_config(built, variant="new", files=12)
    proc = wazir("build", "-p", built, plugins=PLUGINS, extra_path=(hook,))
    assert proc.returncode == 1
    assert "cannot write: No space left on device; nothing was changed" in proc.stderr
    after = tree(built)
    assert all(after[p] == before[p] for p in before if p != "wazir.yaml")
    assert temps(built) == []


# Executable bits and the record ----------------------------------------------------------

def test_executable_bits_and_the_record(built: Path) -> None:
    tool = built / ".gen/tool.sh"
    assert os.access(tool, os.X_OK)
    record = read_record(built)
    entry = record.files[".gen/tool.sh"]
    assert entry.executable and entry.targets == ["gen"] and len(entry.sha256) == 64
    assert record.targets["gen"]["plugin_api"]
    raw = json.loads((built / RECORD_PATH).read_text())
    assert all("previous" not in e for e in raw["files"].values()), "a finished build is clean"
    tool.chmod(0o644)
    report = build(built, mode="check")
    assert not report.ok, "a lost executable bit is a difference"
    assert build(built).ok and os.access(tool, os.X_OK)


def test_library_fileset_with_block_and_text(project: Path) -> None:
    def files(bundle: object) -> FileSet:
        out = FileSet()
        out.add("NOTES.md", ManagedBlock("wazir part"))
        out.add(".st/a.md", TextFile("a\n"))
        return out

    host = host_with(make_target("st", files, roots=(".st", "NOTES.md")))
    assert run_build(project, ["st"], host=host).ok
    assert "wazir part" in (project / "NOTES.md").read_text()

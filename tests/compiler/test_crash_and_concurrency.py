"""Crash safety, concurrency and no-op rebuilds, with the real ``wazir build`` command.

* A build is killed with SIGKILL at many instants: every generated file is then either the old
  or the new version (never truncated or mixed), and the next build — of the same content or
  of the content the user went back to — repairs the tree, after which ``--check`` passes.
* Two builds started at once end with the tree one build makes.
* A rebuild with nothing to change rewrites no file (mtimes and inodes stay).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from wazir_core.build import run_build
from wazir_core.writing.apply import TEMP_TAG
from wazir_core.writing.record import RECORD_PATH

from .fakeplugins.gen_target import GenTarget
from .helpers import GEN, TOY, gen_config, host_with, stamps, start_wazir, temps, tree, wazir

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")]

FILES = 80
PLUGINS = (GEN,)

#: Makes every fsync and rename of the build a little slower, so that the writing phase is a
#: wide enough window for random kills to land in (the kill semantics do not change).
SLOW_WRITES = """\
import os, time
_delay = float(os.environ.get("WAZIR_TEST_SLOW_WRITES", "0"))
if _delay:
    _fsync, _replace = os.fsync, os.replace
    def fsync(fd):
        time.sleep(_delay)
        return _fsync(fd)
    def replace(src, dst, *args, **kwargs):
        time.sleep(_delay)
        return _replace(src, dst, *args, **kwargs)
    os.fsync, os.replace = fsync, replace
"""


def generated(root: Path) -> dict[str, bytes]:
    """The tree without the config (the test edits it) and the lock; of the build record only
    what it owns (its other fields hold paths and digests that differ between folders)."""
    out = {p: d for p, d in tree(root).items() if p != "wazir.yaml"}
    if RECORD_PATH in out:
        owned = json.loads(out[RECORD_PATH])["files"]
        out[RECORD_PATH] = json.dumps(owned, sort_keys=True).encode()
    return out


def build_tree(folder: Path, variant: str) -> dict[str, bytes]:
    folder.mkdir()
    gen_config(folder, variant=variant, files=FILES)
    proc = wazir("build", "-p", folder, plugins=PLUGINS)
    assert proc.returncode == 0, proc.stderr
    return generated(folder)


def classify(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """'old', 'new' or 'mixed'; fails if any file is neither its old nor its new version."""
    seen = set()
    for path in sorted(set(old) | set(new)):
        if path == RECORD_PATH:
            continue
        file = root / path
        data = file.read_bytes() if file.is_file() else None
        assert data in (old.get(path), new.get(path)), f"{path} is neither old nor new"
        if old.get(path) != new.get(path):
            seen.add("old" if data == old.get(path) else "new")
    for path in generated(root):
        assert path in old or path in new or path.endswith(TEMP_TAG), f"stray file {path}"
    json.loads((root / RECORD_PATH).read_text(encoding="utf-8"))  # the record is whole
    return seen.pop() if len(seen) == 1 else "mixed"


def wait_for(running: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while running.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if ready():
                return
        time.sleep(0.001)


def record_stamp(project: Path) -> tuple[int, int]:
    info = (project / RECORD_PATH).stat()
    return (info.st_ino, info.st_mtime_ns)


def test_a_build_killed_at_any_instant_leaves_old_or_new_files_and_is_repaired(
        tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_WRITES, encoding="utf-8")
    old = build_tree(tmp_path / "ref-old", "old")
    pristine = tmp_path / "ref-old"
    new_ref = tmp_path / "ref-new"
    shutil.copytree(pristine, new_ref, symlinks=True)
    gen_config(new_ref, variant="new", files=FILES)
    started = time.monotonic()
    proc = wazir("build", "-p", new_ref, plugins=PLUGINS, extra_path=(hook,),
                 WAZIR_TEST_SLOW_WRITES="0.002")
    full = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    new = generated(new_ref)
    assert set(new) - set(old) and set(old) - set(new), "files are added and removed"

    project = tmp_path / "proj"
    rng = random.Random(20240611)
    outcomes: Counter[str] = Counter()
    host = host_with(GenTarget())
    for i in range(24):
        if project.exists():
            shutil.rmtree(project)
        shutil.copytree(pristine, project, symlinks=True)
        gen_config(project, variant="new", files=FILES)
        stamp = record_stamp(project)
        running = start_wazir("build", "-p", project, plugins=PLUGINS, extra_path=(hook,),
                              WAZIR_TEST_SLOW_WRITES="0.002")
        if i % 3 == 0:  # any instant of the whole run
            time.sleep(rng.uniform(0.0, full * 1.1))
        elif i % 3 == 1:  # while staging: from the first temp file on
            wait_for(running, lambda: any(name.endswith(TEMP_TAG) for name in os.listdir(project)))
            time.sleep(rng.uniform(0.0, 0.3))
        else:  # while replacing: the pending record is saved just before the first rename
            wait_for(running, lambda before=stamp: record_stamp(project) != before)
            time.sleep(rng.uniform(0.0, 0.3))
        running.send_signal(signal.SIGKILL)
        running.communicate()
        outcomes[classify(project, old, new)] += 1

        # The next build repairs the tree: usually the same build again, sometimes a build of
        # the content the user went back to (the killed build's files must not look edited).
        variant, want = ("old", old) if i % 3 == 0 else ("new", new)
        gen_config(project, variant=variant, files=FILES)
        if i % 6 == 0:
            repair = wazir("build", "-p", project, plugins=PLUGINS)
            assert repair.returncode == 0, (i, repair.stderr)
            assert wazir("build", "--check", "-p", project, plugins=PLUGINS).returncode == 0
        else:
            report = run_build(project, ["gen"], host=host)
            assert report.ok, (i, [str(d) for d in report.diagnostics])
            assert run_build(project, ["gen"], mode="check", host=host).ok
        assert generated(project) == want, f"iteration {i}: the tree was not repaired"
        assert temps(project) == []
    print("kill outcomes:", dict(outcomes))
    assert sum(outcomes.values()) == 24
    assert outcomes["mixed"] >= 1, f"no kill landed while files were being replaced: {outcomes}"


def test_two_concurrent_builds_end_with_the_tree_of_one_build(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_WRITES, encoding="utf-8")
    expected = {v: build_tree(tmp_path / f"ref-{v}", v) for v in ("old", "new")}
    project = tmp_path / "proj"
    project.mkdir()
    for variant in ("old", "new", "old"):
        gen_config(project, variant=variant, files=FILES)
        builds = [start_wazir("build", "-p", project, plugins=PLUGINS, extra_path=(hook,),
                              WAZIR_TEST_SLOW_WRITES="0.001") for _ in range(2)]
        results = [b.communicate(timeout=300) for b in builds]
        for b, (_out, err) in zip(builds, results, strict=True):
            assert b.returncode == 0, err
            assert "Traceback" not in err
        assert generated(project) == expected[variant]
        assert temps(project) == []
        assert wazir("build", "--check", "-p", project, plugins=PLUGINS).returncode == 0


def test_a_no_op_rebuild_rewrites_nothing_and_check_passes(project: Path) -> None:
    (project / "TOY.md").write_text("# My notes\n", encoding="utf-8")
    (project / ".toy-settings.json").write_text('{"theme": "dark"}\n', encoding="utf-8")
    first = wazir("build", "--target", "toy", "--project", project, plugins=(TOY,))
    assert first.returncode == 0, first.stderr
    before = stamps(project)
    time.sleep(0.05)  # so that a rewrite would show in st_mtime_ns on coarse clocks too
    again = wazir("build", "--target", "toy", "--project", project, plugins=(TOY,))
    assert again.returncode == 0, again.stderr
    assert "toy: 0 written" in again.stdout and " 0 removed" in again.stdout
    assert stamps(project) == before, "a no-op build touched files"
    check = wazir("build", "--target", "toy", "--check", "--project", project, plugins=(TOY,))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "up to date" in check.stdout
    assert stamps(project) == before


def test_check_passes_right_after_a_build_of_merged_and_owned_files(project: Path) -> None:
    gen_config(project, files=5)
    (project / "GEN.md").write_bytes(b"user text\r\n")
    assert wazir("build", "-p", project, plugins=PLUGINS).returncode == 0
    before = stamps(project)
    check = wazir("build", "--check", "-p", project, plugins=PLUGINS)
    assert check.returncode == 0, check.stdout + check.stderr
    assert wazir("build", "-p", project, plugins=PLUGINS).returncode == 0
    assert stamps(project) == before
    assert os.access(project / ".gen/tool.sh", os.X_OK)

"""The benchmark suite's table and summary (the suite itself takes minutes; its pieces not)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def suite() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location("bench_run", BENCHMARKS / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_summary_compares_every_targeted_row(suite: ModuleType,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    names = [suite.PYTHON, suite.IMPORTS, suite.VERSION, suite.COLD, suite.NEW, suite.REUSED,
             suite.FLOOR, suite.NOOP, "build all, +100 modules", "build all, +10000 modules"]
    rows = [suite.Row(name, walls=[0.1 * (i + 1)], peaks=[10.0]) for i, name in enumerate(names)]
    rows[-2].per_item, rows[-1].per_item = 100, 10000
    suite.print_table(rows)
    out = capsys.readouterr().out
    assert "wazir --version / python -c pass: 3.00x" in out
    assert "outputs deleted (reuses renders): 0.600 s = 0.86x the cp -r floor" in out
    assert "importing pydantic and jinja2 alone: 0.200 s (40% of a build that renders)" in out
    assert "no-op rebuild / full build (new project): 1.60" in out
    assert "time per module, 10,000 vs 100 modules: 0.01x" in out
    assert "build all, +10000 modules: 1.0 s, 10 MB (targets < 10 s, < 500 MB)" in out


def test_new_projects_get_their_own_folder_and_share_the_synthetic_pack(
        suite: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run builds in a folder of its own, from inside it, as a user does."""
    projects = suite.NewProjects(tmp_path, "p", suite.setup_synthetic(tmp_path, 3, 2))
    runs: list[Path] = []

    def measure(argv: list[str], cwd: Path, env: object) -> tuple[float, float]:
        assert (cwd / "wazir.yaml").is_file()
        runs.append(cwd)
        return 0.1, 10.0

    monkeypatch.setattr(suite, "measure", measure)
    suite.bench("row", suite.BUILD, 2, cwd=projects.path, before=projects.before)
    assert len(set(runs)) == 3 and runs[-1] == projects.path()
    assert "packs: [../pack-3-2]" in (projects.path() / "wazir.yaml").read_text()
    assert len(list((tmp_path / "pack-3-2" / "expertise").rglob("*.md"))) == 3


def test_compare_interleaves_the_two_installs_and_prints_the_ratio(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("bench_compare", BENCHMARKS / "compare.py")
    assert spec is not None and spec.loader is not None
    compare = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_compare", compare)
    spec.loader.exec_module(compare)
    for name in ("before", "after"):
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    monkeypatch.chdir(tmp_path)
    order: list[str] = []

    def measure(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
        side = Path(argv[0]).name
        assert Path(argv[0]).is_absolute(), "the builds run in other folders"
        assert env["WAZIR_CACHE_DIR"].endswith(f"cache-{side}"), "a cache per install"
        order.append(side)
        return (1.0 if side == "before" else 0.25), 10.0

    monkeypatch.setattr(compare, "measure", measure)
    monkeypatch.setattr(sys, "argv", ["compare.py", "./before", "./after", "--runs", "2",
                                      "--modules", "5"])
    compare.main()
    assert order[:8] == ["before", "after"] * 4, "run 0: the before install first"
    assert order[8:10] == ["after", "before"], "run 1: the after install first"
    assert len(order) == 3 * 4 * 2
    out = capsys.readouterr().out
    assert out.count("0.25x") == 4, out
    assert "build all, +5 modules, new project" in out
    monkeypatch.setattr(sys, "argv", ["compare.py", "./missing", "./after"])
    with pytest.raises(SystemExit) as exc:
        compare.main()
    assert exc.value.code == 2
    assert "before: ./missing is not an executable wazir script" in capsys.readouterr().err

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
    names = [suite.PYTHON, suite.VERSION, suite.COLD, suite.NEW, suite.REUSED, suite.FLOOR,
             suite.NOOP, "build all, +100 modules", "build all, +10000 modules"]
    rows = [suite.Row(name, walls=[0.1 * (i + 1)], peaks=[10.0]) for i, name in enumerate(names)]
    rows[-2].per_item, rows[-1].per_item = 100, 10000
    suite.print_table(rows)
    out = capsys.readouterr().out
    assert "wazir --version / python -c pass: 2.00x" in out
    assert "outputs deleted (reuses renders): 0.500 s = 0.83x the cp -r floor" in out
    assert "no-op rebuild / full build (new project): 1.75" in out
    assert "time per module, 10,000 vs 100 modules: 0.01x" in out


def test_new_projects_get_their_own_folder_and_share_the_synthetic_pack(
        suite: ModuleType, tmp_path: Path) -> None:
    projects = suite.NewProjects(tmp_path, "p", suite.setup_synthetic(tmp_path, 3, 2))
    projects.before()
    first = projects.path()
    projects.before()
    assert projects.path() != first
    assert projects.argv()[-2:] == ["--project", str(projects.path())]
    assert "packs: [../pack-3-2]" in (projects.path() / "wazir.yaml").read_text()
    assert len(list((tmp_path / "pack-3-2" / "expertise").rglob("*.md"))) == 3

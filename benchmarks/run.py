"""Wazir's benchmark suite: one command, one table.

    uv run python benchmarks/run.py [--runs N] [--quick] [--json FILE]

Each row is the median of N runs after one warm-up run, with the peak memory (RSS) of the
measured process. Commands run as a user runs them (the installed ``wazir`` script), in a
scratch folder. Bytecode caching is allowed (as in any installed package). Builds that must
render get a new project folder per run; the per-user cache is shared unless a row says it
is empty. benchmarks/README.md explains each row.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_pack  # noqa: E402

WAZIR = shutil.which("wazir") or str(Path(sys.executable).with_name("wazir"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BUILD = [WAZIR, "build", "--target", "all"]
PYTHON, VERSION, FLOOR = "python -c pass", "wazir --version", "cp -r of the same output tree"
IMPORTS = "python -c 'import pydantic, jinja2'"
COLD = "build all, new project, empty user cache"
NEW = "build all, new project (renders)"
REUSED = "build all, outputs deleted (reuses renders)"
NOOP = "build all, no-op rebuild"


@dataclass
class Row:
    name: str
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    note: str = ""
    per_item: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> float:
        return max(self.peaks) if self.peaks else 0.0


def measure(argv: Sequence[str], cwd: Path | None = None,
            env: dict[str, str] | None = None) -> tuple[float, float]:
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), *argv], cwd=cwd,
                         env={**ENV, **(env or {})}, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"benchmark command failed ({data['rc']}): {' '.join(argv)}\n"
                         f"{data['stderr']}")
    return data["wall"], data["peak_mb"]


def bench(name: str, argv: Sequence[str] | Callable[[], Sequence[str]], runs: int,
          cwd: Path | Callable[[], Path] | None = None,
          before: Callable[[], None] | None = None,
          per_item: int = 0, env: Callable[[], dict[str, str]] | None = None) -> Row:
    row = Row(name, per_item=per_item)
    for i in range(runs + 1):
        if before:
            before()
        wall, peak = measure(argv() if callable(argv) else argv,
                             cwd() if callable(cwd) else cwd, env() if env else None)
        if i:  # the first run warms caches and is not counted
            row.walls.append(wall)
            row.peaks.append(peak)
    return row


class NewProjects:
    """A new project folder for every run, so no build of it is in the build cache: the
    build renders, as the first build of a project does. The build runs inside the new
    folder, as a user runs it."""

    def __init__(self, root: Path, name: str, setup: Callable[[Path], None]) -> None:
        self.root, self.name, self.setup, self.count = root, name, setup, 0

    def path(self) -> Path:
        return self.root / f"{self.name}-{self.count}"

    def before(self) -> None:
        self.count += 1
        self.path().mkdir()
        self.setup(self.path())


def _outputs(project: Path) -> list[Path]:
    keep = {"wazir.yaml", "pyproject.toml"}
    return [p for p in project.iterdir() if p.name not in keep]


def clean(project: Path) -> Callable[[], None]:
    def run() -> None:
        for path in _outputs(project):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return run


def mtimes(project: Path) -> dict[str, int]:
    return {p.relative_to(project).as_posix(): p.stat().st_mtime_ns
            for p in project.rglob("*") if p.is_file() and ".wazir/build.lock" not in p.as_posix()}


def setup_demo(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\ndependencies = '
                                            '["fastapi", "psycopg"]\n', encoding="utf-8")
    (project / "wazir.yaml").write_text("concerns: [auth, public-api]\n", encoding="utf-8")


def setup_synthetic(root: Path, modules: int, skills: int) -> Callable[[Path], None]:
    """A synthetic pack shared by the projects that use it (so its parse is cached)."""
    pack = make_pack(root / f"pack-{modules}-{skills}", modules, skills)

    def setup(project: Path) -> None:
        (project / "wazir.yaml").write_text(
            f"packs: [../{pack.name}]\nstacks: []\nbudget:\n  max_modules: 100000\n"
            "  max_tokens: 1000000000\n", encoding="utf-8")
    return setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per row (median)")
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-module pack")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="wazir-bench-") as tmp:
        root = Path(tmp)
        rows.append(bench(PYTHON, [sys.executable, "-c", "pass"], args.runs))
        rows.append(bench(IMPORTS, [sys.executable, "-c", "import pydantic, jinja2"],
                          args.runs))
        rows[-1].note = "the libraries a render needs, no model defined"
        rows.append(bench(VERSION, [WAZIR, "--version"], args.runs))
        rows.append(bench("wazir --help", [WAZIR, "--help"], args.runs))
        project = root / "demo"
        project.mkdir()
        setup_demo(project)
        rows.append(bench("wazir validate (bundled pack)", [WAZIR, "validate"], args.runs,
                          cwd=project))
        cold, caches = NewProjects(root, "cold", setup_demo), itertools.count()
        rows.append(bench(COLD, BUILD, args.runs, cwd=cold.path, before=cold.before,
                          env=lambda: {"WAZIR_CACHE_DIR": str(root / f"cache-{next(caches)}")}))
        new = NewProjects(root, "new", setup_demo)
        rows.append(bench(NEW, BUILD, args.runs, cwd=new.path, before=new.before))
        rows.append(bench(REUSED, BUILD, args.runs, cwd=project, before=clean(project)))
        subprocess.run(BUILD, cwd=project, env=ENV, check=True, capture_output=True)
        copy_src = root / "copy-src"
        shutil.copytree(project, copy_src)
        (copy_src / ".wazir" / "build.lock").unlink(missing_ok=True)  # not a build output
        copy_dst = root / "copy-dst"
        rows.append(bench(FLOOR, ["cp", "-r", str(copy_src), str(copy_dst)], args.runs,
                          before=lambda: shutil.rmtree(copy_dst, ignore_errors=True)))
        files = sum(1 for p in copy_src.rglob("*") if p.is_file())
        rows[-1].note = f"{files} files"
        before = mtimes(project)
        noop = bench(NOOP, BUILD, args.runs, cwd=project)
        after = mtimes(project)
        rewritten = sum(1 for k, v in after.items() if before.get(k) != v)
        noop.note = f"{rewritten} files rewritten"
        rows.append(noop)
        rows.append(bench("wazir build --check", [*BUILD, "--check"], args.runs, cwd=project))
        sizes = [(100, 0), (1000, 0), (1000, 1000)] + ([] if args.quick else [(10000, 0)])
        for modules, skills in sizes:
            projects = NewProjects(root, f"synthetic-{modules}-{skills}",
                                   setup_synthetic(root, modules, skills))
            label = f"build all, +{modules} modules" + (f", +{skills} skills" if skills else "")
            rows.append(bench(label, BUILD, max(1, args.runs // 2), cwd=projects.path,
                              before=projects.before, per_item=modules + skills))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([{"name": r.name, "median_s": r.median,
                                          "peak_mb": r.peak, "note": r.note,
                                          "items": r.per_item} for r in rows], indent=2))


def print_table(rows: list[Row]) -> None:
    print(f"{'benchmark':<46} {'median s':>9} {'peak MB':>8}  notes")
    print("-" * 90)
    base = {r.name: r.median for r in rows}
    for r in rows:
        note = r.note
        if r.per_item:
            note = (note + " " if note else "") + f"{r.median / r.per_item * 1000:.3f} ms/item"
        print(f"{r.name:<46} {r.median:>9.3f} {r.peak:>8.1f}  {note}")
    floor = base[FLOOR]
    print("-" * 90)
    print(f"wazir --version / python -c pass: {base[VERSION] / base[PYTHON]:.2f}x "
          "(target <= 3x)")
    for name in (NEW, REUSED):
        print(f"{name}: {base[name]:.3f} s = {base[name] / floor:.2f}x the cp -r floor "
              "(targets < 0.3 s, <= 5x)")
    print(f"of which importing pydantic and jinja2 alone: {base[IMPORTS]:.3f} s "
          f"({base[IMPORTS] / base[NEW]:.0%} of a build that renders)")
    print(f"no-op rebuild / full build (new project): {base[NOOP] / base[NEW]:.2f} "
          "(target < 0.5)")
    per_item = [r for r in rows if r.per_item and "skills" not in r.name]
    if len(per_item) > 1:
        first, last = per_item[0], per_item[-1]
        print(f"time per module, {last.per_item:,} vs {first.per_item:,} modules: "
              f"{(last.median / last.per_item) / (first.median / first.per_item):.2f}x "
              "(linear or better: <= 1)")
        if last.per_item >= 10000:
            print(f"{last.name}: {last.median:.1f} s, {last.peak:.0f} MB "
                  "(targets < 10 s, < 500 MB)")


if __name__ == "__main__":
    main()

"""Before and after from the same run: the build rows for two wazir installs, interleaved.

    uv run python benchmarks/compare.py BEFORE/.venv/bin/wazir AFTER/.venv/bin/wazir
        [--runs N] [--modules N]

Make BEFORE with ``git worktree add BEFORE <commit> && (cd BEFORE && uv sync)``. The two
commands take turns run by run (the first alternating), so a slow minute on the machine hits
both alike. Each has its own per-user cache, warmed by one uncounted run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from run import NEW, NOOP, REUSED, NewProjects, clean, measure, setup_demo, setup_synthetic


@dataclass
class Case:
    """One row for one install: what to do before each run, where to run, what to run."""

    before: Callable[[], None]
    cwd: Callable[[], Path]
    argv: list[str]
    env: dict[str, str]
    walls: list[float] = field(default_factory=list)


def cases(root: Path, side: str, wazir: str, more: dict[str, Callable[[Path], None]]
          ) -> dict[str, Case]:
    """The demo project's rows, plus a new-project row for each setup in ``more``."""
    argv = [wazir, "build", "--target", "all"]
    env = {"WAZIR_CACHE_DIR": str(root / f"cache-{side}")}
    new = NewProjects(root, f"new-{side}", setup_demo)
    project = root / f"demo-{side}"
    project.mkdir()
    setup_demo(project)
    rows = {NEW: Case(new.before, new.path, argv, env),
            REUSED: Case(clean(project), lambda: project, argv, env),
            NOOP: Case(lambda: None, lambda: project, argv, env)}
    for i, (name, setup) in enumerate(more.items()):
        projects = NewProjects(root, f"more{i}-{side}", setup)
        rows[name] = Case(projects.before, projects.path, argv, env)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the wazir script of the old install")
    parser.add_argument("after", help="the wazir script of the new install")
    parser.add_argument("--runs", type=int, default=9, help="measured runs per row and side")
    parser.add_argument("--modules", type=int, default=0,
                        help="also build a synthetic pack of this many modules (new projects)")
    args = parser.parse_args()
    for name in ("before", "after"):  # the builds run in other folders: make paths absolute
        found = shutil.which(getattr(args, name))
        if found is None:
            parser.error(f"{name}: {getattr(args, name)} is not an executable wazir script")
        setattr(args, name, str(Path(found).absolute()))
    with tempfile.TemporaryDirectory(prefix="wazir-compare-") as tmp:
        root = Path(tmp)
        more = {f"build all, +{args.modules} modules, new project":
                setup_synthetic(root, args.modules, 0)} if args.modules else {}
        sides = {side: cases(root, side, wazir, more)
                 for side, wazir in (("before", args.before), ("after", args.after))}
        rows = list(sides["after"])
        for run in range(args.runs + 1):  # run 0 warms each side's cache, uncounted
            for row in rows:
                turns = list(sides.values())  # who goes first alternates: the disk is still
                for side in turns[::-1] if run % 2 else turns:  # busy with the last writes
                    case = side[row]
                    case.before()
                    wall, _ = measure(case.argv, case.cwd(), case.env)
                    if run:
                        case.walls.append(wall)
    print(f"{'row':<46} {'before s':>9} {'after s':>9} {'after/before':>13}")
    for row in rows:
        old, new = (statistics.median(side[row].walls) for side in sides.values())
        print(f"{row:<46} {old:>9.3f} {new:>9.3f} {new / old:>12.2f}x")


if __name__ == "__main__":
    main()

"""The library API: load, compose, render and write without the CLI.

Every function works in memory until ``write_fileset`` or ``build`` is called; errors are
raised as ``WazirError`` carrying every located diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wazir_core.build import BuildReport, Prepared, prepare, render_one, run_build
from wazir_core.compose import Composition, compose
from wazir_core.config import Budget, ProjectConfig
from wazir_core.diagnostics import WazirError, has_errors
from wazir_core.loading import load_content as _load
from wazir_core.models import Content
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.host import PluginHost
from wazir_core.plugins.target import Target
from wazir_core.wiring import project_config
from wazir_core.writing import apply_plan, make_plan
from wazir_core.writing.apply import project_lock
from wazir_core.writing.plan import conflict_diagnostics
from wazir_core.writing.record import read_record

__all__ = [
    "BuildReport",
    "Prepared",
    "build",
    "compose_role",
    "get_target",
    "load_config",
    "load_content",
    "prepare",
    "render_target",
    "write_fileset",
]


def load_content(*packs: Path | str) -> Content:
    """Load packs (base first) into one Content value, or raise with every error."""
    result = _load(list(packs))
    if not result.ok or result.content is None:
        raise WazirError(result.diagnostics)
    return result.content


def load_config(project: Path | str) -> ProjectConfig:
    return project_config(Path(project))


def compose_role(content: Content, role: str, stacks: Sequence[str] = (),
                 concerns: Sequence[str] = (), budget: Budget | None = None) -> Composition:
    return compose(content, role, stacks, concerns, budget)


def get_target(name: str) -> Target:
    """The installed target of that name (loads only its plugin)."""
    return PluginHost().target(name)


def render_target(target: Target | str, project: Path | str,
                  prepared: Prepared | None = None) -> FileSet:
    """Render one target for a project into memory; nothing is written."""
    project = Path(project)
    prepared = prepared or prepare(project)
    if isinstance(target, str):
        target = PluginHost().target(target)
    files, diags = render_one(target, prepared)
    if files is None or has_errors(diags):
        raise WazirError(diags)
    return files


def write_fileset(files: FileSet, target: Target, project: Path | str, force: bool = False
                  ) -> BuildReport:
    """Write one rendered FileSet into a project with the same safety rules as a build."""
    project = Path(project)
    report = BuildReport(project, project, "build", [target.name])
    with project_lock(project):
        record = read_record(project)
        plan = make_plan(project, project, {target.name: files},
                         {target.name: target.output_roots}, record, {target.name}, force)
        report.plan = plan
        report.diagnostics += plan.diagnostics
        report.diagnostics += conflict_diagnostics(plan)
        if has_errors(report.diagnostics):
            raise WazirError(report.diagnostics)
        apply_plan(plan)
    return report


def build(project: Path | str, targets: Sequence[str] = (), check: bool = False,
          force: bool = False) -> BuildReport:
    """``wazir build`` as a function; the report says what changed."""
    return run_build(Path(project), targets, mode="check" if check else "build", force=force)

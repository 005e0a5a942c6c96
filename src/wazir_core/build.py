"""The whole pipeline for a project: config → content → compose → render → plan → write."""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wazir_core._version import __version__
from wazir_core.diagnostics import Diagnostic, WazirError, has_errors
from wazir_core.incremental import (
    Resolved,
    built_together,
    inputs_key,
    read_overrides,
    recall,
    recall_files,
    remember,
    request_key,
    tree_matches,
)
from wazir_core.plugins.host import PluginHost
from wazir_core.writing import Plan, apply_plan, make_plan
from wazir_core.writing.apply import project_lock
from wazir_core.writing.plan import Action, conflict_diagnostics, orphan_diagnostics
from wazir_core.writing.record import read_record

if TYPE_CHECKING:  # loaded only when rendering: a reused build imports none of these
    from wazir_core.bundle import Project
    from wazir_core.compose import Composition
    from wazir_core.config import ProjectConfig
    from wazir_core.models import Content
    from wazir_core.plugins.fileset import FileSet
    from wazir_core.plugins.target import Target

Mode = Literal["build", "check", "dry-run"]


@dataclass
class Prepared:
    """Everything about a project that does not depend on the target."""

    project: Path
    config: ProjectConfig
    content: Content
    compositions: dict[str, Composition]
    info: Project
    #: The content packs, in order.
    packs: list[Path] = field(default_factory=list)
    #: The digest of every pack file (``cache.tree_digest``; None when it was not taken).
    fingerprint: str | None = None


@dataclass
class BuildReport:
    project: Path
    out: Path
    mode: Mode
    targets: list[str]
    plan: Plan | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    versions: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        if has_errors(self.diagnostics):
            return False
        return not (self.mode == "check" and self.plan is not None and self.plan.changes())

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "ok": self.ok,
            "mode": self.mode,
            "project": self.project.as_posix(),
            "targets": {t: {**self.versions.get(t, {}),
                            **(plan.summary(t) if plan else {})} for t in self.targets},
            "changes": [{"path": a.path, "change": a.change, "targets": a.targets,
                         "message": a.message} for a in (plan.changes() if plan else [])],
            "unchanged": sum(a.change == "unchanged" for a in plan.actions) if plan else 0,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def prepare(project: Path, config: ProjectConfig | None = None,
            packs: Sequence[Path] | None = None) -> Prepared:
    """Load config and content and compose every role; raises WazirError on content errors.
    ``packs`` replaces the project's pack list (the bundled pack plus ``wazir.yaml`` packs)."""
    from wazir_core.bundle import Project
    from wazir_core.compose import compose_all
    from wazir_core.detect import detect_stacks
    from wazir_core.loading.cache import load_content_cached
    from wazir_core.wiring import packs_for, project_config

    config = config or project_config(project)
    chosen = list(packs) if packs is not None else packs_for(project, config)
    loaded = load_content_cached(chosen)
    if not loaded.ok or loaded.content is None:
        raise WazirError(loaded.diagnostics)
    content = loaded.content
    stacks = config.stacks if config.stacks is not None else detect_stacks(project)
    compositions = compose_all(content, stacks, config.concerns, config.budget)
    info = Project(name=project.resolve().name, stacks=tuple(stacks),
                   concerns=tuple(config.concerns),
                   protected_paths=tuple(dict.fromkeys((*content.protected_paths,
                                                        *config.protected_paths))))
    return Prepared(project, config, content, compositions, info, chosen,
                    loaded.fingerprint)


def target_options(target: Target, config: ProjectConfig, project: Path
                   ) -> tuple[Any, list[Diagnostic]]:
    """The target's validated options from ``wazir.yaml``; errors point at the bad key."""
    from wazir_core.filenames import CONFIG_FILE
    from wazir_core.loading.modelcheck import check_model
    from wazir_core.loading.yamlsource import YamlDoc

    raw = config.options.get(target.name, {})
    path = project / CONFIG_FILE
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    doc = YamlDoc({"options": {target.name: raw}}, text, CONFIG_FILE)
    options, diags = check_model(target.options_model, raw, doc,
                                 prefix=("options", target.name))
    return options, [Diagnostic(d.path, d.line if text else 0, d.col if text else 0,
                                f"options of target '{target.name}': {d.message}",
                                code="option") for d in diags]


def _render_error(name: str, exc: BaseException) -> Diagnostic:
    from wazir_core.rendering.templating import OVERRIDE_FILENAME

    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        filename = frame.filename.replace("\\", "/")
        override = filename.startswith(f"{OVERRIDE_FILENAME}/")
        if override or filename.endswith((".j2", ".jinja", ".jinja2")) or \
                "/templates/" in filename:
            label = (f"project override {filename.removeprefix(OVERRIDE_FILENAME + '/')}"
                     if override else Path(filename).name)
            where = f" (template {label}, line {frame.lineno})"
            break
    return Diagnostic("", message=f"target '{name}' failed while rendering{where}: "
                                  f"{type(exc).__name__}: {exc}", code="render")


def unsupported_kinds(target: Target, content: Content) -> list[Diagnostic]:
    from wazir_core.plugins.target import KINDS

    counts = {"role": len(content.roles), "workflow": len(content.workflows),
              "skill": len(content.skills), "expertise": len(content.modules),
              "hook": len(content.hooks), "instructions": 1}
    return [Diagnostic("", message=f"target '{target.name}' does not support {kind} content; "
                                   f"{counts[kind]} item(s) not generated", severity="info",
                       code="unsupported")
            for kind in KINDS if counts[kind] and kind not in target.kinds]


def render_one(target: Target, prepared: Prepared, targets: Sequence[str] = (),
               overrides: Mapping[str, str] | None = None
               ) -> tuple[FileSet | None, list[Diagnostic]]:
    """Render one target in memory; every failure becomes a diagnostic. ``overrides`` replaces
    the project's template override folder."""
    from wazir_core.bundle import Bundle
    from wazir_core.plugins.fileset import FileSet

    options, diags = target_options(target, prepared.config, prepared.project)
    if options is None:
        return None, diags
    if overrides is None:
        overrides = read_overrides(prepared.project, prepared.config.templates, target.name)
    bundle = Bundle(prepared.content, prepared.compositions, prepared.info, options,
                    dict(overrides), tuple(targets))
    try:
        files = target.render(bundle)
    except Exception as exc:
        return None, [*diags, _render_error(target.name, exc)]
    if not isinstance(files, FileSet):
        return None, [*diags, Diagnostic("", message=(
            f"target '{target.name}' returned {type(files).__name__}, not a FileSet"),
            code="render")]
    return files, [*diags, *unsupported_kinds(target, prepared.content), *files.diagnostics]


def choose_targets(requested: Sequence[str], config: ProjectConfig, host: PluginHost
                   ) -> list[str]:
    names = list(requested) or list(config.targets) or ["all"]
    if "all" in names:
        return host.names()
    return list(dict.fromkeys(names))


def run_build(project: Path, requested: Sequence[str] = (), out: Path | None = None,
              mode: Mode = "build", force: bool = False, host: PluginHost | None = None,
              progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build (or check, or plan) the project. Raises WazirError for usage and content errors;
    other problems are in the report's diagnostics, and then nothing is written."""
    host = host or PluginHost()
    full = not requested or "all" in requested  # a full build drops targets it no longer makes
    request = request_key(project, requested, out)
    recalled = recall(request) if request else None
    if request and recalled:
        report = _reuse(project, request, *recalled, mode, force, full, host, progress)
        if report is not None:
            return report
    return _render_and_write(project, requested, out, mode, force, full, host, progress,
                             request)


def _reuse(project: Path, request: str, key: str, resolved: Resolved, mode: Mode, force: bool,
           full: bool, host: PluginHost, progress: Callable[[str], None] | None
           ) -> BuildReport | None:
    """The build from what the same request rendered before, if every input is unchanged;
    no content is loaded and no plugin imported. None means "render afresh"."""
    record = read_record(project)
    names = resolved.names
    if inputs_key(project, request, resolved, built_together(names, record, full),
                  host) != key:
        return None
    out = Path(resolved.out)
    report = BuildReport(project, out, mode, list(names), versions=resolved.versions)
    stale = full and bool(set(record.targets) - set(names))
    if not force and mode != "dry-run" and record.inputs == key and not stale:
        recorded = [r for n in names for r in record.targets.get(n, {}).get("roots", [])]
        same = tree_matches(out, record, names, recorded)
        if same is not None:  # nothing to do: answer from the record
            report.plan = Plan(project, out, [Action(p, "unchanged", record.files[p].targets)
                                              for p in same], record=record)
            report.diagnostics += [Diagnostic(**n) for n in record.notes]
            return report
    filesets = recall_files(key)
    if filesets is None:
        return None
    if progress:
        progress("reusing the files rendered last time (inputs unchanged)")
    report.diagnostics += [Diagnostic(**n) for n in resolved.notes]
    return _write(report, filesets, resolved.roots, key, force, full)


def _render_and_write(project: Path, requested: Sequence[str], out: Path | None, mode: Mode,
                      force: bool, full: bool, host: PluginHost,
                      progress: Callable[[str], None] | None, request: str | None
                      ) -> BuildReport:
    prepared = prepare(project)
    names = choose_targets(requested, prepared.config, host)
    out = out or project / prepared.config.output
    report = BuildReport(project, out, mode, names)
    if not names:
        raise WazirError([Diagnostic("", message="no targets are installed; install one, e.g. "
                                                 "pip install wazir-host-claude")], exit_code=2)
    together = built_together(names, read_record(project), full)
    templates = prepared.config.templates
    targets = {name: host.target(name) for name in names}
    for name, target in targets.items():
        info = host.load(name)
        report.versions[name] = {"distribution": info.distribution, "version": info.version,
                                 "plugin_api": target.plugin_api}
    filesets: dict[str, FileSet] = {}
    for name, target in targets.items():
        if progress:
            progress(f"rendering {name}")
        files, diags = render_one(target, prepared, together,
                                  read_overrides(project, templates, name))
        report.diagnostics += diags
        if files is not None:
            filesets[name] = files
    if has_errors(report.diagnostics):
        return report
    roots = {name: list(t.output_roots) for name, t in targets.items()}
    resolved = Resolved(out.as_posix(), names, [p.as_posix() for p in prepared.packs],
                        templates, roots, report.versions,
                        [d.to_json() for d in report.diagnostics])
    key = inputs_key(project, request, resolved, together, host, prepared.fingerprint) \
        if request else None
    if request and key:
        remember(request, key, resolved, filesets)
    return _write(report, filesets, roots, key, force, full)


def _write(report: BuildReport, filesets: Mapping[str, FileSet],
           roots: Mapping[str, Sequence[str]], key: str | None, force: bool, full: bool
           ) -> BuildReport:
    """Plan the rendered files against the tree and, in build mode, write them."""
    project, out, mode, names = report.project, report.out, report.mode, report.targets
    with project_lock(project) if mode == "build" else contextlib.nullcontext():
        record = read_record(project)
        scope = set(names) | (set(t for e in record.files.values() for t in e.targets)
                              if full else set())
        plan = make_plan(project, out, filesets, {n: tuple(r) for n, r in roots.items()},
                         record, scope, force)
        report.plan = plan
        report.diagnostics += plan.diagnostics
        if mode == "build":
            report.diagnostics += conflict_diagnostics(plan) + orphan_diagnostics(plan)
        if mode != "build" or has_errors(report.diagnostics):
            return report
        record.wazir = __version__
        record.output = Path(out).relative_to(project).as_posix() if \
            Path(out).is_relative_to(project) else Path(out).as_posix()
        if full:  # targets this build no longer makes have just lost their files
            record.targets = {n: v for n, v in record.targets.items() if n in names}
        for name in names:
            record.targets[name] = {**report.versions[name], "roots": list(roots[name])}
        record.inputs = key or ""
        record.notes = [d.to_json() for d in report.diagnostics if d.severity != "error"]
        apply_plan(plan)
    return report


def stderr_progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"wazir: {message}\n")

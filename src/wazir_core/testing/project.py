"""Building throw-away projects for plugin tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from wazir_core.build import BuildReport, Prepared, prepare, render_one, run_build
from wazir_core.config import ProjectConfig
from wazir_core.diagnostics import Diagnostic
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.host import PluginHost
from wazir_core.writing.apply import LOCK_PATH
from wazir_core.writing.record import RECORD_PATH

#: A content pack covering every model kind and the nasty cases (unicode and right-to-left
#: text, long text, optional fields missing, cross references, YAML/TOML-significant
#: characters, template syntax in content, an executable supporting script).
SAMPLE_PACK = Path(__file__).parent / "sample_pack"
#: What a build keeps in the project for itself: wazir's bookkeeping, not a target's output.
BOOKKEEPING = (RECORD_PATH, LOCK_PATH)
#: The inputs ``make_project`` writes: the configuration and the copied overlay pack.
PROJECT_INPUTS = ("wazir.yaml", "overlay/")


def host_for(target_name: str) -> PluginHost:
    """A plugin host that sees only the plugin under test."""
    host = PluginHost()
    host.allow = {target_name}
    return host


def sample_prepared(project: Path, pack: Path = SAMPLE_PACK, stacks: Sequence[str] = ("web",),
                    concerns: Sequence[str] = ("auth",)) -> Prepared:
    """The sample pack alone (no bundled content), composed for the given stacks/concerns."""
    config = ProjectConfig(stacks=tuple(stacks), concerns=tuple(concerns))
    return prepare(project, config, packs=[pack])


def render_sample(target_name: str, project: Path, pack: Path = SAMPLE_PACK,
                  overrides: Mapping[str, str] | None = None
                  ) -> tuple[FileSet | None, list[Diagnostic]]:
    """Render the installed target over the sample pack, in memory."""
    target = host_for(target_name).target(target_name)
    prepared = sample_prepared(project, pack)
    return render_one(target, prepared, [target_name], overrides)


class ProjectFactory:
    """Writes source files into a temp folder and builds a target there."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, files: Mapping[str, str] | None = None, name: str = "project") -> Path:
        project = self.root / name
        project.mkdir(parents=True, exist_ok=True)
        for rel, text in (files or {}).items():
            path = project / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return project

    @staticmethod
    def build(project: Path, target: str, check: bool = False) -> BuildReport:
        return run_build(project, [target], mode="check" if check else "build",
                         host=host_for(target))

    @staticmethod
    def tree(project: Path) -> dict[str, bytes]:
        """Every file under the project (except wazir's own state), as bytes."""
        return output_tree(project, inputs=())


def make_project(root: Path, config: str = "", overlay: Path | None = None) -> Path:
    """``root`` made a project: ``wazir.yaml`` holding ``config`` and, given ``overlay``, that
    content pack copied to ``overlay/`` and listed under ``packs``."""
    root.mkdir(parents=True, exist_ok=True)
    if config and not config.endswith("\n"):
        config += "\n"
    if overlay is not None:
        shutil.copytree(overlay, root / "overlay", dirs_exist_ok=True)
        config += "packs: [overlay]\n"
    (root / "wazir.yaml").write_text(config, encoding="utf-8")
    return root


def output_tree(project: Path, inputs: Sequence[str] = PROJECT_INPUTS) -> dict[str, bytes]:
    """What the build wrote, by POSIX path: every file under ``project`` except wazir's
    bookkeeping and ``inputs`` (paths, or folders when they end with ``/``)."""
    skip = (*BOOKKEEPING, *inputs)
    return {rel: p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(project).as_posix()).startswith(skip)}


def build_clean(project: Path, target: str) -> Path:
    """Build ``target`` in ``project`` with only its plugin loaded and assert the build is
    clean (no errors); returns ``project``, for fixtures that build once and read the output."""
    __tracebackhide__ = True
    report = ProjectFactory.build(project, target)
    if not report.ok:
        raise AssertionError("the build failed:\n" + "\n".join(map(str, report.diagnostics)))
    return project


def errors(found: BuildReport | Iterable[Diagnostic]) -> list[str]:
    """The error diagnostics of a build report (or of a list of diagnostics), as text."""
    diagnostics = found.diagnostics if isinstance(found, BuildReport) else found
    return [str(d) for d in diagnostics if d.severity == "error"]

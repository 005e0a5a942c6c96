"""Building throw-away projects for plugin tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from wazir_core.build import BuildReport, Prepared, prepare, run_build
from wazir_core.config import ProjectConfig
from wazir_core.diagnostics import Diagnostic
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.host import PluginHost

#: A content pack covering every model kind and the nasty cases (unicode and right-to-left
#: text, long text, optional fields missing, cross references, YAML/TOML-significant
#: characters, template syntax in content, an executable supporting script).
SAMPLE_PACK = Path(__file__).parent / "sample_pack"


def host_for(target_name: str) -> PluginHost:
    """A plugin host that sees only the plugin under test."""
    host = PluginHost()
    host.allow = {target_name}
    return host


def sample_prepared(project: Path, pack: Path = SAMPLE_PACK, stacks: Sequence[str] = ("web",),
                    concerns: Sequence[str] = ("auth",)) -> Prepared:
    """The sample pack alone (no bundled content), composed for the given stacks/concerns."""
    config = ProjectConfig(stacks=tuple(stacks), concerns=tuple(concerns))
    prepared = prepare(project, config, packs=[pack])
    return prepared


def render_sample(target_name: str, project: Path, pack: Path = SAMPLE_PACK,
                  overrides: Mapping[str, str] | None = None
                  ) -> tuple[FileSet | None, list[Diagnostic]]:
    """Render the installed target over the sample pack, in memory."""
    from wazir_core.build import render_one

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
        return {p.relative_to(project).as_posix(): p.read_bytes()
                for p in sorted(project.rglob("*"))
                if p.is_file() and not p.relative_to(project).as_posix().startswith(".wazir/b")}

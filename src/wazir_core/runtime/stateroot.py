"""Where run state lives, and the only way to build a path inside it.

Order: ``--state-root`` > ``state_root`` in ``wazir.yaml`` (relative to the project) > the
per-user state folder under a key made from the project's path. Every path under the root
goes through :meth:`StateRoot.inside`, which validates names and refuses anything that would
resolve outside the root (``..``, absolute names, symlinked folders pointing elsewhere).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wazir_core.filenames import CONFIG_FILE
from wazir_core.runtime.names import check_name, runtime_error
from wazir_core.runtime.project import project_key


def default_state_root(project: Path) -> Path:
    override = os.environ.get("WAZIR_STATE_HOME", "").strip()
    if override:
        base = Path(override).expanduser()
    else:
        from platformdirs import user_state_dir

        base = Path(user_state_dir("wazir", appauthor=False))
    return base / "projects" / project_key(project)


def configured_state_root(project: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return (path if path.is_absolute() else project / path).resolve()


def resolve_state_root(project: Path, option: Path | None = None) -> StateRoot:
    """The state root for ``project``; reads ``wazir.yaml`` only when no option is given."""
    project = project.resolve()
    if option is not None:
        return StateRoot(option.expanduser().resolve(), project, "--state-root")
    from wazir_core.runtime.facts import load_facts

    facts = load_facts(project)
    if facts.error is not None:
        raise runtime_error(f"cannot find the state folder: {facts.error}",
                            (project / CONFIG_FILE).as_posix(), code="config")
    if facts.state_root:
        return StateRoot(configured_state_root(project, facts.state_root), project, CONFIG_FILE)
    return StateRoot(default_state_root(project).resolve(), project, "default")


@dataclass(frozen=True)
class StateRoot:
    path: Path
    project: Path
    source: str

    @property
    def runs(self) -> Path:
        return self.path / "runs"

    @property
    def latest_file(self) -> Path:
        return self.runs / "latest"

    @property
    def log_file(self) -> Path:
        return self.path / "logs" / "hooks.log"

    def inside(self, *names: str, what: str = "name") -> Path:
        """``path / names...`` after checking each name and that the result stays inside."""
        for name in names:
            check_name(name, what)
        candidate = self.path.joinpath(*names)
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.path.resolve()):
            raise runtime_error(f"{candidate.as_posix()} resolves outside the state folder "
                                f"{self.path.as_posix()}; refusing to use it",
                                candidate.as_posix(), code="unsafe-path")
        return candidate

    def run_dir(self, run_id: str) -> Path:
        return self.inside("runs", run_id, what="run id")

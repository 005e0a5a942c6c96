"""Resolving a project into its inputs: config and the ordered list of content packs."""

from __future__ import annotations

from pathlib import Path

from wazir_core.bundled import bundled_pack
from wazir_core.config import ProjectConfig
from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.loading.config import load_config


def project_config(project: Path) -> ProjectConfig:
    if not project.is_dir():
        raise WazirError([Diagnostic(project.as_posix(), message="project folder does not exist")],
                         exit_code=2)
    config, diags = load_config(project)
    if config is None:
        raise WazirError(diags)
    return config


def packs_for(project: Path, config: ProjectConfig) -> list[Path]:
    """The bundled pack first, then the project's packs in the order ``wazir.yaml`` lists."""
    return [bundled_pack(), *(project / p for p in config.packs)]

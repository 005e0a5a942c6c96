"""Reading ``wazir.yaml`` with located errors."""

from __future__ import annotations

from pathlib import Path

from wazir_core.config import CONFIG_FILE, ProjectConfig
from wazir_core.diagnostics import Diagnostic
from wazir_core.loading.modelcheck import check_model
from wazir_core.loading.sourcefile import read_source
from wazir_core.loading.yamlsource import parse_yaml


def load_config(project: Path) -> tuple[ProjectConfig | None, list[Diagnostic]]:
    """The project's config, or defaults when there is no ``wazir.yaml``."""
    path = project / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig(), []
    src = read_source(path, project)
    if isinstance(src, Diagnostic):
        return None, [src]
    doc = parse_yaml(src.text, src.display)
    if isinstance(doc, Diagnostic):
        return None, [doc]
    if doc.data is None:
        return ProjectConfig(), []
    return check_model(ProjectConfig, doc.data, doc)

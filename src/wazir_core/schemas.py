"""JSON Schemas of every content kind and of ``wazir.yaml``, for editors."""

from __future__ import annotations

from typing import Any

from wazir_core.config import ProjectConfig
from wazir_core.models import KINDS


def all_schemas() -> dict[str, dict[str, Any]]:
    out = {name: model.model_json_schema(by_alias=True) for name, model in KINDS.items()}
    out["config"] = ProjectConfig.model_json_schema(by_alias=True)
    return out

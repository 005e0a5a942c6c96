"""``wazir.yaml``: a project's choices (targets, stacks, concerns, packs, budget, options)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from wazir_core.filenames import CONFIG_FILE
from wazir_core.models.base import Model, NonEmpty, Slug

__all__ = ["CONFIG_FILE", "Budget", "ProjectConfig"]


class Budget(Model):
    """Caps on one role's composed expertise; modules past them are dropped in a fixed order."""

    max_modules: int = Field(15, ge=0)
    max_tokens: int = Field(40000, ge=0)


class ProjectConfig(Model):
    targets: tuple[NonEmpty, ...] = Field((), description="Targets `wazir build` builds by "
                                                          "default; empty means every installed.")
    stacks: tuple[Slug, ...] | None = Field(None, description="Stacks; omit to detect them.")
    concerns: tuple[Slug, ...] = ()
    packs: tuple[NonEmpty, ...] = Field((), description="Extra content packs, relative to the "
                                                        "project, layered after the bundled one.")
    budget: Budget = Field(default_factory=Budget)
    output: NonEmpty = Field(".", description="Where generated files go, relative to the project.")
    protected_paths: tuple[NonEmpty, ...] = ()
    state_root: NonEmpty | None = Field(None, description="Where run state lives; default is the "
                                                          "per-user state folder.")
    templates: NonEmpty = Field(".wazir/templates", description="Project template overrides: "
                                                                "<templates>/<target>/...")
    options: dict[str, dict[str, Any]] = Field(default_factory=dict,
                                               description="Per-target options, by target name.")

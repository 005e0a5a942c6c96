"""The loaded content: every pack merged into one typed, frozen value."""

from __future__ import annotations

from pydantic import Field

from wazir_core.models.base import Model, Origin
from wazir_core.models.composition import CompositionMap
from wazir_core.models.expertise import ExpertiseModule
from wazir_core.models.hook import HookDefinition
from wazir_core.models.pack import PackManifest, PipelineStep
from wazir_core.models.role import Role
from wazir_core.models.skill import Skill
from wazir_core.models.workflow import Workflow


class Override(Model):
    """A later pack replaced an earlier pack's item with the same id (shown by --explain)."""

    kind: str
    id: str
    replaced: Origin | None
    by: Origin | None


class Content(Model):
    """What templates and the composition engine see; items are keyed and sorted by id."""

    packs: tuple[PackManifest, ...]
    roles: dict[str, Role] = Field(default_factory=dict)
    workflows: dict[str, Workflow] = Field(default_factory=dict)
    skills: dict[str, Skill] = Field(default_factory=dict)
    modules: dict[str, ExpertiseModule] = Field(default_factory=dict)
    hooks: dict[str, HookDefinition] = Field(default_factory=dict)
    composition: CompositionMap = Field(default_factory=CompositionMap)
    overrides: tuple[Override, ...] = ()

    @property
    def manifest(self) -> PackManifest:
        """The first (base) pack's manifest; later packs extend it."""
        return self.packs[0]

    @property
    def pipeline(self) -> tuple[PipelineStep, ...]:
        """The last pack that declares a pipeline defines it."""
        for pack in reversed(self.packs):
            if pack.pipeline:
                return pack.pipeline
        return ()

    @property
    def protected_paths(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for pack in self.packs:
            seen.update(dict.fromkeys(pack.protected_paths))
        return tuple(seen)

    def step(self, workflow_id: str) -> PipelineStep | None:
        """The pipeline step a workflow runs in, or None for a stand-alone workflow."""
        return next((s for s in self.pipeline if s.phase == workflow_id), None)

    def next_phase(self, workflow_id: str) -> str | None:
        ids = [s.phase for s in self.pipeline]
        if workflow_id not in ids:
            return None
        i = ids.index(workflow_id)
        return ids[i + 1] if i + 1 < len(ids) else None

    def counts(self) -> dict[str, int]:
        return {
            "roles": len(self.roles),
            "workflows": len(self.workflows),
            "phases": len(self.pipeline),
            "skills": len(self.skills),
            "hooks": len(self.hooks),
            "modules": len(self.modules),
            "domains": len({m.domain for m in self.modules.values()}),
            "stacks": len(self.composition.stacks),
            "concerns": len(self.composition.concerns),
        }

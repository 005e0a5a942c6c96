"""Typed, frozen models of a content pack. Pure data: nothing here reads or writes files."""

from wazir_core.models.base import Model, Origin, normalize_name
from wazir_core.models.composition import CompositionMap
from wazir_core.models.content import Content, Override
from wazir_core.models.expertise import ExpertiseModule, Reference, estimate_tokens
from wazir_core.models.hook import HookDefinition
from wazir_core.models.pack import PackManifest, PipelineStep
from wazir_core.models.role import CAPABILITIES, Role
from wazir_core.models.skill import Skill, SkillFile
from wazir_core.models.workflow import Workflow

__all__ = [
    "CAPABILITIES",
    "CompositionMap",
    "Content",
    "ExpertiseModule",
    "HookDefinition",
    "Model",
    "Origin",
    "Override",
    "PackManifest",
    "PipelineStep",
    "Reference",
    "Role",
    "Skill",
    "SkillFile",
    "Workflow",
    "estimate_tokens",
    "normalize_name",
]

#: The kinds a pack holds, by the name ``wazir schema KIND`` and targets use.
KINDS: dict[str, type[Model]] = {
    "pack": PackManifest,
    "role": Role,
    "workflow": Workflow,
    "skill": Skill,
    "expertise": ExpertiseModule,
    "composition": CompositionMap,
    "hook": HookDefinition,
}

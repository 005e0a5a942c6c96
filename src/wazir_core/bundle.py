"""The Bundle: everything a target renders from, as one frozen value (no I/O behind it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from wazir_core.compose import Composition
from wazir_core.models import Content, ExpertiseModule

OptionsT = TypeVar("OptionsT", bound=BaseModel)


@dataclass(frozen=True)
class Project:
    """What a target may know about the project: its name and choices, never its files."""

    name: str = "project"
    stacks: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    protected_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bundle:
    content: Content
    compositions: Mapping[str, Composition]
    project: Project = field(default_factory=Project)
    options: BaseModel | None = None
    #: Project template overrides for this target, read by the core: name -> source.
    templates: Mapping[str, str] = field(default_factory=dict)
    targets: tuple[str, ...] = ()

    def options_as(self, model: type[OptionsT]) -> OptionsT:
        """The validated options as the target's model, or that model's defaults when the
        bundle was built without options (e.g. by a test)."""
        return self.options if isinstance(self.options, model) else model()

    def modules_for(self, role: str) -> list[ExpertiseModule]:
        """The composed expertise modules of a role, in selection order."""
        comp = self.compositions.get(role)
        if comp is None:
            return []
        return [self.content.modules[m] for m in comp.modules]

    def referenced_modules(self) -> list[ExpertiseModule]:
        """Every module any role's composition selected, sorted by id."""
        ids = {m for comp in self.compositions.values() for m in comp.modules}
        return [self.content.modules[i] for i in sorted(ids)]

    def context(self) -> dict[str, Any]:
        """The names every template sees."""
        c = self.content
        return {
            "bundle": self,
            "content": c,
            "pack": c.manifest,
            "pipeline": c.pipeline,
            "roles": list(c.roles.values()),
            "workflows": list(c.workflows.values()),
            "skills": list(c.skills.values()),
            "hooks": list(c.hooks.values()),
            "project": self.project,
            "options": self.options,
        }

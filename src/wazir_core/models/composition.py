"""The composition map: which expertise modules each role loads, by layer."""

from __future__ import annotations

from pydantic import Field

from wazir_core.models.base import Document, NonEmpty, Slug

RoleModules = dict[Slug, tuple[NonEmpty, ...]]


class CompositionMap(Document):
    always: RoleModules = Field(default_factory=dict)
    auto: RoleModules = Field(default_factory=dict)
    stacks: dict[Slug, RoleModules] = Field(default_factory=dict)
    concerns: dict[Slug, RoleModules] = Field(default_factory=dict)
    on_demand: tuple[NonEmpty, ...] = ()

    def module_refs(self) -> list[tuple[str, str, str]]:
        """Every (layer, key, module id) the map names, for cross-reference checks."""
        refs: list[tuple[str, str, str]] = []
        for layer, roles in (("always", self.always), ("auto", self.auto)):
            refs += [(layer, role, m) for role, mods in roles.items() for m in mods]
        for layer, groups in (("stacks", self.stacks), ("concerns", self.concerns)):
            for key, roles in groups.items():
                refs += [(layer, f"{key}.{role}", m) for role, mods in roles.items() for m in mods]
        refs += [("on_demand", "", m) for m in self.on_demand]
        return refs

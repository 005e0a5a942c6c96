"""Layering packs into one Content value, then checking every cross-reference."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wazir_core.diagnostics import Diagnostic, has_errors
from wazir_core.filenames import PACK_MANIFEST
from wazir_core.loading.pack import COMPOSITION, PackLoad, load_pack
from wazir_core.loading.sourcefile import display_path
from wazir_core.loading.yamlsource import locate_in_file as _locate
from wazir_core.models import (
    CompositionMap,
    Content,
    Origin,
    Override,
    PackManifest,
    normalize_name,
)


@dataclass
class ContentLoad:
    content: Content | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    packs: list[PackLoad] = field(default_factory=list)
    #: A digest of every pack file's bytes, when the load went through the parse cache.
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return self.content is not None and not has_errors(self.diagnostics)


#: Each item kind: its name in messages, its field on ``PackLoad`` and ``Content``, its id key.
_KINDS = (("role", "roles", "id"), ("workflow", "workflows", "id"), ("skill", "skills", "name"),
          ("module", "modules", "id"), ("hook", "hooks", "id"))


def _at(origin: Origin | None) -> tuple[str, int]:
    return (origin.path, origin.line) if origin else ("", 0)


def _merge_kind(kind: str, items: Iterable[Any], key: str, merged: dict[str, Any],
                overrides: list[Override], diags: list[Diagnostic]) -> None:
    """Add one pack's items; a same-id item inside the pack is an error, across packs an
    override that is recorded (never silent)."""
    seen: dict[str, Any] = {}
    for item in items:
        ident = normalize_name(getattr(item, key))
        if ident in seen:
            path, line, col = _locate(item.origin, (key,))
            first, first_line, _ = _locate(seen[ident].origin, (key,))
            diags.append(Diagnostic(path, line, col,
                                    f"duplicate {kind} id '{getattr(item, key)}' "
                                    f"(first defined at {first}:{first_line})", code="duplicate"))
            continue
        seen[ident] = item
        if ident in merged:
            overrides.append(Override(kind=kind, id=ident, replaced=merged[ident].origin,
                                      by=item.origin))
        merged[ident] = item


def _merge_maps(maps: Sequence[CompositionMap]) -> CompositionMap:
    """Later packs add modules to earlier layers (they extend; they never drop)."""
    def join(a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]]
             ) -> dict[str, tuple[str, ...]]:
        out = dict(a)
        for role, mods in b.items():
            out[role] = tuple(dict.fromkeys((*out.get(role, ()), *mods)))
        return out

    result = CompositionMap()
    for m in maps:
        stacks = dict(result.stacks)
        for k, v in m.stacks.items():
            stacks[k] = join(stacks.get(k, {}), v)
        concerns = dict(result.concerns)
        for k, v in m.concerns.items():
            concerns[k] = join(concerns.get(k, {}), v)
        result = CompositionMap(
            always=join(result.always, m.always), auto=join(result.auto, m.auto),
            stacks=stacks, concerns=concerns,
            on_demand=tuple(dict.fromkeys((*result.on_demand, *m.on_demand))),
            origin=m.origin or result.origin)
    return result


def check_references(content: Content, map_origins: Sequence[CompositionMap]) -> list[Diagnostic]:
    """Everything one item names must exist; the map names only known modules and roles."""
    diags: list[Diagnostic] = []

    def err(origin: Origin | None, loc: tuple[str | int, ...], message: str) -> None:
        path, line, col = _locate(origin, loc)
        diags.append(Diagnostic(path, line, col, message, code="reference"))

    for wf in content.workflows.values():
        if wf.role not in content.roles:
            err(wf.origin, ("role",),
                f"workflow '{wf.id}' names role '{wf.role}', which does not exist "
                f"(known roles: {', '.join(sorted(content.roles)) or 'none'})")
        for i, skill in enumerate(wf.skills):
            if skill not in content.skills:
                err(wf.origin, ("skills", i),
                    f"workflow '{wf.id}' names skill '{skill}', which does not exist")
    for role in content.roles.values():
        for i, skill in enumerate(role.skills):
            if skill not in content.skills:
                err(role.origin, ("skills", i),
                    f"role '{role.id}' names skill '{skill}', which does not exist")
    phases = [s.phase for s in content.pipeline]
    manifest = next((p for p in reversed(content.packs) if p.pipeline), content.manifest)

    def step_err(i: int, key: str, message: str) -> None:
        path, line, col = _locate(manifest.origin, ("pipeline", i, key))
        diags.append(Diagnostic(path, line, col, message, code="reference"))

    for i, step in enumerate(content.pipeline):
        if step.phase not in content.workflows:
            step_err(i, "phase", f"pipeline phase '{step.phase}' has no workflow")
        if phases.count(step.phase) > 1 and phases.index(step.phase) != i:
            step_err(i, "phase", f"pipeline lists phase '{step.phase}' twice")
        if step.on_reject and step.on_reject not in phases[:i]:
            step_err(i, "on_reject", f"phase '{step.phase}' sends rejections to "
                                     f"'{step.on_reject}', which is not an earlier phase")
    for cmap in map_origins:
        for layer, key, module in cmap.module_refs():
            if module not in content.modules:
                loc: tuple[str | int, ...] = (layer, *key.split(".")) if key else (layer,)
                mods: Any = cmap.model_dump()
                for part in loc:
                    mods = mods[part]
                path, line, col = _locate(cmap.origin, (*loc, list(mods).index(module)))
                diags.append(Diagnostic(path, line, col,
                                        f"composition map {layer} '{key or layer}' names module "
                                        f"'{module}', which does not exist", code="reference"))
        role_keys: list[tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = [
            (("always",), cmap.always), (("auto",), cmap.auto)]
        role_keys += [(("stacks", k), v) for k, v in cmap.stacks.items()]
        role_keys += [(("concerns", k), v) for k, v in cmap.concerns.items()]
        for loc_prefix, roles in role_keys:
            for role_id in roles:
                if role_id not in content.roles:
                    path, line, col = _locate(cmap.origin, (*loc_prefix, role_id))
                    diags.append(Diagnostic(path, line, col,
                                            f"composition map names role '{role_id}', which "
                                            "does not exist", code="reference"))
    mapped = {m for _, _, m in content.composition.module_refs()}
    for mod in content.modules.values():
        if mod.id not in mapped:
            path, line = _at(mod.origin)
            diags.append(Diagnostic(path, line, 1,
                                    f"module '{mod.id}' is not in the composition map; add it "
                                    "to a layer or to on_demand", severity="warning",
                                    code="unmapped"))
    return diags


def load_content(packs: Sequence[Path | str]) -> ContentLoad:
    """Load packs in order (base first); later packs override earlier ones by id."""
    if not packs:
        return ContentLoad(None, [Diagnostic("", message="no content pack given", code="usage")])
    loads = [load_pack(p) for p in packs]
    diags = [d for load in loads for d in load.diagnostics]
    if any(d.code == "no-pack" for d in diags):
        return ContentLoad(None, diags, loads)
    # A pack.yaml or composition.yaml with errors yields no content, but the cross-reference
    # checks still run (with a stand-in manifest) so one run reports every error at once.
    manifests = [load.manifest or _stand_in(load.root) for load in loads]
    broken = any(load.manifest is None for load in loads) or any(
        not load.composition and ((load.root / COMPOSITION).exists()
                                  or (load.root / COMPOSITION).is_symlink()) for load in loads)
    overrides: list[Override] = []
    merged: dict[str, dict[str, Any]] = {attr: {} for _, attr, _ in _KINDS}
    for load in loads:
        for kind, attr, key in _KINDS:
            _merge_kind(kind, getattr(load, attr), key, merged[attr], overrides, diags)
    maps = [load.composition for load in loads if load.composition is not None]
    content = Content(
        packs=tuple(manifests),
        **{attr: dict(sorted(items.items())) for attr, items in merged.items()},
        composition=_merge_maps(maps),
        overrides=tuple(overrides),
    )
    diags += [d for d in check_references(content, maps)
              if not (broken and d.code == "unmapped")]
    if not any(merged.values()):
        diags.append(Diagnostic(manifests[-1].origin.path if manifests[-1].origin else "", 1, 1,
                                "the pack is empty: no roles, workflows, skills, expertise or "
                                "hooks were found", code="empty"))
    return ContentLoad(None if broken else content, sorted(set(diags)), loads)


def _stand_in(root: Path) -> PackManifest:
    """An empty manifest for a pack whose pack.yaml has errors (already reported)."""
    return PackManifest.model_construct(
        id="", name="", version="", description="",
        origin=Origin(path=display_path(root / PACK_MANIFEST)))

"""Loading one content pack folder into models, collecting every error on the way."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from wazir_core.diagnostics import Diagnostic
from wazir_core.filenames import PACK_MANIFEST
from wazir_core.loading.modelcheck import check_model
from wazir_core.loading.sections import missing_sections
from wazir_core.loading.sourcefile import (
    SourceText,
    check_inside,
    display_path,
    is_executable,
    read_source,
)
from wazir_core.loading.yamlsource import YamlDoc, parse_yaml, split_frontmatter
from wazir_core.models import (
    CompositionMap,
    ExpertiseModule,
    HookDefinition,
    Origin,
    PackManifest,
    Role,
    Skill,
    SkillFile,
    Workflow,
    estimate_tokens,
)
from wazir_core.models.expertise import MODULE_SECTIONS
from wazir_core.models.role import ROLE_SECTIONS
from wazir_core.models.workflow import WORKFLOW_SECTIONS

M = TypeVar("M", bound=BaseModel)

COMPOSITION = "expertise/composition.yaml"
#: Keys the loader fills in itself; an author who writes them gets an error, not a surprise.
_LOADER_KEYS = {"origin", "body", "files", "tokens", "domain"}


@dataclass
class PackLoad:
    root: Path
    manifest: PackManifest | None = None
    roles: list[Role] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    modules: list[ExpertiseModule] = field(default_factory=list)
    hooks: list[HookDefinition] = field(default_factory=list)
    composition: CompositionMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _reserved(doc: YamlDoc, data: Any, filled: Sequence[str] = ()) -> list[Diagnostic]:
    """Errors for keys the loader sets itself (``filled``: more such keys for this kind)."""
    if not isinstance(data, dict):
        return []
    out = []
    for key in sorted(set(data) & (_LOADER_KEYS | set(filled)), key=str):
        line, col = doc.locate((key,))
        out.append(Diagnostic(doc.display, line, col,
                              f"field '{key}' is set by wazir from the file, remove it",
                              code="schema"))
    return out


class _Reader:
    """Holds the pack root and the diagnostics list while one pack is read."""

    def __init__(self, root: Path, out: PackLoad) -> None:
        self.root = root
        self.out = out

    def error(self, diag: Diagnostic) -> None:
        self.out.diagnostics.append(diag)

    def source(self, path: Path) -> SourceText | None:
        got = read_source(path, self.root)
        if isinstance(got, Diagnostic):
            self.error(got)
            return None
        return got

    def yaml_file(self, path: Path, model: type[M]) -> M | None:
        src = self.source(path)
        if src is None:
            return None
        doc = parse_yaml(src.text, src.display)
        if isinstance(doc, Diagnostic):
            self.error(doc)
            return None
        return self._validate(model, doc, {}, src, 1)

    def markdown_file(self, path: Path, model: type[M], sections: Sequence[str],
                      extra: Callable[[str], dict[str, Any]], name_key: str | None,
                      expected_name: str | None) -> M | None:
        src = self.source(path)
        if src is None:
            return None
        split = split_frontmatter(src.text, src.display)
        if isinstance(split, Diagnostic):
            self.error(split)
            return None
        yaml_text, body = split
        doc = parse_yaml(yaml_text, src.display, line_offset=1)
        if isinstance(doc, Diagnostic):
            self.error(doc)
            return None
        filled = extra(body)
        errors = _reserved(doc, doc.data, tuple(filled))
        if name_key and expected_name and isinstance(doc.data, dict):
            given = doc.data.get(name_key)
            if isinstance(given, str) and given != expected_name:
                line, col = doc.locate((name_key,))
                errors.append(Diagnostic(
                    src.display, line, col,
                    f"{name_key} '{given}' must equal its file or folder name '{expected_name}'",
                    code="name"))
        if sections:
            problem = missing_sections(body, sections)
            if problem:
                errors.append(Diagnostic(src.display, yaml_text.count("\n") + 3, 1, problem,
                                         code="sections"))
        if errors:
            self.out.diagnostics += errors
            return None
        return self._validate(model, doc, {"body": body, **filled}, src, 2)

    def _validate(self, model: type[M], doc: YamlDoc, extra: dict[str, Any], src: SourceText,
                  line: int) -> M | None:
        item, errors = check_model(model, doc.data, doc, extra)
        self.out.diagnostics += errors
        if item is None:
            return None
        return item.model_copy(update={"origin": Origin(path=src.display, line=line)})


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.name != "README.md")


def _skill_files(reader: _Reader, folder: Path) -> list[SkillFile]:
    """Supporting files beside SKILL.md or one folder below it, kept byte for byte."""
    files = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.as_posix() == "SKILL.md" or (path.is_dir() and not path.is_symlink()):
            continue
        bad = check_inside(path, reader.root)
        if bad is not None:
            reader.error(bad)
            continue
        if len(rel.parts) > 2:
            reader.error(Diagnostic(display_path(path), 1, 1,
                                    "supporting files may sit at most one folder below SKILL.md",
                                    code="skill-depth"))
            continue
        if path.is_dir():
            reader.error(Diagnostic(display_path(path), 1, 1,
                                    "is a symlink to a folder; put real files (or symlinks to "
                                    "files) beside SKILL.md instead", code="symlink"))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            reader.error(Diagnostic(display_path(path), 0, 0,
                                    f"cannot be read: {exc.strerror or exc}", code="io"))
            continue
        files.append(SkillFile(path=rel.as_posix(), data=data, executable=is_executable(path)))
    return files


def _bad_links(root: Path) -> list[Diagnostic]:
    """Symlinks among the files the loader reads that loop or lead outside the pack. Checked
    up front because ``is_dir()``/``is_file()`` are False for a loop, so a looping folder or
    ``composition.yaml`` would otherwise be skipped without a word."""
    links: list[Path] = []
    for name in (PACK_MANIFEST, "roles", "workflows", "skills", "expertise", "hooks"):
        top = root / name
        if top.is_symlink():
            links.append(top)
        elif top.is_dir():
            for dirpath, dirnames, filenames in os.walk(top):
                links += [p for n in (*dirnames, *filenames)
                          if (p := Path(dirpath) / n).is_symlink()]
    return [bad for link in sorted(links) if (bad := check_inside(link, root)) is not None]


def load_pack(root: Path | str) -> PackLoad:
    """Read every file of one pack; the result holds the models that loaded and all errors."""
    root = Path(root)
    out = PackLoad(root)
    shown = display_path(root)
    if not root.exists():
        out.diagnostics.append(Diagnostic(shown, message="pack folder does not exist",
                                          code="no-pack"))
        return out
    if not root.is_dir():
        out.diagnostics.append(Diagnostic(shown, message="is not a folder", code="no-pack"))
        return out
    reader = _Reader(root, out)
    out.diagnostics += _bad_links(root)
    if not (root / PACK_MANIFEST).is_file() and not (root / PACK_MANIFEST).is_symlink():
        out.diagnostics.append(Diagnostic(
            shown, message=f"is not a content pack: no {PACK_MANIFEST} (an empty pack?)",
            code="no-pack"))
        return out
    out.manifest = reader.yaml_file(root / PACK_MANIFEST, PackManifest)

    def no_extra(_: str) -> dict[str, Any]:
        return {}

    if (root / "roles").is_dir():
        for path in _markdown_files(root / "roles"):
            role = reader.markdown_file(path, Role, ROLE_SECTIONS, no_extra, None, None)
            out.roles += [role] if role else []
    if (root / "workflows").is_dir():
        for path in _markdown_files(root / "workflows"):
            wf = reader.markdown_file(path, Workflow, WORKFLOW_SECTIONS, no_extra, None, None)
            out.workflows += [wf] if wf else []
    if (root / "skills").is_dir():
        for folder in sorted(p for p in (root / "skills").iterdir() if p.is_dir()):
            skill_md = folder / "SKILL.md"
            if not skill_md.is_file():
                out.diagnostics.append(Diagnostic(display_path(folder), message=(
                    "skill folder has no SKILL.md (the name is case-sensitive)"), code="skill"))
                continue
            skill = reader.markdown_file(skill_md, Skill, (), no_extra, "name", folder.name)
            if skill is not None:
                files = _skill_files(reader, folder)
                out.skills.append(skill.model_copy(update={"files": tuple(files)}))
    expertise = root / "expertise"
    if expertise.is_dir():
        for folder in sorted(p for p in expertise.iterdir() if p.is_dir()):
            for path in _markdown_files(folder):
                module_id = f"{folder.name}/{path.stem}"

                def module_extra(body: str, _id: str = module_id, _d: str = folder.name
                                 ) -> dict[str, Any]:
                    return {"id": _id, "domain": _d, "tokens": estimate_tokens(body)}

                module = reader.markdown_file(path, ExpertiseModule, MODULE_SECTIONS,
                                              module_extra, None, None)
                out.modules += [module] if module else []
        if (root / COMPOSITION).is_file():
            out.composition = reader.yaml_file(root / COMPOSITION, CompositionMap)
    if (root / "hooks").is_dir():
        for path in sorted((root / "hooks").glob("*.yaml")):
            hook = reader.yaml_file(path, HookDefinition)
            out.hooks += [hook] if hook else []
    out.diagnostics = list(dict.fromkeys(out.diagnostics))
    return out

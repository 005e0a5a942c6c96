"""The Target API: one target per host output format (as Sphinx has one builder per format).

A target declares what it is and where it may write, and renders a Bundle into a FileSet.
Rendering is pure: no file writes, no reading the working or home directory.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from wazir_core._version import PLUGIN_API_VERSION
from wazir_core.plugins.fileset import BinaryFile, FileSet, TextFile

if TYPE_CHECKING:
    import jinja2

    from wazir_core.bundle import Bundle
    from wazir_core.models import Skill

Kind = Literal["role", "workflow", "skill", "expertise", "hook", "instructions"]
KINDS: tuple[Kind, ...] = ("role", "workflow", "skill", "expertise", "hook", "instructions")


class TargetOptions(BaseModel):
    """Base for a target's options (``wazir.yaml`` → ``options.<target>``); closed by default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Target:
    """Subclass and set the class attributes; implement ``render``.

    ``output_roots`` are the project-relative folders or files the target may write; the
    writer refuses any path outside them. ``kinds`` are the content kinds it turns into
    files; content of other kinds is reported as skipped, not silently dropped.
    """

    name: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    plugin_api: ClassVar[str] = PLUGIN_API_VERSION
    output_roots: ClassVar[tuple[str, ...]] = ()
    kinds: ClassVar[frozenset[Kind]] = frozenset()
    options_model: ClassVar[type[BaseModel]] = TargetOptions
    #: The package holding this target's ``templates/`` folder (default: the class's package).
    template_package: ClassVar[str | None] = None

    def render(self, bundle: Bundle) -> FileSet:
        raise NotImplementedError(f"{type(self).__name__}.render")

    # Helpers shared by every target -------------------------------------------------------

    def templates_package(self) -> str:
        """``template_package``, else the package the target class is defined in (the module
        itself when the class sits in a package's ``__init__``)."""
        module = type(self).__module__
        if self.template_package:
            return self.template_package
        if hasattr(sys.modules.get(module), "__path__"):
            return module
        return module.rpartition(".")[0] or module

    def environment(self, bundle: Bundle) -> jinja2.Environment:
        """The target's Jinja environment (project overrides → plugin → core macros)."""
        from wazir_core.rendering.templating import make_environment

        return make_environment(self.templates_package(), bundle.templates)

    @staticmethod
    def add_skill(files: FileSet, folder: str, skill: Skill, skill_md: str) -> None:
        """Write ``SKILL.md`` and every supporting file, keeping executable bits."""
        files.add(f"{folder}/SKILL.md", TextFile(skill_md))
        for extra in skill.files:
            try:
                entry: TextFile | BinaryFile = TextFile(extra.data.decode("utf-8"),
                                                        extra.executable)
            except UnicodeDecodeError:
                entry = BinaryFile(extra.data, extra.executable)
            files.add(f"{folder}/{extra.path}", entry)


@dataclass(frozen=True)
class Emit:
    """One line of a JinjaTarget's file plan: render ``template`` for every item of ``kind``
    (or once, for ``"once"``) to ``path`` — a Jinja expression such as
    ``".claude/agents/{{ item.id }}.md"``. ``when`` filters items."""

    kind: Kind | Literal["once"]
    path: str
    template: str
    when: Callable[[Any, Bundle], bool] | None = None
    executable: bool = False


class JinjaTarget(Target):
    """A target that is a declarative file plan plus templates; override ``extend`` to add
    structured files (JSON/TOML) built as data."""

    plan: ClassVar[Sequence[Emit]] = ()

    def items(self, kind: str, bundle: Bundle) -> Iterable[Any]:
        content = bundle.content
        return {
            "role": content.roles.values(),
            "workflow": content.workflows.values(),
            "skill": content.skills.values(),
            "expertise": bundle.referenced_modules(),
            "hook": content.hooks.values(),
            "instructions": [content.manifest],
            "once": [None],
        }[kind]

    def render(self, bundle: Bundle) -> FileSet:
        from wazir_core.rendering.templating import render_template

        files = FileSet()
        env = self.environment(bundle)
        base = {**bundle.context(), "target": self}
        for emit in self.plan:
            path_template = env.from_string(emit.path)
            alias = "module" if emit.kind == "expertise" else emit.kind
            for item in self.items(emit.kind, bundle):
                if emit.when is not None and not emit.when(item, bundle):
                    continue
                local = {**base, "item": item, alias: item}
                path = path_template.render(local)
                text = render_template(env, emit.template, local)
                files.add(path, TextFile(text, emit.executable))
        self.extend(bundle, files)
        return files

    def extend(self, bundle: Bundle, files: FileSet) -> None:
        """Add files that are not one-template-per-item (hook configs, skill folders...)."""

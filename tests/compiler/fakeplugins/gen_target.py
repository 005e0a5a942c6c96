"""A target whose output is driven by its options, so a test can change what a build writes.

``variant`` changes every file's content and which extra files exist; ``files`` sets how many
files it writes (spread over several folders). It also writes a managed block into a
user-owned Markdown file and owned entries into a user-owned JSON settings file.
"""

from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet, JsonEntries, ManagedBlock, TextFile
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target, TargetOptions


class GenOptions(TargetOptions):
    variant: str = "old"
    files: int = 40
    extra: tuple[str, ...] = ()


def body(variant: str, index: int) -> str:
    """Large enough that a truncated file is obvious; ends with a sentinel line."""
    return (f"variant={variant} file={index}\n" + f"{variant}-{index} " * 300
            + f"\nEND {variant} {index}\n")


class GenTarget(Target):
    name = "gen"
    display_name = "Generator"
    description = "Test target with option-driven output."
    output_roots = (".gen", "GEN.md", ".gen-settings.json")
    kinds = frozenset({"role", "workflow", "skill", "expertise", "hook", "instructions"})
    options_model = GenOptions

    def render(self, bundle: Bundle) -> FileSet:
        opts = bundle.options
        assert isinstance(opts, GenOptions)
        files = FileSet()
        for i in range(opts.files):
            files.add(f".gen/d{i % 5}/f{i:03}.md", body(opts.variant, i))
        files.add(f".gen/only-{opts.variant}/nested/x.md", body(opts.variant, -1))
        files.add(".gen/tool.sh", TextFile(f"#!/bin/sh\necho {opts.variant}\n", executable=True))
        for name in opts.extra:
            files.add(f".gen/extra/{name}.md", f"extra {name}\n")
        files.add("GEN.md", ManagedBlock(f"Generated instructions, variant {opts.variant}."))
        files.add(".gen-settings.json", JsonEntries({"hooks": {"PreToolUse": [
            {"matcher": "*", "command": f"wazir hook guard --variant {opts.variant}"}]}}))
        return files


@hookimpl
def wazir_targets() -> list[Target]:
    return [GenTarget()]

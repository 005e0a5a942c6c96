"""A target that returns the path named by its ``path`` option (to test path validation)."""

from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target, TargetOptions


class BadPathOptions(TargetOptions):
    path: str = ".badpath/ok.md"


class BadPath(Target):
    name = "badpath"
    display_name = "Bad path"
    description = "Writes wherever its options say."
    output_roots = (".badpath",)
    options_model = BadPathOptions

    def render(self, bundle: Bundle) -> FileSet:
        assert isinstance(bundle.options, BadPathOptions)
        files = FileSet()
        files.add(".badpath/fine.md", "fine\n")
        files.add(bundle.options.path, "payload\n")
        return files


@hookimpl
def wazir_targets() -> list[Target]:
    return [BadPath()]

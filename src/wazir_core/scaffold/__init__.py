"""``wazir new-target NAME``: a complete host plugin project that passes its own tests as is.

The project's files come from the ``template/`` folder beside this module (``*.tmpl`` files,
``string.Template`` placeholders such as ``$name``, so the plugin's own Jinja templates need
no escaping). Its golden files are produced here, by rendering the test kit's sample pack
with the new target in process, so ``pytest`` passes straight out of the scaffold. Every file
is written through the writer's ``write_atomic``.
"""

from __future__ import annotations

import importlib
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import ModuleType

from wazir_core._version import PLUGIN_API_VERSION, __version__
from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.models.base import SLUG_MAX, SLUG_RE

#: Names ``wazir build --target`` gives a meaning of its own.
RESERVED = frozenset({"all"})
DIST_PREFIX = "wazir-host-"
_PACKAGE_DIR = "_package_"
_SUFFIX = ".tmpl"


@dataclass(frozen=True)
class Names:
    """Every spelling of the target's name the generated project uses."""

    name: str

    @property
    def dist(self) -> str:
        return DIST_PREFIX + self.name

    @property
    def package(self) -> str:
        return self.dist.replace("-", "_")

    @property
    def camel(self) -> str:
        camel = "".join(part.capitalize() for part in self.name.split("-"))
        return camel if camel[0].isalpha() else "Host" + camel

    @property
    def display_name(self) -> str:
        return " ".join(part.capitalize() for part in self.name.split("-"))

    @property
    def root(self) -> str:
        return "." + self.name

    @property
    def golden(self) -> str:
        """The golden folder TargetContract reads by default."""
        return f"tests/golden/{self.name}-sample"

    def mapping(self) -> dict[str, str]:
        return {
            "name": self.name, "dist": self.dist, "package": self.package,
            "class_name": self.camel + "Target", "options_class": self.camel + "Options",
            "test_class": f"Test{self.camel}Contract", "display_name": self.display_name,
            "root": self.root, "wazir_range": wazir_range(), "plugin_api": PLUGIN_API_VERSION,
        }


@dataclass
class Scaffolded:
    """What ``new_target`` made: the project folder and the files written into it."""

    folder: Path
    package: str
    files: list[str] = field(default_factory=list)
    golden: bool = False
    notes: list[str] = field(default_factory=list)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a target name, or None: the content ids' slug rule, so a target
    name works as a folder and a command name everywhere."""
    if not SLUG_RE.match(name):
        return (f"invalid target name {name!r}: use lowercase letters and digits in words "
                "joined by single hyphens, e.g. 'my-host'")
    if len(name) > SLUG_MAX:
        return f"invalid target name {name!r}: at most {SLUG_MAX} characters, not {len(name)}"
    if name in RESERVED:
        return f"invalid target name {name!r}: reserved ('wazir build --target all' builds all)"
    return None


def wazir_range(version: str = __version__) -> str:
    """The core versions a new plugin may depend on: this minor series while wazir is 0.x
    (``>=0.1,<0.2``), else this major series (``>=1.2,<2``)."""
    major, minor = (int(x) for x in re.findall(r"\d+", version)[:2])
    upper = f"0.{minor + 1}" if major == 0 else str(major + 1)
    return f">={major}.{minor},<{upper}"


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, rel + "/")
        elif entry.name.endswith(_SUFFIX):
            yield rel.removesuffix(_SUFFIX), entry.read_text(encoding="utf-8")


def project_files(names: Names) -> dict[str, str]:
    """The scaffold's files (relative POSIX path → text), golden files aside."""
    values = names.mapping()
    out: dict[str, str] = {}
    for rel, source in _walk(resources.files(__name__) / "template"):
        path = "/".join(names.package if part == _PACKAGE_DIR else part
                        for part in rel.split("/"))
        if path == "gitignore":
            path = ".gitignore"
        out[path] = string.Template(source).substitute(values)
    return out


def sample_snapshot(names: Names, src: Path) -> dict[str, str]:
    """Render the test kit's sample pack with the new target, imported from ``src`` in
    process, exactly as ``TargetContract``'s golden check renders the installed one."""
    from wazir_core.build import render_one
    from wazir_core.rendering import templating
    from wazir_core.testing.project import sample_prepared
    from wazir_core.testing.snapshot import fileset_snapshot

    package = names.package
    saved = _pop_modules(package)
    sys.path.insert(0, str(src))
    importlib.invalidate_caches()
    templating._environment.cache_clear()
    try:
        module = importlib.import_module(package)
        target = next(t for t in module.wazir_targets() if t.name == names.name)
        # A project folder that is never created: the render reads no wazir.yaml or overrides.
        prepared = sample_prepared(src.parent / ".wazir-sample-project")
        files, diags = render_one(target, prepared, [names.name])
    finally:
        sys.path.remove(str(src))
        _pop_modules(package)
        sys.modules.update(saved)
        templating._environment.cache_clear()
    errors = [d for d in diags if d.severity == "error"]
    if files is None or errors:
        raise WazirError([Diagnostic("", message=f"the new target failed to render the sample "
                                                 f"pack: {d.message}") for d in errors])
    return fileset_snapshot(files)


def _pop_modules(package: str) -> dict[str, ModuleType]:
    names = [m for m in sys.modules if m == package or m.startswith(package + ".")]
    return {m: sys.modules.pop(m) for m in names}


def _testing_available() -> bool:
    try:
        import pytest  # noqa: F401
    except ImportError:
        return False
    return True


def new_target(name: str, parent: Path = Path("."), force: bool = False) -> Scaffolded:
    """Create ``<parent>/wazir-host-<name>/``. Raises WazirError: exit code 2 for a bad name,
    1 when the folder exists (without ``force``) or a file cannot be written."""
    from wazir_core.writing.apply import write_atomic

    problem = name_problem(name)
    if problem:
        raise WazirError([Diagnostic("", message=problem, code="usage")], exit_code=2)
    names = Names(name)
    folder = parent / names.dist
    if folder.exists() and not folder.is_dir():
        raise WazirError([Diagnostic(folder.as_posix(), message="exists and is not a folder")])
    if folder.exists() and not force:
        raise WazirError([Diagnostic(folder.as_posix(), message=(
            "already exists; wazir new-target leaves it alone (use --force to rewrite the "
            "scaffold's files in it)"))])
    result = Scaffolded(folder, names.package)
    files = project_files(names)
    try:
        for rel, text in files.items():
            write_atomic(folder / rel, text.encode("utf-8"))
            result.files.append(rel)
        if _testing_available():
            from wazir_core.testing.golden import GOLDEN_SUFFIX

            for rel, text in sample_snapshot(names, folder / "src").items():
                path = f"{names.golden}/{rel}{GOLDEN_SUFFIX}"
                write_atomic(folder / path, text.encode("utf-8"))
                result.files.append(path)
            result.golden = True
        else:
            result.notes.append("golden files not generated (wazir[testing] is not installed); "
                                "create them with one `WAZIR_UPDATE_GOLDEN=1 pytest` run")
    except OSError as exc:
        raise WazirError([Diagnostic(folder.as_posix(), message=(
            f"cannot write the new project: {exc.strerror or exc}"))]) from None
    return result


__all__ = ["Names", "Scaffolded", "name_problem", "new_target", "project_files",
           "sample_snapshot", "wazir_range"]

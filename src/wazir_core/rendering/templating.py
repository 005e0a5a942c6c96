"""One Jinja environment per target: StrictUndefined, no autoescape, and an override chain.

Templates are looked up in this order: the project's override folder (read by the core and
handed in as a mapping), the plugin package's ``templates/``, then the core's shared macros
(``_wazir/...``). An override can extend the plugin's own template as ``original:<name>``.
Content text is passed to templates as data, never compiled as template source.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from wazir_core.rendering.formats import frontmatter, json_dumps, one_line, yaml_scalar

ORIGINAL_PREFIX = "original"
#: The file name prefix of project override templates in error messages.
OVERRIDE_FILENAME = "<project override>"


def _package_loader(package: str) -> jinja2.BaseLoader:
    return jinja2.PackageLoader(package, "templates")


def _override_loader(overrides: dict[str, str]) -> jinja2.BaseLoader:
    """Project overrides, with a file name so an error in one can name the template."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if name not in overrides:
            return None
        return overrides[name], f"{OVERRIDE_FILENAME}/{name}", lambda: True

    return jinja2.FunctionLoader(load)


def make_environment(package: str | None, overrides: Mapping[str, str] | None = None
                     ) -> jinja2.Environment:
    """A cached environment per (package, overrides), so templates compile once per process."""
    return _environment(package, tuple(sorted((overrides or {}).items())))


@functools.lru_cache(maxsize=32)
def _environment(package: str | None, overrides: tuple[tuple[str, str], ...]
                 ) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if overrides:
        loaders.append(_override_loader(dict(overrides)))
    if package:
        plugin = _package_loader(package)
        loaders += [jinja2.PrefixLoader({ORIGINAL_PREFIX: plugin}, delimiter=":"), plugin]
    loaders.append(_package_loader("wazir_core.rendering"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
        # Templates do not change while a build runs; reloading checks a file's time on
        # every lookup, once per expertise module.
        auto_reload=False,
    )
    env.filters["frontmatter"] = frontmatter
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["json_block"] = json_dumps
    env.filters["yaml_scalar"] = yaml_scalar
    env.filters["one_line"] = one_line
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the per-user cache (keyed by each template's source), so a
    build does not compile every template again; without a usable cache folder, none."""
    from wazir_core.cache import cache_dir

    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    return env.get_template(name).render(**context)

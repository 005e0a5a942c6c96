"""Detecting a project's stacks from its manifest files (read-only; overridable in config)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

# Dependency names that reveal a stack, per ecosystem.
_PY = {"fastapi": "fastapi", "django": "django"}
_JS = {"react": "react", "next": "nextjs", "vue": "vue", "@angular/core": "angular",
       "react-native": "react-native", "typescript": "typescript", "mongodb": "mongodb",
       "mongoose": "mongodb", "pg": "postgres", "postgres": "postgres"}
_PY_DB = {"psycopg": "postgres", "psycopg2": "postgres", "psycopg2-binary": "postgres",
          "asyncpg": "postgres", "pymongo": "mongodb", "motor": "mongodb"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _dep_name(spec: str) -> str:
    return re.split(r"[\s<>=!~;\[(@]", spec.strip(), maxsplit=1)[0].lower()


def _python_deps(project: Path) -> set[str]:
    deps: set[str] = set()
    text = _read(project / "pyproject.toml")
    if text:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = {}
        proj = data.get("project", {})
        specs: list[str] = list(proj.get("dependencies", []))
        for extra in proj.get("optional-dependencies", {}).values():
            specs += extra
        deps |= {_dep_name(s) for s in specs if isinstance(s, str)}
        deps |= {k.lower() for k in data.get("tool", {}).get("poetry", {})
                 .get("dependencies", {})}
    for req in sorted(project.glob("requirements*.txt")):
        deps |= {_dep_name(line) for line in _read(req).splitlines()
                 if line.strip() and not line.lstrip().startswith(("#", "-"))}
    return deps


def _js_deps(project: Path) -> set[str]:
    try:
        data = json.loads(_read(project / "package.json") or "{}")
    except json.JSONDecodeError:
        return set()
    deps: set[str] = set()
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        section = data.get(key, {})
        if isinstance(section, dict):
            deps |= set(section)
    return deps


def detect_stacks(project: Path) -> tuple[str, ...]:
    """Stack ids in a fixed order; each is evidenced by a manifest file of the project."""
    found: list[str] = []
    has = (project / "pyproject.toml").is_file() or any(project.glob("requirements*.txt")) \
        or (project / "setup.py").is_file()
    if has:
        found.append("python")
        deps = _python_deps(project)
        found += [stack for dep, stack in _PY.items() if dep in deps]
        found += [stack for dep, stack in _PY_DB.items() if dep in deps]
    if (project / "package.json").is_file():
        found.append("node")
        deps = _js_deps(project)
        found += [stack for dep, stack in _JS.items() if dep in deps]
        if (project / "tsconfig.json").is_file():
            found.append("typescript")
    found += _marked(project, {"go.mod": "go", "Cargo.toml": "rust"})
    jvm = [project / n for n in ("pom.xml", "build.gradle", "build.gradle.kts")]
    if any(p.is_file() for p in jvm):
        found.append("java")
        if any("spring" in _read(p) for p in jvm):
            found.append("spring")
    found += _marked(project, {"pubspec.yaml": "flutter", "Gemfile": "ruby",
                               "composer.json": "php"})
    return tuple(dict.fromkeys(found))  # typescript may come from a dependency and tsconfig


def _marked(project: Path, markers: dict[str, str]) -> list[str]:
    """The stacks whose manifest file (name -> stack) is in the project, in the given order."""
    return [stack for name, stack in markers.items() if (project / name).is_file()]

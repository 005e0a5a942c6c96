"""Which targets are installed, read straight from the distributions' metadata folders.

Importing importlib.metadata costs more than ``wazir --version`` or a reused build take in
all, and an entry-point table is a small INI file in each ``*.dist-info`` (or ``*.egg-info``)
folder. As importlib.metadata does, the first distribution of a name on ``sys.path`` wins.
Loading a plugin still goes through importlib.metadata; a test checks both see the same.
"""

from __future__ import annotations

import os
import sys

ENTRY_POINT_GROUP = "wazir.targets"


class Declared:
    """One entry point of the group, as its distribution's metadata declares it (a plain
    class: ``wazir --version`` uses this module, and dataclasses cost it a third)."""

    __slots__ = ("distribution", "value", "version")

    def __init__(self, distribution: str, version: str, value: str) -> None:
        self.distribution, self.version, self.value = distribution, version, value

    @property
    def module(self) -> str:
        return self.value.partition(":")[0].strip()


def _normalized(name: str) -> str:
    """The distribution name as packaging normalizes it (runs of ``-_.`` become ``_``)."""
    for sep in "-.":
        name = name.replace(sep, "_")
    while "__" in name:
        name = name.replace("__", "_")
    return name.lower()


def _section(text: str, group: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            lines.append((name.strip(), value.strip()))
    return lines


def declared_targets(group: str = ENTRY_POINT_GROUP) -> dict[str, list[Declared]]:
    """Entry-point name -> every distribution that declares it (several is a conflict)."""
    found: dict[str, list[Declared]] = {}
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            dist, _, version = stem.partition("-")
            if _normalized(dist) in seen:
                continue
            seen.add(_normalized(dist))
            try:
                with open(os.path.join(folder, name, "entry_points.txt"),
                          encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            for target, value in _section(text, group):
                found.setdefault(target, []).append(
                    Declared(dist.replace("_", "-"), version.partition("-")[0], value))
    return dict(sorted(found.items()))

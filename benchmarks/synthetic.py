"""Synthetic content packs for the scaling benchmarks: N expertise modules, M skills."""

from __future__ import annotations

from pathlib import Path

_DOMAINS = ("antipatterns", "architecture", "backend", "content", "design", "frontend",
            "humanize", "i18n", "infrastructure", "performance", "quality", "security")
_BODY = """## When this applies

- When module {i} of the synthetic pack is relevant to the task.

## Checklist

{checks}

## Signals

- Signal {i}: a grep-able marker such as `synthetic_{i}` shows up in the diff.

## Fixes

- Fix {i}: replace the pattern with the documented one and add a test.
"""


def make_pack(root: Path, modules: int, skills: int) -> Path:
    """Write a pack with ``modules`` expertise modules and ``skills`` skills (idempotent)."""
    marker = root / ".complete"
    if marker.exists():
        return root
    (root / "expertise").mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(
        f"id: synthetic\nname: Synthetic\nversion: 1.0.0\n"
        f"description: {modules} modules and {skills} skills for benchmarks.\n",
        encoding="utf-8")
    checks = "\n".join(f"- [ ] Check number {n} of this module." for n in range(1, 25))
    ids = []
    for i in range(modules):
        domain = _DOMAINS[i % len(_DOMAINS)]
        folder = root / "expertise" / domain
        folder.mkdir(exist_ok=True)
        slug = f"topic-{i:05d}"
        ids.append(f"{domain}/{slug}")
        (folder / f"{slug}.md").write_text(
            f"---\ntitle: Topic {i}\nsummary: Synthetic module number {i}.\n"
            f"tags: [synthetic, {domain}]\n---\n" + _BODY.format(i=i, checks=checks),
            encoding="utf-8")
    # Every module goes to the executor, so a build really renders and writes all of them
    # (the benchmark project lifts the budget to match).
    (root / "expertise" / "composition.yaml").write_text(
        "auto:\n  executor:\n" + "".join(f"    - {m}\n" for m in ids), encoding="utf-8")
    for i in range(skills):
        folder = root / "skills" / f"synthetic-skill-{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "SKILL.md").write_text(
            f"---\nname: synthetic-skill-{i:05d}\ndescription: Use when benchmark skill {i} "
            f"applies.\n---\n# Skill {i}\n\n1. Do step one.\n2. Do step two.\n",
            encoding="utf-8")
    marker.write_text("", encoding="utf-8")
    return root
